"""The search engine: typos, languages, ranking against distance, and ways out."""

from urllib.parse import parse_qsl

import pytest
import snowballstemmer
from django.utils.html import escape

from directory.geo import Point
from directory.models import Service
from directory.search import engine
from directory.search.engine import Query, search
from directory.search.pages import Ranked
from directory.search.vocabulary import edits
from directory.text import normalise, stems
from tests.factories import make_service

pytestmark = pytest.mark.django_db
SEARCH = "/fr/services/"


def found(text, place=None):
    return [s.name_fr for s in search(Service.objects.public(), text, place).services]


def test_text_is_normalised_once_for_every_language():
    assert normalise("Santé  MENTALE, l'écoute !") == "sante mentale l ecoute"
    assert "voedselpakket" in stems("voedselpakketten")
    assert "log" in stems("logements")


@pytest.mark.parametrize(
    "typo",
    [
        "logment",  # a missing letter
        "logemetn",  # two letters swapped
        "lagement",  # a wrong letter
        "logemment",  # a letter too many
    ],
)
def test_one_typo_in_a_long_word_still_finds_the_service(reference, typo):
    make_service("Permanence logement", categories=["logement"])
    make_service("Colis du quartier", categories=["alimentation"])

    assert found(typo) == ["Permanence logement"]


def test_short_words_are_not_corrected(reference):
    make_service("Soins et santé", categories=["sante"])

    assert found("snat") == []


def test_the_one_typo_candidates_are_exact():
    variants = edits("sante")
    assert {"snate", "sant", "santee", "sonte"} <= variants
    assert "sante" not in variants and "snaet" not in variants
    # The first letter is rarely the one mistyped: "panne" is not the Turkish "anne".
    assert "asnte" in variants and not {"ante", "xsante", "bante"} & variants


def test_a_dutch_query_finds_a_service_described_only_in_french(reference):
    make_service(
        "Épicerie du Canal",
        categories=["alimentation"],
        name_nl="Épicerie du Canal",
        description_nl="",
    )

    assert found("voedselbank") == ["Épicerie du Canal"]
    assert found("food parcel") == ["Épicerie du Canal"]


def test_free_in_the_query_is_understood_as_the_free_filter(reference):
    make_service("Avocat payant", categories=["aide-juridique"], free=False)
    make_service("Permanence juridique", categories=["aide-juridique"])

    query = Query.parse("avocat gratuit")

    assert query.free_only and query.words == ["avocat"]
    assert found("avocat gratuit") == ["Permanence juridique"]


def test_a_name_match_ranks_above_a_category_match(reference):
    make_service("Aide aux devoirs", categories=["soutien-scolaire"])
    make_service("Avocats du quartier", categories=["lien-social"])
    make_service("Bureau d'aide juridique", categories=["aide-juridique"])

    assert found("avocats")[:2] == ["Avocats du quartier", "Bureau d'aide juridique"]


def test_near_a_point_a_helpline_comes_after_the_places_a_region_wide_place_at_its_distance(
    reference,
):
    place = Point(50.8549, 4.3260, "Molenbeek")
    make_service("Colis à côté", lat=50.8552, lon=4.3265)
    make_service("Colis à 3 km", lat=50.8300, lon=4.3400)
    make_service(
        "Ligne d'aide alimentaire régionale",
        lat=50.8550,
        lon=4.3270,
        area_served="region",
        remote_only=True,
    )
    make_service("Colis régional à 8 km", lat=50.8000, lon=4.4000, area_served="region")
    make_service("Colis à Uccle", lat=50.7900, lon=4.3500)

    assert found("colis alimentaire", place) == [
        "Colis à côté",
        "Colis à 3 km",
        "Colis à Uccle",
        "Colis régional à 8 km",
        "Ligne d'aide alimentaire régionale",  # near nothing, however close its office
    ]


def test_when_no_service_has_every_word_those_with_some_are_shown(client, reference):
    make_service("Colis du quartier", categories=["alimentation"])

    response = client.get(SEARCH, {"q": "colis trampoline"})

    assert response.context["result"].relaxed
    assert [c.service.name_fr for c in response.context["cards"]] == ["Colis du quartier"]
    assert "correspondent à une partie" in response.content.decode()


def test_empty_results_suggest_close_words_a_wider_area_and_categories(client, reference):
    make_service("Permanence logement", categories=["logement"], lat=50.7990, lon=4.3370)

    response = client.get(SEARCH, {"q": "logemnet", "category": "alimentation", "near": "1080"})

    html = response.content.decode()
    assert response.context["cards"] == []
    assert "Chercher dans toute la Région" in html
    assert "Vouliez-vous dire" in html
    assert 'href="/fr/services/?category=logement"' in html


def suggestions(client, text):
    response = client.get(SEARCH, {"q": text})
    assert response.context["cards"] == []
    return [term for term, _ in response.context["suggested_terms"]]


def test_did_you_mean_keeps_the_place_and_the_filters(client, reference):
    make_service("Trampoline solidaire", categories=["jeunesse"])

    response = client.get(SEARCH, {"q": "trompolino", "near": "1080", "free": "on", "page": "2"})

    query = dict(response.context["suggested_terms"])["trampoline"]
    assert dict(parse_qsl(query)) == {"q": "trampoline", "near": "1080", "free": "on"}
    assert f'href="?{escape(query)}"' in response.content.decode()


def test_a_corrected_typo_says_what_was_searched(client, reference):
    make_service("Permanence logement", categories=["logement"])

    html = client.get(SEARCH, {"q": "logment"}).content.decode()

    assert "Permanence logement" in html
    assert "Résultats aussi pour « logement » (vous avez écrit « logment »)." in html
    assert "vous avez écrit" not in client.get(SEARCH, {"q": "logement"}).content.decode()


def test_did_you_mean_only_offers_words_of_published_services(client, reference):
    make_service("Colis du quartier", categories=["alimentation"])
    draft = make_service("Trampoline solidaire", categories=["jeunesse"], is_active=False)

    # Two letters wrong: no typo correction finds it, "did you mean" could.
    assert "trampoline" not in suggestions(client, "trompolino")

    draft.is_active = True
    draft.save()
    assert "trampoline" in suggestions(client, "trompolino")

    # Unpublished again (the vocabulary still has the word): it is not offered any more.
    draft.is_active = False
    draft.save()
    assert "trampoline" not in suggestions(client, "trompolino")


def read_all_pages(result, size):
    from django.core.paginator import Paginator

    ranked = Ranked(result.services, Service.objects.for_listing(), result)
    ranked.rank_all_up_to = 0  # every page from the boxes, however few the services
    pages = Paginator(ranked, size)
    return [s.name_fr for n in pages.page_range for s in pages.page(n).object_list]


def spread_services(lat, lon, count=30, **fields):
    """Services 0.2 to 14.7 km from (lat, lon), alternately north and east, and one more
    in the corner of the 3 km box, yet 4.1 km away: after the 3.2 km one outside the box."""
    for i in range(count):
        step = (0.2 + 0.5 * i) / 111.32
        north = i % 2 == 0
        make_service(
            name=f"Service {i:02d}",
            lat=lat + (step if north else 0),
            lon=lon + (0 if north else step / 0.63),
            **fields,
        )
    make_service(name="Coin", lat=lat + 2.9 / 111.32, lon=lon + 2.9 / 111.32 / 0.63, **fields)
    make_service(name="Sans adresse", lat=None, **fields)


@pytest.mark.parametrize("size", [4, 7, 10, 25])
def test_pages_by_distance_read_from_boxes_are_those_of_a_full_sort(reference, size):
    lat, lon = 50.8467, 4.3525
    spread_services(lat, lon)
    result = engine.search(Service.objects.public(), "", Point(lat, lon, "ici"))
    everything = [s.name_fr for s in result.services]
    assert everything[:3] == ["Service 00", "Service 01", "Service 02"]
    assert everything[-1] == "Sans adresse"

    assert read_all_pages(result, size) == everything


def groups_around(lat, lon):
    """Services of every group near (lat, lon), in the City of Brussels (1000): a line
    for the whole Region, a CPAS of the City far away, an Ixelles one close by."""
    make_service(
        name="Colis par téléphone", area_served="region", remote_only=True, lat=lat, lon=lon
    )
    make_service(name="Colis communal", area_served="commune", lat=50.88, lon=4.40)
    make_service(name="Épicerie sociale loin", lat=50.90, lon=4.45)
    make_service(
        name="Colis du CPAS de Bruxelles", residents_only=True, lat=50.89, lon=4.37, postcode="1000"
    )
    make_service(
        name="Colis du CPAS d'Ixelles", residents_only=True, lat=lat, lon=lon, postcode="1050"
    )


@pytest.mark.parametrize("text", ["", "colis"])
@pytest.mark.parametrize("size", [3, 7, 25])
def test_pages_near_a_point_in_groups_are_those_of_a_full_sort(reference, text, size):
    lat, lon = 50.8467, 4.3525  # in the City of Brussels
    spread_services(lat, lon)
    groups_around(lat, lon)
    city = Point(lat, lon, "ici", commune="21004")  # the City of Brussels's NIS code
    result = engine.search(Service.objects.public(), text, city)
    everything = [s.name_fr for s in result.services]
    # The resident's own CPAS first, the line after the places, another commune's last.
    assert everything[0] == "Colis du CPAS de Bruxelles"
    assert everything[-3:] == ["Sans adresse", "Colis par téléphone", "Colis du CPAS d'Ixelles"]
    assert everything.index("Colis communal") > everything.index("Service 07")

    assert read_all_pages(result, size) == everything
    # A first page within 3 km is read from a box around the point, not a sort of all.
    if size < 10:
        ranked = Ranked(result.services, Service.objects.for_listing(), result)
        assert ranked._from_boxes(0, size) == [s.pk for s in result.services[:size]]


def test_few_services_near_a_point_are_sorted_at_once_not_read_from_boxes(
    reference, django_assert_num_queries
):
    from django.core.paginator import Paginator

    lat, lon = 50.8467, 4.3525
    spread_services(lat, lon)
    groups_around(lat, lon)
    city = Point(lat, lon, "ici", commune="21004")
    result = engine.search(Service.objects.public(), "", city)
    pages = Paginator(Ranked(result.services, lambda ids: dict.fromkeys(ids, 1), result), 7)
    # The count, then the page from one sort; no residents' services read first, no box.
    with django_assert_num_queries(2):
        page = pages.page(2)
    assert list(page.object_list) == [1] * 7
    assert read_all_pages(result, 7) == [s.name_fr for s in result.services]


def test_the_fast_stemmers_give_the_same_stems_as_the_reference_ones(reference):
    """PyStemmer (C) is what snowballstemmer hands out when installed; it must agree with
    snowballstemmer's own Python algorithms on every word of our vocabulary."""
    import Stemmer
    from snowballstemmer.dutch_stemmer import DutchStemmer
    from snowballstemmer.english_stemmer import EnglishStemmer
    from snowballstemmer.french_stemmer import FrenchStemmer

    from directory.models import Category

    words = set()
    for category in Category.objects.all():
        for text in (
            category.name_fr,
            category.name_nl,
            category.name_en,
            category.synonyms_fr,
            category.synonyms_nl,
            category.synonyms_en,
        ):
            words.update(normalise(text).split())
    assert len(words) > 200
    for reference_stemmer, language in (
        (FrenchStemmer(), "french"),
        (DutchStemmer(), "dutch"),
        (EnglishStemmer(), "english"),
    ):
        fast = snowballstemmer.stemmer(language)
        assert isinstance(fast, Stemmer.Stemmer)
        assert [fast.stemWord(w) for w in sorted(words)] == [
            reference_stemmer.stemWord(w) for w in sorted(words)
        ]
