"""Exporting the directory as HSDS 3.0: JSON (full services) or a tabular data package.

Only published services leave, as the API shows them (`serialise.service_full`): in one
language, with a confidential address reduced to its commune. Services are read a
chunk at a time in id order and written as they come, so 100 000 of them never sit in
memory together. A file is written beside its target and moved into place at the end,
so a failed export leaves no half-written file.
"""

import csv
import json
import os
import secrets
from contextlib import ExitStack
from pathlib import Path

from django.utils import translation

from ..models import Category, Service
from . import serialise, values

CHUNK_SIZE = 1000
# The tables we fill, with the columns of the official HSDS 3.0 datapackage.json in its
# order; `!` marks a column the standard requires.
TABLES = {
    "organization": (
        "organizations.csv",
        "id! name! alternate_name description! email website tax_status tax_id "
        "year_incorporated legal_status logo uri parent_organization_id",
    ),
    "service": (
        "services.csv",
        "id! organization_id! program_id name! alternate_name description url email status! "
        "interpretation_services application_process fees_description wait_time fees "
        "accreditations eligibility_description minimum_age maximum_age assured_date "
        "assurer_email licenses alert last_modified",
    ),
    "attribute": (
        "attributes.csv",
        "id! link_id! taxonomy_term_id! link_type link_entity! value",
    ),
    "service_at_location": ("service_at_location.csv", "id! service_id! location_id! description"),
    "location": (
        "locations.csv",
        "id! location_type! url organization_id name alternate_name description "
        "transportation latitude longitude external_identifier external_identifier_type",
    ),
    "phone": (
        "phones.csv",
        "id! location_id service_id organization_id contact_id service_at_location_id "
        "number! extension type description",
    ),
    "address": (
        "addresses.csv",
        "id! location_id attention address_1! address_2 city! region state_province! "
        "postal_code! country! address_type!",
    ),
    "schedule": (
        "schedules.csv",
        "id! service_id location_id service_at_location_id valid_from valid_to dtstart "
        "timezone until count wkst freq interval byday byweekno bymonthday byyearday "
        "description opens_at closes_at schedule_link attending_type notes",
    ),
    "service_area": (
        "service_areas.csv",
        "id! service_id name description extent extent_type uri",
    ),
    "language": ("languages.csv", "id! service_id location_id phone_id name code note"),
    "accessibility": ("accessibility.csv", "id! location_id description details url"),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        "id! code name! description! parent_id taxonomy language taxonomy_id term_uri",
    ),
    "cost_option": (
        "cost_options.csv",
        "id! service_id! valid_from valid_to option currency amount amount_description",
    ),
    "taxonomy": ("taxonomies.csv", "id! name! description! uri version"),
}
TYPES = {
    "number": "latitude longitude amount extension year_incorporated minimum_age maximum_age "
    "timezone count interval",
    "date": "assured_date valid_from valid_to dtstart until",
    "datetime": "last_modified",
    "time": "opens_at closes_at",
}
FIELD_TYPES = {name: kind for kind, names in TYPES.items() for name in names.split()}
URI_FIELDS = {"url", "website", "uri", "schedule_link", "term_uri"}


def table_columns(name):
    """[(column, required)] of one of our tables."""
    return [(c.rstrip("!"), c.endswith("!")) for c in TABLES[name][1].split()]


def published_services():
    """Published services with everything a full HSDS service reads, in constant queries."""
    return (
        Service.objects.public()
        .for_listing()
        .prefetch_related(*serialise.SERVICE_PREFETCH)
        .order_by("pk")
    )


def full_services(lang="fr", chunk_size=CHUNK_SIZE):
    """Every published service as a full HSDS service in `lang`, in id order, streamed."""
    last = None
    while True:
        services = published_services()
        if last is not None:
            services = services.filter(pk__gt=last)
        with translation.override(lang):
            chunk = [serialise.service_full(service) for service in services[:chunk_size]]
        yield from chunk
        if len(chunk) < chunk_size:
            return
        last = chunk[-1]["id"]


class _AtomicFile:
    """A file written beside `path`, moved over it only when writing succeeded."""

    def __init__(self, path):
        self.path = Path(path)
        self.temp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(6)}.part")

    def __enter__(self):
        self.file = self.temp.open("x", encoding="utf-8", newline="")
        return self.file

    def __exit__(self, kind, value, traceback):
        self.file.close()
        if kind is None:
            os.replace(self.temp, self.path)
        else:
            self.temp.unlink()


def export_json(path, lang="fr"):
    """Writes the published services to `path` as a JSON array; returns how many."""
    count = 0
    with _AtomicFile(path) as out:
        out.write("[")
        for count, service in enumerate(full_services(lang), start=1):
            out.write(",\n" if count > 1 else "\n")
            out.write(json.dumps(service, ensure_ascii=False, separators=(",", ":")))
        out.write("\n]\n")
    return count


def _rows(service, seen_organisations):
    """(table, row) for each CSV row of one full service."""
    organisation = service.pop("organization")
    if organisation["id"] not in seen_organisations:
        seen_organisations.add(organisation["id"])
        yield "organization", organisation
    children = {
        name: service.pop(f"{name}s", [])
        for name in ("phone", "language", "service_area", "cost_option", "attribute")
    }
    links = service.pop("service_at_locations", [])
    yield "service", service
    for name, rows in children.items():
        for row in rows:
            row.pop("taxonomy_term", None)
            yield name, row
    for link in links:
        location, schedules = link.pop("location"), link.pop("schedules", [])
        yield "service_at_location", link
        for name in ("address", "accessibility"):
            for row in location.pop("addresses" if name == "address" else name, []):
                yield name, row
        yield "location", location
        for row in schedules:
            yield "schedule", row


def datapackage(lang):
    """The data package descriptor of our tables (HSDS 3.0 tabular form)."""
    resources = []
    for name, (path, _) in TABLES.items():
        fields = []
        for column, required in table_columns(name):
            spec = {"name": column, "type": FIELD_TYPES.get(column, "string")}
            if column == "id" or column.endswith("_id"):
                spec["format"] = "uuid"
            elif column in URI_FIELDS:
                spec["format"] = "uri"
            if required:
                spec["constraints"] = {"required": True}
            fields.append(spec)
        resources.append(
            {
                "name": name,
                "path": path,
                "format": "csv",
                "mediatype": "text/csv",
                "profile": "tabular-data-resource",
                "schema": {"primaryKey": "id", "fields": fields},
            }
        )
    return {
        "name": "quartier",
        "title": "Quartier: social services in Brussels",
        "profile": "tabular-data-package",
        "version": values.HSDS_VERSION,
        "language": lang,
        "homepage": values.PROFILE_URL,
        "resources": resources,
    }


def export_csv(folder, lang="fr"):
    """Writes the HSDS tables of the published services into `folder`; returns how many."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    count = 0
    with ExitStack() as files:
        writers = {}
        for name, (path, _) in TABLES.items():
            out = files.enter_context(_AtomicFile(folder / path))
            columns = [column for column, _ in table_columns(name)]
            # Fields without a table here (required documents, contacts, funding ...)
            # stay out of the CSV form; the JSON form has them all.
            writers[name] = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="ignore")
            writers[name].writeheader()
        with translation.override(lang):
            writers["taxonomy"].writerow(serialise.taxonomy())
            for category in Category.objects.all():
                writers["taxonomy_term"].writerow(serialise.taxonomy_term(category))
        seen = set()
        for service in full_services(lang):
            count += 1
            for name, row in _rows(service, seen):
                writers[name].writerow(row)
        out = files.enter_context(_AtomicFile(folder / "datapackage.json"))
        json.dump(datapackage(lang), out, ensure_ascii=False, indent=2)
    return count
