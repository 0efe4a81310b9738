"""A resident on a phone: call, find the way, share or print a service from the top of its
page; know when a closed service opens again; see today's hours; see the crisis alert of
the commune searched."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from directory.models import Commune, Schedule, ScheduleException
from directory.models.crisis import Alert
from tests.factories import make_service

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
SEARCH = "/fr/services/"


@pytest.fixture
def service(reference):
    return make_service("Permanence juridique", phones=["02 512 34 56"])


def at(monkeypatch, *moment):
    monkeypatch.setattr(timezone, "now", lambda: datetime(*moment, tzinfo=BRUSSELS))


def page(client, service, language="fr"):
    return client.get(f"/{language}/services/{service.slug}/").content.decode()


def actions(html):
    """The bar of actions at the top of a service page."""
    return html.split('<nav class="service-actions')[1].split("</nav>")[0]


def test_call_directions_share_and_print_are_at_the_top(client, service):
    html = page(client, service)
    bar = actions(html)

    assert html.index("service-actions") < html.index('id="what"')
    assert 'href="tel:+3225123456"' in bar
    assert 'href="geo:50.854900,4.320000?q=50.854900,4.320000"' in bar
    assert "https://www.openstreetmap.org/?mlat=50.854900&amp;mlon=4.320000" in bar
    url = f"http%3A//testserver/fr/services/{service.slug}/"
    assert f'href="sms:?&amp;body=Permanence%20juridique%20{url}"' in bar
    assert f'href="https://wa.me/?text=Permanence%20juridique%20{url}"' in bar
    assert (
        f'href="mailto:?subject=Permanence%20juridique&amp;body=Permanence%20juridique%20{url}"'
        in bar
    )
    # Copy and print need a script: their buttons wait, hidden, for service-page.js.
    assert 'class="link-button copy-link" hidden' in bar
    assert 'class="action print-page" hidden' in bar
    assert "js/service-page.js" in html


def test_a_hidden_place_gets_no_directions_nor_anything_from_its_point(client, service):
    location = service.locations.get()
    location.address_hidden = True
    location.save()

    html = page(client, service)

    assert "geo:" not in html
    assert "openstreetmap.org/?mlat" not in html
    assert "Itinéraire" not in html
    for secret in ("50.8549", "4.32", "Rue de Test"):
        assert secret not in actions(html)
    assert 'href="tel:+3225123456"' in actions(html)  # calling stays the way in
    assert "wa.me" in actions(html)


@pytest.mark.parametrize(
    "moment, expected",
    [
        ((2026, 11, 25, 7, 0), "Ouvre mercredi à 09:00"),  # before opening, the same day
        ((2026, 11, 25, 18, 0), "Ouvre jeudi à 09:00"),  # after closing
        ((2026, 11, 28, 10, 0), "Ouvre lundi à 09:00"),  # a Saturday: closed all day
    ],
)
def test_a_closed_service_says_when_it_opens_as_a_day_and_time(
    client, service, monkeypatch, moment, expected
):
    at(monkeypatch, *moment)

    html = page(client, service)

    assert "Fermé maintenant" in html
    assert expected in html
    assert "aujourd" not in html and "demain" not in html  # stays true in a cache


def test_a_search_result_says_when_a_closed_service_opens(client, service, monkeypatch):
    at(monkeypatch, 2026, 11, 25, 18, 0)
    closed = client.get(SEARCH, {"q": "permanence"}).content.decode()
    at(monkeypatch, 2026, 11, 25, 10, 0)
    opened = client.get(SEARCH, {"q": "permanence"}).content.decode()

    assert "Ouvre jeudi à 09:00" in closed
    assert "Ouvert maintenant" in opened and "Ouvre " not in opened


def test_an_open_service_says_nothing_of_its_next_opening(client, service, monkeypatch):
    at(monkeypatch, 2026, 11, 25, 10, 0)

    html = page(client, service)

    assert "Ouvert maintenant" in html
    assert "Ouvre " not in html


def test_a_place_closed_today_opens_on_its_next_day(client, service, monkeypatch):
    ScheduleException.objects.create(
        location=service.locations.get(), start_date=date(2026, 11, 25), end_date=date(2026, 11, 25)
    )
    at(monkeypatch, 2026, 11, 25, 7, 0)

    assert "Ouvre jeudi à 09:00" in page(client, service)


def test_beyond_a_week_the_next_opening_names_its_date(client, service, monkeypatch):
    ScheduleException.objects.create(
        location=service.locations.get(), start_date=date(2026, 11, 25), end_date=date(2026, 12, 6)
    )
    at(monkeypatch, 2026, 11, 25, 7, 0)

    assert "Ouvre lundi 7 décembre à 09:00" in page(client, service)


def test_a_service_closed_all_week_says_no_opening(client, reference, monkeypatch):
    service = make_service("Sur rendez-vous seulement", hours=())
    at(monkeypatch, 2026, 11, 25, 10, 0)

    html = page(client, service)

    assert "Fermé maintenant" in html
    assert "Ouvre " not in html


def test_a_night_slot_past_midnight(client, reference, monkeypatch):
    shelter = make_service("Abri de nuit", hours=())
    Schedule.objects.create(
        location=shelter.locations.get(), weekday=0, opens_at=time(20), closes_at=time(2)
    )

    at(monkeypatch, 2026, 11, 23, 19, 0)  # Monday evening
    assert "Ouvre lundi à 20:00" in page(client, shelter)
    at(monkeypatch, 2026, 11, 24, 1, 0)  # Tuesday, 1 a.m.: still Monday's night
    html = page(client, shelter)
    assert "Ouvert maintenant" in html and "Ouvre " not in html
    at(monkeypatch, 2026, 11, 24, 3, 0)  # the night is over: next Monday
    assert "Ouvre lundi à 20:00" in page(client, shelter)


def test_the_next_opening_reads_in_dutch_and_english(client, service, monkeypatch):
    at(monkeypatch, 2026, 11, 28, 10, 0)

    assert "Opent maandag om 09:00" in page(client, service, "nl")
    assert "Opens Monday at 09:00" in page(client, service, "en")


def test_a_temporary_closure_moves_the_next_opening(client, service, monkeypatch):
    service.temporary_statuses.create(
        kind="closed", starts_on=date(2026, 11, 25), ends_on=date(2026, 11, 30)
    )
    at(monkeypatch, 2026, 11, 25, 10, 0)

    assert "Ouvre mardi à 09:00" in page(client, service)


def test_todays_hours_are_highlighted(client, service, monkeypatch):
    at(monkeypatch, 2026, 11, 25, 10, 0)  # a Wednesday

    html = page(client, service)

    assert '<tr data-weekday="2" class="today" aria-current="date"><th scope="row">Mercredi' in html
    assert html.count('class="today"') == 1


def alert_in(commune):
    return Alert.objects.create(
        title_fr="Coupure d'eau",
        commune=commune,
        level="urgent",
        starts_on=date(2020, 1, 1),
    )


@pytest.mark.parametrize(
    "params", [{"near": "1080"}, {"near": "Molenbeek"}, {"commune": "molenbeek-saint-jean"}]
)
def test_a_communes_alert_shows_on_searches_in_that_commune(client, reference, params):
    make_service()
    alert_in(Commune.objects.get(nis_code="21012"))

    html = client.get(SEARCH, {"q": "colis", **params}).content.decode()

    assert "Coupure d&#x27;eau" in html


def test_another_communes_alert_stays_off_the_search(client, reference):
    make_service()
    alert_in(Commune.objects.get(nis_code="21012"))

    html = client.get(SEARCH, {"q": "colis", "near": "1050"}).content.decode()

    assert "Coupure d&#x27;eau" not in html


def test_alerts_fold_away_to_their_title(client, reference):
    alert_in(None)

    html = client.get("/fr/").content.decode()

    assert '<details class="alert alert-urgent" open' in html
    assert '<summary class="alert-title"><strong>Coupure d&#x27;eau</strong>' in html
    assert "js/alerts.js" in html
