"""A coordinator imports an HSDS file from the admin: upload, preview, confirm."""

import json
import uuid

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from directory.admin import imports as admin_import
from directory.models import Service
from tests.test_hsds_import_export import service_record

pytestmark = pytest.mark.django_db

PAGE = "/admin/directory/service/import/"


@pytest.fixture(autouse=True)
def upload_dir(tmp_path, monkeypatch):
    """Uploads go to a folder of the test's own, so we can see what is left in it."""
    folder = tmp_path / "uploads"
    monkeypatch.setattr(admin_import, "UPLOAD_DIR", folder)
    return folder


def upload(content, name="services.json"):
    if not isinstance(content, bytes):
        content = json.dumps(content).encode()
    return SimpleUploadedFile(name, content, content_type="application/json")


def send(client, content, **fields):
    return client.post(
        PAGE, {"file": upload(content), "lang": "fr", "unknown_taxonomy": "error"} | fields
    )


def test_the_service_list_links_to_the_import_page(admin_client):
    response = admin_client.get("/admin/directory/service/")

    assert PAGE in response.content.decode()


def test_a_coordinator_previews_then_confirms_an_import(admin_client, reference, upload_dir):
    response = send(admin_client, [service_record()])

    page = response.content.decode()
    assert response.status_code == 200
    assert "1 service nouveau" in page and "Colis du Canal" in page
    assert not Service.objects.exists()
    assert len(list(upload_dir.iterdir())) == 1
    token = response.context["token"]

    confirmed = admin_client.post(PAGE, {"token": token, "confirm": "1"}, follow=True)

    service = Service.objects.get()
    assert service.name_fr == "Colis du Canal"
    assert service.history.get().history_user.is_superuser
    assert "1 services créés" in confirmed.content.decode()
    assert list(upload_dir.iterdir()) == []


def test_a_bad_file_shows_its_errors_and_writes_nothing(admin_client, reference, upload_dir):
    bad = service_record()
    bad["service_at_locations"][0]["location"]["latitude"] = 100

    response = send(admin_client, [bad])

    page = response.content.decode()
    assert "Record 1" in page and "service_at_locations[0].location.latitude" in page
    assert response.context["token"] is None
    assert 'name="confirm"' not in page
    assert not Service.objects.exists()
    assert list(upload_dir.iterdir()) == []


def test_malformed_json_is_an_error_not_a_crash(admin_client, reference):
    response = send(admin_client, b"{not json")

    assert "Malformed JSON" in response.content.decode()
    assert not Service.objects.exists()


def test_cancelling_deletes_the_upload(admin_client, reference, upload_dir):
    token = send(admin_client, [service_record()]).context["token"]

    admin_client.post(PAGE, {"token": token, "cancel": "1"})

    assert not Service.objects.exists()
    assert list(upload_dir.iterdir()) == []


def test_a_token_works_once_and_only_for_its_session(admin_client, client, reference):
    token = send(admin_client, [service_record()]).context["token"]
    other = User.objects.create_superuser("other", "o@example.org", "pw")
    client.force_login(other)

    client.post(PAGE, {"token": token, "confirm": "1"})
    assert not Service.objects.exists()
    admin_client.post(PAGE, {"token": token, "confirm": "1"})
    admin_client.post(PAGE, {"token": token, "confirm": "1"})

    assert Service.objects.count() == 1


def test_a_file_too_big_for_the_page_is_refused(admin_client, reference, monkeypatch):
    monkeypatch.setattr(admin_import, "MAX_UPLOAD_SIZE", 10)

    response = send(admin_client, [service_record()])

    assert "import_hsds" in response.content.decode()
    assert not Service.objects.exists()


def test_people_outside_the_coordination_are_refused(client, reference):
    assert client.get(PAGE).status_code == 302  # to the login page
    staff = User.objects.create_user("worker", password="pw", is_staff=True)
    client.force_login(staff)
    assert client.get(PAGE).status_code == 403
    assert send(client, [service_record()]).status_code == 403
    assert not Service.objects.exists()


def with_new_ids(record):
    """The record with a new id for it and everything in it."""
    if isinstance(record, list):
        return [with_new_ids(item) for item in record]
    if not isinstance(record, dict):
        return record
    return {k: str(uuid.uuid4()) if k == "id" else with_new_ids(v) for k, v in record.items()}


def test_a_coordinator_imports_only_within_their_scope(client, reference, upload_dir):
    from tests.staff_factories import make_coordinator

    client.force_login(make_coordinator("molenbeek", communes=["molenbeek-saint-jean"]))
    in_molenbeek = service_record()  # located in 1080 Molenbeek
    in_uccle = with_new_ids(service_record(name="Colis d'Uccle"))
    in_uccle["organization"]["id"] = in_molenbeek["organization"]["id"]
    place = in_uccle["service_at_locations"][0]["location"]
    place.update(latitude=50.80, longitude=4.37)
    place["addresses"][0].update(city="Uccle", postal_code="1180")

    refused = send(client, [in_molenbeek, in_uccle])
    assert refused.context["token"] is None
    assert f"Record 2 (id {in_uccle['id']}), id: this service would not be in your" in (
        refused.content.decode()
    )
    assert not Service.objects.exists()

    preview = send(client, [in_molenbeek])
    client.post(PAGE, {"token": preview.context["token"], "confirm": "1"})
    service = Service.objects.get()
    assert service.name_fr == "Colis du Canal"

    # Somebody else's listing cannot be taken over by moving it into the scope.
    service.locations.update(commune=None)
    refused = send(client, [service_record(name="Colis repris")])
    assert refused.context["token"] is None
    assert "outside your coordination scope" in refused.content.decode()
    assert Service.objects.get().name_fr == "Colis du Canal"


def test_a_coordinators_import_cannot_reach_organisations_or_places_outside_the_scope(
    client, reference, upload_dir
):
    from tests.factories import make_organisation, make_service
    from tests.staff_factories import make_coordinator

    elsewhere = make_service(
        "Guichet d'Uccle", lat=50.80, lon=4.37, postcode="1180", organisation=make_organisation()
    )
    client.force_login(make_coordinator("molenbeek", communes=["molenbeek-saint-jean"]))

    # An organisation of Uccle, renamed through a new Molenbeek service.
    record = service_record()
    record["organization"]["id"] = str(elsewhere.organisation_id)
    refused = send(client, [record])
    assert refused.context["token"] is None
    assert "this organisation is outside your coordination scope" in refused.content.decode()

    # The place of the Uccle service, listed under a new Molenbeek service: it would move.
    record = service_record()
    record["service_at_locations"][0]["location"]["id"] = str(elsewhere.locations.get().pk)
    refused = send(client, [record])
    assert refused.context["token"] is None
    assert "this place belongs to a service outside your" in refused.content.decode()

    assert Service.objects.count() == 1
    assert elsewhere.locations.count() == 1
