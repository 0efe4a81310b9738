"""Reading an HSDS tabular data package: full services put back together from its CSV tables.

A folder (or a zip, or the path of its `datapackage.json`) with one CSV per HSDS table;
each service is put back together with its organisation, phones, locations, addresses
and schedules. A table the package does not have leaves its key out of the records, as
an empty cell leaves out its field: the import then keeps what the directory has.
"""

import csv
import io
import json
from collections import defaultdict
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext_noop

from .files import MB, FileError
from .messages import message

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
