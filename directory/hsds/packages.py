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
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.translation import gettext_noop

from .file_errors import MB, FileError
from .messages import message

# CSV data package ------------------------------------------------------------------

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


# Where the rows of each table go, by the ids they name (a row goes to each owner it
# names, as HSDS JSON repeats a phone under its service and its contact): table ->
# [(id column, owner kind, JSON key)]. Schedules go only to the most precise owner.
NESTED = {
    "phone": [
        ("service_id", "service", "phones"),
        ("location_id", "location", "phones"),
        ("organization_id", "organization", "phones"),
        ("contact_id", "contact", "phones"),
        ("service_at_location_id", "link", "phones"),
    ],
    "contact": [
        ("service_id", "service", "contacts"),
        ("location_id", "location", "contacts"),
        ("organization_id", "organization", "contacts"),
        ("service_at_location_id", "link", "contacts"),
    ],
    "funding": [
        ("service_id", "service", "funding"),
        ("organization_id", "organization", "funding"),
    ],
    "required_document": [("service_id", "service", "required_documents")],
    "organization_identifier": [("organization_id", "organization", "organization_identifiers")],
    "language": [("service_id", "service", "languages"), ("location_id", "location", "languages")],
    "service_area": [("service_id", "service", "service_areas")],
    "cost_option": [("service_id", "service", "cost_options")],
    "attribute": [("link_id", "service", "attributes")],
    "address": [("location_id", "location", "addresses")],
    "accessibility": [("location_id", "location", "accessibility")],
    "metadata": [
        ("resource_id", "service", "metadata"),
        ("resource_id", "location", "metadata"),
        ("resource_id", "organization", "metadata"),
    ],
}
# Tables that describe the package rather than services: read, and said not imported.
NOT_SERVICE_DATA = {"meta_table_description"}
UNLINKED = gettext_noop(
    "%(path)s : %(count)s lignes ne se rattachent à aucun service, lieu ou organisation "
    "du paquet (%(column)s) : non importées"
)
DESCRIBES_TABLES = gettext_noop(
    "%(path)s décrit les tables du paquet, pas des services : non importé"
)
UNKNOWN_TABLE = gettext_noop("%(path)s : table %(name)s inconnue de HSDS 3.0 : non importée")


@dataclass
class PackageNotes:
    """What the package holds that no service takes: (table, Message) warnings."""

    warnings: list


def _package(files):
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
    return resources


def _by(rows, key):
    grouped = defaultdict(list)
    for row in rows:
        grouped[row.get(key)].append(row)
    return grouped


def read_package(files):
    """Full services put back together from the tables of a data package, then the
    PackageNotes (number 0) naming what no service took."""
    resources = _package(files)

    def table(name):
        return list(read_table(files, resources[name])) if name in resources else []

    owners = {
        "organization": {row.get("id"): dict(row) for row in table("organization")},
        "location": {row.get("id"): dict(row) for row in table("location")},
        "contact": {row.get("id"): dict(row) for row in table("contact")},
        "link": {row.get("id"): dict(row) for row in table("service_at_location")},
    }
    programs = {row.get("id"): row for row in table("program")}
    taxonomies = {row.get("id"): row for row in table("taxonomy")}
    terms = {row.get("id"): dict(row) for row in table("taxonomy_term")}
    for term in terms.values():
        if (taxonomy := taxonomies.get(term.get("taxonomy_id"))) is not None:
            term["taxonomy_detail"] = taxonomy
    # Rows for services wait for the service table, read a row at a time; a row that
    # names no owner of the package is told (PackageNotes) once the services are read.
    of_service = defaultdict(lambda: defaultdict(list))
    pending = defaultdict(list)  # table -> [(row, service ids it names)] not yet placed
    for name, targets in NESTED.items():
        if name not in resources:
            continue
        for _column, kind, key in targets:  # a table given is a list given, even empty
            for owner in owners.get(kind, {}).values():
                owner.setdefault(key, [])
        for row in table(name):
            item = owners["contact"].get(row.get("id"), row) if name == "contact" else row
            placed, services = False, []
            for column, kind, key in targets:
                if (owner_id := row.get(column)) is None:
                    continue
                if kind == "service":
                    of_service[key][owner_id].append(item)
                    services.append(owner_id)
                elif (owner := owners[kind].get(owner_id)) is not None:
                    owner[key].append(item)
                    placed = True
            if not placed:
                pending[name].append(services)
    hours = _schedules(table("schedule")) if "schedule" in resources else None
    links = _by(owners["link"].values(), "service_id")
    service_keys = {key for name, targets in NESTED.items() if name in resources
                    for _c, kind, key in targets if kind == "service"}  # fmt: skip
    seen = set()
    for number, service in enumerate(read_table(files, resources["service"]), start=1):
        sid = service.get("id")
        seen.add(sid)
        record = dict(service)
        if (organisation := owners["organization"].get(service.get("organization_id"))) is not None:
            record["organization"] = organisation
        if (program := programs.get(service.get("program_id"))) is not None:
            record["program"] = program
        record |= {key: of_service[key].get(sid, []) for key in sorted(service_keys)}
        if "metadata" in resources and not record["metadata"]:
            del record["metadata"]
        for attribute in record.get("attributes", []):
            if (term := attribute.get("taxonomy_term_id")) in terms:
                attribute["taxonomy_term"] = terms[term]
        if hours is not None:
            record["schedules"] = hours["service"].get(sid, [])
        if "service_at_location" in resources:
            record["service_at_locations"] = [
                _with_location(link, owners["location"], hours) for link in links.get(sid, [])
            ]
        yield number, record
    unlinked = {
        name: sum(1 for services in rows if not set(services) & seen)
        for name, rows in pending.items()
    }
    yield 0, PackageNotes(_notes(resources, unlinked))


def _schedules(rows):
    """A schedule belongs to the most precise thing it names."""
    return {
        "link": _by([h for h in rows if "service_at_location_id" in h], "service_at_location_id"),
        "location": _by(
            [h for h in rows if "service_at_location_id" not in h and "location_id" in h],
            "location_id",
        ),
        "service": _by(
            [h for h in rows if not {"service_at_location_id", "location_id"} & set(h)],
            "service_id",
        ),
    }


def _with_location(link, locations, hours):
    item = dict(link)
    if (location := locations.get(link.get("location_id"))) is not None:
        item["location"] = dict(location)
        if hours is not None:
            item["location"]["schedules"] = hours["location"].get(location.get("id"), [])
    if hours is not None:
        item["schedules"] = hours["link"].get(link.get("id"), [])
    return item


def _notes(resources, unlinked):
    """Warnings for each table, or part of one, that no service took."""
    notes = []
    for name, count in sorted(unlinked.items()):
        if count:
            path = resources[name].get("path", name)
            columns = ", ".join(dict.fromkeys(column for column, *_ in NESTED[name]))
            notes.append((path, message(UNLINKED, path=path, count=count, column=columns)))
    known = set(NESTED) | {"service", "organization", "location", "service_at_location"}
    known |= {"contact", "program", "taxonomy", "taxonomy_term", "schedule"}
    for name, resource in resources.items():
        path = resource.get("path", name)
        if name in NOT_SERVICE_DATA:
            notes.append((path, message(DESCRIBES_TABLES, path=path)))
        elif name not in known:
            notes.append((path, message(UNKNOWN_TABLE, path=path, name=name)))
    return notes
