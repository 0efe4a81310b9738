"""Ranking that respects the resident: "closest first" by the place the card shows."""

import uuid
from decimal import Decimal

import pytest

from directory.models import Location, Service
from tests.factories import make_service

pytestmark = pytest.mark.django_db

SEARCH = "/fr/services/"
API = "/api/v1/services"


def add_place(service, id, lat, lon, postcode):
    return Location.objects.create(
        id=id,
        service=service,
        street_fr="Rue de Test 2",
        postcode=postcode,
        latitude=Decimal(str(lat)),
        longitude=Decimal(str(lon)),
    )


def test_a_service_is_ranked_by_the_place_its_card_shows(client, reference):
    point = (50.8549, 4.3260)  # Molenbeek
    antenna = make_service("Permanence avec antenne", lat=None)
    add_place(antenna, uuid.UUID(int=1), 50.7990, 4.3370, "1180")  # its main place, Uccle
    add_place(antenna, uuid.UUID(int=2), 50.8560, 4.3265, "1080")  # 130 m away
    make_service("Permanence à 600 m", lat=50.8600, lon=4.3290, postcode="1080")
    make_service("Permanence à 2 km", lat=50.8400, lon=4.3400, postcode="1080")
    # Its row keeps its first place's point (Uccle); the search reads all of them.
    assert Service.objects.get(pk=antenna.pk).latitude == Decimal("50.799000")

    for params in ({"near": "50.8549,4.3260"}, {"near": "50.8549,4.3260", "q": "permanence"}):
        response = client.get(SEARCH, params)

        cards = response.context["cards"]
        assert [c.service.name_fr for c in cards] == [
            "Permanence avec antenne",
            "Permanence à 600 m",
            "Permanence à 2 km",
        ]
        assert 100 < cards[0].distance_m < 160
        assert cards[0].place.id == uuid.UUID(int=2)
    body = client.get(API, {"near": f"{point[0]},{point[1]}"}).json()
    assert body["contents"][0]["name"] == "Permanence avec antenne"
