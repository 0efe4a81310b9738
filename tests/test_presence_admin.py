"""Coordinators record the permanences of their scope's organisations in the admin."""

from html import unescape

import pytest

from directory.models import PresenceSlot, Quartier
from tests.factories import make_organisation
from tests.presence_factories import cpas_and_maison, make_slot, place_of, service_at
from tests.staff_factories import make_coordinator, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def marolles(reference):
    return Quartier.objects.select_related("commune").get(slug="marolles")


@pytest.fixture
def world(marolles):
    cpas, social, maison = cpas_and_maison(marolles)
    return {"cpas": cpas, "social": social, "maison": maison}


def page(response):
    return unescape(response.content.decode())


def slot_data(world, **changes):
    data = {
        "organisation": world["cpas"].pk,
        "role": "assistante sociale",
        "service": world["social"].pk,
        "location": place_of(world["maison"]).pk,
        "weekday": 1,
        "starts_at": "14:00",
        "ends_at": "16:00",
        "valid_from": "",
        "valid_until": "",
        "note": "",
        "version": "",
    }
    return data | changes


def test_a_coordinator_records_permanences_of_their_scope_only(client, world, marolles):
    user = make_coordinator("cpas", organisations=[world["cpas"]])
    client.force_login(user)
    other = make_organisation("Asbl Voisine")
    theirs = make_slot(place_of(world["maison"]), other)
    data = slot_data(world)

    response = client.post("/admin/directory/presenceslot/add/", data)

    assert response.status_code == 302, page(response)[:3000]
    slot = PresenceSlot.objects.get(organisation=world["cpas"])
    assert slot.worker is None  # an organisation's permanence, without a name
    refused = client.post("/admin/directory/presenceslot/add/", data | {"organisation": other.pk})
    assert "Sélectionnez un choix valide" in page(refused)
    listing = page(client.get("/admin/directory/presenceslot/"))
    assert "CPAS de Bruxelles" in listing and "Asbl Voisine" not in listing
    assert client.get(f"/admin/directory/presenceslot/{theirs.pk}/change/").status_code == 403


def test_a_coordinator_sees_a_name_only_if_the_worker_shows_their_profile(client, world, marolles):
    shy = make_worker("Nom Discret", organisations=[world["cpas"]], consent=False)
    open_ = make_worker("Nom Visible", organisations=[world["cpas"]], username="visible")
    make_slot(place_of(world["maison"]), world["cpas"], worker=shy)
    mine = make_slot(place_of(world["maison"]), world["cpas"], worker=open_, weekday=2)
    client.force_login(make_coordinator("cpas", organisations=[world["cpas"]]))

    listing = page(client.get("/admin/directory/presenceslot/"))
    change = page(client.get(f"/admin/directory/presenceslot/{mine.pk}/change/"))

    assert "Nom Visible" in listing and "Nom Discret" not in listing
    assert "ne montre pas son profil" in listing
    assert 'name="worker"' not in change  # coordinators do not name anyone


def test_the_service_must_be_the_organisations(admin_client, world, marolles):
    other = make_organisation("Asbl Voisine")

    response = admin_client.post(
        "/admin/directory/presenceslot/add/", slot_data(world, organisation=other.pk)
    )

    assert "Choisissez un service de cette organisation." in page(response)


def test_the_place_picker_finds_public_places_anywhere_but_no_refuge_outside_the_scope(
    client, world, marolles
):
    refuge = service_at(marolles, "Refuge", place_name="Maison Iris", categories=["violences"])
    hidden = place_of(refuge)
    hidden.street_fr = "Rue Secrète 9"
    hidden.address_hidden = True
    hidden.save()
    client.force_login(make_coordinator("cpas", organisations=[world["cpas"]]))

    def found(term, model_name="presenceslot"):
        response = client.get(
            "/admin/autocomplete/",
            {
                "term": term,
                "app_label": "directory",
                "model_name": model_name,
                "field_name": "location",
            },
        )
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert found("Maison de quartier") == [str(place_of(world["maison"]).pk)]
    assert found("Maison Iris") == found("Secrète") == []
    # The places a coordinator edits stay those of their scope.
    assert "Maison de quartier" not in page(client.get("/admin/directory/location/"))
