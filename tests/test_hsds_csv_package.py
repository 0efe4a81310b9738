"""The CSV data package we export is valid for the tools partners read it with.

frictionless checks it against our own datapackage.json and against the official HSDS
3.0 descriptor (every table there, empty ones included); times are `time` values and a
confidential place leaves no half-empty address.
"""

import json
import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from frictionless import validate

from directory.hsds.importer import import_hsds
from directory.models import Location, Service
from tests.test_hsds_foreign_taxonomies import TAXONOMY_ID, TERM_ID, official_full, write


def export_csv(folder):
    call_command("export_hsds", str(folder), format="csv", stdout=StringIO())
    return folder


def problems(descriptor):
    report = validate(str(descriptor))
    found = [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors]
    return found + [error.message for error in report.errors]


@pytest.fixture
def exported(demo, tmp_path_factory):
    assert Location.objects.filter(address_hidden=True, service__is_active=True).exists()
    return export_csv(tmp_path_factory.mktemp("csv"))


def test_the_csv_export_is_valid_for_its_own_descriptor(exported):
    assert problems(exported / "datapackage.json") == []
    schedules = (exported / "schedules.csv").read_text().splitlines()
    assert ",09:00:00," in "\n".join(schedules)


def test_a_confidential_place_gives_its_commune_alone_in_a_valid_row(exported):
    hidden = Location.objects.filter(address_hidden=True, service__is_active=True).first()
    addresses = (exported / "addresses.csv").read_text()

    row = next(line for line in addresses.splitlines() if str(hidden.pk) in line)
    assert "Adresse communiquée par téléphone" in row
    assert ",".join(hidden.commune.postcodes) in row.replace(" ", ",")


def test_the_csv_export_is_valid_for_the_official_descriptor(exported, shared_data):
    official = exported / "official.json"
    shutil.copy(shared_data / "hsds-3.0/examples/csv/datapackage.json", official)

    assert problems(official) == []


def test_foreign_terms_travel_through_the_csv_package(reference, shared_data, tmp_path):
    record = official_full(shared_data)
    import_hsds(write(tmp_path / "s.json", [record]))
    folder = export_csv(tmp_path / "csv")

    assert TERM_ID in (folder / "taxonomy_terms.csv").read_text()
    assert TAXONOMY_ID in (folder / "taxonomies.csv").read_text()
    assert TERM_ID in (folder / "attributes.csv").read_text()
    Service.objects.get(pk=record["id"]).foreign_terms.clear()

    import_hsds(folder)

    term = Service.objects.get(pk=record["id"]).foreign_terms.get()
    assert (str(term.pk), str(term.taxonomy_id)) == (TERM_ID, TAXONOMY_ID)


def test_the_datapackage_names_every_official_table(exported, shared_data):
    official = json.loads((shared_data / "hsds-3.0/examples/csv/datapackage.json").read_text())
    ours = json.loads((exported / "datapackage.json").read_text())

    assert {r["path"] for r in ours["resources"]} == {r["path"] for r in official["resources"]}
