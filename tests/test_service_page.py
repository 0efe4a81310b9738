"""A resident opens a service: what, for whom, how, when, where, who, how fresh."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from directory.models import Audience, Language, ScheduleException
from tests.factories import make_service

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def service(reference):
    service = make_service(
        "Permanence juridique",
        categories=["aide-juridique"],
        phones=["02 512 34 56"],
        description_fr="Un avocat répond à vos questions.",
        description_nl="Een advocaat beantwoordt uw vragen.",
        how_to_access_fr="Venez avec vos papiers.",
        last_verified=date(2026, 10, 1),
        walk_in=True,
    )
    service.audiences.add(Audience.objects.get(slug="femmes"))
    service.languages.add(Language.objects.get(code="ar"))
    return service


def test_service_page_shows_what_for_whom_how_and_who(client, service):
    html = client.get(service.get_absolute_url()).content.decode()

    assert "Un avocat répond à vos questions." in html
    assert "Femmes" in html
    assert "Venez avec vos papiers." in html
    assert "Arabe" in html
    assert "Sans rendez-vous" in html
    assert f'href="{service.organisation.get_absolute_url()}"' in html
    assert "vérifiées le 1 octobre 2026" in html


def test_phone_numbers_are_tel_links_in_international_form(client, service):
    html = client.get(service.get_absolute_url()).content.decode()

    assert '<a href="tel:+3225123456">02 512 34 56</a>' in html


def test_address_is_on_a_map_and_in_text(client, service):
    html = client.get(service.get_absolute_url()).content.decode()

    assert "Rue de Test 1, 1080 Molenbeek-Saint-Jean" in html
    assert 'id="map-markers"' in html
    assert "leaflet/leaflet.js" in html


def test_open_now_follows_the_weekly_hours(client, service, monkeypatch):
    monkeypatch.setattr(
        timezone, "now", lambda: datetime(2026, 11, 25, 10, tzinfo=BRUSSELS)
    )  # a Wednesday
    assert "Ouvert maintenant" in client.get(service.get_absolute_url()).content.decode()

    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 29, 10, tzinfo=BRUSSELS))
    assert "Fermé maintenant" in client.get(service.get_absolute_url()).content.decode()


def test_a_holiday_closure_shows_and_closes_the_service(client, service, monkeypatch):
    ScheduleException.objects.create(
        location=service.locations.get(),
        start_date=date(2026, 11, 24),
        end_date=date(2026, 11, 26),
        reason_fr="Congé du personnel",
    )
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 25, 10, tzinfo=BRUSSELS))

    html = client.get(service.get_absolute_url()).content.decode()

    assert "Fermé maintenant" in html
    assert "Fermé du 24 novembre au 26 novembre." in html
    assert "Congé du personnel" in html


def test_the_page_reads_in_dutch_with_dutch_content(client, service):
    html = client.get(f"/nl/services/{service.slug}/").content.decode()

    assert '<html lang="nl">' in html
    assert "Een advocaat beantwoordt uw vragen." in html


def test_english_falls_back_to_french_content_when_not_translated(client, service):
    html = client.get(f"/en/services/{service.slug}/").content.decode()

    assert "Un avocat répond à vos questions." in html


def test_a_hidden_address_shows_only_the_commune_and_no_marker(client, service):
    location = service.locations.get()
    location.address_hidden = True
    location.save()

    html = client.get(service.get_absolute_url()).content.decode()

    assert "Rue de Test" not in html
    assert "Adresse communiquée par téléphone, Molenbeek-Saint-Jean" in html
    assert 'id="map-markers"' not in html


def test_unpublished_service_is_not_found(client, service):
    service.is_active = False
    service.save()

    assert client.get(service.get_absolute_url()).status_code == 404


def test_service_page_queries_are_bounded(client, service, django_assert_max_num_queries):
    # Ten, one for its permanences (tests/test_presence_public.py: whatever their number),
    # one for the service's answer to a running crisis check-in (for_cards), two for its
    # prices and the documents to bring, and one for the terms of other taxonomies it
    # came with ("Autres classements").
    with django_assert_max_num_queries(15):
        client.get(service.get_absolute_url())


def test_opening_hours_across_midnight(reference):
    shelter = make_service(
        "Abri de nuit", categories=["sans-abri"], hours=[(time(20), time(8))], weekdays=range(7)
    )
    location = shelter.locations.get()
    from directory.models import Location

    for moment, expected in [
        (datetime(2026, 11, 25, 23, 30, tzinfo=BRUSSELS), True),
        (datetime(2026, 11, 26, 7, 59, tzinfo=BRUSSELS), True),
        (datetime(2026, 11, 26, 8, 0, tzinfo=BRUSSELS), False),
        (datetime(2026, 11, 26, 15, 0, tzinfo=BRUSSELS), False),
    ]:
        assert location.is_open_at(moment) is expected
        assert Location.objects.open_at(moment).filter(pk=location.pk).exists() is expected


def test_changed_hours_replace_the_weekly_hours_on_those_days(reference):
    from directory.models import Location

    service = make_service("Permanence", hours=[(time(9), time(12))])
    location = service.locations.get()
    ScheduleException.objects.create(
        location=location,
        start_date=date(2026, 11, 25),
        end_date=date(2026, 11, 25),
        closed=False,
        opens_at=time(14),
        closes_at=time(16),
    )
    morning = datetime(2026, 11, 25, 10, tzinfo=BRUSSELS)
    afternoon = datetime(2026, 11, 25, 15, tzinfo=BRUSSELS)

    assert not location.is_open_at(morning)
    assert location.is_open_at(afternoon)
    assert list(Location.objects.open_at(afternoon)) == [location]
    assert not Location.objects.open_at(morning).exists()
