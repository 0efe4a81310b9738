"""A shelter's address stays confidential: only its commune is ever given away."""

import pytest

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
