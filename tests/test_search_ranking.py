"""Ranking that respects the resident: their commune's CPAS first, another commune's
labelled and after what is open to them; "closest first" by the place the card shows;
helplines for the whole Region in a group of their own, never between near results."""

import math
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from directory.models import Location, Service
from tests.factories import make_service

pytestmark = pytest.mark.django_db

SEARCH = "/fr/services/"
API = "/api/v1/services"
MOLENBEEK = "CPAS fictif de Molenbeek-Saint-Jean"
KOEKELBERG = "CPAS fictif de Koekelberg"
BAND_M = 500  # search.engine.BAND_KM: with words, rings of this width, nearest first
# The search sorts by a flat-earth distance, the cards show the great-circle one: they
# differ by less than this within the Region (0.4 m at 5 km), far under what cards show.
SLACK_M = 1


def organisations(cards):
    return [card.service.organisation.name_fr for card in cards]


def pages(client, params, lang="fr"):
    """The cards of every page of a search, and the first page's response."""
    first = client.get(f"/{lang}/services/", params)
    cards = list(first.context["cards"])
    for number in range(2, first.context["page"].paginator.num_pages + 1):
        cards += client.get(f"/{lang}/services/", {**params, "page": number}).context["cards"]
    return cards, first


def test_cpas_near_1080_lists_molenbeeks_first_and_koekelbergs_after_labelled(client, demo):
    for lang, word, label in (
        ("fr", "cpas", "Pour les habitants de Koekelberg"),
        ("nl", "ocmw", "Voor de inwoners van Koekelberg"),
        ("en", "cpas", "For residents of Koekelberg"),
    ):
        cards, response = pages(client, {"q": word, "near": "1080"}, lang)

        names = organisations(cards)
        assert names[0].startswith(MOLENBEEK), (lang, names[:3])
        mine = [i for i, name in enumerate(names) if name.startswith(MOLENBEEK)]
        assert mine == list(range(len(mine)))  # all of Molenbeek's CPAS, before anything else
        koekelberg = [i for i, name in enumerate(names) if name.startswith(KOEKELBERG)]
        open_to_all = [i for i, card in enumerate(cards) if not card.service.residents_only]
        assert koekelberg and open_to_all, lang
        assert min(koekelberg) > max(open_to_all), lang  # after what this resident may use
        assert all(cards[i].for_residents == label for i in koekelberg)
        assert label in response.content.decode()


def test_without_a_place_a_residents_only_card_still_says_for_whom(client, reference):
    make_service(
        "Service social d'Ixelles", residents_only=True, lat=50.8275, lon=4.3720, postcode="1050"
    )
    make_service(
        "Service social de Jette", residents_only=True, lat=50.8790, lon=4.3270, postcode="1090"
    )
    make_service("Permanence sociale", lat=50.8790, lon=4.3275, postcode="1090")

    response = client.get(SEARCH, {"q": "social"})

    labels = {card.service.name_fr: card.for_residents for card in response.context["cards"]}
    assert labels == {
        "Service social d'Ixelles": "Pour les habitants d'Ixelles",
        "Service social de Jette": "Pour les habitants de Jette",
        "Permanence sociale": "",
    }
    assert "Pour les habitants d&#x27;Ixelles" in response.content.decode()


@pytest.mark.parametrize("near", ["1080", "1000", "Uccle", "50.8300,4.3700"])
@pytest.mark.parametrize("q", ["", "colis", "aide"])
def test_closest_first_follows_the_distance_the_cards_show(client, demo, near, q):
    cards, _ = pages(client, {"q": q, "near": near})

    # The services open to all (those of the resident's commune come first, another
    # commune's last, lines apart), each with a distance of its own place (not a refuge's).
    shown = [
        c.distance_m
        for c in cards
        if not (c.service.residents_only or c.service.remote_only) and c.distance_m
    ]
    assert len(shown) > 10
    width = BAND_M if q else SLACK_M  # words: in rings, the better match first in a ring
    for before, after in zip(shown, shown[1:], strict=False):
        assert math.floor((after + SLACK_M) / width) >= math.floor(before / width), shown


@pytest.mark.parametrize("q", ["", "ecoute", "violences", "sans abri"])
def test_a_helpline_never_sits_between_near_results(client, demo, q):
    cards, response = pages(client, {"q": q, "near": "1080"})

    assert cards
    assert not [c for c in cards if c.service.remote_only and c.service.area_served == "region"]
    by_phone = response.context["by_phone"]
    assert by_phone and all(card.service.remote_only for card in by_phone)
    assert all(card.phone and card.distance_m is None for card in by_phone)
    html = response.content.decode()
    assert "Par téléphone, dans toute la Région" in html
    assert f'href="{by_phone[0].phone.tel_uri}"' in html

    # "All of them": the same search, only those reached by phone.
    everything, _ = pages(client, {"q": q, "near": "1080", "by_phone": "on"})
    assert {c.service.pk for c in by_phone} <= {c.service.pk for c in everything}
    assert all(c.service.remote_only for c in everything)
    more = 'by_phone=on">Tous les services par téléphone</a>' in html
    assert more == (len(everything) > len(by_phone))


def test_the_api_lists_the_groups_one_after_the_other(client, demo):
    """The API has no page apart: near a point, the lines come after the places open to
    all, and another commune's CPAS after them."""
    body = client.get(API, {"search": "cpas violences", "near": "1080", "per_page": 200}).json()
    ids = [uuid.UUID(row["id"]) for row in body["contents"]]
    services = Service.objects.prefetch_related("locations__commune").in_bulk(ids)
    groups = []
    for pk in ids:
        service = services[pk]
        communes = {place.commune.slug for place in service.locations.all()}
        if service.residents_only:
            groups.append("own" if communes == {"molenbeek-saint-jean"} else "other commune")
        else:
            groups.append("by phone" if service.remote_only else "open")
    order = ["own", "open", "by phone", "other commune"]
    assert set(groups) == set(order)
    assert groups == sorted(groups, key=order.index)


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


def test_a_search_near_a_point_costs_the_same_with_a_group_apart(
    client, reference, django_assert_max_num_queries
):
    for i in range(25):
        make_service(f"Colis {i:02}", phones=["02 000 00 00"])
    for i in range(5):
        make_service(f"Ligne colis {i}", area_served="region", remote_only=True, phones=["02 1"])
    make_service("Colis du CPAS", residents_only=True, phones=["02 2"])

    # As tests/test_search_page.py counts: this page sorts its few services in one query
    # (search/pages.py reads larger sets from boxes, two queries each), reads the phone
    # group's services and phones, and counts the search. SQLite's engine, which scores in
    # Python, reads the directory's size and documents where PostgreSQL's index answers.
    with django_assert_max_num_queries(25 if connection.vendor == "postgresql" else 26):
        response = client.get(SEARCH, {"q": "colis", "near": "1080"})
    assert len(response.context["cards"]) == 20
    assert len(response.context["by_phone"]) == 3
    assert response.context["more_by_phone"]
    assert response.context["cards"][0].service.name_fr == "Colis du CPAS"
