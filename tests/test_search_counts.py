"""Every search is counted, by week and anonymously: what it asked, in which language, how
many results it had, and at most the commune or quartier it was about."""

import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory import geocoder
from directory.models import Quartier, SearchCount
from directory.search import counts
from tests.factories import make_service

PURGE = counts.purge  # as imported, before tests/conftest.py sets it aside

pytestmark = pytest.mark.django_db


@pytest.fixture
def purging(monkeypatch):
    """Old weeks purged, as outside the tests (tests/conftest.py sets the purge aside)."""
    monkeypatch.setattr(counts, "purge", PURGE)


SEARCH = "/fr/services/"
API = "/api/v1/services"
# Every column but the id: what anyone reading the table could learn.
COLUMNS = [f.attname for f in SearchCount._meta.concrete_fields if f.name != "id"]


def rows():
    return list(SearchCount.objects.order_by("key").values(*COLUMNS))


def only_row():
    (row,) = rows()
    return row


@pytest.fixture
def food(reference):
    return make_service("Épicerie du Canal", categories=["alimentation"])


@pytest.fixture
def marolles(reference):
    return Quartier.objects.select_related("commune").get(slug="marolles")


def test_a_search_is_counted_with_its_text_language_results_and_commune(client, food):
    client.get("/nl/services/", {"q": "Épicerie!", "near": "1080"})
    client.get("/nl/services/", {"q": "epicerie", "near": "1080 Molenbeek"})

    row = only_row()
    assert row["text"] == "epicerie" and row["kind"] == "text"
    assert row["language"] == "nl" and row["results"] == 1 and row["searches"] == 2
    assert row["commune_id"] == food.locations.get().commune_id and row["quartier_id"] is None
    assert row["week"] == counts.week_of(timezone.localdate())


def test_a_place_among_the_words_is_counted_as_the_area_not_as_text(client, food):
    client.get(SEARCH, {"q": "colis 1080"})
    client.get(SEARCH, {"q": "Colis Molenbeek"})

    row = only_row()
    assert (row["kind"], row["text"], row["searches"]) == ("text", "colis", 2)
    assert row["commune_id"] == food.locations.get().commune_id


def test_the_categories_a_search_names_or_filters_on_are_counted(client, food):
    client.get(SEARCH, {"q": "colis alimentaire", "category": "logement", "near": "1000"})

    assert only_row()["categories"] == " alimentation logement "


def test_no_result_and_many_results_are_counted_as_such(client, food):
    for n in range(12):
        make_service(f"Colis {n}", categories=["alimentation"])
    client.get(SEARCH, {"q": "roupiller"})
    client.get(SEARCH, {"q": "colis"})

    assert {row["text"]: row["results"] for row in rows()} == {"roupiller": 0, "colis": 10}


def test_the_next_pages_and_a_form_never_sent_are_not_new_searches(client, food):
    for n in range(25):
        make_service(f"Colis {n}", categories=["alimentation"])
    client.get(SEARCH, {"q": "colis"})
    client.get(SEARCH, {"q": "colis", "page": "2"})
    client.get(SEARCH)
    client.get(SEARCH, {"category": "alimentation"})  # a tile: no text, no place

    assert only_row()["searches"] == 1


def test_a_place_alone_is_counted_without_text(client, food):
    client.get(SEARCH, {"near": "1080", "q": " ?! "})

    row = only_row()
    assert row["kind"] == "place" and row["text"] == "" and row["commune_id"]


def test_a_quartier_named_is_counted_as_that_quartier(client, food, marolles):
    client.get(SEARCH, {"q": "colis", "near": "Marolles"})
    client.get(SEARCH, {"q": "colis", "quartier": "marolles"})

    areas = {(row["quartier_id"], row["commune_id"]) for row in rows()}
    assert areas == {(marolles.pk, marolles.commune_id)}


def test_the_api_counts_its_search_parameter_in_the_language_it_answers(client, food):
    client.get(API, {"search": "voedselpakket", "lang": "nl"})
    client.get(API)  # other tools reading the data: not a resident's search
    client.get(API, {"near": "1080"})
    client.get(API, {"search": "voedselpakket", "lang": "nl", "page": "2"})

    row = only_row()
    assert row["text"] == "voedselpakket" and row["language"] == "nl"
    assert row["results"] == 1 and row["categories"] == " alimentation "


@pytest.mark.parametrize("url", [f"{SEARCH}?q=colis", f"{API}?search=colis"])
def test_a_page_served_from_the_cache_is_counted_too(
    client, food, settings, url, django_assert_num_queries
):
    settings.PAGE_CACHE_SECONDS = 30
    cache.clear()
    try:
        client.get(url)
        with django_assert_num_queries(1):  # the count, and nothing else
            assert client.get(url).status_code == 200
    finally:
        cache.clear()

    assert only_row()["searches"] == 2


@pytest.mark.parametrize(
    "params",
    [
        {"q": "colis"},
        {"q": "colis", "near": "1080"},
        {"q": "colis", "near": "Marolles"},
        {"q": "colis", "near": "50.8400,4.3500"},
        {"near": "50.8400,4.3500", "commune": "anderlecht"},
    ],
)
def test_counting_costs_a_search_three_queries_at_most(client, food, settings, params):
    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(SEARCH, params).status_code == 200
        return len(captured.captured_queries)

    client.get(SEARCH, {"q": "colis"})  # today's purge done, and the caches warm
    settings.SEARCH_COUNTS_WEEKS = 0
    uncounted = queries()
    settings.SEARCH_COUNTS_WEEKS = 26

    assert queries() <= uncounted + 3


def test_counting_sets_no_cookie_and_keeps_the_page_cacheable(client, food):
    response = client.get(SEARCH, {"q": "colis", "near": "1080"})

    assert not response.cookies and "Set-Cookie" not in response
    assert only_row()


def test_a_failing_count_never_fails_the_search(client, food, monkeypatch, caplog):
    def broken(*args):
        raise DatabaseError("disk full")

    monkeypatch.setattr(counts, "_upsert", broken)

    response = client.get(SEARCH, {"q": "colis"})

    assert response.status_code == 200 and "Épicerie du Canal" in response.content.decode()
    assert "search not counted" in caplog.text
    assert rows() == []


def test_nothing_is_counted_when_counting_is_off(client, food, settings):
    settings.SEARCH_COUNTS_WEEKS = 0
    client.get(SEARCH, {"q": "colis", "near": "1080"})
    client.get(API, {"search": "colis"})

    assert rows() == []


def test_a_long_text_is_cut_to_its_first_words(client, reference):
    client.get(SEARCH, {"q": "Je cherche " + "une aide alimentaire pour ma famille " * 4})

    text = only_row()["text"]
    assert text == "je cherche une aide alimentaire pour ma famille"
    assert len(text) <= counts.MAX_TEXT


def test_a_script_the_engine_does_not_read_is_counted_without_its_text(client, reference):
    client.get(SEARCH, {"q": "食物"})

    row = only_row()
    assert row["kind"] == "unreadable" and row["text"] == ""


def test_an_arabic_search_is_counted_with_its_normalised_text(client, reference):
    client.get(SEARCH, {"q": "مُساعَدة غذائيّة"})

    row = only_row()
    assert row["kind"] == "text" and row["text"] == "مساعده غذاييه"


# Twin worlds: what differs between two residents must not reach the table. -------------


def counted(client, *searches):
    """The rows left by these searches (dicts of parameters), alone in the table."""
    SearchCount.objects.all().delete()
    for params in searches:
        client.get(SEARCH, params)
    return rows()


PRIVATE_TEXTS = [
    ("0470 12 34 56", "0488/98.76.54"),
    ("+32 2 555 01 01 cpas", "0032 2 777 99 88 cpas"),
    ("rue haute 12", "rue blaes 40"),
    ("Chaussée de Gand 100 colis", "chaussee de ninove 7 colis"),
    ("Avenue Louise", "Boulevard Lemonnier"),
    ("Kerkstraat logement", "Vlaamsesteenweg logement"),
    ("marie.dupont@gmail.com", "jan.peeters@telenet.be"),
    ("marie dupont gmail com @", "jan peeters @ telenet"),
    ("www.mon-site.be", "https://example.org/moi"),
    ("né le 12/03/1985", "ne le 1 4 1990"),
    ("85.03.12-123.45", "９０ ０４ ０１"),  # a national number; full-width digits
    ("BE68 5390 0754 7034", "be71 0961 2345 6769"),
]


@pytest.mark.parametrize(("one", "other"), PRIVATE_TEXTS)
def test_a_text_that_looks_like_an_address_a_number_or_an_e_mail_is_not_kept(
    client, food, one, other
):
    first = counted(client, {"q": one, "near": "1000"})
    second = counted(client, {"q": other, "near": "1000"})

    assert first == second
    assert first[0]["kind"] == "withheld" and first[0]["text"] == ""
    assert first[0]["searches"] == 1


def test_two_positions_in_one_quartier_leave_the_same_rows(client, food, marolles):
    lat, lon = float(marolles.latitude), float(marolles.longitude)
    one = f"{lat + 0.0004:.6f},{lon - 0.0003:.6f}"
    other = f"{lat - 0.0003:.6f},{lon + 0.0005:.6f}"

    first = counted(client, {"q": "colis", "near": one}, {"near": one})
    second = counted(client, {"q": "colis", "near": other}, {"near": other})

    assert first == second
    assert {row["quartier_id"] for row in first} == {marolles.pk}
    assert {row["commune_id"] for row in first} == {marolles.commune_id}


def test_with_boundaries_two_positions_in_one_quartier_leave_the_same_rows(
    client, food, marolles, shared_data
):
    from directory import geo

    call_command("import_boundaries", "communes", shared_data / "brussels-communes.geojson")
    call_command("import_boundaries", "quartiers", shared_data / "brussels-quartiers.geojson")
    points = []
    for step in range(-6, 7):  # points of a line across the quartier, kept if inside it
        lat = float(marolles.latitude) + step * 0.0004
        lon = float(marolles.longitude) + step * 0.0003
        if geo.area_at(Quartier.objects.all(), lat, lon) == marolles:
            points.append(f"{lat:.6f},{lon:.6f}")
    assert len(points) >= 2

    worlds = [counted(client, {"q": "colis", "near": point}) for point in (points[0], points[-1])]

    assert worlds[0] == worlds[1]
    assert worlds[0][0]["quartier_id"] == marolles.pk


def test_two_street_addresses_in_one_quartier_leave_the_same_rows(
    client, food, marolles, monkeypatch
):
    lat, lon = float(marolles.latitude), float(marolles.longitude)
    streets = {"Rue Haute 12": (lat + 0.0002, lon), "Rue Blaes 40": (lat, lon + 0.0002)}

    def geocode(text):
        found = streets.get(text)
        return counts.geo.Point(*found, text) if found else None

    monkeypatch.setattr(geocoder, "geocode", geocode)

    first = counted(client, {"q": "colis", "near": "Rue Haute 12"})
    second = counted(client, {"q": "colis", "near": "Rue Blaes 40"})

    assert first == second and first[0]["quartier_id"] == marolles.pk
    assert not any("haute" in str(value).lower() for value in first[0].values())


# Kept for SEARCH_COUNTS_WEEKS weeks, then deleted. ---------------------------------------


def search(text="colis", **fields):
    fields = {
        "kind": "text",
        "text": text,
        "language": "fr",
        "commune_id": None,
        "quartier_id": None,
        "results": 0,
        "categories": "",
    } | fields
    return counts.Search(**fields)


def count_of_weeks_ago(text, weeks_ago):
    week = counts.week_of(timezone.localdate()) - timedelta(weeks=weeks_ago)
    SearchCount.objects.create(key=text, week=week, text=text, language="fr", results=0)


def test_weeks_past_the_retention_are_deleted_by_the_command(settings, purging):
    settings.SEARCH_COUNTS_WEEKS = 4
    for weeks_ago in range(6):
        count_of_weeks_ago(f"semaine {weeks_ago}", weeks_ago)

    call_command("purge_search_counts", verbosity=0)

    kept = set(SearchCount.objects.values_list("text", flat=True))
    assert kept == {"semaine 0", "semaine 1", "semaine 2", "semaine 3"}
    assert set(counts.kept().values_list("text", flat=True)) == kept


def test_old_weeks_go_at_the_first_count_of_a_day_without_any_cron(settings, monkeypatch, purging):
    settings.SEARCH_COUNTS_WEEKS = 2
    count_of_weeks_ago("ancienne", 2)
    count_of_weeks_ago("récente", 1)
    monkeypatch.setattr(counts, "_purged_on", None)  # a process that has not purged today

    counts.record(search("aujourd'hui"))
    count_of_weeks_ago("remise par une sauvegarde", 3)
    counts.record(search("aujourd'hui"))  # once a day is enough

    texts = set(SearchCount.objects.values_list("text", flat=True))
    assert texts == {"récente", "aujourd'hui", "remise par une sauvegarde"}
    assert "remise par une sauvegarde" not in set(counts.kept().values_list("text", flat=True))


def test_the_same_search_in_a_week_adds_one_to_one_row_and_a_new_week_starts_anew():
    monday = counts.week_of(timezone.localdate())
    for day in range(7):
        counts.record(search(), today=monday + timedelta(days=day))
    counts.record(search(), today=monday + timedelta(days=7))

    assert list(SearchCount.objects.order_by("week").values_list("week", "searches")) == [
        (monday, 7),
        (monday + timedelta(days=7), 1),
    ]


@pytest.mark.django_db(transaction=True)
def test_searches_counted_at_the_same_moment_each_add_one():
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        # Its shared in-memory test database locks a table at once, without waiting: a
        # writer that finds it locked is refused, which says nothing of a real deployment.
        pytest.skip("concurrent writers need PostgreSQL; SQLite's test database is in memory")

    start = threading.Barrier(8)

    def count_five():
        start.wait()
        try:
            return sum(counts.record(search("colis")) for _ in range(5))
        finally:
            connections.close_all()

    with ThreadPoolExecutor(8) as pool:
        counted = sum(pool.map(lambda _: count_five(), range(8)))

    assert counted == 40
    assert list(SearchCount.objects.values_list("text", "searches")) == [("colis", 40)]


def test_a_process_writes_the_searches_it_counted_together(
    settings, monkeypatch, django_assert_num_queries
):
    settings.SEARCH_COUNTS_FLUSH_SECONDS = 60
    with django_assert_num_queries(0):
        for text in ("colis", "colis", "avocat"):
            assert counts.record(search(text))
    assert not SearchCount.objects.exists()

    with django_assert_num_queries(1):  # one statement for them all
        assert counts.flush()

    assert sorted(SearchCount.objects.values_list("text", "searches")) == [
        ("avocat", 1),
        ("colis", 2),
    ]
    counts.record(search("colis"))
    counts.flush()
    assert SearchCount.objects.get(text="colis").searches == 3
