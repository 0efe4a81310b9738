"""Another system's taxonomy comes in with its services: kept, shown, exported back, mapped.

A coordinator receiving a file classified with Open Eligibility (or the official example's
"taxonomy") keeps its terms on the services, maps the ones that matter to our categories
in a crosswalk (admin, or a CSV file), and later imports give the mapped services our
category. Refusing such a file is a choice (--strict-taxonomy), not the default.
"""

import json
from copy import deepcopy
from html import unescape
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory.hsds.importer import import_hsds
from directory.hsds.schema import service_schema
from directory.models import Crosswalk, ForeignTaxonomy, ForeignTerm, Service
from tests import ohana

TERM_ID = "3f7b145d-84af-42d7-8fae-eaca714b02b2"  # the official example's term
TAXONOMY_ID = "5c4d79d7-cc55-470e-9f1f-8cad074e4892"


def official_full(shared_data):
    """The official service_full example, its place moved into Brussels."""
    record = json.loads((shared_data / "hsds-3.0/examples/service_full.json").read_text())
    location = record["service_at_locations"][0]["location"]
    location |= {"latitude": 50.8466, "longitude": 4.3528}
    location["addresses"][0]["postal_code"] = "1000"
    return record


def write(path, records):
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return path


def in_brussels(records):
    """The Ohana places (California) moved into Brussels, and the place two services share
    split in two: a Quartier place belongs to one service (see the report's limits)."""
    records, seen = deepcopy(records), set()
    for record in records:
        for link in record["service_at_locations"]:
            place = link["location"]
            if place["id"] in seen:
                place["id"] = ohana.uid("location", f"{place['id']}:{record['id']}")
                link["location_id"] = place["id"]
            seen.add(place["id"])
            if "latitude" in place:
                place |= {"latitude": 50.85, "longitude": 4.35}
            for address in place.get("addresses", []):
                address["postal_code"] = "1000"
    return records


def test_a_foreign_term_is_kept_with_its_taxonomy_by_default(reference, shared_data, tmp_path):
    record = official_full(shared_data)

    report = import_hsds(write(tmp_path / "s.json", [record]))

    assert report.ok
    service = Service.objects.get(pk=record["id"])
    term = service.foreign_terms.get()
    assert (str(term.pk), term.code, term.name) == (TERM_ID, "code", "name")
    assert str(term.taxonomy.pk) == TAXONOMY_ID and term.taxonomy.uri == "http://example.com"
    assert term.parent_id == "0bc248fa-dc27-4650-9ba4-8f1a24ef16a2"
    assert not service.categories.exists()


def test_the_api_gives_foreign_terms_back_as_attributes_with_their_ids(
    reference, shared_data, tmp_path, client
):
    record = official_full(shared_data)
    import_hsds(write(tmp_path / "s.json", [record]))

    data = client.get(f"/api/v1/services/{record['id']}").json()

    (attribute,) = data["attributes"]
    term = attribute["taxonomy_term"]
    assert attribute["taxonomy_term_id"] == term["id"] == TERM_ID
    assert term["taxonomy_detail"]["id"] == term["taxonomy_id"] == TAXONOMY_ID
    assert (term["code"], term["taxonomy"], term["language"]) == ("code", "taxonomy", "eng")
    assert service_schema().errors(data) == []


def test_importing_the_export_again_changes_nothing(reference, shared_data, tmp_path, client):
    record = official_full(shared_data)
    import_hsds(write(tmp_path / "s.json", [record]))
    exported = client.get(f"/api/v1/services/{record['id']}").json()

    report = import_hsds(write(tmp_path / "again.json", [exported]))

    assert report.count("services unchanged") == 1
    assert ForeignTerm.objects.count() == 1


def test_the_service_page_lists_other_classifications(reference, shared_data, tmp_path, client):
    record = official_full(shared_data)
    import_hsds(write(tmp_path / "s.json", [record]))
    service = Service.objects.get(pk=record["id"])

    page = client.get(service.get_absolute_url()).content.decode()

    assert "Autres classements" in page and "(taxonomy)" in page


def test_strict_taxonomy_refuses_the_file_and_names_the_term(reference, shared_data, tmp_path):
    path = write(tmp_path / "s.json", [official_full(shared_data)])

    with pytest.raises(CommandError) as failure:
        call_command("import_hsds", str(path), strict_taxonomy=True, stdout=StringIO())

    assert "attributes[0].taxonomy_term: taxonomy term 'code' is none of our" in str(failure.value)
    assert not Service.objects.exists() and not ForeignTerm.objects.exists()


def test_a_term_mapped_in_the_crosswalk_gives_our_category_on_later_imports(
    reference, shared_data, tmp_path
):
    record = official_full(shared_data)
    path = write(tmp_path / "s.json", [record])
    import_hsds(path)
    Crosswalk.objects.create(
        taxonomy="taxonomy", code="code", category_id=_category("sante-mentale")
    )

    report = import_hsds(path)

    service = Service.objects.get(pk=record["id"])
    assert report.count("services updated") == 1
    assert list(service.categories.values_list("slug", flat=True)) == ["sante-mentale"]
    assert service.foreign_terms.count() == 1  # still kept, and exported back


def _category(slug):
    from directory.models import Category

    return Category.objects.get(slug=slug).pk


def test_a_crosswalk_file_given_to_the_command_is_saved_and_used(reference, shared_data, tmp_path):
    records = ohana.convert(shared_data / "ohana/sample-csv")
    crosswalk = tmp_path / "crosswalk.csv"
    crosswalk.write_text("taxonomy,code,category\nOpen Eligibility,108-05,emploi-formation\n")
    path = write(tmp_path / "ohana.json", in_brussels(records))

    out = StringIO()
    call_command("import_hsds", str(path), crosswalk=str(crosswalk), stdout=out)

    assert "Crosswalk: 1 mappings saved." in out.getvalue()
    mapped = Service.objects.filter(categories__slug="emploi-formation")
    assert [s.name_fr for s in mapped] == ["Passport Photos"]
    assert Crosswalk.objects.get().category.slug == "emploi-formation"


def test_a_crosswalk_naming_no_category_of_ours_is_refused(reference, shared_data, tmp_path):
    crosswalk = tmp_path / "crosswalk.csv"
    crosswalk.write_text("taxonomy,code,category\nOpen Eligibility,108-05,employment\n")
    path = write(tmp_path / "s.json", [official_full(shared_data)])

    with pytest.raises(CommandError) as failure:
        call_command("import_hsds", str(path), crosswalk=str(crosswalk), stdout=StringIO())

    assert "line 2: 'employment' is none of our categories" in str(failure.value)
    assert not Crosswalk.objects.exists() and not Service.objects.exists()


# The Ohana sample (Code for America), converted to HSDS 3.0 in tests/ohana.py ----------


def test_the_converted_ohana_sample_is_valid_hsds(shared_data):
    records = ohana.convert(shared_data / "ohana/sample-csv")

    assert len(records) == 23
    assert [service_schema().errors(r) for r in records] == [[]] * 23
    assert ohana.counts(records)["place phones"] == 48  # 44 phones, one place twice


def test_the_ohana_sample_imports_with_its_taxonomy_and_every_service_and_place_phone(
    reference, shared_data, tmp_path
):
    records = in_brussels(ohana.convert(shared_data / "ohana/sample-csv"))

    report = import_hsds(write(tmp_path / "ohana.json", records))

    assert report.count("services created") == 23
    taxonomy = ForeignTaxonomy.objects.get()
    assert taxonomy.name == "Open Eligibility"
    assert taxonomy.terms.count() == 6
    example = Service.objects.get(name_fr="Passport Photos")
    assert example.foreign_terms.count() == 6
    given = {
        (record["id"], phone["number"])
        for record in records
        for phone in record.get("phones", [])
        + [p for link in record["service_at_locations"] for p in link["location"].get("phones", [])]
    }
    kept = set(Service.objects.values_list("phones__service_id", "phones__number"))
    assert {(str(sid), number) for sid, number in kept if number} == given


# The crosswalk in the admin -----------------------------------------------------------

ADMIN_IMPORT = "/admin/directory/service/import/"


def test_a_coordinator_gives_a_crosswalk_with_the_file_and_the_preview_uses_it(
    admin_client, reference, shared_data
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    record = official_full(shared_data)
    crosswalk = b"taxonomy,code,category\ntaxonomy,code,sante-mentale\n"

    response = admin_client.post(
        ADMIN_IMPORT,
        {
            "file": SimpleUploadedFile("s.json", json.dumps([record]).encode()),
            "crosswalk": SimpleUploadedFile("crosswalk.csv", crosswalk),
            "lang": "fr",
            "unknown_taxonomy": "keep",
        },
    )

    assert response.status_code == 200
    assert Crosswalk.objects.get().category.slug == "sante-mentale"
    assert "Santé mentale" in response.content.decode()  # the category the preview adds
    assert not Service.objects.exists()  # a preview writes no service


def test_a_wrong_crosswalk_is_refused_on_the_form(admin_client, reference, shared_data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = admin_client.post(
        ADMIN_IMPORT,
        {
            "file": SimpleUploadedFile("s.json", json.dumps([official_full(shared_data)]).encode()),
            "crosswalk": SimpleUploadedFile("c.csv", b"taxonomy,code\nx,y\n"),
            "lang": "fr",
            "unknown_taxonomy": "keep",
        },
    )

    assert "la correspondance doit avoir les colonnes taxonomy, code, category" in unescape(
        response.content.decode()
    )
    assert not Crosswalk.objects.exists()


@pytest.mark.parametrize("model", ["crosswalk", "foreignterm", "foreigntaxonomy"])
def test_the_admin_lists_the_crosswalk_and_the_foreign_terms(
    admin_client, reference, shared_data, tmp_path, model
):
    import_hsds(write(tmp_path / "s.json", [official_full(shared_data)]))
    Crosswalk.objects.create(taxonomy="taxonomy", code="code", category_id=_category("sante"))

    response = admin_client.get(f"/admin/directory/{model}/")

    assert response.status_code == 200
    assert "taxonomy" in response.content.decode()


def test_the_ohana_sample_comes_back_with_all_its_funding_contacts_and_phones(
    reference, shared_data, tmp_path, client
):
    records = in_brussels(ohana.convert(shared_data / "ohana/sample-csv"))
    import_hsds(write(tmp_path / "ohana.json", records))

    answers = {r["id"]: client.get(f"/api/v1/services/{r['id']}") for r in records}
    # The API publishes the active ones (the sample has a few inactive services).
    published = [r for r in records if answers[r["id"]].status_code == 200]
    exported = [answers[r["id"]].json() for r in published]

    assert len(published) >= 20
    given, back = ohana.counts(published), ohana.counts(exported)
    print(f"\nOhana: {len(published)} services published; given {given}; back {back}")
    for kind in ("funding", "organisation funding", "contacts", "contact phones"):
        assert back[kind] == given[kind] > 0, kind
    assert back["organisation phones"] == given["organisation phones"]
