"""The receiving service confirms an arrival: one tap by one of its workers, or the slip's
code typed at its desk without an account. Tried as an attacker would: a worker of
another organisation, a guesser of codes from one address or from many."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from directory.models import ArrivalThrottle, HandOver
from directory.models.handovers import CODE_ALPHABET, new_code, printed_code
from directory.staff import liaison
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def slip(reference):
    """A slip from the CPAS to the grocery, and its code as printed."""
    cpas = make_organisation("CPAS de Molenbeek")
    sender = make_worker("Awa Diallo", organisations=[cpas], username="awa")
    grocery = make_service("Épicerie sociale", organisation=make_organisation("Asbl Épicerie"))
    handover, code = liaison.make_handover(
        sender.user, grocery, grocery.categories.get(), from_organisation=cpas
    )
    return handover, printed_code(code)


def wrong_code(code):
    """A code of the right form that is not `code`."""
    while (other := new_code()) == code.replace("-", ""):
        pass
    return other


def arrive(code, address="192.0.2.1", lang="fr"):
    return Client(REMOTE_ADDR=address).post(f"/{lang}/arrivee/", {"code": code})


def test_a_worker_of_the_receiving_organisation_confirms_with_one_tap(client, slip):
    handover, _code = slip
    desk = make_worker("Bram", organisations=[handover.to_service.organisation], username="bram")
    client.force_login(desk.user)

    page = client.get("/fr/staff/liaison/").content.decode()
    assert "1 arrivée attendue chez nous" in page and "Envoyée par CPAS de Molenbeek" in page
    assert "Awa" not in page  # who made the slip is nobody else's business
    response = client.post(f"/fr/staff/liaison/{handover.pk}/arrivee/", follow=True)

    handover.refresh_from_db()
    assert handover.arrived
    assert "Arrivée confirmée à « Épicerie sociale »." in response.content.decode()
    assert f"/{handover.pk}/arrivee/" not in client.get("/fr/staff/liaison/").content.decode()


def test_a_worker_of_another_organisation_cannot_confirm(client, slip):
    handover, _code = slip
    for intruder in (
        make_worker("Autre", organisations=[make_organisation("Autre asbl")], username="x"),
        make_worker("Sans organisation", username="y"),
        handover.created_by.worker,  # the sender is not the receiver
    ):
        client.force_login(intruder.user)

        response = client.post(f"/fr/staff/liaison/{handover.pk}/arrivee/")

        assert response.status_code == 404
        tap = f"/fr/staff/liaison/{handover.pk}/arrivee/"
        assert tap not in client.get("/fr/staff/liaison/").content.decode()
    handover.refresh_from_db()
    assert not handover.arrived


def test_the_desk_confirms_with_the_code_without_an_account(slip):
    handover, code = slip
    assert Client().get("/nl/arrivee/").status_code == 200

    response = arrive(f"  {code.lower()} ", lang="nl")

    handover.refresh_from_db()
    assert handover.arrived
    assert "Bedankt: de aankomst bij ‘Épicerie sociale’ is geregistreerd." in (
        response.content.decode()
    )


def test_a_code_works_once(slip):
    handover, code = slip
    arrive(code)
    handover.refresh_from_db()
    first = handover.acknowledged_at

    response = arrive(code.replace("-", " "))

    handover.refresh_from_db()
    assert handover.acknowledged_at == first
    assert "Ce code a déjà servi" in response.content.decode()


def test_wrong_codes_get_a_message_that_says_what_to_check(slip):
    handover, code = slip
    messages = {
        "123": "il a huit lettres et chiffres",
        "ABCD-EFG0": "il a huit lettres et chiffres",  # 0 is never in a code
        wrong_code(code): "Aucune fiche n&#x27;a ce code",
    }
    for typed, message in messages.items():
        response = arrive(typed)

        assert response.status_code == 200
        assert message in response.content.decode(), typed
    handover.refresh_from_db()
    assert not handover.arrived


def test_a_code_expires_with_the_period_the_network_counts(slip):
    handover, code = slip
    HandOver.objects.filter(pk=handover.pk).update(
        date=timezone.localdate() - timedelta(days=liaison.PERIOD_DAYS + 1)
    )

    response = arrive(code)

    handover.refresh_from_db()
    assert not handover.arrived
    assert f"une fiche de liaison vaut {liaison.PERIOD_DAYS} jours" in response.content.decode()


def test_no_code_is_stored_in_clear_and_lookups_compare_in_constant_time(slip, monkeypatch):
    handover, code = slip
    compared = []
    real = liaison.hmac.compare_digest
    monkeypatch.setattr(
        liaison.hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b)
    )

    arrive(code)

    assert code.replace("-", "") not in str(HandOver.objects.values().get())
    assert compared == [(handover.code_hash, handover.code_hash)]


def test_a_wrong_code_answers_the_same_however_near_it_is_to_a_real_one(slip):
    """Twin guesses, one sharing seven signs with the real code, one sharing none: the
    page must not tell them apart."""
    _handover, code = slip
    plain = code.replace("-", "")
    near = plain[:7] + next(c for c in CODE_ALPHABET if c != plain[7])
    far = "".join(next(c for c in CODE_ALPHABET if c != s) for s in plain)

    answers = [arrive(guess, address="192.0.2.9") for guess in (near, far)]

    noise = re.compile(r'(nonce|value)="[^"]*"')
    texts = [noise.sub("", r.content.decode()) + str(r.status_code) for r in answers]
    assert texts[0].replace(near, "X") == texts[1].replace(far, "X")


def test_wrong_codes_from_one_address_are_stopped_for_the_hour(slip, monkeypatch):
    handover, code = slip
    for _n in range(liaison.FAILURES_PER_SENDER):
        assert arrive(wrong_code(code)).status_code == 200

    stopped = arrive(code)
    elsewhere = arrive(code, address="198.51.100.7")

    assert stopped.status_code == 429
    assert "la page est bloquée pour une heure" in stopped.content.decode()
    assert elsewhere.status_code == 200
    handover.refresh_from_db()
    assert handover.arrived  # from the other address, not through the blocked one


def test_the_block_ends_when_the_hour_is_over(slip):
    handover, code = slip
    for _n in range(liaison.FAILURES_PER_SENDER):
        arrive(wrong_code(code))
    ArrivalThrottle.objects.update(window_start=timezone.now() - liaison.THROTTLE_WINDOW)

    assert arrive(code).status_code == 200
    handover.refresh_from_db()
    assert handover.arrived


def test_guesses_from_many_addresses_share_one_limit(slip, monkeypatch):
    handover, code = slip
    monkeypatch.setattr(liaison, "FAILURES_FROM_EVERYONE", 5)
    for n in range(5):
        arrive(wrong_code(code), address=f"203.0.113.{n}")

    assert arrive(code, address="203.0.113.200").status_code == 429
    handover.refresh_from_db()
    assert not handover.arrived


def test_a_desks_typos_and_its_right_codes_never_block_it(slip):
    handover, code = slip
    for _n in range(liaison.FAILURES_PER_SENDER * 2):
        arrive("ABC")
    arrive(code)
    for _n in range(liaison.FAILURES_PER_SENDER * 2):
        arrive(code)

    other, other_code = liaison.make_handover(
        handover.created_by, handover.to_service, handover.category, handover.from_organisation
    )
    assert arrive(printed_code(other_code)).status_code == 200
    other.refresh_from_db()
    assert other.arrived


def test_senders_are_counted_by_a_keyed_hash_of_their_address(slip):
    _handover, code = slip
    arrive(wrong_code(code), address="192.0.2.77")

    keys = set(ArrivalThrottle.objects.values_list("key", flat=True))

    assert "192.0.2.77" not in str(keys)
    assert keys == {liaison.EVERYONE, keys.difference({liaison.EVERYONE}).pop()}


def test_the_arrival_page_is_kept_by_nobody_and_needs_its_csrf_token(slip):
    _handover, code = slip
    page = Client().get("/fr/arrivee/")
    forged = Client(enforce_csrf_checks=True).post("/fr/arrivee/", {"code": code})

    assert "no-store" in page["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in page.content.decode()
    assert forged.status_code == 403


GUESSES_AT_ONCE = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_guesses_at_once_from_one_address_stay_within_the_limit(slip):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite's test database is in memory")
    _handover, code = slip
    guesses = [wrong_code(code) for _n in range(GUESSES_AT_ONCE)]
    start = threading.Barrier(GUESSES_AT_ONCE)

    def guess(typed):
        try:
            start.wait()
            return arrive(typed).status_code
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(GUESSES_AT_ONCE) as pool:
        statuses = list(pool.map(guess, guesses))

    limit = liaison.FAILURES_PER_SENDER
    assert sorted(statuses) == [200] * limit + [429] * (GUESSES_AT_ONCE - limit)
    assert ArrivalThrottle.objects.get(key=liaison.EVERYONE).failures == limit
