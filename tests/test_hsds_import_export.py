"""Partners exchange the directory as HSDS 3.0 files: export, import, and back again.

The round trips use the demo data set; the official examples come from
../shared/data/hsds-3.0 (the `shared_data` fixture skips without them, outside CI).
"""

import csv
import json
import random
import shutil
import uuid
import zipfile
from copy import deepcopy
from datetime import time
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone, translation
from jsonschema import Draft202012Validator

from directory import derived, geo
from directory.geo import AreaLocator
from directory.hsds import export as hsds_export
from directory.hsds import files as hsds_files
from directory.hsds.importer import ImportFailed, import_hsds, preview_import
from directory.hsds.schema import (
    FORMATS,
    OFFICIAL_SERVICE_SCHEMA,
    compile_schema,
    service_schema,
)
from directory.models import (
    Commune,
    Location,
    Organisation,
    Phone,
    Schedule,
    ScheduleException,
    SearchTerm,
    Service,
)
from directory.models.crisis import TemporaryStatus
from directory.search.engine import search
from tests.factories import make_organisation, make_service

pytestmark = pytest.mark.django_db

HIDDEN_STREET = "Rue Secrète 13"
LANGUAGES = ("fr", "nl", "en")
SERVICE_TEXTS = ("name", "description", "how_to_access", "fees")
SERVICE_FIELDS = [
    "organisation_id", "free", "walk_in", "by_appointment", "remote_only", "area_served",
    "residents_only", "email", "website", "last_verified", "is_active", "latitude", "longitude",
    "point_count", "search_document", "search_categories",
]  # fmt: skip
LOCATION_FIELDS = [
    "name", "postcode", "latitude", "longitude", "commune_id",
    "quartier_id", "wheelchair_accessible", "address_hidden",
]  # fmt: skip
# An export never holds a confidential address: these stay behind.
HIDDEN_FIELDS = {"name", "street_fr", "street_nl", "postcode", "latitude", "longitude"}


def shown(row, names):
    """Translated texts as residents read them in each language (with the fallbacks).

    A text the same in two languages may come back stored once, shown the same in both.
    """
    texts = {}
    for lang in LANGUAGES:
        with translation.override(lang):
            texts |= {f"{name} ({lang})": getattr(row, name) for name in names}
    return texts


def snapshot():
    """Everything HSDS carries, service by service, comparable across databases."""
    services = (
        Service.objects.select_related("organisation")
        .prefetch_related("categories", "audiences", "languages", "phones", "locations__schedules")
        .order_by("pk")
    )
    found = {}
    for service in services:
        locations = {}
        for loc in service.locations.all():
            fields = [f for f in LOCATION_FIELDS if not (loc.address_hidden and f in HIDDEN_FIELDS)]
            hours = sorted((s.weekday, s.opens_at, s.closes_at) for s in loc.schedules.all())
            locations[loc.id] = {f: getattr(loc, f) for f in fields} | {"hours": hours}
            if not loc.address_hidden:
                locations[loc.id] |= shown(loc, ["street"])
        organisation = service.organisation
        found[service.id] = {f: getattr(service, f) for f in SERVICE_FIELDS} | {
            "texts": shown(service, SERVICE_TEXTS),
            "organisation": shown(organisation, ["name", "description"])
            | {"email": organisation.email, "website": organisation.website},
            "categories": sorted(c.slug for c in service.categories.all()),
            "audiences": sorted(a.slug for a in service.audiences.all()),
            "languages": sorted(lang.code for lang in service.languages.all()),
            "phones": [(p.number, p.kind, p.note) for p in service.phones.all()],
            "locations": locations,
        }
    return found


def row_counts():
    """Rows of every table an import writes, history included."""
    tables = [m._meta.db_table for m in (Organisation, Service, Location, Phone, Schedule)]
    tables += [m.history.model._meta.db_table for m in (Organisation, Service, Location, Phone)]
    tables += [Schedule.history.model._meta.db_table, SearchTerm._meta.db_table]
    tables += [getattr(Service, n).through._meta.db_table for n in ("categories", "languages")]
    with connection.cursor() as cursor:
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608 - our own table names
            counts[table] = cursor.fetchone()[0]
    return counts


def versions():
    """What coordinators' open forms are checked against (directory/locking.py)."""
    return {m: dict(m.objects.values_list("pk", "modified")) for m in (Service, Location)}


def empty_directory():
    Organisation.objects.all().delete()


def write_json(path, records):
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def export(path, fmt="json", lang="fr"):
    call_command("export_hsds", str(path), format=fmt, lang=lang, stdout=StringIO())
    return path


def service_record(**changes):
    """A small, valid HSDS service in our own terms."""
    record = {
        "id": "0b4d3c1e-8f57-4c1d-9a52-5d7f4f0c2a11",
        "name": "Colis du Canal",
        "description": "Colis alimentaires chaque semaine.",
        "status": "active",
        "application_process": "Sans rendez-vous. Apportez une preuve de revenus.",
        "organization": {
            "id": "6a3f29d0-7c1e-4e55-8a1b-2f0d9e6b4c77",
            "name": "Asbl Canal",
            "description": "Aide alimentaire.",
        },
        "phones": [{"id": "7f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c", "number": "02 123 45 67"}],
        "cost_options": [{"id": "8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", "amount": 0}],
        "attributes": [
            {
                "id": "9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d",
                "taxonomy_term": {
                    "id": "1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
                    "code": "alimentation",
                    "name": "x",
                    "description": "",
                },
            }  # noqa: E501
        ],
        "service_at_locations": [
            {
                "id": "2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
                "location": {
                    "id": "3c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f",
                    "location_type": "physical",
                    "latitude": 50.8549,
                    "longitude": 4.32,
                    "addresses": [
                        {
                            "id": "4d5e6f7a-8b9c-4d0e-9f1a-2b3c4d5e6f7a",
                            "address_1": "Chaussée de Gand 10",
                            "city": "Molenbeek-Saint-Jean",
                            "state_province": "Bruxelles",
                            "postal_code": "1080",
                            "country": "BE",
                            "address_type": "physical",
                        }
                    ],
                },
                "schedules": [
                    {
                        "id": "5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b",
                        "freq": "WEEKLY",
                        "byday": "MO,TH",
                        "opens_at": "09:00",
                        "closes_at": "12:30",
                    }  # fmt: skip
                ],
            }
        ],
    }
    for key, value in changes.items():
        record[key] = value
    return record


def set_path(record, path, value):
    node = record
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return record


# Round trips ------------------------------------------------------------------------


def test_the_demo_directory_comes_back_from_json_in_all_three_languages(demo, tmp_path):
    before = snapshot()
    files = {lang: export(tmp_path / f"{lang}.json", lang=lang) for lang in ("fr", "nl", "en")}
    empty_directory()

    for lang in ("fr", "nl", "en"):
        call_command("import_hsds", str(files[lang]), lang=lang, stdout=StringIO())

    assert Service.objects.count() == len(before) > 200
    after = snapshot()
    assert after.keys() == before.keys()
    for sid, service in before.items():
        assert after[sid] == service, sid


def test_the_demo_directory_comes_back_from_the_csv_data_package(demo, tmp_path):
    before = snapshot()
    folder = export(tmp_path / "package", fmt="csv")
    empty_directory()

    report = import_hsds(folder)

    assert report.count("services created") == len(before)
    after = snapshot()
    for sid, service in before.items():
        assert french(after[sid]) == french(service), sid


def french(service):
    """What a French file carries: no Dutch or English columns, nor what depends on them."""

    def keep(data):
        return {k: v for k, v in data.items() if not k.endswith(("(nl)", "(en)"))}

    data = dict(service)
    del data["search_document"]
    data["texts"] = keep(service["texts"])
    data["organisation"] = keep(service["organisation"])
    data["locations"] = {pk: keep(loc) for pk, loc in service["locations"].items()}
    return data


def test_importing_an_export_into_the_same_directory_changes_nothing(demo, tmp_path):
    path = export(tmp_path / "services.json", lang="nl")
    counts, before, modified = row_counts(), snapshot(), versions()

    report = import_hsds(path, lang="nl")

    assert report.count("services unchanged") == len(before)
    assert report.count("services updated") == report.count("services created") == 0
    assert row_counts() == counts
    assert versions() == modified
    assert snapshot() == before


def test_importing_the_same_file_twice_changes_nothing_the_second_time(demo, tmp_path):
    path = export(tmp_path / "services.json")
    empty_directory()
    import_hsds(path)
    counts, before, modified = row_counts(), snapshot(), versions()

    again = import_hsds(path)

    assert again.count("services unchanged") == len(before)
    assert row_counts() == counts
    assert versions() == modified


def test_imported_services_are_found_and_placed_as_if_typed_in_the_admin(demo, tmp_path):
    path = export(tmp_path / "services.json")
    empty_directory()
    SearchTerm.objects.all().delete()

    import_hsds(path)

    for service in Service.objects.select_related("organisation").prefetch_related("categories"):
        assert service.search_document == derived.build_document(service)
        point = (service.latitude, service.longitude)
        derived.refresh_services(points=[service.pk])
        service.refresh_from_db()
        assert (service.latitude, service.longitude) == point
    for location in Location.objects.exclude(latitude=None):
        assert (location.commune, location.quartier) == geo.locate(
            location.lat, location.lon, location.postcode
        )
    found = search(Service.objects.public(), "voedselpakket").services
    assert found.filter(categories__slug="alimentation").exists()
    assert SearchTerm.objects.filter(term="voedselpakket").exists()


def test_confidential_addresses_stay_ours_when_an_export_comes_back(reference, tmp_path):
    service = make_service("Refuge", categories=("violences",))
    shelter = service.locations.get()
    Location.objects.filter(pk=shelter.pk).update(street_fr=HIDDEN_STREET, address_hidden=True)
    derived.refresh_services(points=[service.pk])
    path = export(tmp_path / "services.json")
    assert HIDDEN_STREET not in path.read_text()

    report = import_hsds(path)

    assert report.count("services unchanged") == 1
    shelter.refresh_from_db()
    assert (shelter.street_fr, shelter.address_hidden) == (HIDDEN_STREET, True)
    assert shelter.latitude == Decimal("50.854900")


# Import: what goes where ------------------------------------------------------------


def test_a_dutch_file_fills_the_dutch_columns_and_leaves_the_french_alone(reference, tmp_path):
    path = write_json(tmp_path / "fr.json", [service_record()])
    import_hsds(path)
    dutch = service_record(name="Voedselpakketten Kanaal", description="Elke week.")
    dutch["application_process"] = "Zonder afspraak. Breng een bewijs van inkomen mee."

    report = import_hsds(write_json(tmp_path / "nl.json", [dutch]), lang="nl")

    service = Service.objects.get()
    assert report.count("services updated") == 1
    assert (service.name_fr, service.name_nl) == ("Colis du Canal", "Voedselpakketten Kanaal")
    assert service.how_to_access_fr == "Apportez une preuve de revenus."
    assert service.how_to_access_nl == "Breng een bewijs van inkomen mee."
    assert service.walk_in and not service.by_appointment
    assert service.history.first().history_type == "~"


def test_a_file_maps_categories_by_code_then_by_name_and_reads_hours_and_prices(
    reference, tmp_path
):
    record = service_record()
    record["attributes"].append(
        {
            "id": "0f9e8d7c-6b5a-4c3d-8e2f-1a0b9c8d7e6f",
            "taxonomy_term": {
                "id": "6f5e4d3c-2b1a-4c0d-9e8f-7a6b5c4d3e2f",
                "name": "Huisvesting",
                "description": "",
            },
        }  # noqa: E501
    )

    import_hsds(write_json(tmp_path / "s.json", [record]))

    service = Service.objects.get()
    assert sorted(c.slug for c in service.categories.all()) == ["alimentation", "logement"]
    location = service.locations.get()
    assert sorted((s.weekday, s.opens_at) for s in location.schedules.all()) == [
        (0, time(9)),
        (3, time(9)),
    ]
    assert location.commune.slug == "molenbeek-saint-jean"
    assert (service.latitude, service.longitude) == (Decimal("50.854900"), Decimal("4.320000"))
    assert service.free and service.phones.get().number == "02 123 45 67"
    assert service.history.count() == 1 and location.history.count() == 1


def test_a_file_can_move_a_service_to_fewer_locations(reference, tmp_path):
    service = make_service("Permanence", lat=50.8549, lon=4.32)
    second = Location.objects.create(
        service=service, postcode="1000", latitude=50.85, longitude=4.35
    )
    path = export(tmp_path / "services.json")
    data = json.loads(path.read_text())
    data[0]["service_at_locations"] = [
        s for s in data[0]["service_at_locations"] if s["location_id"] != str(second.pk)
    ]

    import_hsds(write_json(path, data))

    assert service.locations.count() == 1
    assert not Location.objects.filter(pk=second.pk).exists()
    service.refresh_from_db()
    assert service.latitude == Decimal("50.854900")


def test_progress_is_reported_on_long_imports(reference, tmp_path):
    records = [service_record(id=f"00000000-0000-4000-8000-{n:012d}") for n in range(5)]
    for n, record in enumerate(records):
        record["service_at_locations"][0]["location"]["id"] = f"10000000-0000-4000-8000-{n:012d}"
    lines = []

    import_hsds(write_json(tmp_path / "s.json", records), progress=lines.append, progress_every=2)

    assert [line.split(";")[0] for line in lines] == ["2 services read", "4 services read"]
    assert Service.objects.count() == 5


def test_the_command_prints_its_progress_on_long_imports(reference, tmp_path):
    records = [service_record(id=f"00000000-0000-4000-8000-{n:012d}") for n in range(5)]
    for n, record in enumerate(records):
        record["service_at_locations"][0]["location"]["id"] = f"10000000-0000-4000-8000-{n:012d}"
    out = StringIO()

    call_command(
        "import_hsds", str(write_json(tmp_path / "s.json", records)), progress=2, stdout=out
    )

    lines = out.getvalue().splitlines()
    assert [line.split(";")[0] for line in lines[:2]] == ["2 services read", "4 services read"]
    assert lines[2].startswith("5 services read in ") and "5 created" in lines[2]


def test_an_organisation_known_by_its_id_alone_is_enough(reference, tmp_path):
    organisation = make_organisation("Asbl Déjà là")
    record = service_record(organization_id=str(organisation.pk))
    del record["organization"]

    import_hsds(write_json(tmp_path / "s.json", [record]))

    assert Service.objects.get().organisation == organisation


# Bad input: a clear message, nothing written ----------------------------------------


def import_fails(path, *fragments, **options):
    before = row_counts()
    with pytest.raises(CommandError) as failure:
        call_command("import_hsds", str(path), stdout=StringIO(), stderr=StringIO(), **options)
    message = str(failure.value)
    for fragment in fragments:
        assert fragment in message, message
    assert row_counts() == before
    return message


@pytest.mark.parametrize(
    "path, value, fragments",
    [
        (("name",), 42, ["Record 2", "name", "not of type 'string'"]),
        (("status",), "open", ["Record 2", "status", "not one of"]),
        (("organization", "id"), "asbl-42", ["Record 2", "organization.id", "uuid"]),
        (
            ("service_at_locations", 0, "location", "latitude"),
            100,
            ["Record 2", "service_at_locations[0].location.latitude", "not on Earth"],
        ),
        (
            ("service_at_locations", 0, "location", "longitude"),
            -181.5,
            ["service_at_locations[0].location.longitude", "outside -180..180"],
        ),
        (
            ("service_at_locations", 0, "schedules", 0, "opens_at"),
            "9h",
            ["service_at_locations[0].schedules[0].opens_at", "not a time"],
        ),
        (("url",), "javascript:alert(1)", ["url", "not a web address"]),
    ],
)
def test_one_bad_record_writes_nothing_and_names_the_record_and_field(
    reference, tmp_path, path, value, fragments
):
    good = service_record()
    bad = set_path(deepcopy(good), path, value)
    bad["id"] = "11111111-2222-4333-8444-555555555555"
    bad["service_at_locations"][0]["location"]["id"] = "21111111-2222-4333-8444-555555555555"

    import_fails(write_json(tmp_path / "s.json", [good, bad]), *fragments, bad["id"])

    assert not Service.objects.exists()


def test_a_missing_required_field_is_named(reference, tmp_path):
    record = service_record()
    del record["name"]

    import_fails(write_json(tmp_path / "s.json", [record]), "Record 1", "'name' is a required")


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('[{"id": "x", "name": "a"', "Malformed JSON"),
        ("[1, 2,, 3]", "Malformed JSON"),
        ("not json at all", "Malformed JSON"),
        ("[] trailing", "text after the end"),
    ],
)
def test_malformed_json_is_refused(reference, tmp_path, text, fragment):
    path = tmp_path / "bad.json"
    path.write_text(text)

    import_fails(path, fragment)


def test_duplicate_ids_are_refused(reference, tmp_path):
    record = service_record()
    other = deepcopy(record)
    other["service_at_locations"][0]["location"]["id"] = "99999999-2222-4333-8444-555555555555"

    import_fails(write_json(tmp_path / "s.json", [record, other]), "Record 2", "duplicate id")


def test_a_file_over_the_size_limit_is_refused_before_reading(reference, tmp_path, monkeypatch):
    path = tmp_path / "big.json"
    path.write_text("[" + " " * (2 * 1024 * 1024) + "]")
    monkeypatch.setattr(hsds_files, "read_json", lambda file: pytest.fail("read"))

    import_fails(path, "big.json is 2.0 MB, over the limit of 1 MB", max_size=1)


def test_a_200_mb_file_is_refused_unread_with_the_default_limit(reference, tmp_path, monkeypatch):
    path = tmp_path / "services.json"
    with path.open("wb") as file:
        file.truncate(200 * hsds_files.MB)  # sparse: no room taken on disk
    monkeypatch.setattr(hsds_files, "read_json", lambda file: pytest.fail("read"))

    import_fails(path, "services.json is 200.0 MB, over the limit of 100 MB", "--max-size")


def test_a_zip_that_unpacks_over_the_limit_is_refused_unread(reference, tmp_path):
    path = tmp_path / "package.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("services.csv", b"0" * (2 * hsds_files.MB))

    import_fails(path, "The zip holds more than 1 MB once unpacked", max_size=1)


@pytest.mark.parametrize(
    "text, fragments",
    [
        ('{"contents": 5}', ["`contents` is not a list of services"]),
        ('{"total_items": 1, "contents": {"id": "x"}}', ["`contents` is not a list of services"]),
        ('[["a list"]]', ["Record 1", "not a JSON object"]),
    ],
)
def test_a_file_of_another_shape_is_refused(reference, tmp_path, text, fragments):
    path = tmp_path / "s.json"
    path.write_text(text)

    import_fails(path, *fragments)


def test_organisations_without_their_services_are_refused_for_what_they_are(reference, shared_data):
    example = shared_data / "hsds-3.0" / "examples" / "organization_list.json"

    message = import_fails(example, "Record 1", "an organization without its services")

    assert "required property" not in message


def spoil(path, kind):
    """Renames every exported service (so each record is an update), then spoils the end
    of the file with one bad thing of `kind`."""
    records = json.loads(path.read_text())
    for record in records:
        record["name"] += " (2)"
    last = records[-1]
    if kind == "a wrong schema":
        last["status"] = "open"
    elif kind == "an unknown taxonomy code":
        term = {"id": str(uuid.uuid4()), "code": "counselling", "name": "x", "description": ""}
        last["attributes"] = [{"id": str(uuid.uuid4()), "taxonomy_term": term}]
    elif kind == "coordinates outside the world":
        located = [r for r in records if "latitude" in str(r["service_at_locations"])]
        for link in located[-1]["service_at_locations"]:
            link["location"] |= {"latitude": 51.0, "longitude": 200.0}
    elif kind == "a duplicate id":
        records.append(deepcopy(records[0]))
    text = json.dumps(records, ensure_ascii=False)
    path.write_text(text[:-2] if kind == "malformed JSON" else text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "kind, fragment, parallel",
    [
        ("malformed JSON", "Malformed JSON", True),
        ("a wrong schema", "status: 'open' is not one of", False),
        ("an unknown taxonomy code", "'counselling' is none of our categories", False),
        ("coordinates outside the world", "200.0 is outside -180..180", False),
        ("a duplicate id", "duplicate id", True),
    ],
)
def test_bad_input_at_the_end_of_a_long_file_leaves_the_directory_as_it_was(
    demo, tmp_path, kind, fragment, parallel
):
    path = spoil(export(tmp_path / "services.json"), kind)
    counts, before = row_counts(), snapshot()
    modified = dict(Service.objects.values_list("pk", "modified"))

    # Small batches: many are written before the bad record is met, then rolled back.
    with pytest.raises(ImportFailed) as failure:
        import_hsds(path, batch_size=20, parallel=parallel, unknown_taxonomy="error")

    assert fragment in str(failure.value)
    assert row_counts() == counts
    assert dict(Service.objects.values_list("pk", "modified")) == modified
    assert snapshot() == before


def test_an_unknown_organisation_id_is_refused(reference, tmp_path):
    record = service_record(organization_id="77777777-2222-4333-8444-555555555555")
    del record["organization"]

    import_fails(
        write_json(tmp_path / "s.json", [record]), "organization_id", "neither in the file"
    )


def test_a_preview_counts_without_writing(reference, tmp_path):
    path = write_json(tmp_path / "s.json", [service_record()])

    report = preview_import(path)

    assert (report.ok, report.count("services created")) == (True, 1)
    organisation, service = report.changes
    assert (organisation.model, organisation.name, organisation.created) == (
        "organisation",
        "Asbl Canal",
        True,
    )
    assert (service.id, service.name, service.created) == (
        uuid.UUID(service_record()["id"]),
        "Colis du Canal",
        True,
    )
    assert [(c.action, c.what, c.new) for c in service.changes] == [
        ("added", "catégorie", "Aide alimentaire"),
        ("added", "téléphone", "02 123 45 67"),
        ("added", "tarif", "0"),
        ("added", "lieu", "Chaussée de Gand 10, 1080 Molenbeek-Saint-Jean"),
        (
            "added",
            "horaires « Chaussée de Gand 10, 1080 Molenbeek-Saint-Jean »",
            "lundi 09:00–12:30, jeudi 09:00–12:30",
        ),
    ]
    assert not Service.objects.exists()


# Official examples ------------------------------------------------------------------


def test_the_official_full_example_is_refused_for_its_taxonomy_and_coordinates(
    reference, shared_data
):
    example = shared_data / "hsds-3.0" / "examples" / "service_full.json"

    message = import_fails(
        example, "Record 1", "ac148810-d857-441c-9679-408f346de14b", strict_taxonomy=True
    )

    assert "attributes[0].taxonomy_term: taxonomy term 'code' is none of our" in message
    assert "service_at_locations[0].location.latitude: 100 is outside -90..90" in message
    assert "postal_code" not in message  # a foreign postcode is welcome


def test_the_official_example_imports_once_placed_in_brussels(reference, shared_data, tmp_path):
    record = json.loads((shared_data / "hsds-3.0/examples/service_full.json").read_text())
    location = record["service_at_locations"][0]["location"]
    location |= {"latitude": 50.8466, "longitude": 4.3528}
    location["addresses"][0]["postal_code"] = "1000"

    report = import_hsds(write_json(tmp_path / "s.json", [record]), unknown_taxonomy="skip")

    service = Service.objects.get(pk=record["id"])
    assert service.name_fr == "Community Counselling"
    assert service.organisation.name_fr == "Example Organization Inc."
    assert not service.free and not service.categories.exists()
    place = service.locations.get()
    assert place.commune.slug == "bruxelles" and place.wheelchair_accessible
    assert sorted(s.weekday for s in place.schedules.all()) == [3, 4]
    assert len(service.phones.get().note) == 120
    assert {w.field for w in report.warnings} >= {
        "attributes[0].taxonomy_term",
        "languages[0].code",
    }


def test_the_official_list_example_imports(reference, shared_data):
    report = import_hsds(shared_data / "hsds-3.0" / "examples" / "service_list.json")

    assert report.count("services created") == 1
    assert Service.objects.get().organisation.name_fr == "Example Organization Inc."


def test_the_official_csv_example_is_read_and_refused_for_the_same_reasons(
    reference, shared_data, tmp_path
):
    folder = shutil.copytree(shared_data / "hsds-3.0/examples/csv", tmp_path / "csv")

    message = import_fails(folder, "Record 1", "latitude: 100 is outside")
    assert "postal_code" not in message
    with zipfile.ZipFile(tmp_path / "package.zip", "w") as archive:
        for member in folder.iterdir():
            archive.write(member, member.name)
    assert import_fails(tmp_path / "package.zip", "Record 1") == message


# Export -----------------------------------------------------------------------------


def test_the_export_holds_published_services_only_in_id_order(reference, tmp_path, monkeypatch):
    services = [make_service(f"Service {n}") for n in range(5)]
    make_service("Brouillon", is_active=False)
    monkeypatch.setattr(hsds_export, "CHUNK_SIZE", 2)

    data = json.loads(export(tmp_path / "s.json").read_text())

    assert [s["id"] for s in data] == sorted(str(s.pk) for s in services)


def test_closures_and_temporary_statuses_leave_as_the_alert_and_stay_ours(reference, tmp_path):
    service = make_service("Colis")
    today = timezone.localdate()
    TemporaryStatus.objects.create(service=service, kind="closed", starts_on=today)
    ScheduleException.objects.create(
        location=service.locations.get(), start_date=today, end_date=today, reason_fr="Grève."
    )
    path = export(tmp_path / "services.json")
    folder = export(tmp_path / "package", fmt="csv")

    alert = json.loads(path.read_text())[0]["alert"]
    with (folder / "services.csv").open(encoding="utf-8") as table:
        assert next(csv.DictReader(table))["alert"] == alert
    assert alert.startswith("Temporairement fermé à partir du ") and alert.endswith(" Grève.")
    assert import_hsds(path).count("services unchanged") == 1
    assert service.temporary_statuses.count() == 1


def test_every_exported_service_validates_against_the_official_schema(demo, shared_data, tmp_path):
    schema = json.loads((shared_data / "hsds-3.0/compiled/service.json").read_text())
    validator = Draft202012Validator(schema, format_checker=FORMATS)

    for service in json.loads(export(tmp_path / "s.json").read_text()):
        validator.validate(service)


def test_the_csv_tables_follow_the_official_data_package(reference, shared_data, tmp_path):
    make_service("Colis", phones=("02 123 45 67",))
    official = json.loads((shared_data / "hsds-3.0/datapackage.json").read_text())
    official = {r["name"]: r for r in official["resources"]}

    folder = export(tmp_path / "package", fmt="csv")

    package = json.loads((folder / "datapackage.json").read_text())
    for resource in package["resources"]:
        theirs = official[resource["name"]]
        assert resource["path"] == theirs["path"]
        assert [f["name"] for f in resource["schema"]["fields"]] == [
            f["name"] for f in theirs["schema"]["fields"]
        ]
        required = {
            f["name"]
            for f in theirs["schema"]["fields"]
            if f.get("constraints", {}).get("required")
        }
        assert {f["name"] for f in resource["schema"]["fields"] if f.get("constraints")} == required
        header = (folder / resource["path"]).read_text().splitlines()[0]
        assert header.split(",") == [f["name"] for f in resource["schema"]["fields"]]


# Building blocks --------------------------------------------------------------------


def test_the_fast_schema_check_agrees_with_jsonschema(demo, shared_data, tmp_path):
    schema = json.loads((shared_data / "hsds-3.0/compiled/service.json").read_text())
    validator = Draft202012Validator(schema, format_checker=FORMATS)
    check = compile_schema(schema)
    records = json.loads(export(tmp_path / "s.json").read_text())[:20]
    records.append(json.loads((shared_data / "hsds-3.0/examples/service_full.json").read_text()))
    rng = random.Random(5)
    odd_values = [None, 1, 1.5, True, "text", "not-a-uuid", [], {}, "a@b", "MONTHLY"]

    def paths(node, prefix=()):
        yield prefix
        if isinstance(node, dict | list):
            children = node.items() if isinstance(node, dict) else enumerate(node)
            for key, child in children:
                yield from paths(child, (*prefix, key))

    for record in records:
        assert check(record) and validator.is_valid(record)
        for path in rng.sample(list(paths(record))[1:], 40):
            mutated = set_path(deepcopy(record), path, rng.choice(odd_values))
            assert check(mutated) == validator.is_valid(mutated), path


def test_imports_are_checked_against_the_official_schema_shipped_unchanged(shared_data):
    shipped = OFFICIAL_SERVICE_SCHEMA.read_bytes()

    assert shipped == (shared_data / "hsds-3.0/compiled/service.json").read_bytes()
    assert str(service_schema().source) == "the official HSDS 3.0 schema"


def test_the_batch_locator_agrees_with_geo_locate(reference, shared_data):
    for kind in ("communes", "quartiers"):
        path = shared_data / f"brussels-{kind}.geojson"
        call_command("import_boundaries", kind, str(path), stdout=StringIO())
    rng = random.Random(3)
    points = [(rng.uniform(50.76, 50.92), rng.uniform(4.24, 4.49), "1000") for _ in range(300)]

    located = AreaLocator().locate(points)

    for (lat, lon, postcode), (commune, quartier) in zip(points, located, strict=True):
        expected = geo.locate(lat, lon, postcode)
        assert (commune, quartier) == tuple(area.pk if area else None for area in expected)
    assert any(c is None for c, _ in located) and Commune.objects.count() == 19


def test_a_json_list_is_read_across_chunk_boundaries(tmp_path, monkeypatch):
    monkeypatch.setattr(hsds_files, "CHUNK", 7)
    path = tmp_path / "s.json"
    path.write_text('\ufeff[ {"id": 1, "n": 12345678901234},\n{"id": "é"} , {"x": [1, 2]} ]\n')

    records = list(hsds_files.read_records(path))

    assert records == [(1, {"id": 1, "n": 12345678901234}), (2, {"id": "é"}), (3, {"x": [1, 2]})]


def test_big_files_are_planned_in_a_second_process_with_the_same_result(demo, tmp_path):
    path = export(tmp_path / "services.json")
    before = snapshot()
    empty_directory()

    report = import_hsds(path, parallel=True, batch_size=50)

    assert report.count("services created") == len(before)
    after = snapshot()
    assert {sid: french(s) for sid, s in after.items()} == {
        sid: french(s) for sid, s in before.items()
    }


def test_a_bad_record_found_by_the_second_process_is_named(reference, tmp_path):
    records = [service_record(), service_record(id="not-a-uuid")]

    with pytest.raises(ImportFailed) as failure:
        import_hsds(write_json(tmp_path / "s.json", records), parallel=True)

    assert "Record 2 (id not-a-uuid), id: 'not-a-uuid' is not a 'uuid'" in str(failure.value)
    assert not Service.objects.exists()
