"""A resident searches: what, where, filters; bad input gets a message, never a 500."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from tests.factories import make_service

pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
SEARCH = "/fr/services/"


def names(response):
    return [card.service.name_fr for card in response.context["cards"]]


def test_resident_finds_food_parcels_through_a_category_synonym(client, reference):
    make_service("Épicerie du Canal", categories=["alimentation"])
    make_service("Permanence logement", categories=["logement"])

    response = client.get(SEARCH, {"q": "colis alimentaire"})

    assert names(response) == ["Épicerie du Canal"]


def test_search_ignores_accents_and_case(client, reference):
    make_service("Écoute santé mentale", categories=["sante-mentale"])

    assert names(client.get(SEARCH, {"q": "SANTE mentale"})) == ["Écoute santé mentale"]


def test_dutch_query_finds_service_through_dutch_synonym(client, reference):
    make_service("Épicerie du Canal", categories=["alimentation"])

    assert names(client.get("/nl/services/", {"q": "voedselpakket"})) == ["Épicerie du Canal"]


def test_results_near_a_postcode_are_sorted_by_distance_and_show_it(client, reference):
    make_service("Loin à Uccle", lat=50.7990, lon=4.3370, postcode="1180")
    make_service("Tout près à Molenbeek", lat=50.8549, lon=4.3260, postcode="1080")
    make_service("Au milieu à Saint-Gilles", lat=50.8300, lon=4.3450, postcode="1060")

    response = client.get(SEARCH, {"near": "1080"})

    assert names(response) == ["Tout près à Molenbeek", "Au milieu à Saint-Gilles", "Loin à Uccle"]
    distances = [card.distance_m for card in response.context["cards"]]
    assert distances == sorted(distances)
    assert " km" in response.content.decode() or " m<" in response.content.decode()


@pytest.mark.parametrize(
    "near", ["Molenbeek", "molenbeek-saint-jean", "Sint-Jans-Molenbeek", "Gare de l'Ouest"]
)
def test_near_understands_commune_and_quartier_names(client, reference, near):
    make_service("Loin à Uccle", lat=50.7990, lon=4.3370, postcode="1180")
    make_service("Tout près à Molenbeek", lat=50.8549, lon=4.3260, postcode="1080")

    response = client.get(SEARCH, {"near": near})

    assert not response.context["filter"].form.errors
    assert names(response)[0] == "Tout près à Molenbeek"


def test_near_accepts_a_browser_position(client, reference):
    make_service("Loin à Uccle", lat=50.7990, lon=4.3370, postcode="1180")
    make_service("Tout près à Molenbeek", lat=50.8549, lon=4.3260, postcode="1080")

    response = client.get(SEARCH, {"near": "50.7995,4.3375"})

    assert names(response)[0] == "Loin à Uccle"
    assert response.context["cards"][0].distance_m < 100


def test_filters_by_category_free_walk_in_and_accessible(client, reference):
    make_service("Juridique payant", categories=["aide-juridique"], free=False)
    make_service("Juridique gratuit", categories=["aide-juridique"], walk_in=True)
    make_service("Cuisine", categories=["alimentation"], walk_in=True)

    response = client.get(SEARCH, {"category": "aide-juridique", "free": "on", "walk_in": "on"})

    assert names(response) == ["Juridique gratuit"]


def test_filters_by_language_and_audience(client, reference):
    from directory.models import Audience, Language

    arabic = make_service("Accueil en arabe")
    arabic.languages.add(Language.objects.get(code="ar"))
    arabic.audiences.add(Audience.objects.get(slug="femmes"))
    make_service("Accueil en français")

    assert names(client.get(SEARCH, {"language": "ar"})) == ["Accueil en arabe"]
    assert names(client.get(SEARCH, {"audience": "femmes"})) == ["Accueil en arabe"]


def test_open_now_keeps_only_services_open_at_this_moment(client, reference, monkeypatch):
    make_service("Matin", hours=[(time(9), time(12))])
    make_service("Après-midi", hours=[(time(14), time(17))])
    wednesday_10am = datetime(2026, 11, 25, 10, 0, tzinfo=BRUSSELS)
    monkeypatch.setattr(timezone, "now", lambda: wednesday_10am)

    response = client.get(SEARCH, {"open_now": "on"})

    assert names(response) == ["Matin"]
    assert "Ouvert maintenant" in response.content.decode()


def test_the_boxes_a_resident_ticked_stay_ticked_above_the_results(client, reference):
    html = client.get(SEARCH, {"q": "avocat", "free": "on", "by_phone": "on"}).content.decode()

    assert '<input type="checkbox" name="free" id="id_free" checked> Gratuit' in html
    assert '<input type="checkbox" name="by_phone" id="id_by_phone" checked>' in html
    assert '<input type="checkbox" name="walk_in" id="id_walk_in"> Sans rendez-vous' in html
    assert '<input type="checkbox" name="open_now" id="id_open_now">' in html


def test_results_are_a_server_rendered_list_with_map_twins(client, reference):
    service = make_service("Épicerie du Canal")

    html = client.get(SEARCH, {"q": "epicerie"}).content.decode()

    assert f'href="{service.get_absolute_url()}"' in html
    assert 'id="map-markers"' in html
    # The list comes first (keyboard and phone readers), the map's twin of it after.
    listed, mapped = html.split('id="map-markers"')
    assert "Épicerie du Canal" in listed
    assert "\\u00c9picerie du Canal" in mapped


@pytest.mark.parametrize(
    "params, message",
    [
        ({"near": "91.5,200"}, "n&#x27;est pas une position valide"),
        ({"near": "9999"}, "n&#x27;est pas un code postal bruxellois"),
        ({"near": "Atlantide"}, "Nous ne trouvons pas"),
        ({"q": "x" * 10_000}, "au plus 200 caractères"),
        ({"category": "nonsense"}, "Sélectionnez un choix valide"),
        ({"language": "<script>"}, "Sélectionnez un choix valide"),
    ],
)
def test_nonsense_filters_give_the_page_with_a_message(client, reference, params, message):
    make_service("Épicerie du Canal")

    response = client.get(SEARCH, params)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "<script>" not in response.content.decode().split("<main")[1].split("</main>")[0]


@pytest.mark.parametrize("page", ["abc", "-1", "99999", "1e9"])
def test_nonsense_page_numbers_give_a_page(client, reference, page):
    make_service("Épicerie du Canal")

    assert client.get(SEARCH, {"page": page}).status_code == 200


def test_no_results_suggest_what_to_do(client, reference):
    make_service("Épicerie du Canal")

    html = client.get(SEARCH, {"q": "zzzzzz"}).content.decode()

    assert "Aucun service ne correspond" in html
    assert "Chercher sans les filtres" in html


@pytest.mark.parametrize("text", ["طعام", "продуктова допомога", "غذا ۱۰۸۰", "ajutor alimentar"])
def test_a_query_in_the_languages_of_brussels_finds_its_need(client, reference, text):
    make_service("Épicerie du Canal", categories=["alimentation"])
    make_service("Permanence logement", categories=["logement"])

    response = client.get(SEARCH, {"q": text})

    assert names(response) == ["Épicerie du Canal"]
    assert "Nous ne lisons pas encore" not in response.content.decode()


@pytest.mark.parametrize("text", ["食物", "אוכל", "φαγητό"])
def test_a_query_in_a_script_we_cannot_read_lists_no_service_and_offers_every_need(
    client, reference, text
):
    make_service("Épicerie du Canal", categories=["alimentation"])

    response = client.get(SEARCH, {"q": text})
    html = response.content.decode()

    assert response.context["cards"] == []  # never "every service", as an empty query gives
    assert "Nous ne lisons pas encore cette écriture" in html
    assert len(response.context["related_categories"]) == 21
    assert "?category=alimentation" in html


def test_latin_words_with_accents_are_read_as_before(client, reference):
    make_service("Épicerie du Canal", categories=["alimentation"])

    response = client.get(SEARCH, {"q": "épicerie"})

    assert names(response) == ["Épicerie du Canal"]
    assert "Nous ne lisons pas encore" not in response.content.decode()


def test_the_filters_panel_says_which_filters_are_on(client, reference):
    make_service("Épicerie du Canal", categories=["alimentation"])

    response = client.get(
        SEARCH, {"q": "colis", "category": ["alimentation", "logement"], "free": "on"}
    )
    html = response.content.decode()

    assert response.context["active_filters"] == ["Aide alimentaire", "Logement", "Gratuit"]
    assert "Plus de filtres (3)" in html
    assert "Filtres actifs: Aide alimentaire, Logement, Gratuit" in html
    assert client.get(SEARCH, {"q": "colis"}).context["active_filters"] == []


def test_query_count_does_not_grow_with_the_number_of_results(
    client, reference, django_assert_max_num_queries
):
    for i in range(25):
        make_service(f"Service {i:02}", categories=["alimentation", "sante"], phones=["02 000"])

    # A bounded number: the page reads its ids (from at most three boxes around the
    # point, see search/pages.py), then the twenty services and what their cards show,
    # their answers to a crisis check-in, and the search count.
    with django_assert_max_num_queries(25):
        response = client.get(SEARCH, {"q": "service", "near": "1080", "open_now": "on"})
    assert len(response.context["cards"]) in (0, 20)

    with django_assert_max_num_queries(25):
        response = client.get(SEARCH, {"near": "1080"})
    assert len(response.context["cards"]) == 20

    with django_assert_max_num_queries(25):
        response = client.get(SEARCH, {"q": "service"})
    assert len(response.context["cards"]) == 20


def test_past_the_count_limit_the_page_says_or_more_and_still_pages(client, reference, settings):
    settings.SEARCH_COUNT_LIMIT = 5
    for i in range(7):
        make_service(f"Colis {i}")

    html = client.get(SEARCH, {"q": "colis"}).content.decode()
    assert "5 services trouvés ou plus" in html
    assert "7 services" not in html

    settings.SEARCH_COUNT_LIMIT = 8
    assert "7 services trouvés" in client.get(SEARCH, {"q": "colis"}).content.decode()


def test_search_document_follows_edits_of_services_categories_and_organisations(client, reference):
    from directory.models import Category

    service = make_service("Épicerie du Canal", categories=["alimentation"])
    assert names(client.get(SEARCH, {"q": "tartines"})) == []

    food = Category.objects.get(slug="alimentation")
    food.synonyms_fr += "\ntartines du matin"
    food.save()
    assert names(client.get(SEARCH, {"q": "tartines matin"})) == ["Épicerie du Canal"]

    service.organisation.name_fr = "Les Tilleuls"
    service.organisation.save()
    assert names(client.get(SEARCH, {"q": "tilleuls"})) == ["Épicerie du Canal"]

    service.categories.set([Category.objects.get(slug="logement")])
    assert names(client.get(SEARCH, {"q": "tartines"})) == []
    assert names(client.get(SEARCH, {"q": "loyer"})) == ["Épicerie du Canal"]
