"""Coordinators find stale listings, mark one verified in one click, and remind owners."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.utils import timezone

from directory.models import Commune, CoordinatorScope
from directory.staff.freshness import stale_services
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


@pytest.fixture
def listings(reference):
    asbl = make_organisation("Asbl Ancienne", email="contact@ancienne.example")
    return {
        "fresh": make_service("Fraîche", organisation=asbl, last_verified=days_ago(10)),
        "old": make_service("Vieille", organisation=asbl, last_verified=days_ago(400)),
        "never": make_service("Jamais vue", last_verified=None),
        "unpublished": make_service("Retirée", last_verified=None, is_active=False),
    }


@pytest.fixture
def coordinator(client, reference):
    """A coordinator of Molenbeek (where the listings are) and Uccle."""
    worker = make_worker("Coordinatrice", username="coord")
    worker.user.user_permissions.add(Permission.objects.get(codename="change_service"))
    scope = CoordinatorScope.objects.create(user=worker.user)
    scope.communes.set(Commune.objects.filter(slug__in=["molenbeek-saint-jean", "uccle"]))
    client.force_login(worker.user)
    return worker


def test_stale_listings_are_the_published_ones_never_or_long_ago_verified(listings):
    assert [s.name_fr for s in stale_services()] == ["Jamais vue", "Vieille"]
    assert [s.name_fr for s in stale_services(max_age_days=5)] == [
        "Jamais vue",
        "Vieille",
        "Fraîche",
    ]


def test_a_coordinator_sees_stale_listings_and_marks_one_verified(client, coordinator, listings):
    page = client.get("/fr/staff/fiches-a-verifier/").content.decode()
    assert "Vieille" in page and "Jamais vue" in page and "Fraîche" not in page

    old = listings["old"]
    response = client.post(
        f"/fr/staff/fiches-a-verifier/{old.pk}/", {"next": "/fr/staff/fiches-a-verifier/"}
    )

    assert response.status_code == 302
    old.refresh_from_db()
    assert old.last_verified == timezone.localdate()
    assert old.history.latest().history_user == coordinator.user
    assert ">Vieille</a>" not in client.get("/fr/staff/fiches-a-verifier/").content.decode()


def test_the_stale_list_is_filtered_by_commune(client, coordinator, listings):
    make_service("Ailleurs", lat=50.80, lon=4.37, postcode="1180", last_verified=None)

    page = client.get("/fr/staff/fiches-a-verifier/?commune=uccle").content.decode()

    assert "Ailleurs" in page and "Vieille" not in page


def test_workers_without_the_right_cannot_see_or_verify(client, listings):
    worker = make_worker("Simple collègue")
    client.force_login(worker.user)

    assert client.get("/fr/staff/fiches-a-verifier/").status_code == 403
    assert client.post(f"/fr/staff/fiches-a-verifier/{listings['old'].pk}/").status_code == 403
    assert "fiches-a-verifier" not in client.get("/fr/staff/").content.decode()


def test_an_outside_next_address_is_not_followed(client, coordinator, listings):
    response = client.post(
        f"/fr/staff/fiches-a-verifier/{listings['old'].pk}/", {"next": "https://evil.example/"}
    )

    assert response["Location"] == "/fr/staff/fiches-a-verifier/"


def test_reminders_go_to_each_organisation_and_its_workers(listings, mailoutbox, capsys):
    make_worker("Awa", organisations=[listings["old"].organisation], email="awa@ancienne.example")

    call_command("send_verification_reminders", "--base-url", "https://quartier.example")

    [message] = mailoutbox
    assert message.to == ["awa@ancienne.example", "contact@ancienne.example"]
    assert "1 fiche à vérifier" in message.subject and "1 fiche te controleren" in message.subject
    assert "https://quartier.example/fr/services/vieille/" in message.body
    assert "https://quartier.example/nl/services/vieille/" in message.body
    assert "Fraîche" not in message.body
    out, err = capsys.readouterr()
    assert "1 reminder(s) sent, 1 organisation(s) without an address" in out
    assert "no e-mail address" in err


def test_a_dry_run_sends_nothing(listings, mailoutbox, capsys):
    call_command("send_verification_reminders", "--dry-run", "--max-age", "5")

    assert mailoutbox == []
    assert "1 reminder(s) would be sent" in capsys.readouterr().out


def test_the_verified_date_is_today_in_brussels(listings, coordinator, client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: date(2026, 3, 1))

    client.post(f"/fr/staff/fiches-a-verifier/{listings['never'].pk}/")

    listings["never"].refresh_from_db()
    assert listings["never"].last_verified == date(2026, 3, 1)


def test_the_age_and_the_sites_address_come_from_the_settings(listings, settings, mailoutbox):
    settings.STALE_AFTER_DAYS = 5
    settings.SITE_URL = "https://quartier.example"

    assert "Fraîche" in [s.name_fr for s in stale_services()]
    call_command("send_verification_reminders")

    assert any("https://quartier.example/fr/services/fraiche/" in m.body for m in mailoutbox)
