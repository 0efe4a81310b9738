"""Needs counted on an outreach round reach the server once, from a logged-in worker only,
and say nothing about the person."""

import json
import uuid
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import Category, NeedTally, Quartier
from tests.staff_factories import make_coordinator, make_worker
from tests.test_staff_coverage import read_table

pytestmark = pytest.mark.django_db

URL = "/fr/staff/besoins/"
COVERAGE = "/fr/staff/couverture/"


def tally(**fields):
    return {
        "id": str(uuid.uuid4()),
        "category": "sans-abri",
        "quartier": "marolles",
        "date": "2026-11-26",
        "met": False,
    } | fields


@pytest.fixture
def worker_client(reference):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_worker().user)
    return client


def send(client, tallies):
    token = client.get(URL).json()["csrf"]
    return client.post(
        URL, json.dumps({"tallies": tallies}), "application/json", HTTP_X_CSRFTOKEN=token
    )


def test_a_tally_sent_twice_is_counted_once(worker_client):
    first, second = tally(), tally(met=True, category="alimentation")

    answer = send(worker_client, [first, second]).json()
    again = send(worker_client, [first, second]).json()

    assert answer["received"] == again["received"] == [first["id"], second["id"]]
    assert NeedTally.objects.count() == 2
    kept = NeedTally.objects.get(pk=first["id"])
    assert (kept.category.slug, kept.quartier.slug, str(kept.day), kept.met) == (
        "sans-abri",
        "marolles",
        "2026-11-26",
        False,
    )


def test_a_tally_keeps_nothing_about_the_person_nor_the_worker():
    columns = {field.name for field in NeedTally._meta.get_fields()}

    assert columns == {"id", "category", "quartier", "day", "met"}


def test_without_the_csrf_token_nothing_is_counted(worker_client):
    response = worker_client.post(URL, json.dumps({"tallies": [tally()]}), "application/json")

    assert response.status_code == 403
    assert not NeedTally.objects.exists()


def test_visitors_cannot_count_needs(reference):
    client = Client()

    assert client.get(URL).status_code == 302
    assert client.post(URL, {"tallies": "[]"}).status_code == 302
    assert not NeedTally.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"category": "nope"},
        {"quartier": "nowhere"},
        {"date": "hier"},
        {"id": "not-a-uuid"},
    ],
)
def test_a_queue_with_an_unknown_field_writes_nothing_and_says_so(worker_client, bad):
    response = send(worker_client, [tally(), tally(**bad)])

    assert response.status_code == 400
    assert not NeedTally.objects.exists()


def needs_rows(response):
    table = read_table(response, "needs-table")
    return {
        name: dict(zip(table.headers[1:], cells, strict=True)) for name, cells in table.rows.items()
    }


def test_the_coverage_page_shows_the_needs_counted_beside_the_searches(client, reference):
    coordinator = make_coordinator("tournees", communes=["bruxelles"])
    client.force_login(coordinator)
    marolles = Quartier.objects.get(slug="marolles")
    cureghem = Quartier.objects.get(slug="cureghem-bara")
    for category, quartier, met in [
        ("sans-abri", marolles, False),
        ("sans-abri", marolles, False),
        ("sans-abri", marolles, True),
        ("alimentation", marolles, True),
        ("sans-abri", cureghem, False),  # Anderlecht: not in this coordinator's scope
    ]:
        NeedTally.objects.create(
            id=uuid.uuid4(),
            category=Category.objects.get(slug=category),
            quartier=quartier,
            day=date.today(),
            met=met,
        )

    response = client.get(COVERAGE)

    rows = needs_rows(response)
    assert list(rows) == ["Bruxelles"]
    brussels = rows["Bruxelles"]
    assert brussels["Besoins comptés"] == "4" and brussels["Sans réponse"] == "2"
    assert brussels["Sans-abrisme"] == "3 (2 sans réponse) offre mince"
    assert brussels["Aide alimentaire"] == "1 offre mince"
    with CaptureQueriesContext(connection) as few:
        client.get(COVERAGE)
    NeedTally.objects.bulk_create(
        NeedTally(id=uuid.uuid4(), category_id=c.pk, quartier=marolles, day=date.today(), met=False)
        for c in Category.objects.all()
    )
    with CaptureQueriesContext(connection) as many:
        client.get(COVERAGE)
    assert len(many) == len(few)
