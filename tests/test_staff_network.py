"""A worker opens a quartier's network: who is there, who works with whom, what is missing."""

from datetime import date, time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Partnership, PresenceSlot, Quartier
from directory.staff import network
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db

# One kilometre north is ~0.009° of latitude.
KM_LAT = 0.009


@pytest.fixture
def marolles(reference):
    return Quartier.objects.select_related("commune").get(slug="marolles")


def service_at(quartier, name, category, north_km=0.0, **fields):
    return make_service(
        name,
        categories=[category],
        lat=float(quartier.latitude) + north_km * KM_LAT,
        lon=float(quartier.longitude),
        postcode="1000",
        organisation=fields.pop("organisation", None) or make_organisation(f"Asbl {name}"),
        **fields,
    )


@pytest.fixture
def viewer(client, reference):
    worker = make_worker("Lectrice", username="lectrice")
    client.force_login(worker.user)
    return worker


def test_the_network_shows_organisations_workers_and_their_partnerships(client, viewer, marolles):
    food = service_at(marolles, "Colis des Marolles", "alimentation")
    housing = service_at(marolles, "Logement Marolles", "logement")
    team = make_organisation("Équipe de rue")
    make_worker("Bram Peeters", "éducateur de rue", [team], ["marolles"])
    make_worker(
        "Invisible", "éducateur", [make_organisation("Secrète")], ["marolles"], consent=False
    )
    Partnership.objects.create(
        from_organisation=food.organisation,
        to_organisation=housing.organisation,
        kind="referral",
        note="Orientation logement",
    )
    Partnership.objects.create(
        from_organisation=team, to_organisation=food.organisation, kind="joint_project"
    )
    Partnership.objects.create(
        from_organisation=team,
        to_organisation=housing.organisation,
        kind="shared_premises",
        end_date=date(2020, 1, 1),
    )

    html = client.get("/fr/staff/quartiers/marolles/").content.decode()

    for name in ("Asbl Colis des Marolles", "Asbl Logement Marolles", "Équipe de rue"):
        assert name in html
    assert "Bram Peeters" in html
    assert "Invisible" not in html and "Secrète" not in html
    assert "Orientation logement" in html
    drawing = html.split('class="network-legend"')[0]
    assert drawing.count('class="edge edge-referral"') == 1
    assert drawing.count('class="edge edge-joint_project"') == 1
    assert 'class="edge edge-shared_premises"' not in drawing
    assert drawing.count('class="node"') == 3
    assert "<svg" in html and 'role="img"' in html


def test_services_that_are_missing_are_those_with_nothing_in_or_near_the_quartier(
    client, viewer, marolles
):
    service_at(marolles, "Colis", "alimentation")
    service_at(marolles, "Avocat tout près", "aide-juridique", north_km=0.8)
    service_at(marolles, "Logement loin", "logement", north_km=3)
    service_at(marolles, "Fermé", "sante", is_active=False)

    missing = {c.slug for c in network.missing_categories(marolles)}

    assert "alimentation" not in missing
    assert "aide-juridique" not in missing
    assert {"logement", "sante", "violences"} <= missing
    html = client.get("/fr/staff/quartiers/marolles/").content.decode()
    assert "Services qui manquent" in html
    assert "?category=logement&amp;near=" in html


def test_a_confidential_address_counts_at_its_communes_centre(marolles):
    commune = marolles.commune
    shelter = service_at(marolles, "Refuge", "violences")
    location = shelter.locations.get()
    location.address_hidden = True
    location.save()

    missing = {c.slug for c in network.missing_categories(marolles)}

    distance = network.geo.distance_m(
        float(marolles.latitude),
        float(marolles.longitude),
        float(commune.latitude),
        float(commune.longitude),
    )
    assert ("violences" in missing) == (distance > network.NEAR_M)


def test_the_layout_places_every_organisation_on_a_circle_inside_the_drawing(reference):
    organisations = [make_organisation(f"Organisation {n}") for n in range(7)]
    partnership = Partnership.objects.create(
        from_organisation=organisations[0], to_organisation=organisations[3], kind="referral"
    )

    graph = network.circle_layout(organisations, [partnership])

    positions = {(node.x, node.y) for node in graph.nodes}
    assert len(positions) == 7
    for node in graph.nodes:
        distance = ((node.x - graph.width / 2) ** 2 + (node.y - graph.height / 2) ** 2) ** 0.5
        assert distance == pytest.approx(network.RADIUS, abs=0.2)
        assert 0 <= node.label_x <= graph.width and 0 <= node.label_y <= graph.height
    [edge] = graph.edges
    assert (edge.source.number, edge.target.number) == (1, 4)


def test_names_in_the_drawing_are_escaped(client, viewer, marolles):
    first = service_at(marolles, "Un", "alimentation", organisation=make_organisation("<b>A&B</b>"))
    second = service_at(marolles, "Deux", "logement")
    Partnership.objects.create(
        from_organisation=first.organisation, to_organisation=second.organisation, kind="referral"
    )

    html = client.get("/fr/staff/quartiers/marolles/").content.decode()

    assert "<b>A&B</b>" not in html
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in html


def test_the_network_page_costs_the_same_queries_for_2_or_12_organisations(
    client, viewer, marolles, django_assert_max_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/fr/staff/quartiers/marolles/").status_code == 200
        return len(queries)

    previous = None
    for n in range(12):
        service = service_at(marolles, f"Service {n}", "alimentation")
        worker = make_worker(
            f"Worker {n}", organisations=[service.organisation], quartiers=["marolles"]
        )
        PresenceSlot.objects.create(
            worker=worker,
            role="permanence",
            organisation=service.organisation,
            location=service.locations.get(),
            weekday=n % 7,
            starts_at=time(14),
            ends_at=time(16),
        )
        if previous:
            Partnership.objects.create(
                from_organisation=previous.organisation,
                to_organisation=service.organisation,
                kind="network_member",
            )
        previous = service
        if n == 1:
            few = count()

    assert count() == few
    # 15, one for the week's permanences, and one for the hand-overs (none here; four
    # when there are: liaison.py).
    with django_assert_max_num_queries(17):
        client.get("/fr/staff/quartiers/marolles/")


def test_the_quartier_index_links_every_quartier(client, viewer):
    html = client.get("/fr/staff/quartiers/").content.decode()

    assert html.count("/fr/staff/quartiers/") >= 145
