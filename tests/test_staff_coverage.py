"""A coordinator sees, quartier by quartier, which needs have no service in or near it."""

import json
import random
from dataclasses import dataclass
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import Category, Commune, Quartier
from directory.search import counts
from directory.staff import demand, network
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_coordinator, make_worker

pytestmark = pytest.mark.django_db

URL = "/fr/staff/couverture/"
KM_LAT = 0.009  # one kilometre north


class CoverageTable(HTMLParser):
    """{row name: [cell texts]} and the column headers of the table `table_id`.

    A cell's text is what a screen reader says: "– manque" has its word hidden on screen.
    """

    def __init__(self, table_id):
        super().__init__()
        self.headers, self.rows, self.cell, self.row_name, self.scopes = [], {}, None, None, []
        self.table_id, self.inside = table_id, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.inside = attrs.get("id") == self.table_id
        if tag in ("th", "td") and self.inside:
            self.cell, self.scope = "", attrs.get("scope")
            self.scopes.append(self.scope)

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        if tag not in ("th", "td") or self.cell is None:
            return
        text, self.cell = self.cell.strip(), None
        if self.scope == "col":
            self.headers.append(text)
        elif self.scope == "row":
            self.row_name = text
            self.rows[text] = []
        elif tag == "td":
            self.rows[self.row_name].append(text)

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def read_table(response, table_id="coverage-table"):
    table = CoverageTable(table_id)
    table.feed(response.content.decode())
    return table


def map_areas(response):
    html = response.content.decode()
    start = html.index('<script id="coverage-areas" type="application/json">')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


@pytest.fixture
def coordinator(client, reference):
    user = make_coordinator("couverture", communes=["bruxelles"])
    client.force_login(user)
    return user


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
        organisation=make_organisation(f"Asbl {name}"),
        **fields,
    )


def test_the_table_marks_what_is_in_or_near_each_quartier(client, coordinator, marolles):
    service_at(marolles, "Colis", "alimentation")
    service_at(marolles, "Avocat tout près", "aide-juridique", north_km=0.8)
    service_at(marolles, "Logement loin", "logement", north_km=3)
    service_at(marolles, "Fermé", "sante", is_active=False)

    table = read_table(client.get(URL))

    columns = table.headers[2:]
    assert len(columns) == 21 and len(table.rows) == 145
    marolles_row = dict(zip(columns, table.rows["Marolles"][1:], strict=True))
    assert marolles_row["Aide alimentaire"] == "✓"
    assert marolles_row["Aide juridique"] == "✓"
    assert marolles_row["Logement"] == "– manque"
    assert marolles_row["Santé, soins de première ligne"] == "– manque"
    assert table.rows["Marolles"][0] == "19"
    assert table.rows["Observatoire"][0] == "21"  # in Uccle, far away


def test_the_table_is_kept_until_a_new_service_changes_it(client, coordinator, marolles):
    service_at(marolles, "Colis", "alimentation")
    first = read_table(client.get(URL))
    with CaptureQueriesContext(connection) as again:
        assert read_table(client.get(URL)).rows == first.rows
    assert not [q for q in again.captured_queries if "directory_location" in q["sql"]]

    service_at(marolles, "Logement ici", "logement")
    table = read_table(client.get(URL))

    marolles_row = dict(zip(table.headers[2:], table.rows["Marolles"][1:], strict=True))
    assert marolles_row["Logement"] == "✓"
    assert table.rows["Marolles"][0] == str(int(first.rows["Marolles"][0]) - 1)


def test_the_table_is_a_real_table_with_headers(client, coordinator):
    html = client.get(URL).content.decode()
    table = read_table(client.get(URL))

    assert "<caption>" in html
    assert table.scopes.count("col") == 23
    assert table.scopes.count("row") == 145
    assert table.scopes.count("rowgroup") == 19


def test_the_table_says_the_same_as_each_quartiers_network_page(coordinator, marolles):
    random.seed(4)
    slugs = list(Category.objects.values_list("slug", flat=True))
    for n in range(40):
        service = service_at(marolles, f"Service {n}", random.choice(slugs), north_km=n / 10 - 2)
        if n % 7 == 0:
            location = service.locations.get()
            location.address_hidden = True
            location.save()

    coverage = network.coverage()

    for row in coverage.rows:
        missing = {category.pk for category in network.missing_categories(row.quartier)}
        assert missing == {
            category.pk
            for category, present in zip(coverage.categories, row.present, strict=True)
            if not present
        }, row.quartier


def test_the_page_costs_the_same_queries_for_few_or_many_services(
    client, coordinator, marolles, django_assert_num_queries
):
    service_at(marolles, "Seul", "alimentation")
    with CaptureQueriesContext(connection) as few:
        client.get(URL)

    for n, quartier in enumerate(Quartier.objects.all()[:30]):
        service_at(quartier, f"Service {n}", "logement", phones=["02 000 00 00"])

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert response.status_code == 200
    assert len(few.captured_queries) <= 12


def test_without_boundaries_the_map_draws_circles_at_the_centres(client, coordinator):
    areas = map_areas(client.get(URL))

    assert len(areas) == 145
    assert all(area["shape"] is None and area["lat"] and area["lon"] for area in areas)
    marolles = next(area for area in areas if area["name"] == "Marolles")
    assert marolles["missing"] == 21 and marolles["url"] == "/fr/staff/quartiers/marolles/"
    assert marolles["colour"] == network.COVERAGE_CLASSES[-1][1]


def test_with_boundaries_the_map_is_a_choropleth(client, coordinator, shared_data):
    call_command("import_boundaries", "quartiers", shared_data / "brussels-quartiers.geojson")

    response = client.get(URL)
    areas = map_areas(response)

    assert all(area["shape"]["type"] in ("Polygon", "MultiPolygon") for area in areas)
    assert len(response.content) < 600_000


def test_the_legend_counts_the_quartiers_of_each_colour(client, coordinator, marolles):
    for slug in list(Category.objects.values_list("slug", flat=True))[:18]:
        service_at(marolles, f"Service {slug}", slug)

    html = client.get(URL).content.decode()

    assert "16 à 21 catégories manquent" in html
    assert "1 à 5 catégories manquent" in html
    legend = network.coverage().legend()
    assert sum(count for *_bounds, count in legend) == 145
    assert [low for low, *_rest in legend] == [0, 1, 6, 11, 16]


def test_only_coordinators_see_the_coverage(client, reference):
    assert client.get(URL).status_code == 302
    worker = make_worker("Collègue")
    client.force_login(worker.user)
    assert client.get(URL).status_code == 403
    assert "couverture" not in client.get("/fr/staff/").content.decode()


# Demand beside supply: what residents search, from the weekly search counts. ------------


def resident_searches(*searches):
    resident = Client()
    for params in searches:
        assert resident.get("/fr/services/", params).status_code == 200


def demand_rows(response):
    """{commune: {column: cell}} of the demand table."""
    table = read_table(response, "demand-table")
    columns = table.headers[1:]
    return {name: dict(zip(columns, cells, strict=True)) for name, cells in table.rows.items()}


def test_what_residents_search_shows_beside_what_is_there(client, coordinator, marolles):
    service_at(marolles, "Colis", "alimentation")
    resident_searches(
        {"q": "colis alimentaire", "near": "1000"},
        {"q": "colis", "near": "Marolles"},
        {"q": "loyer trop cher", "near": "1000"},
        {"q": "roupiller", "near": "1000"},
        {"q": "colis"},
    )

    response = client.get(URL)

    rows = demand_rows(response)
    assert list(rows) == ["Bruxelles", "Sans lieu"]
    brussels = rows["Bruxelles"]
    assert brussels["Recherches"] == "4" and brussels["Sans résultat"] == "2"
    assert brussels["Aide alimentaire"] == "2 offre mince"  # near a few of its quartiers
    assert brussels["Logement"] == "1 offre mince" and brussels["Santé mentale"] == "0 offre mince"
    assert rows["Sans lieu"]["Aide alimentaire"] == "1"
    html = " ".join(response.content.decode().split())
    assert "<strong>Aide alimentaire</strong> à Bruxelles : 2 recherches" in html
    assert "<strong>Logement</strong> à Bruxelles : 1 recherche, dont 1 sans résultat" in html


def test_supply_is_thin_where_half_of_a_communes_quartiers_lack_it():
    @dataclass
    class Row:
        quartier: object
        present: list

    def quartier(commune_id):
        return SimpleNamespace(commune_id=commune_id)

    coverage = SimpleNamespace(
        categories=["a", "b"],
        rows=[
            Row(quartier(1), [True, True]),
            Row(quartier(1), [True, False]),
            Row(quartier(1), [False, False]),
            Row(quartier(2), [False, True]),
        ],
    )

    assert demand.thin_supply(coverage) == {1: [False, True], 2: [True, False]}


def test_a_coordinator_sees_the_demand_of_their_communes_only(client, coordinator, admin_client):
    resident_searches({"q": "colis", "near": "1000"}, {"q": "logement", "near": "1070"})

    assert list(demand_rows(client.get(URL))) == ["Bruxelles"]
    assert list(demand_rows(admin_client.get(URL))) == ["Anderlecht", "Bruxelles"]


def test_demand_costs_one_query_whatever_the_number_of_searches(
    client, coordinator, django_assert_num_queries
):
    resident_searches({"q": "colis", "near": "1000"})
    client.get(URL)  # what is there is kept until the directory changes (memo.py)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)

    slugs = list(Category.objects.values_list("slug", flat=True))
    for n in range(300):
        counts.record(
            counts.Search(
                kind="text",
                text=f"recherche {n}",
                language="fr",
                commune_id=Commune.objects.get(slug="bruxelles").pk,
                quartier_id=None,
                results=n % 4,
                categories=f" {slugs[n % 21]} {slugs[n % 5]} ",
            )
        )

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert demand_rows(response)["Bruxelles"]["Recherches"] == "301"


def test_the_page_says_when_searches_are_not_counted(client, coordinator, settings):
    settings.SEARCH_COUNTS_WEEKS = 0

    html = client.get(URL).content.decode()

    assert "Les recherches des habitants ne sont pas comptées sur ce site." in html
