"""Does the database say what its HSDS export says? (`manage.py check_integrity`)

Every published service must be in the export with the same id, name, organisation,
locations, phones and categories, and nothing else may be there; a confidential address
must not appear in it; and no row, in the database or in the export, may point to
nothing. The export is a fresh one by default (what `export_hsds` would write now), or
a file written earlier, to check a backup or a published data set against the database.
"""

import json
from dataclasses import dataclass, field

from django.utils import translation

from ..models import (
    Category,
    Location,
    Organisation,
    Phone,
    Schedule,
    ScheduleException,
    Service,
)
from . import values
from .export import full_services
from .files import read_records

CHUNK_SIZE = 2000
# HSDS rows of a service that name it, by the field that does.
CHILD_ROWS = {
    "phones": "service_id",
    "languages": "service_id",
    "service_areas": "service_id",
    "cost_options": "service_id",
    "attributes": "link_id",
    "service_at_locations": "service_id",
}


@dataclass(frozen=True)
class Facts:
    """What the check compares, for one service, read from either side."""

    name: str
    organisation: tuple  # (id, name)
    locations: frozenset
    phones: tuple
    categories: frozenset  # taxonomy term ids


@dataclass
class Report:
    services: int = 0
    exported: int = 0
    problems: list = field(default_factory=list)

    def add(self, what, text):
        self.problems.append(f"{what}: {text}")


def check_integrity(path=None, lang="fr"):
    """The Report of one check, against the file at `path` or a fresh export in `lang`."""
    report = Report()
    hidden = {
        str(location.id): location
        for location in Location.objects.filter(address_hidden=True).only(
            "id", "service_id", "street_fr", "street_nl", "name", "postcode"
        )
    }
    with translation.override(lang):
        exported = _read_export(path, lang, hidden, report)
        _compare_database(exported, report)
    for service_id, facts in exported.items():
        report.add(_label(service_id, facts.name), "in the export but not a published service")
    _database_orphans(report)
    return report


def _label(service_id, name):
    return f"service {service_id} «{name}»"


def _read_export(path, lang, hidden, report):
    """{service id: Facts} of the export, checking each record on its own on the way."""
    # An operator's own file: no size limit, unlike an upload through the admin.
    records = (
        # Number 0: a data package's notes on what no service took, not a service.
        (record for number, record in read_records(path, max_size=float("inf")) if number)
        if path
        else full_services(lang)
    )
    facts = {}
    for record in records:
        report.exported += 1
        service_id = str(record.get("id"))
        what = _label(service_id, record.get("name"))
        if service_id in facts:
            report.add(what, "twice in the export")
        for problem in _dangling_rows(record, service_id):
            report.add(what, problem)
        for problem in _confidential_leaks(record, hidden):
            report.add(what, problem)
        facts[service_id] = _exported_facts(record)
    return facts


def _exported_facts(record):
    organisation = record.get("organization") or {}
    return Facts(
        name=record.get("name"),
        organisation=(record.get("organization_id"), organisation.get("name")),
        locations=frozenset(
            link.get("location_id") for link in _rows(record, "service_at_locations")
        ),
        phones=tuple(sorted(str(phone.get("number")) for phone in _rows(record, "phones"))),
        categories=frozenset(attr.get("taxonomy_term_id") for attr in _rows(record, "attributes")),
    )


def _rows(record, name):
    rows = record.get(name) or []
    return [row for row in rows if isinstance(row, dict)]


def _dangling_rows(record, service_id):
    """Rows of the record that belong to another service or to nothing."""
    organisation = record.get("organization") or {}
    if organisation and organisation.get("id") != record.get("organization_id"):
        yield (
            f"organization_id {record.get('organization_id')} but its organization is "
            f"{organisation.get('id')}"
        )
    for name, key in CHILD_ROWS.items():
        for row in _rows(record, name):
            if str(row.get(key)) != service_id:
                yield f"{name[:-1]} {row.get('id')} belongs to service {row.get(key)}"
    for link in _rows(record, "service_at_locations"):
        location = link.get("location") or {}
        if location.get("id") != link.get("location_id"):
            yield f"service_at_location {link.get('id')} names no location of its own"


def _confidential_leaks(record, hidden):
    """Parts of a confidential address (refuges) that the record gives away."""
    text = json.dumps(record, ensure_ascii=False)
    for link in _rows(record, "service_at_locations"):
        location = hidden.get(str(link.get("location_id")))
        if location is None:
            continue
        shown = link.get("location") or {}
        where = f"confidential location {location.id}"
        given = [key for key in ("latitude", "longitude", "name") if shown.get(key)]
        for address in _rows(shown, "addresses"):
            given += [key for key in ("address_1", "postal_code") if address.get(key)]
        streets = {s for s in (location.street_fr, location.street_nl) if len(s.strip()) > 3}
        given += ["street" for street in sorted(streets) if street in text]
        if given:
            yield f"{where} gives away its {', '.join(dict.fromkeys(given))}"


def _compare_database(exported, report):
    """Each published service against its Facts in the export, popped once compared."""
    terms = {values.taxonomy_term_id(c.slug): c.slug for c in Category.objects.all()}
    services = (
        Service.objects.public()
        .select_related("organisation")
        .prefetch_related("locations", "phones", "categories")
        .order_by("pk")
    )
    for service in services.iterator(chunk_size=CHUNK_SIZE):
        report.services += 1
        what = _label(service.pk, service.name)
        theirs = exported.pop(str(service.pk), None)
        if theirs is None:
            report.add(what, "published, missing from the export")
            continue
        ours = Facts(
            name=service.name,
            organisation=(str(service.organisation_id), service.organisation.name),
            locations=frozenset(str(location.id) for location in service.locations.all()),
            phones=tuple(sorted(phone.number for phone in service.phones.all())),
            categories=frozenset(values.taxonomy_term_id(c.slug) for c in service.categories.all()),
        )
        for name in ("name", "organisation", "locations", "phones", "categories"):
            mine, export = getattr(ours, name), getattr(theirs, name)
            if mine != export:
                if name == "categories":
                    mine, export = (
                        sorted(terms.get(t, t) for t in side) for side in (mine, export)
                    )
                elif isinstance(mine, frozenset):
                    mine, export = sorted(mine), sorted(export, key=str)
                report.add(what, f"{name} differ: database {mine!r}, export {export!r}")


def _database_orphans(report):
    """Rows whose parent row is gone (a restore with triggers off, a hand-made SQL fix)."""
    services = Service.objects.values("pk")
    locations = Location.objects.values("pk")
    checks = [
        ("service", Service.objects.exclude(organisation_id__in=Organisation.objects.values("pk"))),
        ("location", Location.objects.exclude(service_id__in=services)),
        ("phone", Phone.objects.exclude(service_id__in=services)),
        ("schedule", Schedule.objects.exclude(location_id__in=locations)),
        ("schedule exception", ScheduleException.objects.exclude(location_id__in=locations)),
    ]
    for relation in ("categories", "audiences", "languages"):
        through = getattr(Service, relation).through
        target = getattr(Service, relation).field.related_model
        target_column = f"{target._meta.model_name}_id"
        checks.append(
            (
                f"service {relation[:-1]} link",
                through.objects.exclude(service_id__in=services)
                | through.objects.exclude(**{f"{target_column}__in": target.objects.values("pk")}),
            )
        )
    for label, rows in checks:
        for pk in rows.values_list("pk", flat=True):
            report.add(f"{label} {pk}", "points to a row that does not exist")
