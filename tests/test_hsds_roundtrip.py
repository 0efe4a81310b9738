"""Nothing lost: the official HSDS example goes in and comes back out with its values and
its ids, whether its place is in Brussels or abroad (issue 17, items 1, 2 and 4).

The measure flattens both JSON documents into (path, value) leaves, list items named by
their id, and counts the example's leaves found unchanged in the export.
"""

import json
import re
import uuid
from copy import deepcopy

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.hsds.importer import ImportFailed, import_hsds
from directory.models import CostOption, Location, Phone, Schedule, Service

pytestmark = pytest.mark.django_db

KEPT_AT_LEAST = 0.95
EXAMPLE = "hsds-3.0/examples/service_full.json"


def flatten(node, path=""):
    """{path: value} of every leaf; a list item with an id is named by it."""
    leaves = {}
    if isinstance(node, dict):
        for key, value in node.items():
            leaves |= flatten(value, f"{path}.{key}")
    elif isinstance(node, list):
        for i, item in enumerate(node):
            name = item["id"] if isinstance(item, dict) and "id" in item else i
            leaves |= flatten(item, f"{path}[{name}]")
    else:
        leaves[path] = node
    return leaves


def kept_share(given, exported):
    """(share of the given leaves found unchanged, the paths lost)."""
    before, after = flatten(given), flatten(exported)
    lost = sorted(path for path, value in before.items() if after.get(path, ...) != value)
    return 1 - len(lost) / len(before), lost


def example(shared_data, latitude, longitude, postcode=None):
    record = json.loads((shared_data / EXAMPLE).read_text())
    for place in (
        record["service_at_locations"][0]["location"],
        record["organization"]["locations"][0],
    ):
        place |= {"latitude": latitude, "longitude": longitude}
        if postcode:
            place["addresses"][0]["postal_code"] = postcode
    return record


def import_records(tmp_path, records, name="s.json"):
    path = tmp_path / name
    path.write_text(json.dumps(records), encoding="utf-8")
    return import_hsds(path)  # foreign terms kept, the default


def exported(client, service_id):
    response = client.get(f"/api/v1/services/{service_id}")
    assert response.status_code == 200
    return response.json()


def measure(client, record):
    share, lost = kept_share(record, exported(client, record["id"]))
    print(f"\n{share:.1%} of {len(flatten(record))} values kept; lost: {lost}")
    assert share >= KEPT_AT_LEAST, lost
    return share, lost


def test_the_official_example_placed_in_brussels_comes_back(
    reference, shared_data, tmp_path, client
):
    record = example(shared_data, 50.8466, 4.3528, postcode="1000")
    import_records(tmp_path, [record])

    measure(client, record)


def test_the_official_example_placed_abroad_comes_back_outside_every_commune(
    reference, shared_data, tmp_path, client
):
    # Its own postcode ("ABC 1234") and a point in London.
    record = example(shared_data, 51.5072, -0.1276)
    import_records(tmp_path, [record])

    place = Location.objects.get(pk=record["service_at_locations"][0]["location"]["id"])
    assert place.commune_id is None and place.postcode == "ABC 1234"
    assert float(place.latitude) == pytest.approx(51.5072)
    measure(client, record)
    slug = Service.objects.get().slug
    page = client.get(f"/fr/services/{slug}/")
    assert page.status_code == 200 and "ABC 1234" in page.content.decode()
    # Searched from the Grand-Place, it is listed with its distance (over 300 km).
    found = client.get("/fr/services/", {"q": "Counselling", "near": "50.8466,4.3528"})
    assert "Community Counselling" in found.content.decode()
    assert re.search(r"badge-distance\">3\d\d km", found.content.decode())


def test_impossible_coordinates_are_refused_naming_the_record_and_field(
    reference, shared_data, tmp_path
):
    record = json.loads((shared_data / EXAMPLE).read_text())  # latitude 100

    with pytest.raises(ImportFailed) as failure:
        import_records(tmp_path, [record])

    (problem,) = failure.value.report.errors
    assert problem.number == 1 and problem.id == record["id"]
    assert problem.field == "service_at_locations[0].location.latitude"
    assert not Service.objects.filter(pk=record["id"]).exists()


def test_ids_are_kept_and_the_service_at_location_answers(reference, shared_data, tmp_path, client):
    record = example(shared_data, 50.8466, 4.3528, postcode="1000")
    import_records(tmp_path, [record])

    link = record["service_at_locations"][0]
    assert client.get(f"/api/v1/service_at_locations/{link['id']}").status_code == 200
    assert Phone.objects.get(service_id=record["id"]).uid == uuid.UUID(record["phones"][0]["id"])
    schedules = Schedule.objects.filter(location_id=link["location"]["id"])
    assert {s.uid for s in schedules} == {uuid.UUID(link["schedules"][0]["id"])}
    assert str(CostOption.objects.get().uid) == record["cost_options"][0]["id"]


def history_rows():
    return sum(m.history.count() for m in (Service, Phone, Schedule, Location))


def test_reimporting_the_example_and_its_export_changes_nothing(
    reference, shared_data, tmp_path, client
):
    record = example(shared_data, 50.8466, 4.3528, postcode="1000")
    import_records(tmp_path, [record])
    first = exported(client, record["id"])
    history = history_rows()

    again = import_records(tmp_path, [record], "again.json")
    report = import_records(tmp_path, [first], "export.json")

    assert again.counts["services unchanged"] == 1
    assert report.counts["services unchanged"] == 1, report.changes
    assert history_rows() == history
    second = exported(client, record["id"])
    assert second == first


def test_the_official_service_list_over_the_full_example_removes_nothing(
    reference, shared_data, tmp_path, client
):
    record = example(shared_data, 50.8466, 4.3528, postcode="1000")
    import_records(tmp_path, [record])
    before = flatten(exported(client, record["id"]))
    listing = json.loads((shared_data / "hsds-3.0/examples/service_list.json").read_text())
    listing = listing.get("contents", listing) if isinstance(listing, dict) else listing

    import_records(tmp_path, listing, "list.json")

    after = flatten(exported(client, record["id"]))
    gone = sorted(set(before) - set(after))
    assert not gone, gone


def test_local_ids_are_random_so_two_databases_never_share_them(reference, tmp_path):
    from tests.factories import make_service

    first, second = make_service(), make_service()
    phones = [Phone.objects.create(service=s, number="02 500 00 00") for s in (first, second)]
    assert phones[0].uid != phones[1].uid
    assert phones[0].uid.version == 4


def test_a_schedule_valid_only_in_2019_is_not_todays_hours(reference, shared_data, tmp_path):
    record = example(shared_data, 50.8466, 4.3528, postcode="1000")
    for schedules in (record["service_at_locations"][0]["schedules"],):
        schedules[0] |= {"valid_from": "2019-01-01", "valid_to": "2019-12-31"}
    import_records(tmp_path, [record])

    place = Location.objects.prefetch_related("schedules", "exceptions").get()
    assert place.schedules.count() == 2  # Thursday and Friday, kept for the export
    assert place.current_schedules() == []
    assert all(slots == [] for _, slots in place.weekly_hours())
    assert not Location.objects.open_at(_a_thursday_at_noon()).exists()


def _a_thursday_at_noon():
    from datetime import datetime

    from django.utils import timezone

    return timezone.make_aware(datetime(2026, 11, 26, 12, 0))


def test_prices_of_adults_and_children_are_not_free(reference, shared_data, tmp_path, client):
    record = example(shared_data, 50.8466, 4.3528, postcode="1000")
    record["cost_options"] = [
        {"id": str(uuid.uuid4()), "option": "Adults", "amount": 5, "currency": "EUR"},
        {"id": str(uuid.uuid4()), "option": "Children", "amount": 0, "currency": "EUR"},
    ]
    record.pop("fees_description")
    import_records(tmp_path, [record])

    data = exported(client, record["id"])
    assert [(o["option"], o["amount"]) for o in data["cost_options"]] == [
        ("Adults", 5),
        ("Children", 0),
    ]
    assert "fees_description" not in data
    listed = client.get("/api/v1/services", {"free": "true"}).json()["contents"]
    assert record["id"] not in {item["id"] for item in listed}


def test_a_page_of_full_services_costs_the_same_queries_with_kept_fields(
    reference, shared_data, tmp_path, client
):
    records = []
    for _ in range(3):
        record = deepcopy(example(shared_data, 50.8466, 4.3528, postcode="1000"))
        record["id"] = str(uuid.uuid4())
        for link in record["service_at_locations"]:
            link["id"] = str(uuid.uuid4())
            link["location"]["id"] = str(uuid.uuid4())
        records.append(record)
    import_records(tmp_path, records[:1])
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/services", {"full": "true"})
    import_records(tmp_path, records[1:], "more.json")
    with CaptureQueriesContext(connection) as three:
        client.get("/api/v1/services", {"full": "true"})
    assert len(three) == len(one)


def test_a_confidential_place_exports_nothing_kept_that_could_say_where_it_is(
    reference, shared_data, tmp_path, client
):
    record = example(shared_data, 50.8466, 4.3528, postcode="1000")
    import_records(tmp_path, [record])
    Location.objects.update(address_hidden=True)

    for url in (
        f"/api/v1/services/{record['id']}",
        f"/api/v1/service_at_locations/{record['service_at_locations'][0]['id']}",
        "/api/v1/services?full=true",
    ):
        text = client.get(url).content.decode()
        for secret in ("Main Street", "MyVillage", "Civic Center", "50.8466", "1-30"):
            assert secret not in text, (url, secret)
    data = exported(client, record["id"])
    (place,) = data["organization"]["locations"]
    assert set(place) <= {"id", "location_type", "organization_id", "description", "addresses",
                          "accessibility"}  # fmt: skip
    assert data["funding"] == record["funding"]  # the service's own, still public
    assert "metadata" not in data  # its log of old values named the place


def test_what_to_bring_and_ages_are_on_the_service_page(reference, shared_data, tmp_path, client):
    record = example(shared_data, 50.8466, 4.3528, postcode="1000")
    record["required_documents"] = [{"id": str(uuid.uuid4()), "document": "Carte d'identité"}]
    import_records(tmp_path, [record])
    service = Service.objects.get()

    page = client.get(f"/fr/services/{service.slug}/").content.decode()

    assert "À apporter" in page and "Carte d&#x27;identité" in page
    assert "De 12 à 100 ans." in page
    assert "Under 18s and Over 60s 35 gbp" in page


def test_an_organisations_other_locations_never_show_a_confidential_place(
    reference, shared_data, tmp_path, client
):
    record = example(shared_data, 50.8466, 4.3528, postcode="1000")
    import_records(tmp_path, [record])
    Location.objects.update(address_hidden=True)
    # Another service of the organisation lists the same place among the organisation's
    # locations only: kept as the file gave it, it must not come back.
    other = deepcopy(record) | {"id": str(uuid.uuid4()), "service_at_locations": []}
    import_records(tmp_path, [other], "other.json")

    organisation = client.get(f"/api/v1/organizations/{record['organization']['id']}")
    text = organisation.content.decode()
    assert organisation.status_code == 200
    assert "Main Street" not in text and "Civic Center" not in text


def test_utc_offsets_and_time_zones_come_back_as_written(reference, shared_data, tmp_path, client):
    record = example(shared_data, 50.8466, 4.3528, postcode="1000")
    schedule = record["service_at_locations"][0]["schedules"][0]
    schedule |= {"opens_at": "09:30:00+01:00", "closes_at": "17:00:00+01:00", "timezone": 1}
    schedule |= {"valid_to": "2099-12-31"}
    import_records(tmp_path, [record])

    (link,) = exported(client, record["id"])["service_at_locations"]
    assert link["schedules"][0] | {"service_at_location_id": None} == schedule | {
        "service_at_location_id": None
    }
    place = Location.objects.prefetch_related("schedules").get()
    assert [(s.weekday, f"{s.opens_at:%H:%M}") for s in place.current_schedules()] == [
        (3, "09:30"),
        (4, "09:30"),
    ]
