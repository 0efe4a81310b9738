"""A service's card rows (its places, hours, statuses) are read once per process and kept
until the directory changes (memo.kept): the next resident's search reads only the ids of
its results. What the card says must still be true at once after any change."""

import pickle
import re
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory import memo
from directory.kept_rows import kept, read
from directory.models import (
    CheckIn,
    CheckInRequest,
    Location,
    Schedule,
    ScheduleException,
    Service,
    TemporaryStatus,
)
from directory.search.pages import NOT_ON_CARDS, card_rows
from directory.views.public import service_page_row, service_pages
from tests.factories import make_service
from tests.presence_factories import make_slot

pytestmark = pytest.mark.django_db

SEARCH = "/fr/services/"
CARD_TABLES = ("directory_location", "directory_schedule", "directory_phone")


def card_reads(queries):
    return [
        q["sql"]
        for q in queries
        if q["sql"].startswith(tuple(f'SELECT "{t}".' for t in CARD_TABLES))
    ]


def test_a_second_search_reads_no_card_rows_the_first_one_read(client, reference, committed):
    for name in ("Colis du Canal", "Colis de la Senne", "Colis du Nord"):
        committed(lambda name=name: make_service(name))
    first = client.get(SEARCH, {"q": "colis"}).content.decode()
    with CaptureQueriesContext(connection) as second:
        again = client.get(SEARCH, {"q": "colis", "near": "1080"}).content.decode()

    assert not card_reads(second.captured_queries)
    for name in ("Colis du Canal", "Colis de la Senne", "Colis du Nord"):
        assert name in first and name in again


def without_nonce(response):
    return re.sub(r"nonce-[^']+'|nonce=\"[^\"]+\"", "", response.content.decode())


def test_cards_another_process_reads_back_say_what_the_first_one_showed(
    client, reference, committed
):
    committed(lambda: make_service("Colis du Canal", categories=("alimentation", "logement")))
    remote = committed(
        lambda: make_service("Colis par téléphone", remote_only=True, phones=["02 555 01 02"])
    )
    committed(
        lambda: TemporaryStatus.objects.create(
            service=remote, kind="closed", starts_on=timezone.localdate(), note_fr="Travaux."
        )
    )
    first = client.get(SEARCH, {"q": "colis", "near": "1080"})
    memo.forget(lasting=True)  # as in another process: its rows are read back from the shared cache

    with CaptureQueriesContext(connection) as second:
        again = client.get(SEARCH, {"q": "colis", "near": "1080"})

    assert not card_reads(second.captured_queries)
    assert without_nonce(again) == without_nonce(first)
    for shown in ("Colis du Canal", "Logement", "02 555 01 02", "Travaux.", "status-closed"):
        assert shown in without_nonce(first)


def test_a_kept_row_is_read_not_queried(reference, committed, django_assert_num_queries):
    """A filter on a kept row's relation would run without the row's own filter (every
    service's phones): it fails instead, before asking the database."""
    service = committed(lambda: make_service("Colis du Canal", phones=["02 555 01 02"]))
    committed(lambda: make_service("Colis de la Senne", phones=["02 555 09 09"]))
    row = pickle.loads(pickle.dumps(card_rows([service.pk])[service.pk]))

    with django_assert_num_queries(0):
        assert [phone.number for phone in row.phones.all()] == ["02 555 01 02"]
        assert row.phones.count() == 1 and row.phones.exists()
        assert [location.street_fr for location in row.locations.all()] == ["Rue de Test 1"]
        assert len(row.locations.all()[0].schedules.all()) == 5
        for ask in (lambda: row.phones.filter(number__startswith="02"), row.phones.first):
            with pytest.raises(TypeError, match="read, not queried"):
                ask()
    # Kept without a query: as Django prefetches it, a row holds one per relation.
    prefetched = Service.objects.for_cards().defer(*NOT_ON_CARDS).get(pk=service.pk)
    assert b"django.db.models.sql.query" in pickle.dumps(prefetched)
    assert b"django.db.models.sql.query" not in pickle.dumps(row)
    assert len(pickle.dumps(row)) < len(pickle.dumps(prefetched))


def test_a_kept_row_is_read_back_without_looking_its_models_up(reference, committed, monkeypatch):
    """A card row holds about a hundred rows: read back, none looks its model up in the
    app registry (Django's own pickling names the app and model, found again per row)."""
    from django.apps import apps

    service = committed(lambda: make_service("Colis du Canal", phones=["02 555 01 02"]))
    held = pickle.dumps(card_rows([service.pk])[service.pk])
    looked_up = []
    get_model = apps.get_model
    monkeypatch.setattr(
        apps, "get_model", lambda *args, **kw: looked_up.append(args) or get_model(*args, **kw)
    )

    row = pickle.loads(held)

    assert looked_up == []
    assert row.name == "Colis du Canal" and row.organisation.name
    assert [phone.number for phone in row.phones.all()] == ["02 555 01 02"]
    assert [category.slug for category in row.categories.all()] == ["alimentation"]


def test_an_edit_shows_on_the_next_search(client, reference, committed):
    service = committed(lambda: make_service("Colis du Canal"))
    assert "Colis du Canal" in client.get(SEARCH, {"q": "colis"}).content.decode()

    def edit():
        service.name_fr = "Colis du Port"
        service.save()
        Location.objects.filter(service=service).get().save()  # as the admin's inline does

    committed(edit)

    html = client.get(SEARCH, {"q": "colis"}).content.decode()
    assert "Colis du Port" in html and "Colis du Canal" not in html


def test_a_closure_shows_on_the_next_search_and_service_page(client, reference, committed):
    service = committed(lambda: make_service("Colis du Canal"))
    assert "status-closed" not in client.get(SEARCH, {"q": "colis"}).content.decode()
    assert "status-closed" not in client.get(service.get_absolute_url()).content.decode()
    today = timezone.localdate()

    committed(
        lambda: TemporaryStatus.objects.create(service=service, kind="closed", starts_on=today)
    )

    assert "status-closed" in client.get(SEARCH, {"q": "colis"}).content.decode()
    assert "status-closed" in client.get(service.get_absolute_url()).content.decode()


def test_an_unpublished_service_page_is_gone_at_once(client, reference, committed):
    service = committed(lambda: make_service("Colis du Canal"))
    assert client.get(service.get_absolute_url()).status_code == 200
    assert "Colis du Canal" in client.get(SEARCH, {"q": "colis"}).content.decode()

    service.is_active = False
    committed(service.save)

    assert client.get(service.get_absolute_url()).status_code == 404
    assert "Colis du Canal" not in client.get(SEARCH, {"q": "colis"}).content.decode()


def test_rows_kept_yesterday_are_read_again_today(client, reference, monkeypatch, committed):
    """Statuses that ended yesterday are not read for today's cards."""
    service = committed(lambda: make_service("Colis du Canal"))
    today = date(2026, 11, 26)
    monkeypatch.setattr(timezone, "now", lambda: timezone.make_aware(datetime(2026, 11, 26, 10)))
    committed(
        lambda: TemporaryStatus.objects.create(
            service=service, kind="closed", starts_on=today, ends_on=today
        )
    )
    assert "status-closed" in client.get(SEARCH, {"q": "colis"}).content.decode()

    tomorrow = timezone.make_aware(datetime(2026, 11, 27, 10))
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert "status-closed" not in client.get(SEARCH, {"q": "colis"}).content.decode()


def test_open_now_is_worked_out_per_request_from_kept_hours(
    client, reference, monkeypatch, committed
):
    service = committed(lambda: make_service("Colis du Canal", weekdays=range(7)))
    Schedule.objects.filter(location__service=service).update(opens_at="09:00", closes_at="12:00")
    morning = timezone.make_aware(datetime(2026, 11, 26, 10))
    monkeypatch.setattr(timezone, "now", lambda: morning)
    assert "badge-open" in client.get(SEARCH, {"q": "colis"}).content.decode()

    monkeypatch.setattr(timezone, "now", lambda: morning + timedelta(hours=4))
    assert "badge-open" not in client.get(SEARCH, {"q": "colis"}).content.decode()


def test_a_process_keeps_at_most_the_rows_it_may():
    computed = []

    def compute(keys):
        computed.extend(keys)
        return {key: key * 10 for key in keys}

    assert memo.kept("rows", [1, 2, 3], compute, most=2) == {1: 10, 2: 20, 3: 30}
    assert memo.kept("rows", [2, 3], compute, most=2) == {2: 20, 3: 30}
    assert computed == [1, 2, 3]  # 2 and 3 kept, 1 forgotten first
    memo.kept("rows", [1], compute, most=2)
    assert computed == [1, 2, 3, 1]


def test_a_row_the_computation_leaves_out_is_not_kept():
    calls = []

    def compute(keys):
        calls.append(list(keys))
        return {}

    assert memo.kept("rows", ["gone"], compute) == {}
    memo.kept("rows", ["gone"], compute)
    assert calls == [["gone"], ["gone"]]
    assert not Service.objects.exists()


def asked_at_once(compute, keys_of_each, wait=0.3):
    """What each of several threads got asking memo.kept for its keys, the first one
    asking alone, the others once it computes (compute blocks until they have asked)."""
    import threading
    import time

    computing, go_on = threading.Event(), threading.Event()

    def blocking(keys):
        computing.set()
        go_on.wait(10)
        return compute(keys)

    got = {}

    def ask(number, keys):
        try:
            got[number] = memo.kept("slow", keys, blocking, per_language=False)
        except RuntimeError as error:
            got[number] = error

    threads = [threading.Thread(target=ask, args=item) for item in enumerate(keys_of_each)]
    threads[0].start()
    computing.wait(10)
    for thread in threads[1:]:
        thread.start()
    time.sleep(wait)  # the others are waiting now (or computing, were each on its own)
    go_on.set()
    for thread in threads:
        thread.join(10)
    return [got.get(number) for number in range(len(threads))]


def test_a_value_many_requests_ask_for_at_once_is_computed_once():
    computed = []

    def compute(keys):
        computed.extend(keys)
        return {key: key * 10 for key in keys}

    got = asked_at_once(compute, [[1, 2], [1, 2], [2, 3], [1]])

    assert got == [{1: 10, 2: 20}, {1: 10, 2: 20}, {2: 20, 3: 30}, {1: 10}]
    assert sorted(computed) == [1, 2, 3]  # each once: 3 by the thread that asked for it


def test_when_the_first_computation_fails_the_others_compute_their_own():
    calls = []

    def compute(keys):
        calls.append(list(keys))
        if len(calls) == 1:
            raise RuntimeError("the database went away")
        return {key: key * 10 for key in keys}

    got = asked_at_once(compute, [[1], [1], [1]])

    assert isinstance(got[0], RuntimeError)  # its request failed
    assert got[1:] == [{1: 10}, {1: 10}]


def test_rows_read_for_keeping_hold_what_prefetch_related_reads(
    reference, django_assert_num_queries
):
    """kept_rows.read reads a queryset's prefetches itself (without Django's QuerySet per
    row and relation): the rows it gives must be the rows Django's prefetch_related gives,
    to the last relation, in the same number of queries."""

    check_in = CheckIn.objects.create(title_fr="Vague de froid", title_nl="Koudegolf")
    services = [
        make_service(f"Colis {n}", categories=("alimentation", "logement")[: n % 2 + 1])
        for n in range(3)
    ]
    two_places = services[0]
    make_service("Sans lieu", lat=None, phones=["02 555 01 03"])  # no location, a phone
    Location.objects.create(service=two_places, street_fr="Rue B 2", postcode="1000")
    place = two_places.locations.order_by("street_fr").first()
    ScheduleException.objects.create(
        location=place, start_date=date(2026, 12, 24), end_date=date(2026, 12, 26)
    )
    TemporaryStatus.objects.create(
        service=services[1], kind="closed", starts_on=timezone.localdate()
    )
    for service in services[:2]:
        request = CheckInRequest(check_in=check_in, service=service, answered_at=timezone.now())
        request.new_token()
        request.save()
    make_slot(place, two_places.organisation, service=two_places)
    cards = Service.objects.public().for_cards().defer(*NOT_ON_CARDS).order_by("name_fr")

    with django_assert_num_queries(8) as django_reads:
        prefetched = [kept(row).kept_digest for row in cards]
    with django_assert_num_queries(len(django_reads)):
        ours = [kept(row).kept_digest for row in read(cards)]
    assert ours == prefetched and len(set(ours)) == 4

    # A service's page: more relations, a Prefetch with to_attr, a nested select_related.
    day = timezone.localdate()
    page = service_page_row((day, two_places.slug))
    assert len(page.public_permanences) == 1 and len(page.locations.all()) == 2
    assert page.kept_digest == kept(service_pages(day).get(pk=two_places.pk)).kept_digest
    assert service_page_row((day, "aucun")) is None


def test_a_row_makes_its_public_places_once_and_again_when_its_places_are_read_again(reference):
    service = make_service("Colis du Canal")
    row = Service.objects.for_cards().get(pk=service.pk)
    places = row.public_places()
    assert row.public_places() is places  # a kept row's cards ask at every page

    Location.objects.create(service=service, street_fr="Rue B 2", postcode="1000")
    assert row.public_places() is places  # as its prefetched locations: read once
    del row._prefetched_objects_cache["locations"]
    prefetch_related_objects([row], "locations__commune")
    assert len(row.public_places()) == 2

    fresh = Service.objects.get(pk=service.pk)  # nothing prefetched: read each time
    assert len(fresh.public_places()) == 2
    Location.objects.create(service=service, street_fr="Rue C 3", postcode="1000")
    assert len(fresh.public_places()) == 3
