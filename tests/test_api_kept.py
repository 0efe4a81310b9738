"""The API's service list keeps each service's item, per process and language, until the
directory changes (hsds/summaries.py): a page reads the ids of its services, and only
the services not kept yet. What it answers is what it would compute afresh."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.http import JsonResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from directory import memo
from directory.hsds import serialise, values
from directory.hsds.querysets import summarised_services
from directory.models import Audience, Category, Location, ScheduleException, Service
from directory.models.crisis import TemporaryStatus
from tests.factories import make_organisation, make_service

pytestmark = pytest.mark.django_db

LIST = "/api/v1/services"
SECRETS = ("Rue Secrète", "Refuge des Iris", "1090")


def hide_a_shelter(service):
    """A second place of `service`, a shelter with a hidden address, closed next week."""
    shelter = Location.objects.create(
        service=service,
        name="Refuge des Iris",
        street_fr="Rue Secrète 13",
        postcode="1090",
        latitude=Decimal("50.877777"),
        longitude=Decimal("4.322222"),
        address_hidden=True,
    )
    week = timezone.localdate() + timedelta(days=7)
    ScheduleException.objects.create(location=shelter, start_date=week, end_date=week)
    return shelter


@pytest.fixture
def listed(reference, committed):
    """Three services with what a list item shows: audiences, a status, a closure, kept
    fields from a file, and one with a shelter whose address is hidden."""

    def build():
        organisation = make_organisation("Asbl Relais", hsds_extra={"tax_id": "BE 0123"})
        rich = make_service(
            "Accueil du Canal",
            organisation=organisation,
            walk_in=True,
            hsds_extra={"accreditations": "Agréé COCOF", "alternate_name": "ADC"},
        )
        rich.audiences.set(Audience.objects.filter(slug__in=["familles", "femmes"]))
        TemporaryStatus.objects.create(
            service=rich,
            kind=TemporaryStatus.Kind.CLOSED,
            starts_on=timezone.localdate() + timedelta(days=3),
            ends_on=timezone.localdate() + timedelta(days=9),
        )
        hide_a_shelter(make_service("Bains de Molenbeek", organisation=organisation))
        make_service("Colis du Midi", categories=("alimentation", "sante"))

    committed(build)


def fresh_page(response):
    """What the list's JsonResponse was for the same services, each computed afresh."""
    body = response.json()
    ids = [item["id"] for item in body["contents"]]
    rows = summarised_services().in_bulk(ids, field_name="pk")
    by_id = {str(pk): row for pk, row in rows.items()}
    contents = [serialise.service_summary(by_id[i]) for i in ids]
    return JsonResponse(body | {"contents": contents}, json_dumps_params={"ensure_ascii": False})


def get(client, **params):
    response = client.get(LIST, params)
    assert response.status_code == 200, response.content[:300]
    return response


def test_the_kept_list_is_byte_for_byte_the_list_computed_afresh(client, listed):
    first = get(client)
    with CaptureQueriesContext(connection) as again:
        kept = get(client)

    assert kept.content == first.content == fresh_page(kept).content
    assert kept["Content-Type"] == "application/json"
    items = {item["name"]: item for item in kept.json()["contents"]}
    assert items["Accueil du Canal"]["alert"].startswith("Temporairement fermé du")
    assert items["Accueil du Canal"]["accreditations"] == "Agréé COCOF"
    assert items["Bains de Molenbeek"]["alert"].startswith("Fermé du")
    # The second page read the ids and nothing of what an item shows.
    tables = " ".join(q["sql"] for q in again.captured_queries)
    for table in ("directory_location", "directory_audience", "directory_organisation"):
        assert f'FROM "{table}"' not in tables


def test_items_another_process_wrote_are_not_read_again(client, listed):
    first = get(client)
    memo.forget(lasting=True)  # as in another process of the node: its memory empty

    with CaptureQueriesContext(connection) as again:
        second = get(client)

    assert second.content == first.content
    read = [q["sql"] for q in again.captured_queries]
    assert not [sql for sql in read if 'FROM "directory_location"' in sql]
    assert not [sql for sql in read if 'FROM "directory_service" ' in sql and '."id" IN (' in sql]


def test_a_page_asked_again_reads_nothing(client, listed, django_assert_num_queries):
    get(client, per_page=2)
    with django_assert_num_queries(0):  # its ids, its count and every item are kept
        body = get(client, per_page=2).json()
    assert body["size"] == 2 and body["total_items"] == 3


def test_a_new_service_shows_at_once_in_a_page_asked_before(client, listed, committed):
    before = [item["name"] for item in get(client, per_page=10).json()["contents"]]

    committed(lambda: make_service("Abri de nuit"))

    after = [item["name"] for item in get(client, per_page=10).json()["contents"]]
    assert after == sorted([*before, "Abri de nuit"])


def test_only_the_services_not_kept_yet_are_read(client, listed):
    get(client, per_page=1)
    with CaptureQueriesContext(connection) as queries:
        body = get(client, per_page=3).json()

    assert body["size"] == 3
    read = [q["sql"] for q in queries.captured_queries if 'FROM "directory_service" ' in q["sql"]]
    first_id = get(client, per_page=1).json()["contents"][0]["id"].replace("-", "")
    bulk = [sql for sql in read if '."id" IN (' in sql]
    assert len(bulk) == 1 and first_id not in bulk[0]


def test_an_edit_shows_in_the_list_at_once(client, listed, committed):
    get(client)
    service = Service.objects.get(name_fr="Colis du Midi")

    def edit():
        service.name_fr = "Colis du Midi et du Nord"
        service.save()

    committed(edit)
    names = [item["name"] for item in get(client).json()["contents"]]
    assert "Colis du Midi et du Nord" in names and "Colis du Midi" not in names


def test_a_new_closure_shows_in_the_kept_item_at_once(client, listed, committed):
    get(client)
    location = Location.objects.get(service__name_fr="Colis du Midi")
    day = timezone.localdate() + timedelta(days=2)
    committed(
        lambda: ScheduleException.objects.create(location=location, start_date=day, end_date=day)
    )
    items = {item["name"]: item for item in get(client).json()["contents"]}
    assert items["Colis du Midi"]["alert"].startswith("Fermé du")


def test_an_unpublished_or_deleted_service_leaves_the_list_at_once(client, listed, committed):
    get(client)
    committed(lambda: Service.objects.filter(name_fr="Colis du Midi").update(is_active=False))
    # A bulk update sends no signal: what writes it says the directory changed.
    from directory.page_cache import directory_changed

    committed(directory_changed)
    assert [i["name"] for i in get(client).json()["contents"]] == [
        "Accueil du Canal",
        "Bains de Molenbeek",
    ]
    committed(lambda: Service.objects.get(name_fr="Bains de Molenbeek").delete())
    assert [i["name"] for i in get(client).json()["contents"]] == ["Accueil du Canal"]


def test_each_language_keeps_its_own_items(client, listed):
    for _ in range(2):
        french = get(client, lang="fr").json()["contents"]
        dutch = get(client, lang="nl").json()["contents"]

    status = {item["name"]: item for item in french}["Accueil du Canal"]["alert"]
    assert status.startswith("Temporairement fermé du")
    # Dutch names fall back to the French in these services; the status is translated.
    dutch_status = {item["name"]: item for item in dutch}["Accueil du Canal"]["alert"]
    assert dutch_status != status
    response = get(client, lang="nl")
    with translation.override("nl"):
        assert response.content == fresh_page(response).content


def test_a_place_made_confidential_leaves_the_kept_item_at_once(client, reference, committed):
    service = committed(lambda: make_service("Maison d'accueil", lat=None))
    shelter = committed(lambda: hide_a_shelter(service))
    committed(lambda: Location.objects.create(service=service, street_fr="Rue Ouverte 2"))
    for _ in range(2):
        text = get(client).content.decode()
        assert not any(secret in text for secret in SECRETS)

    def reveal():
        shelter.address_hidden = False
        shelter.save()

    committed(reveal)
    assert "Refuge des Iris:" in get(client).content.decode()  # a public place is named

    def hide():
        shelter.address_hidden = True
        shelter.save()

    committed(hide)
    text = get(client).content.decode()
    assert not any(secret in text for secret in SECRETS)


def test_an_alert_follows_the_day_without_a_change(client, listed, monkeypatch, committed):
    service = Service.objects.get(name_fr="Colis du Midi")
    later = timezone.localdate() + timedelta(days=61)
    committed(
        lambda: TemporaryStatus.objects.create(
            service=service, kind=TemporaryStatus.Kind.CLOSED, starts_on=later
        )
    )

    def alert_of_colis():
        items = {item["name"]: item for item in get(client).json()["contents"]}
        return items["Colis du Midi"].get("alert", "")

    assert alert_of_colis() == alert_of_colis() == ""  # more than 60 days ahead
    tomorrow = timezone.localdate() + timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args: tomorrow)
    assert alert_of_colis().startswith("Temporairement fermé à partir du")


def test_a_bad_parameter_is_refused_even_when_items_are_kept(client, listed):
    get(client)
    response = client.get(LIST, {"per_page": "many"})
    assert response.status_code == 400
    assert "per_page" in response.json()["errors"]


def test_at_most_memo_kept_items_are_kept_the_least_recently_used_first(settings):
    settings.MEMO_KEPT_ITEMS = 2
    computed = []

    def compute(keys):
        computed.extend(keys)
        return {key: key * 10 for key in keys}

    assert memo.kept("sums", [1, 2], compute) == {1: 10, 2: 20}
    assert memo.kept("sums", [1], compute) == {1: 10}  # 1 is now the latest used
    assert memo.kept("sums", [3], compute) == {3: 30}  # 2 goes
    assert memo.kept("sums", [1, 2, 3], compute) == {1: 10, 2: 20, 3: 30}
    assert computed == [1, 2, 3, 2]
    memo.forget()
    assert memo.kept("sums", [1], compute) == {1: 10}
    assert computed == [1, 2, 3, 2, 1]


def test_a_taxonomy_term_is_looked_up_once_and_a_new_category_at_once(client, listed, committed):
    health = values.taxonomy_term_id("sante")
    get(client, taxonomy_term_id=health)
    with CaptureQueriesContext(connection) as again:
        body = get(client, taxonomy_term_id=health, per_page=10).json()
    assert [item["name"] for item in body["contents"]] == ["Colis du Midi"]
    assert 'FROM "directory_category"' not in " ".join(q["sql"] for q in again.captured_queries)

    def add_category():
        category = Category.objects.create(slug="douches", name_fr="Douches")
        Service.objects.get(name_fr="Bains de Molenbeek").categories.add(category)

    committed(add_category)
    body = get(client, taxonomy_term_id=values.taxonomy_term_id("douches")).json()
    assert [item["name"] for item in body["contents"]] == ["Bains de Molenbeek"]
