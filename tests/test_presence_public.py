"""A service's public page shows its permanences: a function, never a person."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Quartier
from tests.presence_factories import cpas_and_maison, make_slot, place_of, service_at
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 3, 4, 10, 30, tzinfo=ZoneInfo("Europe/Brussels"))
NOISE = [
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken"'),
]


@pytest.fixture
def marolles(reference):
    return Quartier.objects.select_related("commune").get(slug="marolles")


@pytest.fixture
def world(marolles, monkeypatch, settings):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    settings.PAGE_CACHE_SECONDS = 0
    cpas, social, maison = cpas_and_maison(marolles)
    return {"cpas": cpas, "social": social, "maison": place_of(maison)}


def section(client, service, lang="fr"):
    html = client.get(f"/{lang}{service.get_absolute_url()[3:]}").content.decode()
    if 'aria-labelledby="permanences"' not in html:
        return ""
    start = html.index('aria-labelledby="permanences"')
    return html[start : html.index("</section>", start)]


def text(html):
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def test_the_service_page_shows_its_permanence_at_the_maison_de_quartier(client, world):
    make_slot(world["maison"], world["cpas"], service=world["social"], note="Sans rendez-vous")

    shown = text(section(client, world["social"]))

    assert (
        "Assistante sociale (CPAS de Bruxelles): mardi 14:00–16:00, "
        "Maison de quartier des Marolles, Rue de Test 1, 1000" in shown
    )
    assert "Sans rendez-vous" in shown
    assert "dinsdag 14:00–16:00" in text(section(client, world["social"], "nl"))
    assert "Tuesday 14:00–16:00" in text(section(client, world["social"], "en"))


def test_a_permanence_without_service_or_already_ended_is_not_on_the_page(client, world):
    make_slot(world["maison"], world["cpas"], role="sans service")
    make_slot(
        world["maison"], world["cpas"], role="finie", service=world["social"],
        valid_until=date(2026, 3, 3),
    )  # fmt: skip
    make_slot(
        world["maison"], world["cpas"], role="à venir", service=world["social"],
        valid_from=date(2026, 4, 1),
    )  # fmt: skip

    shown = text(section(client, world["social"]))

    assert "Sans service" not in shown and "Finie" not in shown
    assert "À venir (CPAS de Bruxelles)" in shown and "À partir du 1 avril 2026." in shown


def test_never_a_persons_name_on_the_public_page_even_with_consent(client, world):
    awa = make_worker("Awa Diallo", organisations=[world["cpas"]], username="awa")
    make_slot(world["maison"], world["cpas"], service=world["social"], worker=awa)

    html = client.get(world["social"].get_absolute_url()).content.decode()

    assert awa.is_visible_to_colleagues
    assert "Assistante sociale" in html and "Awa" not in html and "Diallo" not in html


def test_a_permanence_in_a_confidential_place_shows_no_address(client, world, marolles):
    refuge = place_of(service_at(marolles, "Refuge", place_name="Maison Iris"))
    refuge.street_fr = "Rue Secrète 9"
    refuge.address_hidden = True
    refuge.save()
    make_slot(refuge, world["cpas"], service=world["social"])

    html = client.get(world["social"].get_absolute_url()).content.decode()

    assert "Adresse communiquée par téléphone, Bruxelles" in text(section(client, world["social"]))
    for secret in ("Maison Iris", "Rue Secrète", "Asbl Refuge", ">Refuge<"):
        assert secret not in html


def answers(client, service):
    pages = {}
    for lang in ("fr", "nl", "en"):
        html = client.get(f"/{lang}{service.get_absolute_url()[3:]}").content.decode()
        for pattern, replacement in NOISE:
            html = pattern.sub(replacement, html)
        pages[lang] = html
    return pages


def test_twin_worlds_differing_only_in_the_workers_name_and_consent_look_the_same(client, world):
    """World A: Awa Diallo lets colleagues see her profile; world B: the same slot's worker
    is Bram Peeters, who does not. The public page must not tell them apart."""
    worker = make_worker("Awa Diallo", organisations=[world["cpas"]], username="twin")
    make_slot(world["maison"], world["cpas"], service=world["social"], worker=worker)
    in_a = answers(client, world["social"])

    worker.name = "Bram Peeters"
    worker.consent_given_at = None
    worker.save()
    in_b = answers(client, world["social"])

    assert in_a == in_b
    assert "Assistante sociale (CPAS de Bruxelles)" in text(in_a["fr"])
    assert not any(name in page for page in in_a.values() for name in ("Awa", "Bram"))


def test_the_page_costs_the_same_queries_for_one_or_ten_permanences(client, world):
    def count():
        with CaptureQueriesContext(connection) as queries:
            client.get(world["social"].get_absolute_url())
        return len(queries)

    make_slot(world["maison"], world["cpas"], service=world["social"])
    one = count()
    for weekday in range(7):
        make_slot(world["maison"], world["cpas"], weekday, (9, 10), service=world["social"])
    make_slot(place_of(world["social"]), world["cpas"], 2, service=world["social"])

    assert count() == one


# Committed for real: the page cache's version is bumped when the change commits.
@pytest.mark.django_db(transaction=True)
def test_a_new_permanence_shows_at_once_on_a_cached_page(client, reference, settings):
    from django.core.cache import cache

    settings.PAGE_CACHE_SECONDS = 30
    cache.clear()
    marolles = Quartier.objects.get(slug="marolles")
    cpas, social, maison = cpas_and_maison(marolles)
    assert "Permanences" not in client.get(social.get_absolute_url()).content.decode()

    make_slot(place_of(maison), cpas, service=social)

    assert "Assistante sociale" in client.get(social.get_absolute_url()).content.decode()
    cache.clear()


def test_a_kept_page_reads_nothing_and_shows_a_new_permanence_at_once(
    client, world, committed, django_assert_num_queries
):
    committed(lambda: None)  # the world's own changes, committed
    client.get(world["social"].get_absolute_url())
    with django_assert_num_queries(0):
        client.get(world["social"].get_absolute_url())

    committed(lambda: make_slot(world["maison"], world["cpas"], service=world["social"]))

    assert "Assistante sociale (CPAS de Bruxelles)" in text(section(client, world["social"]))
