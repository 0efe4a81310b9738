"""The coverage page is kept until the directory changes, and stays right when it does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import geo
from directory.models import Quartier
from directory.staff import network
from tests.staff_factories import make_coordinator
from tests.test_staff_coverage import URL, map_areas, read_table, service_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, reference):
    user = make_coordinator("couverture", communes=["bruxelles"])
    client.force_login(user)
    return user


@pytest.fixture
def marolles(reference):
    return Quartier.objects.select_related("commune").get(slug="marolles")


def marolles_cells(response):
    table = read_table(response)
    return dict(zip(table.headers[2:], table.rows["Marolles"][1:], strict=True))


def test_a_kept_page_reads_neither_quartiers_categories_nor_places(client, coordinator, marolles):
    service_at(marolles, "Colis", "alimentation")
    first = client.get(URL)

    with CaptureQueriesContext(connection) as again:
        second = client.get(URL)

    assert read_table(second).rows == read_table(first).rows
    assert map_areas(second) == map_areas(first)
    tables = ("directory_quartier", "directory_category", "directory_location")
    read = [q["sql"] for q in again.captured_queries]
    assert not [sql for sql in read if any(f'FROM "{table}"' in sql for table in tables)]
    assert len(again.captured_queries) <= 8


def test_an_unpublished_or_deleted_service_leaves_the_kept_table(client, coordinator, marolles):
    colis = service_at(marolles, "Colis", "alimentation")
    avocat = service_at(marolles, "Avocat", "aide-juridique")
    before = marolles_cells(client.get(URL))
    assert before["Aide alimentaire"] == "✓" and before["Aide juridique"] == "✓"

    colis.is_active = False
    colis.save()
    unpublished = marolles_cells(client.get(URL))
    avocat.delete()
    deleted = marolles_cells(client.get(URL))

    assert unpublished["Aide alimentaire"] == "– manque"
    assert unpublished["Aide juridique"] == "✓"
    assert deleted["Aide juridique"] == "– manque"
    marolles_area = next(a for a in map_areas(client.get(URL)) if a["name"] == "Marolles")
    assert marolles_area["missing"] == 21


def test_the_kept_table_is_in_each_pages_language(client, coordinator, marolles):
    service_at(marolles, "Colis", "alimentation")
    french = read_table(client.get(URL))
    dutch_response = client.get("/nl/staff/couverture/")
    dutch = read_table(dutch_response)

    assert "Voedselhulp" in dutch.headers and "Aide alimentaire" not in dutch.headers
    assert "Aide alimentaire" in french.headers
    areas = map_areas(dutch_response)
    assert all(area["url"].startswith("/nl/staff/quartiers/") for area in areas)
    assert "Aide alimentaire" in read_table(client.get(URL)).headers


def test_a_refuge_counts_at_its_communes_centre_in_the_kept_table(client, coordinator, marolles):
    """A confidential place counts for the quartiers near its commune's centre only, never
    for the quartier it really is in, whether the table is computed or kept."""
    refuge = service_at(marolles, "Refuge", "violences")
    location = refuge.locations.get()
    location.address_hidden = True
    location.save()
    commune = marolles.commune
    near_centre = {
        quartier.name
        for quartier in Quartier.objects.filter(commune=commune)
        if geo.distance_m(
            float(commune.latitude),
            float(commune.longitude),
            float(quartier.latitude),
            float(quartier.longitude),
        )
        <= network.NEAR_M
    }
    assert "Marolles" not in near_centre

    for _ in range(2):
        table = read_table(client.get(URL))
        column = table.headers[2:].index("Violences conjugales et familiales")
        served = {name for name, cells in table.rows.items() if cells[1 + column] == "✓"}
        assert served == near_centre
