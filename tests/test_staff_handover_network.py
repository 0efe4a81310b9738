"""The quartier network page counts real hand-overs between organisations, with those in
other communes, and the share that arrived."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import HandOver, Quartier
from directory.staff import liaison
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def viewer(client, reference):
    worker = make_worker("Lectrice", username="lectrice")
    client.force_login(worker.user)
    return worker


def service_in(quartier_slug, name):
    quartier = Quartier.objects.get(slug=quartier_slug)
    return make_service(
        name,
        lat=float(quartier.latitude),
        lon=float(quartier.longitude),
        postcode="1000" if quartier.commune.slug == "bruxelles" else "1070",
        organisation=make_organisation(f"Asbl {name}"),
    )


def send(from_service, to_service, count=1, arrived=0, days_ago=3):
    for n in range(count):
        handover, _code = liaison.make_handover(
            None,
            to_service,
            to_service.categories.first(),
            from_organisation=from_service.organisation,
            from_service=from_service,
        )
        HandOver.objects.filter(pk=handover.pk).update(
            date=timezone.localdate() - timedelta(days=days_ago)
        )
        if n < arrived:
            liaison.acknowledge(handover)


def test_the_network_counts_hand_overs_per_pair_across_communes(client, viewer):
    food = service_in("marolles", "Colis des Marolles")
    housing = service_in("marolles", "Logement Marolles")
    anderlecht = service_in("cureghem-veterinaire", "Épicerie de Cureghem")
    elsewhere = service_in("cureghem-rosee", "Ailleurs")
    send(food, anderlecht, count=3, arrived=2)
    send(anderlecht, housing, count=1, arrived=1)
    send(food, housing, count=2)
    send(anderlecht, elsewhere, count=4)  # neither end in the Marolles
    send(food, anderlecht, count=5, days_ago=liaison.PERIOD_DAYS + 1)  # too old
    send(food, make_service("Même asbl", organisation=food.organisation))  # within one

    html = client.get("/fr/staff/quartiers/marolles/").content.decode()
    section = html[html.index('id="handovers-title"') : html.index('id="workers-title"')]

    assert "6 personnes envoyées ces 90 derniers jours" in section
    assert "Arrivées confirmées: 3 (50\u00a0%)." in section
    lines = [line.strip() for line in section.split("<li>")[1:]]
    assert lines[0].startswith("<strong>Asbl Colis des Marolles</strong>")
    assert (
        '→ <strong>Asbl Épicerie de Cureghem</strong> <span class="hint">(Anderlecht)' in (lines[0])
    )
    assert (
        "3 fiches, arrivées confirmées: 2 (67\u00a0%)" in lines[0] and "entre communes" in lines[0]
    )
    assert (
        "2 fiches, arrivées confirmées: 0 (0\u00a0%)" in lines[1]
        and "entre communes" not in lines[1]
    )
    assert "1 fiche, arrivées confirmées: 1 (100\u00a0%)" in lines[2]
    assert "Ailleurs" not in section and "Même asbl" not in section


def test_a_quartier_without_hand_overs_says_so(client, viewer):
    service_in("marolles", "Colis des Marolles")

    html = client.get("/fr/staff/quartiers/marolles/").content.decode()

    assert "Aucune fiche de liaison ces 90 derniers jours" in html


def test_the_counts_cost_four_queries_for_any_number_of_pairs(client, viewer):
    food = service_in("marolles", "Colis des Marolles")

    def count():
        with CaptureQueriesContext(connection) as queries:
            summary = liaison.handovers_between([food.organisation_id])
        return len(queries), summary

    for n in range(12):
        send(food, service_in("cureghem-rosee", f"Partenaire {n}"), count=2, arrived=1)
        if n == 1:
            few, summary = count()
            assert len(summary.pairs) == 2

    many, summary = count()
    assert many == few == 4
    assert len(summary.pairs) == 12 and summary.share == 50
    with CaptureQueriesContext(connection) as page:
        client.get("/fr/staff/quartiers/marolles/")
    assert len(page) <= 19
