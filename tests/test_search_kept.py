"""What the search keeps per process between requests (the reading of a text, the closest
words, the areas, the alerts in force): read once for distinct URLs with the same words,
never out of date once the directory changes."""

import datetime
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory import memo
from directory.models import Audience, Category, Commune, Service
from directory.models.crisis import Alert
from directory.search.engine import Query
from directory.search.filters import ServiceFilter
from tests.factories import make_service

pytestmark = pytest.mark.django_db
SEARCH = "/fr/services/"


def searched_sql(client, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(SEARCH, params)
    assert response.status_code == 200
    return response, [query["sql"] for query in queries.captured_queries]


def test_searches_made_side_by_side_each_apply_their_own_filters(reference):
    """The filters are shared by every search a process makes (ServiceFilter.get_filters),
    each search with its own copies: two requests served at once by two threads."""
    food = make_service("Colis du Canal", categories=("alimentation",))
    housing = make_service("Toit du Canal", categories=("logement",), free=False)
    services = Service.objects.public()
    first = ServiceFilter({"category": ["alimentation"], "free": "on"}, queryset=services)
    second = ServiceFilter({"category": ["logement"]}, queryset=services)

    assert list(second.qs) == [housing]
    assert list(first.qs) == [food]
    assert first.filters["category"].parent is first
    assert second.filters["category"].parent is second


def test_the_same_words_near_another_place_do_not_read_the_vocabulary_again(client, reference):
    make_service("Logement pour tous", categories=["logement"], postcode="1050")
    _, first = searched_sql(client, {"q": "logment", "near": "1080"})
    _, again = searched_sql(client, {"q": "logment", "near": "1050"})

    assert any("directory_searchterm" in sql for sql in first)
    assert not any("directory_searchterm" in sql for sql in again)
    assert len(again) < len(first)


def test_repeated_words_search_reads_a_bounded_number_of_times(
    client, reference, django_assert_max_num_queries
):
    for postcode in ("1000", "1050", "1060", "1080"):
        make_service(f"Colis {postcode}", categories=["alimentation"], postcode=postcode)
    client.get(SEARCH, {"q": "colis alimentaire", "near": "1000"})
    # Whether every word is found and how many services have them, the page's ids (in
    # boxes widened around the point) and rows, the search counted: never the
    # vocabulary, the communes or the alerts again.
    with django_assert_max_num_queries(19) as queries:
        response = client.get(SEARCH, {"q": "colis alimentaire", "near": "1060"})
    assert len(response.context["cards"]) == 4
    kept = ("searchterm", "commune", "quartier", "alert")
    read = [q["sql"] for q in queries.captured_queries]
    assert not [sql for sql in read if any(f'FROM "directory_{t}"' in sql for t in kept)]


def test_a_synonym_added_by_a_coordinator_is_understood_at_once(reference):
    assert "alimentation" not in Query.parse("frigo partage").phrase_categories

    Category.objects.get(slug="alimentation").add_synonym("fr", "frigo partagé")

    assert "alimentation" in Query.parse("frigo partage").phrase_categories


def test_a_new_service_s_word_corrects_typos_at_once(client, reference):
    make_service("Colis du quartier")
    assert "trampoline" not in Query.parse("trampolne").corrected.get("trampolne", [])

    make_service("Trampoline solidaire", categories=["jeunesse"])

    assert Query.parse("trampolne").corrected["trampolne"] == ["trampoline"]
    response = client.get(SEARCH, {"q": "trampolne"})
    assert [card.service.name_fr for card in response.context["cards"]] == ["Trampoline solidaire"]


def test_a_kept_reading_is_a_copy_the_search_cannot_change(reference):
    query = Query.parse("logement")
    query.words.append("piscine")
    assert Query.parse("logement").words == ["logement"]


def test_an_alert_for_the_commune_searched_shows_at_once(client, reference):
    make_service("Colis d'Ixelles", postcode="1050")
    response = client.get(SEARCH, {"q": "colis", "near": "1050"})
    assert list(response.context["alerts"]) == []

    today = timezone.localdate()
    Alert.objects.create(
        title_fr="Canicule à Ixelles",
        title_nl="Hittegolf in Elsene",
        commune=Commune.objects.get(slug="ixelles"),
        starts_on=today,
    )
    Alert.objects.create(
        title_fr="Fini",
        title_nl="Voorbij",
        starts_on=today - datetime.timedelta(days=9),
        ends_on=today - datetime.timedelta(days=2),
    )
    Alert.objects.create(
        title_fr="Anderlecht",
        title_nl="Anderlecht",
        commune=Commune.objects.get(slug="anderlecht"),
        starts_on=today,
    )

    response = client.get(SEARCH, {"q": "colis", "near": "1050"})
    assert [alert.title_fr for alert in response.context["alerts"]] == ["Canicule à Ixelles"]
    assert "Canicule à Ixelles" in response.content.decode()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner setting")
def test_counting_matches_leaves_the_session_as_it_was(client, reference):
    make_service("Logement pour tous", categories=["logement"])
    response = client.get(SEARCH, {"q": "logement"})
    assert response.context["page"].paginator.count == 1
    with connection.cursor() as cursor:  # the test's transaction goes on after the count
        cursor.execute("SHOW enable_seqscan")
        assert cursor.fetchone()[0] == "on"


@pytest.fixture
def food(reference, committed):
    """Four food services, made as a committed change: what the search keeps is kept."""

    def build():
        for postcode in ("1000", "1050", "1060", "1080"):
            make_service(f"Colis {postcode}", categories=["alimentation"], postcode=postcode)

    committed(build)


def names(response):
    return [card.service.name_fr for card in response.context["cards"]]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "colis alimentaire", "near": "1060"},
        {"q": "colis piscine", "near": "Ixelles"},  # no service has both words
        {"q": "colis", "category": "alimentation", "commune": "molenbeek-saint-jean"},
        {"near": "1080", "page": "2"},
    ],
)
def test_a_search_asked_again_reads_only_the_count_it_adds(
    client, food, params, django_assert_num_queries
):
    first = client.get(SEARCH, params)
    # Whether every word is found, the number of results, the page's ids and rows are
    # kept until the directory changes: the search counted, nothing else.
    with django_assert_num_queries(1 if params.get("page") != "2" else 0):
        again = client.get(SEARCH, params)

    assert names(again) == names(first)
    assert again.context["result"].relaxed == first.context["result"].relaxed
    assert again.context["page"].paginator.count == first.context["page"].paginator.count
    assert again.content.decode().count("service-card") == first.content.decode().count(
        "service-card"
    )


def test_a_new_service_shows_at_once_in_a_search_asked_before(client, food, committed):
    params = {"q": "colis", "near": "1060"}
    assert len(names(client.get(SEARCH, params))) == 4

    committed(lambda: make_service("Colis 1070", categories=["alimentation"], postcode="1070"))

    response = client.get(SEARCH, params)
    assert "Colis 1070" in names(response)
    assert response.context["page"].paginator.count == 5


def at(monkeypatch, *moment):
    brussels = zoneinfo.ZoneInfo("Europe/Brussels")
    monkeypatch.setattr(timezone, "now", lambda: datetime.datetime(*moment, tzinfo=brussels))


def test_what_is_open_now_is_kept_for_the_minute_only(client, food, monkeypatch):
    params = {"q": "colis", "open_now": "on"}  # the four open on weekdays from 9:00
    at(monkeypatch, 2026, 3, 4, 8, 59, 10)  # a Wednesday
    assert names(client.get(SEARCH, params)) == []
    at(monkeypatch, 2026, 3, 4, 8, 59, 50)
    closed, same_minute = searched_sql(client, params)
    at(monkeypatch, 2026, 3, 4, 9, 0, 5)
    opened = client.get(SEARCH, params)

    assert names(closed) == [] and len(names(opened)) == 4
    assert not any("directory_schedule" in sql for sql in same_minute)  # hours not read


def test_a_search_another_process_answered_is_not_asked_again(client, food):
    params = {"q": "colis alimentaire", "near": "1060"}
    first = client.get(SEARCH, params)
    memo.forget(lasting=True)  # as in another process: nothing of this one's kept, the same cache

    again, read = searched_sql(client, params)

    assert names(again) == names(first)
    searched = [sql for sql in read if "searchcount" not in sql]
    assert not [sql for sql in searched if "search_document" in sql or "COUNT(" in sql]


def test_words_another_process_read_are_not_looked_up_again(client, reference, committed):
    committed(lambda: make_service("Logement pour tous", categories=["logement"]))
    _, first = searched_sql(client, {"q": "logment hulp", "near": "1080"})
    memo.forget(lasting=True)  # as in another process

    _, again = searched_sql(client, {"q": "logment hulp", "near": "1050"})

    assert any("directory_searchterm" in sql for sql in first)
    assert not any("directory_searchterm" in sql for sql in again)


def test_an_audience_added_by_a_coordinator_can_be_chosen_at_once(client, food, committed):
    params = {"q": "colis", "audience": "etudiants"}
    assert "audience" in client.get(SEARCH, params).context["filter"].form.errors

    def add():
        audience = Audience.objects.create(slug="etudiants", name_fr="Étudiants", position=99)
        for service in Service.objects.filter(name_fr__in=["Colis 1000", "Colis 1050"]):
            service.audiences.add(audience)

    committed(add)

    response = client.get(SEARCH, params)
    assert not response.context["filter"].form.errors
    assert sorted(names(response)) == ["Colis 1000", "Colis 1050"]
    assert "Étudiants" in response.context["active_filters"]


def test_an_empty_page_asked_again_offers_the_needs_without_reading_them(client, food):
    params = {"q": "logement piscines"}  # names a need no service here meets
    first = client.get(SEARCH, params)
    again, read = searched_sql(client, params)

    assert names(again) == [] and again.context["related_categories"]
    assert again.context["related_categories"] == first.context["related_categories"]
    assert again.context["suggested_terms"] == first.context["suggested_terms"]
    assert not any('FROM "directory_category"' in sql for sql in read)  # the needs are kept


def test_did_you_mean_asked_again_reads_no_vocabulary(client, reference, committed):
    committed(lambda: make_service("Trampoline solidaire", categories=["jeunesse"]))
    params = {"q": "trompolino", "near": "1080"}  # two letters wrong: no typo correction
    first, read_first = searched_sql(client, params)
    again, read = searched_sql(client, params)

    assert names(again) == []
    assert "trampoline" in [term for term, _ in again.context["suggested_terms"]]
    assert again.context["suggested_terms"] == first.context["suggested_terms"]
    assert any('FROM "directory_searchterm"' in sql for sql in read_first)
    assert not any('FROM "directory_searchterm"' in sql for sql in read)
