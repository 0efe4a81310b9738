"""Coordinators import what other HSDS systems send: organizations with their services,
service_at_locations, pages and lists, not only full services.

The official examples are used as they are, their place moved into Brussels (the other
helper's rule keeps foreign places; latitude 100 is impossible wherever it is).
"""

import csv
import json
import shutil
import uuid
from copy import deepcopy
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory.hsds.files import read_records
from directory.hsds.importer import import_hsds
from directory.models import Location, Service

EXAMPLES = "hsds-3.0/examples"
SERVICE = "ac148810-d857-441c-9679-408f346de14b"
PLACE = "3a19ff88-4620-4d17-9830-ac1d859eb5d5"


def in_brussels(obj):
    """The object with every point and postcode moved into Brussels."""
    obj = deepcopy(obj)
    stack = [obj]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if "latitude" in node:
                node |= {"latitude": 50.8466, "longitude": 4.3528}
            if "postal_code" in node:
                node["postal_code"] = "1000"
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return obj


def example(shared_data, tmp_path, name, change=in_brussels):
    data = change(json.loads((shared_data / EXAMPLES / name).read_text()))
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path, data


def fails(path):
    with pytest.raises(CommandError) as failure:
        call_command("import_hsds", str(path), stdout=StringIO(), stderr=StringIO())
    return str(failure.value)


def test_an_organization_file_imports_its_services(reference, shared_data, tmp_path):
    path, data = example(shared_data, tmp_path, "organization_full.json")

    report = import_hsds(path)

    assert report.count("services created") == 1
    service = Service.objects.get(pk=SERVICE)
    assert str(service.organisation_id) == data["id"]
    assert service.organisation.name_fr == data["name"]
    assert [str(place.pk) for place in service.locations.all()] == [PLACE]
    assert service.foreign_terms.count() == 1


def test_a_service_at_location_file_imports_its_service_at_its_place(
    reference, shared_data, tmp_path
):
    path, data = example(shared_data, tmp_path, "service_at_location_full.json")

    report = import_hsds(path)

    assert report.count("services created") == 1
    service = Service.objects.get(pk=SERVICE)
    assert service.organisation.name_fr == "Example Organization Inc."
    place = service.locations.get()
    assert str(place.pk) == PLACE and place.commune.slug == "bruxelles"
    assert place.schedules.exists()


def test_a_page_of_service_at_locations_imports(reference, shared_data, tmp_path):
    path, data = example(shared_data, tmp_path, "service_at_location_list.json")

    report = import_hsds(path)

    assert report.count("services created") == 1
    assert [str(p.pk) for p in Service.objects.get(pk=SERVICE).locations.all()] == [PLACE]


def test_a_service_at_two_places_listed_twice_is_one_service(reference, shared_data, tmp_path):
    def two_places(page):
        page = in_brussels(page)
        second = deepcopy(page["contents"][0])
        second["id"] = str(uuid.uuid4())
        second["location"]["id"] = str(uuid.uuid4())
        page["contents"].append(second)
        return page

    path, data = example(shared_data, tmp_path, "service_at_location_list.json", two_places)

    report = import_hsds(path)

    assert report.count("services created") == 1
    assert Location.objects.filter(service_id=SERVICE).count() == 2


@pytest.mark.parametrize(
    "name, fragment",
    [
        ("organization_list.json", "an organization without its services"),
        ("location.json", "a place alone"),
        ("base.json", "the root of an HSDS API"),
    ],
)
def test_objects_that_give_no_service_are_named_for_what_they_are(
    reference, shared_data, tmp_path, name, fragment
):
    path, data = example(shared_data, tmp_path, name)

    message = fails(path)

    assert "Record 1" in message and fragment in message
    assert "required property" not in message
    assert not Service.objects.exists()


# The official CSV data package: every table read, or said not imported ----------------


def csv_example(shared_data, tmp_path):
    """The official CSV example, its place moved into Brussels (latitude 100 is refused)."""
    folder = tmp_path / "csv"
    shutil.copytree(shared_data / EXAMPLES / "csv", folder)
    for name, changes in (
        ("locations.csv", {"latitude": "50.8466", "longitude": "4.3528"}),
        ("addresses.csv", {"postal_code": "1000"}),
    ):
        with (folder / name).open(newline="", encoding="utf-8") as file:
            rows = list(csv.DictReader(file))
        with (folder / name).open("w", newline="", encoding="utf-8") as file:
            writer = csv.DictWriter(file, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(row | changes for row in rows)
    return folder


def test_every_table_of_the_csv_example_reaches_its_service(shared_data, tmp_path):
    (number, record), (zero, notes) = list(read_records(csv_example(shared_data, tmp_path)))

    assert (number, zero) == (1, 0)
    assert {"contacts", "funding", "required_documents", "program"} <= set(record)
    assert record["contacts"][0]["phones"][0]["number"] == '"+44 1234 234567"'
    organisation = record["organization"]
    assert organisation["organization_identifiers"][0]["identifier"] == "1234567"
    place = record["service_at_locations"][0]["location"]
    assert {"phones", "contacts", "addresses", "accessibility", "schedules"} <= set(place)
    assert {path for path, _ in notes.warnings} == {
        "attributes.csv",
        "metadata.csv",
        "meta_table_descriptions.csv",
    }


def test_the_csv_example_imports_and_says_what_it_leaves(reference, shared_data, tmp_path):
    report = import_hsds(csv_example(shared_data, tmp_path))

    assert report.count("services created") == 1
    said = [str(w) for w in report.warnings if not w.number]
    assert "attributes.csv: 1 rows name no service, location or organization" in said[0]
    assert "meta_table_descriptions.csv describes the package's tables" in said[2]
    assert Service.objects.get(pk=SERVICE).phones.count() == 1
