"""Workers record their own permanences, for their organisations, from their staff pages."""

from datetime import time
from html import unescape

import pytest

from directory.locking import version_of
from directory.models import PresenceSlot, Quartier
from directory.models.staff import erase_worker
from tests.factories import make_organisation
from tests.presence_factories import cpas_and_maison, make_slot, place_of, service_at
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db

MINE = "/fr/staff/mes-permanences/"
ADD = MINE + "nouvelle/"


@pytest.fixture
def marolles(reference):
    return Quartier.objects.select_related("commune").get(slug="marolles")


@pytest.fixture
def world(marolles):
    cpas, social, maison = cpas_and_maison(marolles)
    return {"cpas": cpas, "social": social, "maison": maison}


@pytest.fixture
def awa(client, world):
    worker = make_worker(
        "Awa Diallo", "assistante sociale", organisations=[world["cpas"]], quartiers=["marolles"]
    )
    client.force_login(worker.user)
    return worker


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
        "note": "Sans rendez-vous",
    }
    return data | changes


def test_a_worker_adds_a_permanence_at_the_maison_de_quartier(client, world, awa):
    form = page(client.get(ADD))
    assert (
        "Marolles · Maison de quartier des Marolles (Maison de quartier), Rue de Test 1, 1000"
        in form
    )
    assert 'value="assistante sociale"' in form  # their function, to start with
    assert ">mardi<" in form

    response = client.post(ADD, slot_data(world, starts_at="14h", ends_at="16.00"))

    assert response.status_code == 302, page(response)[:3000]
    slot = PresenceSlot.objects.get()
    assert (slot.worker, slot.organisation, slot.service) == (awa, world["cpas"], world["social"])
    assert (slot.starts_at, slot.ends_at, slot.weekday) == (time(14), time(16), 1)
    listing = page(client.get(MINE))
    assert "Mardi 14:00–16:00" in listing
    assert "Maison de quartier des Marolles" in listing
    public = world["social"].get_absolute_url()
    assert f'Sur la page publique de <a href="{public}">Service social du CPAS</a>' in listing


def test_weekday_names_and_times_follow_the_pages_language(client, world, awa):
    make_slot(place_of(world["maison"]), world["cpas"], worker=awa)

    assert "Dinsdag 14:00–16:00" in page(client.get("/nl/staff/mes-permanences/"))
    assert "Tuesday 14:00–16:00" in page(client.get("/en/staff/mes-permanences/"))
    assert ">dinsdag<" in page(client.get("/nl/staff/mes-permanences/nouvelle/"))


def test_a_permanence_that_ends_before_it_starts_is_refused_with_the_reason(client, world, awa):
    response = client.post(ADD, slot_data(world, starts_at="16:00", ends_at="14:00"))

    assert response.status_code == 200
    assert "La fin doit suivre le début." in page(response)
    response = client.post(ADD, slot_data(world, valid_from="2026-06-30", valid_until="2026-03-01"))
    assert "La dernière date doit suivre la première." in page(response)
    assert not PresenceSlot.objects.exists()


def test_a_worker_cannot_add_a_slot_for_an_organisation_they_do_not_belong_to(
    client, world, awa, marolles
):
    other = make_organisation("Asbl Voisine")
    others_service = service_at(marolles, "Accueil voisin", organisation=other)

    for data in (
        slot_data(world, organisation=other.pk, service=""),
        slot_data(world, service=others_service.pk),  # their organisation, another's service
    ):
        response = client.post(ADD, data)
        assert response.status_code == 200
        assert "Sélectionnez un choix valide" in page(response)
    assert not PresenceSlot.objects.exists()
    form = page(client.get(ADD))
    organisations = form[form.index('name="organisation"') : form.index("</select>")]
    assert "CPAS de Bruxelles" in organisations and "Asbl Voisine" not in organisations


def test_a_worker_chooses_among_the_places_where_they_work(client, world, awa, marolles):
    far = service_at(marolles, "Antenne lointaine", north_km=8, postcode="1020")

    assert "Antenne lointaine" not in page(client.get(ADD))
    response = client.post(ADD, slot_data(world, location=place_of(far).pk))

    assert "Sélectionnez un choix valide" in page(response)
    # Their organisation's own places are offered wherever they are.
    assert "Service social du CPAS" in page(client.get(ADD))


def test_a_worker_cannot_see_edit_or_delete_anothers_slot(client, world, awa):
    colleague = make_worker("Bram Peeters", organisations=[world["cpas"]], username="bram")
    theirs = make_slot(place_of(world["maison"]), world["cpas"], worker=colleague)
    edit = f"{MINE}{theirs.pk}/"

    assert client.get(edit).status_code == 404
    data = slot_data(world, weekday=4, version=version_of(theirs.modified))
    assert client.post(edit, data).status_code == 404
    assert client.post(f"{edit}supprimer/").status_code == 404
    assert client.get(f"{edit}supprimer/").status_code == 405
    theirs.refresh_from_db()
    assert theirs.weekday == 1 and theirs.worker == colleague
    assert "Bram" not in page(client.get(MINE))


def test_a_worker_edits_and_deletes_their_own_slot(client, world, awa):
    slot = make_slot(place_of(world["maison"]), world["cpas"], worker=awa)
    edit = f"{MINE}{slot.pk}/"
    assert 'value="14:00"' in page(client.get(edit))

    response = client.post(
        edit, slot_data(world, weekday=3, starts_at="9:30", version=version_of(slot.modified))
    )

    assert response.status_code == 302, page(response)[:3000]
    slot.refresh_from_db()
    assert (slot.weekday, slot.starts_at) == (3, time(9, 30))
    client.post(f"{edit}supprimer/")
    assert not PresenceSlot.objects.exists()


def test_an_edit_over_a_newer_version_is_refused(client, world, awa):
    slot = make_slot(place_of(world["maison"]), world["cpas"], worker=awa)
    opened = version_of(slot.modified)
    slot.note = "Changé par la coordination"
    slot.save()

    response = client.post(f"{MINE}{slot.pk}/", slot_data(world, weekday=3, version=opened))

    assert "Quelqu'un d'autre a enregistré cette fiche" in page(response)
    slot.refresh_from_db()
    assert slot.weekday == 1


def test_a_worker_without_organisation_is_told_to_ask_the_coordination(client, reference):
    worker = make_worker("Sans Organisation", quartiers=["marolles"])
    client.force_login(worker.user)

    assert "demandez à votre coordination" in page(client.get(MINE))
    assert client.get(ADD).status_code == 302


def test_an_erased_worker_leaves_the_permanence_without_a_person(world, awa):
    slot = make_slot(place_of(world["maison"]), world["cpas"], worker=awa)
    slot.note = "Au premier étage"
    slot.save()

    pk = awa.pk

    erase_worker(awa)

    slot.refresh_from_db()
    assert slot.worker is None and slot.role == "assistante sociale"
    assert PresenceSlot.history.filter(id=slot.pk).count() == 2
    assert not PresenceSlot.history.filter(worker_id=pk).exists()
