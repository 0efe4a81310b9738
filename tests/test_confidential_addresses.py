"""A shelter's address stays confidential: only its commune is ever given away."""

from decimal import Decimal

import pytest

from directory.models import Location
from tests.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def shelter(reference):
    service = make_service(
        "Refuge pour femmes", categories=["violences"], lat=50.8549, lon=4.3260, postcode="1080"
    )
    location = service.locations.get()
    location.address_hidden = True
    location.save()
    service.refresh_from_db()
    return service


def test_distance_sorting_uses_the_commune_centre_not_the_address(shelter):
    commune = shelter.locations.get().commune

    assert (shelter.latitude, shelter.longitude) == (commune.latitude, commune.longitude)


def test_search_near_the_shelter_shows_no_distance_and_no_marker(client, shelter):
    response = client.get("/fr/services/", {"near": "50.8549,4.3260"})

    card = next(c for c in response.context["cards"] if c.service == shelter)
    assert card.distance_m is None
    assert response.context["markers"] == []
    assert "50.8549" not in response.content.decode().split("<main")[1].replace(
        'value="50.8549,4.3260"', ""
    )


def test_the_shelter_is_listed_in_its_commune_but_not_its_quartier(client, shelter):
    location = shelter.locations.get()

    assert "Refuge pour femmes" in client.get(location.commune.get_absolute_url()).content.decode()
    quartier_page = client.get(location.quartier.get_absolute_url()).content.decode()
    assert "Refuge pour femmes" not in quartier_page


def test_the_service_page_names_neither_the_refuge_nor_its_quartier(client, reference):
    service = make_service("Accueil et refuge", categories=["violences"], lat=50.8557, lon=4.3381)
    refuge = Location.objects.create(
        service=service,
        name="Maison Iris",
        street_fr="Rue Secrète 12",
        street_nl="Geheimstraat 12",
        postcode="1080",
        latitude=Decimal("50.852473"),
        longitude=Decimal("4.291310"),
        address_hidden=True,
    )
    office = service.locations.exclude(pk=refuge.pk).get()
    assert (office.quartier.slug, refuge.quartier.slug) == ("molenbeek-historique", "scheutbos")

    html = client.get(service.get_absolute_url()).content.decode()

    assert "Maison Iris" not in html and "Rue Secrète" not in html and "Scheutbos" not in html
    assert office.quartier.get_absolute_url() in html
    assert "Adresse communiquée par téléphone, Molenbeek-Saint-Jean" in html


def test_a_card_chooses_between_the_office_and_the_refuges_commune_centre(client, reference):
    service = make_service("Accueil et refuge", categories=["violences"], lat=50.8557, lon=4.3381)
    refuge = Location.objects.create(
        service=service,
        latitude=Decimal("50.852473"),
        longitude=Decimal("4.291310"),
        postcode="1080",
        address_hidden=True,
    )
    centre = refuge.commune  # 50.855239, 4.318447: between the office and the refuge

    def card_near(lat, lon):
        response = client.get("/fr/services/", {"near": f"{lat},{lon}"})
        return response.context["cards"][0]

    at_the_refuge = card_near(50.852473, 4.291310)
    assert at_the_refuge.place.hidden and at_the_refuge.distance_m is None
    assert (at_the_refuge.place.latitude, at_the_refuge.place.longitude) == (
        centre.latitude,
        centre.longitude,
    )
    # Nearer the office than the refuge really is, but nearer still to the commune centre.
    assert card_near(50.8557, 4.3220).place.hidden
    near_the_office = card_near(50.8557, 4.3350)
    assert not near_the_office.place.hidden and near_the_office.distance_m is not None


def test_a_refuge_printed_by_mistake_names_nothing(shelter):
    """`{{ location }}` in a future template, a choice list or a message stays blank."""
    location = shelter.locations.get()
    location.name, location.street_fr = "Maison des femmes", "Rue Secrète 1"

    assert "Maison" not in str(location) and "Secrète" not in str(location)


def test_a_place_moved_to_another_service_leaves_no_point_behind(reference):
    """The service a place leaves sorts by what it still has, not by the place it lost."""
    office = make_service("Permanence", lat=50.8549, lon=4.3260, postcode="1080")
    other = make_service("Autre", lat=50.8466, lon=4.3528, postcode="1000")
    before = office.modified
    place = office.locations.get()

    place.service = other
    place.save()

    office.refresh_from_db()
    assert (office.latitude, office.longitude) == (None, None)
    assert office.modified > before
