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
from django.utils.translation import gettext

from ..models import Category, Commune, ForeignTaxonomy, ForeignTerm, Service
from . import serialise, values
from .foreign_terms import taxonomy_object, term_object

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
    # The other tables of HSDS 3.0, so the package is whole for the official descriptor.
    "program": ("programs.csv", "id! organization_id! name! alternate_name description!"),
    "contact": (
        "contacts.csv",
        "id! organization_id service_id service_at_location_id location_id name title "
        "department email",
    ),
    "funding": ("funding.csv", "id! organization_id service_id source"),
    "required_document": ("required_documents.csv", "id! service_id document uri"),
    "organization_identifier": (
        "organization_identifiers.csv",
        "id! organization_id! identifier_scheme identifier_type! identifier!",
    ),
    "metadata": (
        "metadata.csv",
        "id! resource_id! resource_type! last_action_date! last_action_type! field_name! "
        "previous_value! replacement_value! updated_by!",
    ),
    "meta_table_description": ("meta_table_descriptions.csv", "id! name language character_set"),
}
# The JSON lists of an object, and the table their rows go to.
LISTS = {
    "phones": "phone", "languages": "language", "service_areas": "service_area",
    "cost_options": "cost_option", "attributes": "attribute", "contacts": "contact",
    "funding": "funding", "required_documents": "required_document",
    "organization_identifiers": "organization_identifier", "metadata": "metadata",
    "schedules": "schedule", "addresses": "address", "accessibility": "accessibility",
    "service_at_locations": "service_at_location",
}  # fmt: skip
# The JSON objects nested in an object, and their table (None: written apart).
OBJECTS = {
    "organization": "organization", "program": "program", "location": "location",
    "taxonomy_term": None, "taxonomy_detail": None, "service": None,
}  # fmt: skip
# Rows that several services share are written once.
SHARED = {"organization", "program"}
TYPES = {
    "number": "latitude longitude amount extension year_incorporated minimum_age maximum_age "
    "timezone count interval",
    "date": "assured_date valid_from valid_to dtstart until last_action_date",
    "datetime": "last_modified",
    "time": "opens_at closes_at",
}
FIELD_TYPES = {name: kind for kind, names in TYPES.items() for name in names.split()}
URI_FIELDS = {"url", "website", "uri", "schedule_link", "term_uri"}
TIME_FIELDS = set(TYPES["time"].split())


def table_columns(name):
    """[(column, required)] of one of our tables."""
    return [(c.rstrip("!"), c.endswith("!")) for c in TABLES[name][1].split()]


# What locations.location_object says in place of a confidential address.
HIDDEN_ADDRESS = "Adresse communiquée par téléphone"
REQUIRED_ADDRESS = [c for c, required in table_columns("address") if required]


def csv_row(row):
    """A row as its CSV cells: a time with seconds ("09:00:00"), as the `time` type reads."""
    for column in TIME_FIELDS & set(row):
        if len(row[column]) == 5:  # HH:MM
            row[column] = f"{row[column]}:00"
    return row


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


def _rows(service, tables):
    """(table, row) for each CSV row of one full service (`tables`: a _Tables)."""
    yield from _flatten("service", service, tables)


class _Tables:
    """What writing the tables remembers: the shared rows written, the communes' postcodes."""

    def __init__(self, lang):
        self.shared = set()
        with translation.override(lang):
            self.hidden_street = gettext(HIDDEN_ADDRESS)
            self.postcodes = {c.name: " ".join(c.postcodes) for c in Commune.objects.all()}

    def commune_alone(self, address):
        """A confidential place's address, which gives its commune alone, with the street
        and postcode the table requires: words that say the address is given by phone, and
        every postcode of the commune (nothing narrower than the commune leaves)."""
        address["address_1"] = address.get("address_1") or self.hidden_street
        postcodes = self.postcodes.get(address.get("city"), "")
        address["postal_code"] = address.get("postal_code") or postcodes


def _flatten(table, obj, tables):
    """The object's row, its nested objects' rows before it (an organisation before its
    services, as foreign keys read) and its lists' rows after it."""
    after = []
    for key in [key for key, value in obj.items() if isinstance(value, dict | list)]:
        value = obj.pop(key)
        if key in OBJECTS and isinstance(value, dict):
            if (kind := OBJECTS[key]) is not None:
                yield from _flatten(kind, value, tables)
        elif key in LISTS and isinstance(value, list):
            after += [(LISTS[key], row) for row in value if isinstance(row, dict)]
    if table in SHARED:
        if (table, obj.get("id")) in tables.shared:
            return
        tables.shared.add((table, obj.get("id")))
    if table == "address" and not all(obj.get(c) for c in REQUIRED_ADDRESS):
        tables.commune_alone(obj)
    yield table, obj
    for kind, row in after:
        yield from _flatten(kind, row, tables)


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
            for taxonomy in ForeignTaxonomy.objects.all():
                writers["taxonomy"].writerow(taxonomy_object(taxonomy))
            for term in ForeignTerm.objects.select_related("taxonomy"):
                writers["taxonomy_term"].writerow(term_object(term, detail=False))
        tables = _Tables(lang)
        for service in full_services(lang):
            count += 1
            for name, row in _rows(service, tables):
                writers[name].writerow(csv_row(row))
        out = files.enter_context(_AtomicFile(folder / "datapackage.json"))
        json.dump(datapackage(lang), out, ensure_ascii=False, indent=2)
    return count
