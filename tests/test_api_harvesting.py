"""What harvesters of the HSDS API rely on: modified_after, minimal, ndjson, other taxonomies.

A harvester that read the directory yesterday asks for what changed since
(`modified_after`), or the ids and dates of everything (`minimal`), or everything at
once as lines of JSON (`format=ndjson`); a parameter we do not support is a 400 that
says so, never silence.
"""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from directory.hsds import values
from directory.models import Category, ForeignTaxonomy, ForeignTerm, Service
from tests.factories import make_organisation, make_service

API = "/api/v1"
OE = uuid.UUID("6a0ee0b1-1c5c-4ed8-9d7e-8a3f3b1d2c10")


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["contents"]]


@pytest.fixture
def yesterday_service(reference):
    """A service, its organisation and categories all last changed yesterday."""
    service = make_service("Colis du Canal", organisation=make_organisation("Entraide"))
    other = make_service("Écoute", categories=("sante-mentale",))
    yesterday = timezone.now() - timedelta(days=1)
    Service.objects.update(modified=yesterday)
    Category.objects.update(modified=yesterday)
    service.organisation._meta.model.objects.update(modified=yesterday)
    service.refresh_from_db()
    return service, other, yesterday + timedelta(hours=12)


def test_modified_after_sees_an_organisation_edit(client, yesterday_service):
    service, other, since = yesterday_service
    assert ids(client.get(f"{API}/services", {"modified_after": since.isoformat()})) == []

    organisation = service.organisation
    organisation.name_fr = "Entraide du Canal"
    organisation.save()

    changed = client.get(f"{API}/services", {"modified_after": since.isoformat()})
    assert ids(changed) == [str(service.pk)]
    (item,) = changed.json()["contents"]
    assert item["last_modified"] == values.timestamp(organisation.modified)


def test_modified_after_sees_categories_given_and_renamed(client, yesterday_service):
    service, other, since = yesterday_service

    service.categories.add(Category.objects.get(slug="logement"))
    assert ids(client.get(f"{API}/services", {"modified_after": since.isoformat()})) == [
        str(service.pk)
    ]

    Service.objects.update(modified=since - timedelta(hours=1))
    category = Category.objects.get(slug="sante-mentale")
    category.name_fr = "Santé mentale et écoute"
    category.save()
    assert ids(client.get(f"{API}/service_at_locations", {"modified_after": since.isoformat()}))
    assert ids(client.get(f"{API}/services", {"modified_after": since.isoformat()})) == [
        str(other.pk)
    ]


def test_minimal_lists_every_service_id_and_date_in_one_call(client, yesterday_service):
    response = client.get(f"{API}/services", {"minimal": "true"})

    body = response.json()
    assert body["total_items"] == body["size"] == 2
    assert all(set(item) == {"id", "last_modified"} for item in body["contents"])
    assert client.get(f"{API}/services", {"minimal": "true", "per_page": 5000}).status_code == 200
    assert client.get(f"{API}/services", {"per_page": 5000}).status_code == 400
    wrong = client.get(f"{API}/services", {"minimal": "maybe", "per_page": 5000})
    assert wrong.status_code == 400 and set(wrong.json()["errors"]) == {"minimal", "per_page"}


def test_minimal_where_it_means_nothing_is_refused_by_name(client, reference):
    response = client.get(f"{API}/organizations", {"minimal": "true"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"minimal": ["minimal is only supported by /services."]}


@pytest.mark.parametrize(
    "path", ["/services", "/organizations", "/service_at_locations", "/taxonomy_terms"]
)
def test_ndjson_streams_every_result_one_object_a_line(client, yesterday_service, path):
    paged = client.get(f"{API}{path}", {"per_page": 1}).json()

    response = client.get(f"{API}{path}", {"format": "ndjson", "per_page": 1, "lang": "nl"})

    assert response["Content-Type"].startswith("application/x-ndjson")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == paged["total_items"] > 1
    assert all("id" in json.loads(line) for line in lines)


def test_ndjson_items_are_in_the_requested_language(client, yesterday_service):
    response = client.get(f"{API}/taxonomy_terms", {"format": "ndjson", "lang": "nl"})

    names = [json.loads(line)["name"] for line in b"".join(response.streaming_content).splitlines()]
    assert "Voedselhulp" in names


def test_an_unknown_format_is_refused(client, reference):
    response = client.get(f"{API}/services", {"format": "xml"})

    assert response.status_code == 400
    assert "format" in response.json()["errors"]


# Other systems' taxonomies, served beside ours -------------------------------------------


@pytest.fixture
def open_eligibility(reference):
    taxonomy = ForeignTaxonomy.objects.create(id=OE, name="Open Eligibility")
    food = ForeignTerm.objects.create(id=uuid.uuid4(), taxonomy=taxonomy, code="102", name="Food")
    pantry = ForeignTerm.objects.create(
        id=uuid.uuid4(), taxonomy=taxonomy, code="102-04", name="Food Pantry", parent_id=food.pk
    )
    return taxonomy, food, pantry


def test_taxonomy_terms_walk_another_taxonomys_tree(client, open_eligibility):
    taxonomy, food, pantry = open_eligibility

    children = ids(client.get(f"{API}/taxonomy_terms", {"parent_id": str(food.pk)}))
    top = ids(client.get(f"{API}/taxonomy_terms", {"top_only": "true", "taxonomy_id": str(OE)}))
    every = ids(client.get(f"{API}/taxonomy_terms", {"taxonomy_id": str(OE)}))

    assert children == [str(pantry.pk)]
    assert top == [str(food.pk)]
    assert sorted(every) == sorted([str(food.pk), str(pantry.pk)])
    assert client.get(f"{API}/taxonomy_terms", {"parent_id": "102"}).status_code == 400
    assert client.get(f"{API}/taxonomy_terms", {"top_only": "maybe"}).status_code == 400


def test_another_taxonomy_and_its_terms_are_served(client, open_eligibility):
    taxonomy, food, pantry = open_eligibility

    listed = [t["name"] for t in client.get(f"{API}/taxonomies").json()["contents"]]
    term = client.get(f"{API}/taxonomy_terms/{pantry.pk}").json()

    assert listed == ["quartier", "Open Eligibility"]
    assert client.get(f"{API}/taxonomies/{OE}").json()["name"] == "Open Eligibility"
    assert (term["code"], term["parent_id"], term["taxonomy_id"]) == (
        "102-04",
        str(food.pk),
        str(OE),
    )


def test_services_are_found_by_a_term_of_another_taxonomy(client, open_eligibility):
    taxonomy, food, pantry = open_eligibility
    service = make_service("Épicerie sociale")
    make_service("Autre")
    service.foreign_terms.add(pantry)

    assert ids(client.get(f"{API}/services", {"taxonomy_term_id": str(pantry.pk)})) == [
        str(service.pk)
    ]
    assert ids(client.get(f"{API}/services", {"taxonomy_id": str(OE)})) == [str(service.pk)]
