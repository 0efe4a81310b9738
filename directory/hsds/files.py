"""Reading HSDS files: full services one at a time, from JSON or a tabular data package.

JSON: an array of full services (what `export_hsds` writes), a Page envelope (its
`contents`), or one service. An array is read incrementally, so a file of 100 000
services is never in memory at once. CSV: a folder (or a zip, or the path of its
`datapackage.json`) with one CSV per HSDS table; each service is put back together
with its organisation, phones, locations, addresses and schedules. A table the package
does not have leaves its key out of the records, as an empty cell leaves out its field:
the import then keeps what the directory has (hsds_reverse).

Every reader yields `(number, record)`, numbering records from 1, and raises FileError
with a message for people on anything it cannot read. Nothing here touches the database.
"""

import codecs
import csv
import io
import json
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext_noop

from .messages import message

MB = 1024 * 1024
# An HSDS service nests 6 levels deep; Python's parser gives up near 1 000, unhelpfully.
MAX_DEPTH = 100
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]|\d+')
# About 28 000 services as export_hsds writes them (100 000 take 356 MB): a bigger
# file is refused, unread, unless the operator raises the limit (--max-size).
DEFAULT_MAX_SIZE = 100 * MB
CHUNK = MB
csv.field_size_limit(16 * MB)


class FileError(Exception):
    """The file cannot be read as HSDS: nothing was imported. Its argument: a Message."""


MALFORMED = gettext_noop("JSON mal formé à la ligne %(line)s : %(what)s.")
MALFORMED_AFTER = gettext_noop(
    "JSON mal formé à la ligne %(line)s après la fiche %(n)s : %(what)s."
)
AFTER_THE_LIST = gettext_noop("du texte après la fin de la liste")


def check_size(path, max_size):
    """Refuses a file (or a folder's CSV files) over `max_size` bytes, before reading it."""
    path = Path(path)
    if path.is_dir():
        size = sum(f.stat().st_size for f in path.iterdir() if f.is_file())
    else:
        size = path.stat().st_size
    if size > max_size:
        too_big = gettext_noop(
            "%(name)s fait %(size)s Mo, plus que la limite de %(limit)s Mo (relevez-la avec "
            "--max-size)."
        )
        size, limit = f"{size / MB:.1f}", f"{max_size / MB:.0f}"
        raise FileError(message(too_big, name=path.name, size=size, limit=limit))


def read_records(source, max_size=DEFAULT_MAX_SIZE):
    """(number, record) for each service of a JSON file, folder, zip or open file.

    An open file is JSON, or a zip if it is seekable (as an upload kept in memory is).
    """
    if hasattr(source, "read"):
        if hasattr(source, "seek") and zipfile.is_zipfile(source):
            source.seek(0)
            yield from _read_zip(source, getattr(source, "name", "The file"), max_size)
            return
        if hasattr(source, "seek"):
            source.seek(0)
        yield from read_json(source)
        return
    path = Path(source)
    if not path.exists():
        raise FileError(message(gettext_noop("%(path)s n'existe pas."), path=str(path)))
    check_size(path, max_size)
    if path.is_dir() or path.name == "datapackage.json":
        folder = path if path.is_dir() else path.parent
        yield from read_package(FolderFiles(folder))
    elif zipfile.is_zipfile(path):
        yield from _read_zip(path, path.name, max_size)
    else:
        with path.open("rb") as file:
            yield from read_json(file)


def _read_zip(source, name, max_size):
    try:
        with zipfile.ZipFile(source) as archive:
            yield from read_package(ZipFiles(archive, max_size))
    except zipfile.BadZipFile as exc:
        unreadable = gettext_noop("%(name)s n'est pas un fichier zip lisible (%(error)s).")
        raise FileError(message(unreadable, name=name, error=str(exc))) from None


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
                not_utf8 = gettext_noop("Le fichier n'est pas du texte UTF-8 (%(reason)s).")
                raise FileError(message(not_utf8, reason=exc.reason)) from None
            final = not data
        yield text
        if final:
            return


def _unparsable(text, start, error):
    """(what, position) of what made Python's parser give up on the JSON from `start`.

    It refuses, without saying where, a nesting deeper than the recursion limit
    (RecursionError) and an integer of more digits than `sys.get_int_max_str_digits()`
    (ValueError); this finds the first one, strings skipped.
    """
    depth, limit = 0, sys.get_int_max_str_digits()
    too_deep = isinstance(error, RecursionError)
    for token in _TOKENS.finditer(text, start):
        kind = token.group()[0]
        if kind in "[{":
            depth += 1
            if too_deep and depth > MAX_DEPTH:
                deep = gettext_noop("imbriqué sur plus de %(depth)s niveaux")
                return message(deep, depth=MAX_DEPTH), token.start()
        elif kind in "]}":
            depth -= 1
        elif not too_deep and kind.isdigit() and len(token.group()) > limit:
            long = gettext_noop("un nombre de %(digits)s chiffres (au plus %(limit)s)")
            return message(long, digits=len(token.group()), limit=limit), token.start()
    return message(gettext_noop("imbriqué trop profondément, ou un nombre trop long")), start


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

    def error(self, what, number=None, pos=None):
        line = self.line + self.text.count("\n", 0, self.pos if pos is None else pos)
        if number:
            return FileError(message(MALFORMED_AFTER, line=line, n=number, what=what))
        return FileError(message(MALFORMED, line=line, what=what))

    def unparsable(self, error, number=None):
        """The FileError for a record Python's parser refused (see `_unparsable`)."""
        what, pos = _unparsable(self.text, self.pos, error)
        return self.error(what, number, pos)


def read_json(file):
    stream, decoder = _Stream(file), json.JSONDecoder()
    first = stream.peek()
    if first == "{":
        while stream.more():
            pass
        try:
            document = json.loads(stream.text[stream.pos :])
        except json.JSONDecodeError as exc:
            raise FileError(message(MALFORMED, line=exc.lineno, what=exc.msg)) from None
        except (RecursionError, ValueError) as exc:
            raise stream.unparsable(exc) from None
        contents = document.get("contents", [document])  # a Page, or one service
        if not isinstance(contents, list):
            not_a_page = gettext_noop(
                "`contents` n'est pas une liste de services : pas une page HSDS."
            )
            raise FileError(message(not_a_page))
        yield from enumerate(contents, start=1)
        return
    if first != "[":
        raise stream.error(message(gettext_noop("une liste de services ou un service attendu")))
    stream.pos += 1
    number = 0
    if stream.peek() == "]":
        stream.pos += 1
        if stream.peek():
            raise stream.error(message(AFTER_THE_LIST))
        return
    while True:
        stream.peek()  # raw_decode does not skip blanks
        try:
            record, end = decoder.raw_decode(stream.text, stream.pos)
        except json.JSONDecodeError as exc:
            if stream.more():
                continue
            raise stream.error(exc.msg, number) from None
        except (RecursionError, ValueError) as exc:
            raise stream.unparsable(exc, number) from None
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
                raise stream.error(message(AFTER_THE_LIST), number)
            return
        if separator != ",":
            comma = gettext_noop("une virgule ou la fin de la liste attendue")
            raise stream.error(message(comma), number)


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
            missing = gettext_noop("%(name)s : pas de tel fichier dans %(folder)s/.")
            raise FileError(message(missing, name=name, folder=self.folder.name))
        return path.open("rb")


class ZipFiles:
    """The members of a zipped data package, read in place (never extracted)."""

    def __init__(self, archive, max_size):
        self.archive = archive
        if sum(info.file_size for info in archive.infolist()) > max_size:
            too_big = gettext_noop("Le zip contient plus de %(limit)s Mo une fois décompressé.")
            raise FileError(message(too_big, limit=f"{max_size / MB:.0f}"))
        self.names = {PurePosixPath(n).name: n for n in archive.namelist() if not n.endswith("/")}

    def open(self, name):
        if name not in self.names:
            missing = gettext_noop("%(name)s : pas de tel fichier dans le zip.")
            raise FileError(message(missing, name=name))
        return self.archive.open(self.names[name])


def _convert(value, field, where):
    """A CSV cell as the JSON value the schema expects (numbers and booleans typed)."""
    kind = field.get("type", "string")
    if kind in NUMBER_TYPES:
        try:
            number = float(value)
        except ValueError:
            not_a_number = gettext_noop("%(where)s : %(value)s n'est pas un nombre.")
            raise FileError(message(not_a_number, where=where, value=repr(value))) from None
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
            unreadable = gettext_noop("%(path)s : pas un fichier CSV UTF-8 lisible (%(error)s).")
            raise FileError(message(unreadable, path=str(path), error=str(exc))) from None


def read_package(files):
    """Full services put back together from the tables of a data package."""
    try:
        with files.open("datapackage.json") as raw:
            package = json.load(raw)
        resources = {r["name"]: r for r in package["resources"]}
    except (RecursionError, ValueError, KeyError, TypeError) as exc:  # JSONDecodeError too
        reason = str(exc)[:200]
        not_a_package = gettext_noop(
            "datapackage.json n'est pas un descripteur de data package (%(reason)s)."
        )
        raise FileError(message(not_a_package, reason=reason)) from None
    if "service" not in resources:
        no_service = gettext_noop("datapackage.json ne liste aucune ressource `service`.")
        raise FileError(message(no_service))

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
    # The lists of a service and of a location, by their JSON key, for the tables given:
    # a table the package lacks is a list the records do not give, not an empty one.
    of_service = {
        f"{name}s": children[name]
        for name in ("phone", "language", "service_area", "cost_option", "attribute")
        if name in resources
    } | ({"schedules": hours_of_service} if "schedule" in resources else {})
    of_location = {
        key: by(table(name), "location_id") if name != "schedule" else hours_of_location
        for key, name in (
            ("addresses", "address"),
            ("accessibility", "accessibility"),
            ("schedules", "schedule"),
        )
        if name in resources
    }

    def with_location(link):
        item = dict(link)
        if (location := locations.get(link.get("location_id"))) is not None:
            lid = location.get("id")
            item["location"] = location | {k: rows.get(lid, []) for k, rows in of_location.items()}
        if "schedule" in resources:
            item["schedules"] = hours_at.get(link.get("id"), [])
        return item

    for number, service in enumerate(read_table(files, resources["service"]), start=1):
        sid = service.get("id")
        record = dict(service)
        if service.get("organization_id") in organisations:
            record["organization"] = organisations[service["organization_id"]]
        record |= {key: rows.get(sid, []) for key, rows in of_service.items()}
        for attribute in record.get("attributes", []):
            if (term := attribute.get("taxonomy_term_id")) in terms:
                attribute["taxonomy_term"] = terms[term]
        if "service_at_location" in resources:
            links = children["service_at_location"].get(sid, [])
            record["service_at_locations"] = [with_location(link) for link in links]
        yield number, record
