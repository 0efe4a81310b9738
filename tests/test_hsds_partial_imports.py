"""A partner's file updates what it carries and nothing else.

The `service_list` form (what any HSDS `/services` page returns) has no phones,
locations or categories: importing it must leave them alone. Only a list the file
gives, even empty, replaces what a service has, and the report names what that removes.
The official examples come from ../shared/data/hsds-3.0 (the `shared_data` fixture).
"""

import csv
import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from directory.hsds import export as hsds_export
from directory.hsds import serialise
from directory.hsds.importer import import_hsds
from directory.models import Audience, Category, Language, Location, Phone, Service
from tests.factories import make_service
from tests.test_hsds_import_export import (
    export,
    import_fails,
    row_counts,
    service_record,
    snapshot,
    write_json,
)

pytestmark = pytest.mark.django_db

LISTS = ("phones", "service_at_locations", "attributes", "languages", "cost_options")


def list_form(lang="fr"):
    """Every published service as the API's /services page shows it (`service_list`)."""
    with translation.override(lang):
        return [serialise.service_summary(s) for s in hsds_export.published_services()]


def minimal(record, **fields):
    """The least a valid record says: id, name, status, and its organisation's id."""
    return {
        "id": record["id"],
        "name": record["name"],
        "status": "active",
        "organization_id": record["organization"]["id"],
    } | fields


def imported(tmp_path, records, **options):
    return import_hsds(write_json(tmp_path / "s.json", records), **options)


# The list form leaves what it does not carry ---------------------------------------


def test_the_list_form_of_a_full_directory_changes_nothing(demo, tmp_path):
    before, counts = snapshot(), row_counts()
    records = list_form()
    assert records and not any(key in record for key in LISTS for record in records)

    report = imported(tmp_path, records)

    assert report.count("services unchanged") == len(records) > 200
    assert report.count("removals") == 0
    assert snapshot() == before
    assert row_counts() == counts


def test_the_official_list_example_leaves_the_full_examples_lists_alone(
    reference, shared_data, tmp_path
):
    folder = shared_data / "hsds-3.0" / "examples"
    full = json.loads((folder / "service_full.json").read_text())
    place = full["service_at_locations"][0]["location"]
    place |= {"latitude": 50.8466, "longitude": 4.3528}
    place["addresses"][0]["postal_code"] = "1000"
    imported(tmp_path, [full], unknown_taxonomy="skip")
    service = Service.objects.get(pk=full["id"])
    service.categories.set(Category.objects.filter(slug="sante-mentale"))
    service.audiences.set(Audience.objects.filter(slug="jeunes"))
    service.languages.set(Language.objects.filter(code="en"))
    assert service.phones.exists() and service.locations.get().wheelchair_accessible
    assert service.locations.get().schedules.exists()
    before = snapshot()

    report = import_hsds(folder / "service_list.json")

    assert report.count("services unchanged") == 1, report.changes
    assert snapshot() == before


def test_a_minimal_record_renames_and_keeps_the_rest(reference, tmp_path):
    record = service_record(url="https://canal.example.org", assured_date="2026-01-05")
    record["languages"] = [{"id": "5f5e4d3c-2b1a-4c0d-9e8f-7a6b5c4d3e21", "code": "ar"}]
    record["eligibility_description"] = "Familles"
    imported(tmp_path, [record])
    before = snapshot()[Service.objects.get().pk]

    report = imported(tmp_path, [minimal(record, name="Colis du Canal (Molenbeek)")])

    after = snapshot()[Service.objects.get().pk]
    assert report.count("services updated") == 1 and report.count("removals") == 0
    assert after["texts"]["name (fr)"] == "Colis du Canal (Molenbeek)"
    del before["texts"], after["texts"], before["search_document"], after["search_document"]
    assert after == before
    assert before["website"] == "https://canal.example.org"
    assert before["last_verified"] == date(2026, 1, 5) and before["free"]
    assert before["phones"] and before["categories"] == ["alimentation"]
    assert before["languages"] == ["ar"] and before["audiences"] == ["familles"]
    assert before["locations"] and next(iter(before["locations"].values()))["hours"]
    service = Service.objects.get()
    assert service.description_fr == "Colis alimentaires chaque semaine."
    assert service.walk_in and service.how_to_access_fr == "Apportez une preuve de revenus."
    assert "alimentaire" in service.search_document  # the kept category is still searchable


def test_a_given_list_replaces_even_when_empty(reference, tmp_path):
    record = service_record()
    imported(tmp_path, [record])

    report = imported(
        tmp_path, [minimal(record, phones=[], attributes=[], service_at_locations=[])]
    )

    service = Service.objects.get()
    assert not service.phones.exists() and not service.categories.exists()
    assert not Location.objects.exists()
    assert (service.latitude, service.longitude) == (None, None)
    assert report.count("removals") == 3
    removed = {(name, change.what, change.old) for name, change in report.removals}
    assert removed == {
        ("Colis du Canal", "téléphone", "02 123 45 67"),
        ("Colis du Canal", "catégorie", "Aide alimentaire"),
        ("Colis du Canal", "lieu", "Chaussée de Gand 10, 1080 Molenbeek-Saint-Jean"),
    }


def test_a_new_service_without_a_price_is_not_called_free(reference, tmp_path):
    record = minimal(service_record())
    record["organization"] = service_record()["organization"]
    del record["organization_id"]

    imported(tmp_path, [record])

    assert not Service.objects.get().free


# Places: what the file says of each ---------------------------------------------------


def test_a_place_given_by_its_id_alone_keeps_its_address_point_and_hours(reference, tmp_path):
    record = service_record()
    imported(tmp_path, [record])
    place = Location.objects.get()
    before = snapshot()
    bare_place = {"id": str(place.pk), "location_type": "physical"}
    link = {"id": record["service_at_locations"][0]["id"], "location": bare_place}

    report = imported(tmp_path, [minimal(record, service_at_locations=[link])])

    assert report.count("services unchanged") == 1
    assert snapshot() == before


def test_a_place_at_a_new_address_without_coordinates_loses_its_old_point(reference, tmp_path):
    record = service_record()
    imported(tmp_path, [record])
    address = record["service_at_locations"][0]["location"]
    del address["latitude"], address["longitude"]
    address["addresses"][0] |= {"address_1": "Rue Haute 5", "postal_code": "1000", "city": ""}

    imported(tmp_path, [record])

    place = Location.objects.get()
    assert (place.street_fr, place.postcode, place.latitude) == ("Rue Haute 5", "1000", None)
    assert place.commune.slug == "bruxelles" and place.quartier is None


def test_a_confidential_place_listed_without_its_address_stays_confidential(reference, tmp_path):
    record = service_record()
    imported(tmp_path, [record])
    Location.objects.update(address_hidden=True)
    place = record["service_at_locations"][0]["location"]
    bare_place = {"id": place["id"], "location_type": "physical"}
    link = {"id": record["service_at_locations"][0]["id"], "location": bare_place}

    imported(tmp_path, [minimal(record, service_at_locations=[link])])

    assert Location.objects.get().address_hidden


def test_a_file_that_names_a_refuges_place_never_makes_it_public(reference, tmp_path):
    """A partner's feed or an old export may carry a refuge's name, street or point: the
    place stays confidential, and so do its columns on every public page."""
    record = service_record()
    imported(tmp_path, [record])
    Location.objects.update(address_hidden=True)
    place = record["service_at_locations"][0]["location"]
    place["name"] = "Maison X"
    place["addresses"][0] |= {"address_1": "Rue Haute 5", "postal_code": "1000", "city": ""}

    imported(tmp_path, [record])

    location = Location.objects.get()
    assert location.address_hidden and location.name == "Maison X"
    page = Client().get(location.service.get_absolute_url()).content.decode()
    assert "Maison X" not in page and "Rue Haute" not in page


# The tabular data package: a table or a column it lacks is not given ----------------


def drop_tables(folder, *names):
    package = json.loads((folder / "datapackage.json").read_text())
    for resource in [r for r in package["resources"] if r["name"] in names]:
        (folder / resource["path"]).unlink()
        package["resources"].remove(resource)
    (folder / "datapackage.json").write_text(json.dumps(package))


def drop_column(path, column):
    with path.open(encoding="utf-8", newline="") as table:
        rows = list(csv.DictReader(table))
    names = [name for name in rows[0] if name != column]
    with path.open("w", encoding="utf-8", newline="") as table:
        writer = csv.DictWriter(table, names, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def test_a_data_package_without_some_tables_leaves_those_lists_alone(demo, tmp_path):
    folder = export(tmp_path / "package", fmt="csv")
    drop_tables(folder, "phone", "attribute", "language", "service_at_location", "cost_option")
    drop_column(folder / "services.csv", "description")
    Service.objects.update(description_fr="Décrit ici seulement.")
    before, counts = snapshot(), row_counts()

    report = import_hsds(folder)

    assert report.count("removals") == 0
    assert report.count("services unchanged") == len(before)
    assert snapshot() == before and row_counts() == counts


def test_a_table_given_replaces_each_services_rows_in_it(reference, tmp_path):
    kept = make_service("Colis", phones=("02 111 11 11",))
    emptied = make_service("Guichet", phones=("02 222 22 22",))
    folder = export(tmp_path / "package", fmt="csv")
    phones = (folder / "phones.csv").read_text().splitlines()
    (folder / "phones.csv").write_text("\n".join(p for p in phones if "222" not in p) + "\n")

    report = import_hsds(folder)

    assert [p.number for p in kept.phones.all()] == ["02 111 11 11"]
    assert not emptied.phones.exists()
    assert [(name, change.old) for name, change in report.removals] == [("Guichet", "02 222 22 22")]


# Prices: free means every option is free -------------------------------------------


@pytest.mark.parametrize(
    "options, free",
    [
        ([{"option": "Adultes", "amount": 5}, {"option": "Enfants", "amount": 0}], False),
        ([{"option": "Enfants", "amount": 0}, {"option": "Adultes", "amount": 5.5}], False),
        ([{"option": "Tous", "amount": 0}, {"option": "Groupes", "amount": 0.0}], True),
        ([{"option": "Sur devis"}, {"option": "Enfants", "amount": 0}], False),
        ([], False),
    ],
)
def test_a_service_is_free_only_if_every_cost_option_is(reference, tmp_path, client, options, free):
    ids = iter(["8e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5b", "9e2f3a4b-5c6d-4e7f-8a9b-0c1d2e3f4a5c"])
    options = [option | {"id": next(ids), "currency": "EUR"} for option in options]

    imported(tmp_path, [service_record(cost_options=options)])

    assert Service.objects.get().free is free
    listed = client.get("/api/v1/services", {"free": "true"}).json()["contents"]
    assert [s["name"] for s in listed] == (["Colis du Canal"] if free else [])


def test_free_and_paying_services_come_back_as_they_left(reference, tmp_path):
    free = make_service("Colis", free=True, fees_fr="Participation libre")
    paying = make_service("Cours", free=False, fees_fr="Gratuit")  # "Gratuit" typed as a fee
    path = export(tmp_path / "s.json")
    data = {s["id"]: s for s in json.loads(path.read_text())}
    assert [o["amount"] for o in data[str(free.pk)]["cost_options"]] == [0]
    assert data[str(paying.pk)]["cost_options"] == []

    report = import_hsds(path)

    assert report.count("services unchanged") == 2
    free.refresh_from_db()
    paying.refresh_from_db()
    assert (free.free, free.fees_fr) == (True, "Participation libre")
    assert (paying.free, paying.fees_fr) == (False, "Gratuit")


def test_the_word_free_without_cost_options_still_means_free(reference, tmp_path):
    record = service_record(fees_description="Gratis")
    del record["cost_options"]

    imported(tmp_path, [record], lang="nl")

    service = Service.objects.get()
    assert service.free and service.fees_nl == ""


# Files Python's parser gives up on ------------------------------------------------------


def deep(n=100_000):
    return "[" * n + "]" * n


@pytest.mark.parametrize(
    "text, fragments",
    [
        (deep(), ["line 1", "nested more than 100 levels deep"]),
        ("[\n" + json.dumps(service_record())[:-1] + ', "x": ' + deep() + "}]", ["line 2"]),
        ('{"contents": [\n\n' + deep() + "]}", ["line 3", "nested more than 100"]),
        ("[" + json.dumps(service_record()) + ",\n" + "7" * 5000 + "]", ["after record 1"]),
        ('{"total_items":\n' + "1" * 5000 + "}", ["line 2", "a number of 5000 digits"]),
    ],
)
def test_a_file_too_deep_or_with_a_huge_number_is_refused_with_its_line(
    reference, tmp_path, text, fragments
):
    path = tmp_path / "s.json"
    path.write_text(text)

    message = import_fails(path, "Malformed JSON", *fragments)

    assert "Traceback" not in message and "sys.set_int_max_str_digits" not in message


@pytest.mark.parametrize("depth", [300, 600, 900, 990])
def test_a_value_nested_almost_too_deep_for_python_is_refused(reference, tmp_path, depth):
    text = json.dumps([service_record(attributes="NESTED")])
    path = tmp_path / "s.json"
    path.write_text(text.replace('"NESTED"', "[" * depth + "]" * depth))

    message = import_fails(path)

    assert "nested" in message or "Record 1 (id 0b4d3c1e" in message
    assert len(message) < 1000


def test_a_megabyte_of_wrong_value_is_named_in_a_line(reference, tmp_path):
    path = write_json(tmp_path / "s.json", [service_record(status="x" * 1_000_000)])

    message = import_fails(path, "Record 1", "status: 'xxx")

    assert len(message) < 1000


def test_a_huge_number_in_a_data_package_descriptor_is_refused(reference, tmp_path):
    folder = tmp_path / "package"
    folder.mkdir()
    (folder / "datapackage.json").write_text('{"resources": [], "x": ' + "9" * 5000 + "}")

    import_fails(folder, "datapackage.json is not a data package descriptor")


def test_a_latitude_of_four_thousand_digits_is_not_on_earth(reference, tmp_path):
    text = json.dumps([service_record()]).replace("50.8549", "5" * 4000)
    path = tmp_path / "s.json"
    path.write_text(text)

    message = import_fails(path, "Record 1", "location.latitude", "is outside -90..90")

    assert len(message) < 1000


def test_the_same_file_read_in_a_second_process_gives_the_same_error(reference, tmp_path):
    path = tmp_path / "s.json"
    path.write_text("[" + json.dumps(service_record()) + ",\n" + deep())

    with pytest.raises(Exception, match="line 2 after record 1: nested more than 100") as failure:
        import_hsds(path, parallel=True)

    assert type(failure.value).__name__ == "ImportFailed"


# The command says what it removes ---------------------------------------------------


def test_the_command_lists_what_it_would_remove_and_then_removes_it(reference, tmp_path):
    record = service_record()
    imported(tmp_path, [record])
    path = write_json(tmp_path / "list.json", [minimal(record, phones=[])])
    out = StringIO()

    call_command("import_hsds", str(path), dry_run=True, stdout=out)

    lines = out.getvalue().splitlines()
    assert "1 thing would be removed" in lines[-3]
    assert lines[-2:] == ["Would remove:", "  Colis du Canal: téléphone: - 02 123 45 67"]
    assert Phone.objects.exists()
    out = StringIO()
    call_command("import_hsds", str(path), stdout=out)
    assert out.getvalue().splitlines()[-2:] == [
        "Removed:",
        "  Colis du Canal: téléphone: - 02 123 45 67",
    ]
    assert not Phone.objects.exists()


def test_removals_are_counted_past_the_preview_sample(reference, tmp_path, monkeypatch):
    from directory.hsds import changes as hsds_changes

    monkeypatch.setattr(hsds_changes, "SAMPLE_SIZE", 1)
    monkeypatch.setattr(hsds_changes, "MAX_REMOVALS", 2)
    records = []
    for n in range(4):
        record = service_record(id=f"00000000-0000-4000-8000-{n:012d}", name=f"Colis {n}")
        record["service_at_locations"][0]["location"]["id"] = f"10000000-0000-4000-8000-{n:012d}"
        records.append(record)
    imported(tmp_path, records)

    report = imported(tmp_path, [minimal(r, phones=[]) for r in records])

    assert report.count("removals") == 4 and report.removals_unlisted == 2
    assert len(report.changes) == 1 and report.unlisted == 3
    assert [name for name, _ in report.removals] == ["Colis 0", "Colis 1"]
    assert not Phone.objects.exists()
