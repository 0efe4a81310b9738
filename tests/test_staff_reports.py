"""A resident reports a wrong listing; coordinators find it in the admin's queue."""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from directory import reports
from directory.models import Report
from tests.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service(reference):
    return make_service("Permanence sociale")


@pytest.fixture
def no_wait(monkeypatch):
    monkeypatch.setattr(reports, "MIN_SECONDS_TO_FILL", 0)


def report_url(service):
    return f"/fr/services/{service.slug}/signaler/"


def fill(client, service, **fields):
    html = client.get(report_url(service)).content.decode()
    token = re.search(r'name="shown" value="([^"]+)"', html).group(1)
    data = {"reason": "hours", "message": "Fermé le lundi", "shown": token, "website": ""}
    data.update(fields)
    return client.post(report_url(service), data)


def test_the_service_page_offers_to_report_an_error(client, service):
    html = client.get(service.get_absolute_url()).content.decode()

    assert f'href="{report_url(service)}"' in html


def test_a_resident_reports_wrong_hours_without_an_account(client, service, no_wait):
    response = fill(client, service)

    assert response.status_code == 302
    assert "Merci !" in client.get(response["Location"]).content.decode()
    report = Report.objects.get()
    assert (report.service, report.reason, report.message) == (service, "hours", "Fermé le lundi")
    assert report.status == "new"
    assert "127.0.0.1" not in report.sender_key and len(report.sender_key) == 64


def test_a_robot_filling_the_honeypot_is_thanked_and_ignored(client, service, no_wait):
    response = fill(client, service, website="https://spam.example")

    assert response.status_code == 302
    assert not Report.objects.exists()


def test_a_form_sent_too_fast_is_refused_with_an_explanation(client, service):
    response = fill(client, service)

    assert response.status_code == 200
    assert "Envoyé trop vite" in response.content.decode()
    assert not Report.objects.exists()


def test_a_forged_or_missing_form_token_is_refused(client, service, no_wait):
    response = fill(client, service, shown="report-form:1:forged")

    assert "Ce formulaire a expiré" in response.content.decode()
    assert not Report.objects.exists()


def test_a_sender_is_limited_to_a_few_reports_an_hour(client, service, no_wait):
    for _ in range(reports.REPORTS_PER_HOUR):
        assert fill(client, service).status_code == 302

    response = fill(client, service)

    assert response.status_code == 429
    assert "réessayez dans une heure" in response.content.decode()
    assert Report.objects.count() == reports.REPORTS_PER_HOUR


def test_another_sender_is_not_limited_by_the_first(client, service, no_wait):
    for _ in range(reports.REPORTS_PER_HOUR):
        fill(client, service)

    html = client.get(report_url(service), REMOTE_ADDR="10.0.0.9").content.decode()
    token = re.search(r'name="shown" value="([^"]+)"', html).group(1)
    response = client.post(
        report_url(service),
        {"reason": "closed", "shown": token, "website": ""},
        REMOTE_ADDR="10.0.0.9",
    )

    assert response.status_code == 302


def test_reports_land_in_the_admin_queue_and_are_handled_there(admin_client, client, service):
    report = Report.objects.create(service=service, reason="phone", sender_key="x" * 64)

    queue = admin_client.get("/admin/directory/report/?status__exact=new").content.decode()
    assert "Permanence sociale" in queue

    admin_client.post(
        "/admin/directory/report/", {"action": "mark_fixed", "_selected_action": [report.pk]}
    )

    report.refresh_from_db()
    assert report.status == "fixed"
    assert report.handled_by.username == "admin"
    assert admin_client.get("/admin/directory/report/add/").status_code == 403


def test_an_unpublished_service_cannot_be_reported(client, reference):
    hidden = make_service("Retiré", is_active=False)

    assert client.get(report_url(hidden)).status_code == 404


SENDERS_AT_ONCE = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_posts_at_once_from_one_sender_stay_within_the_limit(service, no_wait):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite's test database is in memory")
    html = Client().get(report_url(service)).content.decode()
    token = re.search(r'name="shown" value="([^"]+)"', html).group(1)
    data = {"reason": "hours", "message": "Fermé le lundi", "shown": token, "website": ""}
    start = threading.Barrier(SENDERS_AT_ONCE)

    def post(_):
        try:
            start.wait()
            return Client().post(report_url(service), data).status_code
        finally:
            connection.close()  # this thread's own connection

    with ThreadPoolExecutor(SENDERS_AT_ONCE) as pool:
        statuses = list(pool.map(post, range(SENDERS_AT_ONCE)))

    assert Report.objects.count() == reports.REPORTS_PER_HOUR
    assert sorted(statuses) == [302] * reports.REPORTS_PER_HOUR + [429] * (
        SENDERS_AT_ONCE - reports.REPORTS_PER_HOUR
    )
