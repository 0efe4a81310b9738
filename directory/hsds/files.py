"""Reading HSDS files: full services one at a time, from JSON or a tabular data package.

JSON: an array of full services (what `export_hsds` writes), a Page envelope (its
`contents`), or one service. An array is read incrementally, so a file of 100 000
services is never in memory at once. CSV: a folder (or a zip, or the path of its
`datapackage.json`) with one CSV per HSDS table; each service is put back together
with its organisation, phones, locations, addresses and schedules.

Every reader yields `(number, record)`, numbering records from 1, and raises FileError
with a message for people on anything it cannot read. Nothing here touches the database.
"""

import codecs
import csv
import io
import json
import zipfile
from collections import defaultdict
from pathlib import Path, PurePosixPath

MB = 1024 * 1024
# About 28 000 services as export_hsds writes them (100 000 take 356 MB): a bigger
# file is refused, unread, unless the operator raises the limit (--max-size).
DEFAULT_MAX_SIZE = 100 * MB
CHUNK = MB
csv.field_size_limit(16 * MB)


class FileError(Exception):
    """The file cannot be read as HSDS: nothing was imported."""


def check_size(path, max_size):
    """Refuses a file (or a folder's CSV files) over `max_size` bytes, before reading it."""
    path = Path(path)
    if path.is_dir():
        size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    else:
        size = path.stat().st_size
    if size > max_size:
        raise FileError(
            f"{path.name} is {size / MB:.1f} MB, over the limit of {max_size / MB:.0f} MB "
            "(raise it with --max-size)."
        )


def read_records(source, max_size=DEFAULT_MAX_SIZE):
    """(number, record) for each service of a JSON file, folder, zip or open file."""
    if hasattr(source, "read"):
        yield from read_json(source)
        return
    path = Path(source)
    if not path.exists():
        raise FileError(f"{path} does not exist.")
    check_size(path, max_size)
    if path.is_dir() or path.name == "datapackage.json":
        folder = path if path.is_dir() else path.parent
        yield from read_package(FolderFiles(folder))
    elif zipfile.is_zipfile(path):
        try:
            with zipfile.ZipFile(path) as archive:
                yield from read_package(ZipFiles(archive, max_size))
        except zipfile.BadZipFile as exc:
            raise FileError(f"{path.name} is not a readable zip file ({exc}).") from None
    else:
        with path.open("rb") as file:
            yield from read_json(file)


# JSON ------------------------------------------------------------------------------


def _text_chunks(file):
    """The file's text, a chunk at a time, decoded as UTF-8 (with or without a BOM)."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")()
    while True:
        data = file.read(CHUNK)
        if isinstance(data, str):
            text, final = data, not data
        else:
            try:
                text = decoder.decode(data, final=not data)
            except UnicodeDecodeError as exc:
                raise FileError(f"The file is not UTF-8 text ({exc.reason}).") from None
            final = not data
        yield text
        if final:
            return


class _Stream:
    """A growing text buffer over the chunks, with the position of what was consumed."""

    def __init__(self, file):
        self.chunks = _text_chunks(file)
        self.text, self.pos, self.line, self.done = "", 0, 1, False

    def more(self):
        if self.done:
            return False
        chunk = next(self.chunks, "")
        self.done = not chunk
        self.line += self.text.count("\n", 0, self.pos)
        self.text, self.pos = self.text[self.pos :] + chunk, 0
        return not self.done

    def peek(self):
        """The next non-blank character ("" at the end), without consuming it."""
        while True:
            while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
                self.pos += 1
            if self.pos < len(self.text) or not self.more():
                return self.text[self.pos : self.pos + 1]

    def error(self, what, number=None):
        line = self.line + self.text.count("\n", 0, self.pos)
        after = f" after record {number}" if number else ""
        return FileError(f"Malformed JSON at line {line}{after}: {what}.")


def read_json(file):
    stream, decoder = _Stream(file), json.JSONDecoder()
    first = stream.peek()
    if first == "{":
        while stream.more():
            pass
        try:
            document = json.loads(stream.text[stream.pos :])
        except json.JSONDecodeError as exc:
            raise FileError(f"Malformed JSON at line {exc.lineno}: {exc.msg}.") from None
        contents = document.get("contents", [document])  # a Page, or one service
        if not isinstance(contents, list):
            raise FileError("`contents` is not a list of services: not an HSDS page.")
        yield from enumerate(contents, start=1)
        return
    if first != "[":
        raise stream.error("expected a list of services or one service")
    stream.pos += 1
    number = 0
    if stream.peek() == "]":
        stream.pos += 1
        if stream.peek():
            raise stream.error("text after the end of the list")
        return
    while True:
        stream.peek()  # raw_decode does not skip blanks
        try:
            record, end = decoder.raw_decode(stream.text, stream.pos)
        except json.JSONDecodeError as exc:
            if stream.more():
                continue
            raise stream.error(exc.msg, number) from None
        # A number cut by the end of the chunk parses short: read on before trusting it.
        if end == len(stream.text) and not isinstance(record, dict | list) and stream.more():
            continue
        number += 1
        stream.pos = end
        yield number, record
        separator = stream.peek()
        stream.pos += 1
        if separator == "]":
            if stream.peek():
                raise stream.error("text after the end of the list", number)
            return
        if separator != ",":
            raise stream.error("expected a comma or the end of the list", number)


# CSV data package ------------------------------------------------------------------

# Tables read, and how each row hangs on its service.
CHILD_TABLES = {
    "phone": "service_id",
    "language": "service_id",
    "service_area": "service_id",
    "cost_option": "service_id",
    "attribute": "link_id",
    "service_at_location": "service_id",
}
NUMBER_TYPES = {"number", "integer"}


class FolderFiles:
    """The files of a data package folder; a resource path cannot leave the folder."""

    def __init__(self, folder):
        self.folder = Path(folder).resolve()

    def open(self, name):
        path = (self.folder / name).resolve()
        if path.parent != self.folder or not path.is_file():
            raise FileError(f"{name}: no such file in {self.folder.name}/.")
        return path.open("rb")


class ZipFiles:
    """The members of a zipped data package, read in place (never extracted)."""

    def __init__(self, archive, max_size):
        self.archive = archive
        if sum(info.file_size for info in archive.infolist()) > max_size:
            raise FileError(f"The zip holds more than {max_size / MB:.0f} MB once unpacked.")
        self.names = {PurePosixPath(n).name: n for n in archive.namelist() if not n.endswith("/")}

    def open(self, name):
        if name not in self.names:
            raise FileError(f"{name}: no such file in the zip.")
        return self.archive.open(self.names[name])


def _convert(value, field, where):
    """A CSV cell as the JSON value the schema expects (numbers and booleans typed)."""
    kind = field.get("type", "string")
    if kind in NUMBER_TYPES:
        try:
            number = float(value)
        except ValueError:
            raise FileError(f"{where}: {value!r} is not a number.") from None
        return int(number) if number.is_integer() and "." not in value else number
    if kind == "boolean":
        return value.strip().lower() in ("true", "1", "yes")
    return value


def read_table(files, resource):
    """The rows of one CSV resource as dicts: typed values, empty optional cells left out."""
    fields = {f["name"]: f for f in resource.get("schema", {}).get("fields", [])}
    required = {n for n, f in fields.items() if f.get("constraints", {}).get("required")}
    path = str(resource.get("path", ""))
    with files.open(path) as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
        try:
            for line, row in enumerate(reader, start=2):
                yield {
                    name: _convert(value, fields.get(name, {}), f"{path} line {line}, {name}")
                    for name, value in row.items()
                    if name and (value not in ("", None) or name in required)
                }
        except (csv.Error, UnicodeDecodeError) as exc:
            raise FileError(f"{path}: not a readable UTF-8 CSV file ({exc}).") from None


def read_package(files):
    """Full services put back together from the tables of a data package."""
    try:
        with files.open("datapackage.json") as raw:
            package = json.load(raw)
        resources = {r["name"]: r for r in package["resources"]}
    except (json.JSONDecodeError, UnicodeDecodeError, KeyError, TypeError) as exc:
        raise FileError(f"datapackage.json is not a data package descriptor ({exc}).") from None
    if "service" not in resources:
        raise FileError("datapackage.json lists no `service` resource.")

    def table(name):
        return list(read_table(files, resources[name])) if name in resources else []

    def by(rows, key):
        grouped = defaultdict(list)
        for row in rows:
            grouped[row.get(key)].append(row)
        return grouped

    organisations = {row.get("id"): row for row in table("organization")}
    locations = {row.get("id"): row for row in table("location")}
    terms = {row.get("id"): row for row in table("taxonomy_term")}
    addresses, access = (
        by(table("address"), "location_id"),
        by(table("accessibility"), "location_id"),
    )
    children = {name: by(table(name), key) for name, key in CHILD_TABLES.items()}
    # A schedule belongs to the most precise thing it names.
    hours = table("schedule")
    hours_at = by([h for h in hours if "service_at_location_id" in h], "service_at_location_id")
    hours_of_location = by(
        [h for h in hours if "service_at_location_id" not in h and "location_id" in h],
        "location_id",
    )
    hours_of_service = by(
        [h for h in hours if not {"service_at_location_id", "location_id"} & set(h)], "service_id"
    )
    for number, service in enumerate(read_table(files, resources["service"]), start=1):
        sid = service.get("id")
        record = dict(service)
        if service.get("organization_id") in organisations:
            record["organization"] = organisations[service["organization_id"]]
        for name in ("phone", "language", "service_area", "cost_option"):
            record[f"{name}s"] = children[name].get(sid, [])
        record["attributes"] = [
            attr
            | ({"taxonomy_term": terms[t]} if (t := attr.get("taxonomy_term_id")) in terms else {})
            for attr in children["attribute"].get(sid, [])
        ]
        record["schedules"] = hours_of_service.get(sid, [])
        record["service_at_locations"] = []
        for link in children["service_at_location"].get(sid, []):
            item = dict(link)
            if (location := locations.get(link.get("location_id"))) is not None:
                lid = location.get("id")
                item["location"] = location | {
                    "addresses": addresses.get(lid, []),
                    "accessibility": access.get(lid, []),
                    "schedules": hours_of_location.get(lid, []),
                }
            item["schedules"] = hours_at.get(link.get("id"), [])
            record["service_at_locations"].append(item)
        yield number, record
