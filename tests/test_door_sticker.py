"""A door sticker's QR code opens the service's day in the scanner's language, with one
tap to tell the coordinators that it is closed today or that its hours are wrong."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core import mail, signing
from django.utils import timezone

from directory.models import Report
from directory.models.crisis import TemporaryStatus
from directory.reports import SIGNING_SALT, form_token
from tests.factories import make_service
from tests.staff_factories import make_coordinator

pytestmark = pytest.mark.django_db

WEDNESDAY_10_30 = datetime(2026, 3, 4, 10, 30, tzinfo=ZoneInfo("Europe/Brussels"))


@pytest.fixture
def service(reference):
    return make_service(
        "Colis du quartier",
        name_nl="Voedselpakketten",
        hours=[(time(9), time(12)), (time(13, 30), time(17))],
        phones=["02 512 34 56"],
    )


def old_token(seconds=60):
    """A form shown `seconds` ago: people take longer than robots to tap."""
    signer = signing.TimestampSigner(salt=SIGNING_SALT)
    shown = signing.b62_encode(int(timezone.now().timestamp()) - seconds)
    return f"{signer.sign('report-form').rsplit(':', 2)[0]}:{shown}:" + signer.signature(
        f"report-form:{shown}"
    )


def tap(client, service, reason, **extra):
    data = {"reason": reason, "shown": old_token(), "website": "", **extra}
    return client.post(f"/fr/services/{service.slug}/aujourdhui/signaler/", data)


def test_the_sticker_code_opens_today_in_the_scanners_language(client, service):
    sticker = client.get(f"/fr/services/{service.slug}/autocollant/").content.decode()
    target = f"http://testserver/services/{service.slug}/aujourdhui/"

    assert target in sticker and "<svg" in sticker
    assert "Ouvert aujourd'hui ?" in sticker and "Vandaag open?" in sticker
    dutch = client.get(target, HTTP_ACCEPT_LANGUAGE="nl-BE,nl;q=0.9")
    assert dutch.status_code == 302
    assert dutch["Location"] == f"/nl/services/{service.slug}/aujourdhui/"
    english = client.get(target, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8")
    assert english["Location"] == f"/en/services/{service.slug}/aujourdhui/"

    page = client.get(dutch["Location"]).content.decode()
    assert "Voedselpakketten" in page and "Vandaag" in page
    assert f'href="/fr/services/{service.slug}/aujourdhui/"' in page  # switch language


@pytest.fixture
def wednesday(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: WEDNESDAY_10_30)


def test_today_page_shows_the_days_hours_the_status_and_the_next_opening(
    client, service, wednesday
):
    TemporaryStatus.objects.create(
        service=service, kind=TemporaryStatus.Kind.CLOSED, starts_on=WEDNESDAY_10_30.date()
    )

    html = client.get(f"/fr/services/{service.slug}/aujourdhui/").content.decode()

    assert "Aujourd'hui, mercredi 4 mars" in html
    assert "09:00–12:00, 13:30–17:00" in html
    assert "Temporairement fermé" in html
    assert "badge badge-open" not in html
    assert "02 512 34 56" in html
    assert "Fermé aujourd&#x27;hui</button>" in html and "Horaires faux</button>" in html


def test_today_page_says_full_today(client, service, wednesday):
    TemporaryStatus.objects.create(
        service=service, kind=TemporaryStatus.Kind.FULL, starts_on=WEDNESDAY_10_30.date()
    )

    html = client.get(f"/nl/services/{service.slug}/aujourdhui/").content.decode()

    assert "Vandaag volzet" in html


@pytest.mark.parametrize("reason", ["closed", "hours"])
def test_one_tap_reports_to_the_coordinators(client, service, reason):
    coordinator = make_coordinator(communes=[service.locations.get().commune.slug])
    coordinator.email = "coordination@example.org"
    coordinator.save()

    response = tap(client, service, reason)

    assert response.status_code == 302
    assert response["Location"] == f"/fr/services/{service.slug}/aujourdhui/?sent"
    report = Report.objects.get()
    assert report.service == service and report.reason == reason
    assert "autocollant de la porte" in report.message
    assert [m.to for m in mail.outbox] == [["coordination@example.org"]]
    assert "Merci" in client.get(response["Location"]).content.decode()


def test_a_robot_that_taps_at_once_or_fills_the_trap_sends_nothing(client, service):
    too_fast = client.post(
        f"/fr/services/{service.slug}/aujourdhui/signaler/",
        {"reason": "closed", "shown": form_token()},
    )
    trapped = tap(client, service, "closed", website="http://spam.example")
    odd_reason = tap(client, service, "other")

    assert too_fast.status_code == 400 and "trop vite" in too_fast.content.decode()
    assert trapped.status_code == 302
    assert odd_reason.status_code == 400
    assert not Report.objects.exists() and not mail.outbox


def test_taps_are_limited_per_sender_like_the_report_form(client, service):
    for _ in range(5):
        assert tap(client, service, "hours").status_code == 302

    response = tap(client, service, "closed")

    assert response.status_code == 429
    assert Report.objects.count() == 5


def test_taps_need_the_csrf_token(service):
    from django.test import Client

    response = tap(Client(enforce_csrf_checks=True), service, "closed")

    assert response.status_code == 403 and not Report.objects.exists()


def test_today_page_of_a_refuge_never_shows_its_street(client, reference):
    refuge = make_service("Refuge", name_nl="Vluchthuis")
    location = refuge.locations.get()
    location.address_hidden = True
    location.save()

    for lang in ("fr", "nl", "en"):
        html = client.get(f"/{lang}/services/{refuge.slug}/aujourdhui/").content.decode()
        assert "Rue de Test" not in html and "Teststraat" not in html and "1080" not in html
    sticker = client.get(f"/fr/services/{refuge.slug}/autocollant/").content.decode()
    assert "Rue de Test" not in sticker and "1080" not in sticker


def test_staff_print_the_sticker_from_the_service_page(client, service):
    from tests.staff_factories import make_worker

    url = f"/fr/services/{service.slug}/"
    assert "/autocollant/" not in client.get(url).content.decode()
    client.force_login(make_worker().user)
    assert f"/fr/services/{service.slug}/autocollant/" in client.get(url).content.decode()


def test_unknown_or_retired_services_have_no_today_page(client, service):
    service.is_active = False
    service.save()

    assert client.get(f"/fr/services/{service.slug}/aujourdhui/").status_code == 404
    assert client.get(f"/fr/services/{service.slug}/autocollant/").status_code == 404
    assert tap(client, service, "closed").status_code == 404


def test_a_full_service_points_to_the_nearest_one_with_room(client, service, wednesday):
    other = make_service("Épicerie sociale", name_nl="Sociale kruidenier", lat=50.8555)
    TemporaryStatus.objects.create(
        service=service, kind=TemporaryStatus.Kind.FULL, starts_on=WEDNESDAY_10_30.date()
    )

    html = client.get(f"/fr/services/{service.slug}/aujourdhui/").content.decode()

    assert "Le plus proche avec de la place" in html and other.get_absolute_url() in html


def test_today_page_queries_are_bounded(client, service, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        assert client.get(f"/fr/services/{service.slug}/aujourdhui/").status_code == 200
