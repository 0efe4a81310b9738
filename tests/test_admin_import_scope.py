"""A coordinator imports within their scope, and is refused in their language with the
names their file gives, never the ids nor anything of the listings outside the scope."""

import uuid
from html import unescape

import pytest
from django.contrib.auth.models import Permission, User

from directory.models import Service
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_coordinator
from tests.test_admin_import import PAGE, send
from tests.test_hsds_import_export import service_record

pytestmark = pytest.mark.django_db


def with_new_ids(record):
    """The record with a new id for it and everything in it."""
    if isinstance(record, list):
        return [with_new_ids(item) for item in record]
    if not isinstance(record, dict):
        return record
    return {k: str(uuid.uuid4()) if k == "id" else with_new_ids(v) for k, v in record.items()}


def test_coordinators_see_the_import_button_and_other_staff_do_not(client, reference):
    client.force_login(make_coordinator("molenbeek", communes=["molenbeek-saint-jean"]))
    assert PAGE in client.get("/admin/directory/service/").content.decode()

    viewer = User.objects.create_user("lecteur", password="pw", is_staff=True)
    viewer.user_permissions.add(*permissions("view_service"))
    client.force_login(viewer)
    listing = client.get("/admin/directory/service/")
    assert listing.status_code == 200 and PAGE not in listing.content.decode()
    assert client.get(PAGE).status_code == 403


def permissions(*codenames):
    return Permission.objects.filter(content_type__app_label="directory", codename__in=codenames)


def test_a_coordinator_imports_only_within_their_scope(client, reference):
    client.force_login(make_coordinator("molenbeek", communes=["molenbeek-saint-jean"]))
    in_molenbeek = service_record()  # located in 1080 Molenbeek
    in_uccle = with_new_ids(service_record(name="Colis d'Uccle"))
    in_uccle["organization"]["id"] = in_molenbeek["organization"]["id"]
    place = in_uccle["service_at_locations"][0]["location"]
    place.update(latitude=50.80, longitude=4.37)
    place["addresses"][0].update(city="Uccle", postal_code="1180")

    refused = send(client, [in_molenbeek, in_uccle])
    assert refused.context["token"] is None
    page = unescape(refused.content.decode())
    assert (
        "Fiche 2 « Colis d'Uccle », id : ce service ne serait pas dans votre périmètre de "
        "coordination (son organisation et ses lieux en sont hors)"
    ) in page
    assert in_uccle["id"] not in page
    assert not Service.objects.exists()

    preview = send(client, [in_molenbeek])
    client.post(PAGE, {"token": preview.context["token"], "confirm": "1"})
    service = Service.objects.get()
    assert service.name_fr == "Colis du Canal"

    # Somebody else's listing cannot be taken over by moving it into the scope.
    service.locations.update(commune=None)
    refused = send(client, [service_record(name="Colis repris")])
    assert refused.context["token"] is None
    assert (
        "Fiche 1 « Colis repris », id : ce service est hors de votre périmètre de "
        "coordination : vous ne pouvez pas le modifier"
    ) in unescape(refused.content.decode())
    assert Service.objects.get().name_fr == "Colis du Canal"


def test_a_coordinators_import_cannot_reach_organisations_or_places_outside_the_scope(
    client, reference
):
    elsewhere = make_service(
        "Guichet d'Uccle", lat=50.80, lon=4.37, postcode="1180", organisation=make_organisation()
    )
    client.force_login(make_coordinator("molenbeek", communes=["molenbeek-saint-jean"]))

    # An organisation of Uccle, renamed through a new Molenbeek service.
    record = service_record()
    record["organization"]["id"] = str(elsewhere.organisation_id)
    refused = send(client, [record])
    assert refused.context["token"] is None
    assert (
        "Fiche 1 « Colis du Canal », organization.id : l'organisation « Asbl Canal » est hors "
        "de votre périmètre de coordination"
    ) in unescape(refused.content.decode())
    assert "Asbl Essai" not in refused.content.decode()  # what is outside is not named

    # The place of the Uccle service, listed under a new Molenbeek service: it would move.
    record = service_record()
    record["service_at_locations"][0]["location"]["id"] = str(elsewhere.locations.get().pk)
    refused = send(client, [record])
    assert refused.context["token"] is None
    assert (
        "le lieu « Chaussée de Gand 10 » appartient à un service hors de votre périmètre"
    ) in unescape(refused.content.decode())
    assert "Rue de Test" not in refused.content.decode()

    assert Service.objects.count() == 1
    assert elsewhere.locations.count() == 1


def test_a_dutch_speaking_coordinator_is_refused_in_dutch(client, reference):
    client.force_login(make_coordinator("molenbeek", communes=["molenbeek-saint-jean"]))
    in_uccle = service_record(name="Colis d'Uccle")
    place = in_uccle["service_at_locations"][0]["location"]
    place.update(latitude=50.80, longitude=4.37)
    place["addresses"][0].update(city="Uccle", postal_code="1180")
    in_uccle["service_at_locations"][0]["location"]["latitude"] = 100

    refused = send(client, [in_uccle], lang="nl", HTTP_ACCEPT_LANGUAGE="nl")

    page = unescape(refused.content.decode())
    assert "Fiche 1 ‘Colis d'Uccle’, service_at_locations[0].location.latitude: 100 ligt " in (page)
    assert "buiten -90..90: niet op aarde" in page
    assert "Dit bestand kan niet geïmporteerd worden" in page
