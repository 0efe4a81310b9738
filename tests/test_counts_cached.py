"""Counts that would scan the directory on every request are exact, and counted once per
set of filters until the directory changes (memo.counted): the API's `total_items` and
an area page's number of services. The API's service list reads only what it returns."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory.models import Audience, Language
from tests.factories import make_organisation, make_service

pytestmark = pytest.mark.django_db

API = "/api/v1"


def counts_in(queries):
    return [q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"]]


def tables_read(queries):
    return " ".join(q["sql"] for q in queries.captured_queries)


def total(client, **params):
    response = client.get(f"{API}/services", params)
    assert response.status_code == 200, response.content[:300]
    return response.json()


def test_total_items_is_counted_once_then_read(client, reference, committed):
    committed(lambda: [make_service(f"Service {n}") for n in range(3)])

    first = total(client, per_page=2)
    with CaptureQueriesContext(connection) as second:
        body = total(client, per_page=2, page=2)

    assert (first["total_items"], first["total_pages"]) == (3, 2)
    assert (body["total_items"], body["total_pages"], body["size"]) == (3, 2, 1)
    assert not counts_in(second)


def test_total_items_follows_a_new_service_at_once(client, reference, committed):
    committed(lambda: [make_service(f"Service {n}") for n in range(3)])
    assert total(client)["total_items"] == 3

    committed(lambda: make_service("Resto du Cœur"))
    assert total(client)["total_items"] == 4
    # Before its transaction commits, this process's own change is counted too.
    make_service("Épicerie du Canal")
    assert total(client)["total_items"] == 5


def test_each_set_of_filters_has_its_own_count(client, reference, committed):
    first, other = make_organisation("Première"), make_organisation("Autre")

    def add():
        for n in range(2):
            make_service(f"Service A{n}", organisation=first)
        for n in range(3):
            make_service(f"Service B{n}", organisation=other)

    committed(add)

    assert total(client, organization_id=first.pk)["total_items"] == 2
    assert total(client, organization_id=other.pk)["total_items"] == 3
    assert total(client, organization_id=first.pk, page=2)["total_items"] == 2
    assert total(client)["total_items"] == 5


def test_the_service_list_reads_only_what_its_items_show(client, reference, committed):
    def add(n):
        for i in range(n):
            service = make_service(f"Service {i}", phones=("02 1",))
            service.audiences.set(Audience.objects.filter(slug="familles"))
            service.languages.set(Language.objects.filter(code__in=["fr", "nl"]))

    committed(lambda: add(30))
    total(client, per_page=2)
    total(client, per_page=30)
    with CaptureQueriesContext(connection) as few:
        assert total(client, per_page=2)["size"] == 2
    with CaptureQueriesContext(connection) as many:
        body = total(client, per_page=30)

    assert body["size"] == 30 and body["contents"][0]["eligibility_description"]
    # Its categories too, whose renames `last_modified` follows (modified_after).
    assert len(few) == len(many) <= 7
    # Phones, languages and hours are in the full form only.
    read = tables_read(many)
    for table in ("phone", "service_languages", "schedule"):
        assert f'"directory_{table}"' not in read
    assert "search_document" not in read
    with CaptureQueriesContext(connection) as full:
        body = total(client, per_page=30, full="true")
    assert body["contents"][0]["phones"] and '"directory_phone"' in tables_read(full)


def test_an_area_page_counts_its_services_once_until_a_new_one(client, reference, committed):
    service = committed(lambda: make_service("Colis du quartier"))
    commune = service.locations.get().commune
    url = f"/fr/communes/{commune.slug}/"

    assert client.get(url).context["page"].paginator.count == 1
    with CaptureQueriesContext(connection) as second:
        assert client.get(url).context["page"].paginator.count == 1
    assert not counts_in(second)

    committed(lambda: make_service("Resto du Cœur"))
    response = client.get(url)
    assert response.context["page"].paginator.count == 2
    assert "2 services ici" in response.content.decode()


def test_an_area_page_asked_again_reads_nothing_until_the_directory_changes(
    client, reference, committed
):
    """A commune's or a quartier's page, its map's boundary and its list, is read once: it
    does not grow with the directory. A new service of the area shows at once."""
    location = committed(lambda: make_service("Colis du quartier")).locations.get()
    pages = [f"/fr/communes/{location.commune.slug}/", f"/fr/quartiers/{location.quartier.slug}/"]
    first = [client.get(url).content.decode() for url in pages]

    with CaptureQueriesContext(connection) as again:
        second = [client.get(url).content.decode() for url in pages]
    committed(lambda: make_service("Resto du Cœur"))
    after = client.get(pages[0]).content.decode()

    assert tables_read(again) == ""
    nonce = re.compile(r'nonce="[^"]+"')
    assert [nonce.sub("", html) for html in second] == [nonce.sub("", html) for html in first]
    assert "Colis du quartier" in first[0] and location.quartier.name in first[0]
    assert "Colis du quartier" in first[1] and location.commune.name in first[1]
    assert "Resto du Cœur" in after and "2 services ici" in after


def test_an_unknown_area_is_not_found(client, reference):
    assert client.get("/fr/communes/atlantis/").status_code == 404
    assert client.get("/fr/quartiers/atlantis/").status_code == 404


def test_an_area_page_kept_still_draws_its_boundary(client, reference, committed):
    """The boundary is left in the database by the area's manager: the kept area holds the
    one its map draws, the first time and the next."""
    from directory.models import Commune

    commune = committed(lambda: make_service("Colis du quartier")).locations.get().commune
    outline = {
        "type": "Polygon",
        "coordinates": [[[4.3, 50.8], [4.4, 50.8], [4.3, 50.9], [4.3, 50.8]]],
    }
    commune = Commune.objects.defer(None).get(pk=commune.pk)
    commune.boundary_display = outline
    committed(commune.save)
    url = f"/fr/communes/{commune.slug}/"

    for html in (client.get(url).content.decode(), client.get(url).content.decode()):
        assert 'id="map-boundary"' in html and "[4.3, 50.8]" in html
