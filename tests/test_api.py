"""A partner system reads the directory through the HSDS 3.0 API under /api/v1/.

Every response is checked against the official Open Referral schemas from
../shared/data/hsds-3.0/ (the `shared_data` fixture skips without them, outside CI).
"""

import json
import re
import uuid
from datetime import time, timedelta
from decimal import Decimal
from functools import lru_cache

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern
from django.urls.resolvers import RoutePattern
from django.utils import dateformat, timezone
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from directory.hsds import urls as api_urls
from directory.hsds import values
from directory.models import (
    Audience,
    Language,
    Location,
    Phone,
    Schedule,
    ScheduleException,
    Service,
)
from directory.models.crisis import TemporaryStatus
from tests.factories import make_organisation, make_service

pytestmark = pytest.mark.django_db

API = "/api/v1"
UPSTREAM = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/"
HIDDEN_STREET = "Rue Secrète 13"
HIDDEN_POSTCODE = "1090"
HIDDEN_POINT = ("50.877777", "4.322222")


# Schemas ---------------------------------------------------------------------------


@lru_cache
def _validator(root, name):
    """A Draft 2020-12 validator (the HSDS 3.0 dialect) for a schema of the shared folder.

    The compiled schemas are self-contained; the plain ones refer to their neighbours
    by relative name, so they are registered under their upstream URLs.
    """
    folder = root / "hsds-3.0"
    registry = Registry().with_resources(
        (UPSTREAM + path.name, Resource.from_contents(json.loads(path.read_text()), DRAFT202012))
        for path in (folder / "schema").glob("*.json")
    )
    if name.startswith("compiled/"):
        schema = json.loads((folder / name).read_text())
    else:
        schema = {"$ref": UPSTREAM + name}
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


@lru_cache
def _page_validator(root):
    page = json.loads((root / "hsds-3.0" / "openapi.json").read_text())["components"]["schemas"][
        "Page"
    ]
    page = page | {"required": [*page["properties"], "contents"]}
    page["properties"] = page["properties"] | {"contents": {"type": "array"}}
    return Draft202012Validator(page)


def undeclared_fields(instance, schema, path="$"):
    """Fields the schema does not define: HSDS schemas allow them, but we emit none."""
    if "$ref" in schema:
        return []
    if isinstance(instance, dict):
        properties = schema.get("properties", {})
        found = [f"{path}.{key}" for key in instance if key not in properties]
        for key, value in instance.items():
            if key in properties:
                found += undeclared_fields(value, properties[key], f"{path}.{key}")
        return found
    if isinstance(instance, list) and isinstance(schema.get("items"), dict):
        return [
            field
            for i, item in enumerate(instance)
            for field in undeclared_fields(item, schema["items"], f"{path}[{i}]")
        ]
    return []


@pytest.fixture
def schemas(shared_data):
    """validate(instance, name) and validate_page(body, item name) against HSDS 3.0."""

    class Schemas:
        @staticmethod
        def validate(instance, name):
            validator = _validator(shared_data, name)
            validator.validate(instance)
            assert undeclared_fields(instance, validator.schema) == []

        @staticmethod
        def validate_page(body, item_name):
            _page_validator(shared_data).validate(body)
            for item in body["contents"]:
                Schemas.validate(item, item_name)

    return Schemas()


# Data ------------------------------------------------------------------------------


def hidden_location(service):
    return Location.objects.create(
        service=service,
        name="Refuge des Iris",
        street_fr=HIDDEN_STREET,
        street_nl="Geheime straat 13",
        postcode=HIDDEN_POSTCODE,
        latitude=Decimal(HIDDEN_POINT[0]),
        longitude=Decimal(HIDDEN_POINT[1]),
        address_hidden=True,
    )


@pytest.fixture
def directory(reference):
    """A rich service (phones, languages, audiences, hours past midnight, a shelter whose
    address is hidden, closures and a temporary status) and a plain one, from two
    organisations."""
    organisation = make_organisation(
        "Asbl Solidarité", email="info@solidarite.example", website="https://solidarite.example"
    )
    rich = make_service(
        "Colis du quartier",
        name_nl="Voedselpakket van de wijk",
        name_en="Neighbourhood food parcels",
        categories=("alimentation", "sans-abri"),
        organisation=organisation,
        phones=("02 123 45 67",),
        walk_in=True,
        how_to_access_fr="Venez avec une carte d'identité.",
        email="colis@solidarite.example",
        website="https://solidarite.example/colis",
        last_verified=timezone.localdate(),
        area_served=Service.AreaServed.COMMUNE,
    )
    Phone.objects.create(service=rich, number="0470 12 34 56", kind="whatsapp", note="SMS aussi")
    rich.audiences.set(Audience.objects.filter(slug__in=["familles", "sans-abri"]))
    rich.languages.set(Language.objects.filter(code__in=["fr", "ar"]))
    location = rich.locations.get()
    location.wheelchair_accessible = True
    location.save()
    Schedule.objects.create(location=location, weekday=5, opens_at=time(22), closes_at=time(6))
    shelter = hidden_location(rich)
    Schedule.objects.create(location=shelter, weekday=0, opens_at=time(9), closes_at=time(12))
    today = timezone.localdate()
    ScheduleException.objects.create(
        location=shelter, start_date=today, end_date=today, reason_fr="Travaux."
    )
    ScheduleException.objects.create(
        location=location,
        start_date=today + timedelta(days=3),
        end_date=today + timedelta(days=4),
        closed=False,
        opens_at=time(10),
        closes_at=time(12),
    )
    TemporaryStatus.objects.create(
        service=rich, kind="remote", starts_on=today, note_fr="Par téléphone seulement."
    )
    plain = make_service(
        "Permanence logement",
        categories=("logement",),
        free=False,
        fees_fr="5 € par rendez-vous",
        area_served=Service.AreaServed.REGION,
    )
    return {"rich": rich, "plain": plain, "shelter": shelter, "organisation": organisation}


def get(client, path, **params):
    response = client.get(API + path, params)
    assert response["Content-Type"] == "application/json", response.content[:200]
    return response


def ok(client, path, **params):
    response = get(client, path, **params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


def sal_id(location):
    return str(values.service_at_location_id(location.id))


def ids(body):
    return [item["id"] for item in body["contents"]]


# Every endpoint validates ----------------------------------------------------------


def test_root_gives_the_hsds_version_profile_and_openapi_url(client):
    body = ok(client, "/")

    assert body["version"] == "3.0"
    assert body["profile"].startswith("https://")
    assert body["openapi_url"] == "http://testserver/api/v1/openapi.json"
    assert body["content_language"]["languages"] == ["fr", "nl", "en"]
    assert "Accept-Language" in body["content_language"]["how"]


@pytest.mark.parametrize(
    "path, params, item_schema",
    [
        ("/services", {}, "compiled/service_list.json"),
        ("/services", {"full_service": "true"}, "compiled/service.json"),
        ("/services", {"full": "true", "lang": "nl"}, "compiled/service.json"),
        ("/organizations", {}, "compiled/organization_list.json"),
        ("/organizations", {"full": "true"}, "compiled/organization.json"),
        ("/organizations", {"full_service": "true"}, "compiled/organization.json"),
        ("/service_at_locations", {}, "compiled/service_at_location_list.json"),
        ("/service_at_locations", {"full": "true"}, "compiled/service_at_location.json"),
        ("/taxonomies", {}, "taxonomy.json"),
        ("/taxonomy_terms", {"lang": "en"}, "taxonomy_term.json"),
    ],
)
def test_every_list_validates_against_the_official_schemas(
    client, directory, schemas, path, params, item_schema
):
    body = ok(client, path, **params)

    assert body["contents"]
    schemas.validate_page(body, item_schema)


def test_every_detail_validates_against_the_official_schemas(client, directory, schemas):
    rich, organisation, shelter = directory["rich"], directory["organisation"], directory["shelter"]
    term = values.taxonomy_term_id("alimentation")
    details = [
        (f"/services/{rich.id}", "compiled/service.json"),
        (f"/organizations/{organisation.id}", "compiled/organization.json"),
        (f"/service_at_locations/{sal_id(shelter)}", "compiled/service_at_location.json"),
        (f"/taxonomies/{values.TAXONOMY_ID}", "taxonomy.json"),
        (f"/taxonomy_terms/{term}", "taxonomy_term.json"),
    ]
    for path, schema in details:
        for lang in ("fr", "nl", "en"):
            schemas.validate(ok(client, path, lang=lang), schema)


def test_a_full_service_carries_hours_phones_languages_and_categories(client, directory):
    service = ok(client, f"/services/{directory['rich'].id}")

    assert service["organization"]["name"] == "Asbl Solidarité"
    assert [p["type"] for p in service["phones"]] == ["voice", "cell"]
    assert {lang["code"] for lang in service["languages"]} == {"fr", "ar"}
    assert {a["taxonomy_term"]["code"] for a in service["attributes"]} == {
        "alimentation",
        "sans-abri",
    }
    assert service["application_process"] == "Sans rendez-vous. Venez avec une carte d'identité."
    assert service["cost_options"][0]["amount"] == 0
    assert {area["name"] for area in service["service_areas"]} == {"Molenbeek-Saint-Jean", "Jette"}
    located = next(s for s in service["service_at_locations"] if "latitude" in s["location"])
    hours = {(s["byday"], s["opens_at"], s["closes_at"]) for s in located["schedules"]}
    assert ("MO", "09:00", "17:00") in hours
    assert ("SA", "22:00", "06:00") in hours
    assert located["location"]["accessibility"][0]["description"]


def test_residents_only_and_remote_services_say_so_in_words_hsds_has(client, reference):
    cpas = make_service(
        "Service social", area_served=Service.AreaServed.COMMUNE, residents_only=True
    )
    line = make_service("Ligne d'écoute", remote_only=True, area_served=Service.AreaServed.REGION)

    areas = ok(client, f"/services/{cpas.id}", lang="nl")["service_areas"]
    assert [(a["name"], a["description"]) for a in areas] == [
        ("Sint-Jans-Molenbeek", "De hele gemeente. Voorbehouden aan de inwoners van de gemeente")
    ]
    french = ok(client, f"/services/{line.id}")
    assert french["application_process"] == "À distance uniquement."
    assert french["service_areas"][0]["description"] == "Toute la région bruxelloise"


def test_the_alert_announces_temporary_statuses_and_closures(client, directory):
    rich, plain = directory["rich"], directory["plain"]
    rich.locations.filter(address_hidden=False).update(name="Antenne du Canal")
    today = timezone.localdate()
    week_ago, yesterday = today - timedelta(days=7), today - timedelta(days=1)
    TemporaryStatus.objects.create(service=plain, kind="closed", starts_on=week_ago, ends_on=today)
    TemporaryStatus.objects.create(  # over
        service=plain, kind="remote", starts_on=week_ago, ends_on=yesterday
    )
    ScheduleException.objects.create(  # too far ahead to announce
        location=plain.locations.get(),
        start_date=today + timedelta(days=90),
        end_date=today + timedelta(days=91),
    )
    day, week_ago = dateformat.format(today, "j F"), dateformat.format(week_ago, "j F")

    alert = ok(client, f"/services/{rich.id}")["alert"]
    plain_alert = ok(client, f"/services/{plain.id}")["alert"]

    assert alert.startswith(f"À distance uniquement à partir du {day}, jusqu'à nouvel ordre. ")
    assert "nouvel ordre. Par téléphone seulement." in alert
    assert f"Fermé du {day} au {day}. Travaux." in alert
    assert "Antenne du Canal: Du " in alert and ": ouvert de 10:00 à 12:00." in alert
    assert plain_alert == f"Temporairement fermé du {week_ago} au {day}."
    assert ok(client, f"/services/{rich.id}", lang="nl")["alert"].count("Gesloten van") == 1


def test_a_service_with_nothing_to_announce_has_no_alert(client, directory):
    assert "alert" not in ok(client, f"/services/{directory['plain'].id}")


# Pages -----------------------------------------------------------------------------


def test_pages_report_their_place_in_the_whole_list(client, reference):
    for n in range(5):
        make_service(f"Service {n}")

    first, last = ok(client, "/services", per_page=2), ok(client, "/services", per_page=2, page=3)
    past_the_end = ok(client, "/services", per_page=2, page=4)

    assert first | {"contents": None} == {
        "total_items": 5,
        "total_pages": 3,
        "page_number": 1,
        "size": 2,
        "first_page": True,
        "last_page": False,
        "empty": False,
        "contents": None,
    }
    assert (last["size"], last["first_page"], last["last_page"]) == (1, False, True)
    assert past_the_end["empty"] and past_the_end["contents"] == []
    pages = [ids(ok(client, "/services", per_page=2, page=p)) for p in (1, 2, 3)]
    assert len({i for page in pages for i in page}) == 5


def test_per_page_defaults_to_50(client, reference):
    for n in range(51):
        make_service(f"Service {n:02}", lat=None)

    body = ok(client, "/services")

    assert (body["size"], body["total_pages"]) == (50, 2)


def test_an_empty_list_is_empty(client, reference):
    body = ok(client, "/services", search="introuvable")

    assert (body["total_items"], body["total_pages"], body["empty"]) == (0, 0, True)


def test_both_spellings_of_each_url_answer(client, directory):
    assert client.get(f"{API}/services").json() == client.get(f"{API}/services/").json()
    assert client.get(f"{API}/", follow=True).json() == client.get(API, follow=True).json()


# Search ----------------------------------------------------------------------------


def test_search_finds_the_same_services_in_the_same_order_as_the_search_page(client, reference):
    for name in ("Épicerie sociale du Canal", "Restaurant social", "Banque alimentaire Nord"):
        make_service(name, categories=["alimentation"])
    make_service("Permanence logement", categories=["logement"])

    page = client.get("/fr/services/", {"q": "colis alimentaire"})
    body = ok(client, "/services", search="colis alimentaire")

    expected = [str(card.service.id) for card in page.context["cards"]]
    assert len(expected) == 3
    assert ids(body) == expected


def test_a_search_in_a_script_we_cannot_read_finds_nothing_rather_than_everything(
    client, reference
):
    make_service("Épicerie sociale du Canal", categories=["alimentation"])

    assert ids(ok(client, "/services", search="食物")) == []
    assert ok(client, "/services", search="食物")["total_items"] == 0
    assert len(ids(ok(client, "/services", search="épicerie"))) == 1


def test_a_search_in_arabic_finds_what_the_search_page_finds(client, reference):
    make_service("Épicerie sociale du Canal", categories=["alimentation"])
    make_service("Permanence logement", categories=["logement"])

    page = client.get("/fr/services/", {"q": "طعام"})

    assert [card.service.name_fr for card in page.context["cards"]] == ["Épicerie sociale du Canal"]
    assert ids(ok(client, "/services", search="طعام")) == [
        str(card.service.id) for card in page.context["cards"]
    ]


def test_near_sorts_like_the_search_page(client, reference):
    make_service("Loin à Uccle", lat=50.7990, lon=4.3370, postcode="1180")
    make_service("Tout près à Molenbeek", lat=50.8549, lon=4.3260, postcode="1080")
    make_service("Au milieu à Saint-Gilles", lat=50.8300, lon=4.3450, postcode="1060")

    page = client.get("/fr/services/", {"near": "1080"})
    body = ok(client, "/services", near="1080")

    assert ids(body) == [str(card.service.id) for card in page.context["cards"]]


def test_hsds_filters_select_services(client, directory):
    rich = str(directory["rich"].id)
    food = values.taxonomy_term_id("alimentation")
    tomorrow = (timezone.now() + timedelta(days=1)).isoformat()

    assert ids(ok(client, "/services", taxonomy_term_id=food)) == [rich]
    assert ids(ok(client, "/services", taxonomy_term_id=str(uuid.uuid4()))) == []
    assert ids(ok(client, "/services", organization_id=str(directory["organisation"].id))) == [rich]
    assert len(ids(ok(client, "/services", taxonomy_id=str(values.TAXONOMY_ID)))) == 2
    assert ids(ok(client, "/services", taxonomy_id=str(uuid.uuid4()))) == []
    assert ids(ok(client, "/services", modified_after=tomorrow)) == []
    assert len(ids(ok(client, "/services", modified_after="2020-01-01T00:00:00"))) == 2


def test_our_own_filters_work_through_the_api(client, directory):
    rich, plain = str(directory["rich"].id), str(directory["plain"].id)

    assert ids(ok(client, "/services", category=["logement", "sans-abri"])) == [rich, plain]
    assert ids(ok(client, "/services", audience="familles")) == [rich]
    assert ids(ok(client, "/services", language="ar")) == [rich]
    assert ids(ok(client, "/services", free="true")) == [rich]
    assert ids(ok(client, "/services", walk_in="true")) == [rich]
    assert ids(ok(client, "/services", accessible="true")) == [rich]
    assert ids(ok(client, "/services", commune="molenbeek-saint-jean")) == [rich, plain]


def test_organizations_are_found_by_name_or_by_their_services(client, directory):
    by_name = ok(client, "/organizations", search="solidarité")
    by_service = ok(client, "/organizations", search="voedselpakket")

    assert ids(by_name) == ids(by_service) == [str(directory["organisation"].id)]
    assert ok(client, "/organizations", search="introuvable")["contents"] == []


def test_postcode_gives_the_services_that_serve_it(client, reference):
    here = make_service("Ici à Uccle", lat=50.7990, lon=4.3370, postcode="1180")
    region = make_service("Pour toute la Région", area_served=Service.AreaServed.REGION)
    make_service("Seulement à Molenbeek", postcode="1080")

    body = ok(client, "/services", postcode="1180")

    assert set(ids(body)) == {str(here.id), str(region.id)}


def test_proximity_counts_metres_from_the_postcode_centre(client, reference):
    # 1080's point is 50.857, 4.334 (directory/localities.py).
    close = make_service("À 300 m", lat=50.8570, lon=4.3383, postcode="1080")
    make_service("À 2 km", lat=50.8549, lon=4.3620, postcode="1080")

    body = ok(client, "/services", postcode="1080", proximity="1000")
    locations = ok(client, "/service_at_locations", postcode="1080", proximity="1000")

    assert ids(body) == [str(close.id)]
    assert [s["service_id"] for s in locations["contents"]] == [str(close.id)]
    assert len(ids(ok(client, "/services", near="50.8549,4.3620", proximity="100"))) == 1


# Languages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, headers",
    [
        ({"lang": "nl"}, {}),
        ({}, {"HTTP_ACCEPT_LANGUAGE": "nl-BE,nl;q=0.9,fr;q=0.8"}),
        ({"lang": "nl"}, {"HTTP_ACCEPT_LANGUAGE": "en"}),
    ],
)
def test_dutch_readers_get_dutch_names(client, directory, params, headers):
    response = client.get(f"{API}/services/{directory['rich'].id}", params, **headers)
    service = response.json()

    assert response["Content-Language"] == "nl"
    assert "Accept-Language" in response["Vary"]
    assert service["name"] == "Voedselpakket van de wijk"
    assert service["attributes"][0]["taxonomy_term"]["name"] == "Voedselhulp"


def test_french_by_default_and_english_falls_back_to_french(client, directory):
    plain = directory["plain"]
    french = client.get(f"{API}/services/{plain.id}", HTTP_ACCEPT_LANGUAGE="de, it;q=0.5")
    english = ok(client, f"/services/{plain.id}", lang="en")

    assert french["Content-Language"] == "fr"
    assert french.json()["fees_description"] == "5 € par rendez-vous"
    assert english["fees_description"] == "5 € par rendez-vous"
    assert english["service_areas"][0]["name"] == "Brussels-Capital Region"


# Privacy ---------------------------------------------------------------------------


def test_a_hidden_address_never_leaves_through_the_api(client, directory):
    shelter, rich = directory["shelter"], directory["rich"]
    paths = [
        "/services?full=true",
        f"/services/{rich.id}",
        "/service_at_locations?full=true",
        f"/service_at_locations/{sal_id(shelter)}",
        f"/organizations/{directory['organisation'].id}?full_service=true",
        "/organizations?full=true",
    ]
    # Ids are hex: the postcode only counts outside a word (1090 can occur inside a UUID).
    secrets = [HIDDEN_STREET, "Geheime", rf"(?<![\w-]){HIDDEN_POSTCODE}(?![\w-])", "Refuge des"]
    secrets += [re.escape(value[:6]) for value in HIDDEN_POINT]
    for path in paths:
        for lang in ("fr", "nl", "en"):
            text = client.get(f"{API}{path}", {"lang": lang}).content.decode()
            assert not [s for s in secrets if re.search(s, text)], path
    location = ok(client, f"/service_at_locations/{sal_id(shelter)}")["location"]
    assert location["addresses"][0]["city"] == "Jette"
    assert "latitude" not in location and "longitude" not in location


def test_radius_searches_cannot_close_in_on_a_hidden_address(client, directory):
    around_it = {"near": ",".join(HIDDEN_POINT), "proximity": "300"}
    jette_centre = {"near": "50.881719,4.321387", "proximity": "50"}

    assert ok(client, "/service_at_locations", **around_it)["contents"] == []
    found = ok(client, "/service_at_locations", **jette_centre)["contents"]
    assert [s["location_id"] for s in found] == [str(directory["shelter"].id)]
    # Jette has one postcode: a service there serves it, whether its address shows or not.
    assert str(directory["rich"].id) in ids(ok(client, "/services", postcode=HIDDEN_POSTCODE))


# Only whitelisted fields: a field added to a model never leaks by accident.
ALLOWED = {
    "service": {
        "id", "organization_id", "name", "description", "url", "email", "status",
        "application_process", "fees_description", "eligibility_description",
        "assured_date", "alert", "last_modified", "organization", "phones", "languages",
        "service_areas", "cost_options", "attributes", "service_at_locations",
        "required_documents", "minimum_age", "maximum_age",
    },
    "organization": {"id", "name", "description", "email", "website", "services", "locations"},
    "service_at_location": {"id", "service_id", "location_id", "location", "schedules", "service"},
    "location": {
        "id", "location_type", "organization_id", "name", "description", "latitude",
        "longitude", "addresses", "accessibility",
    },
    "address": {
        "id", "location_id", "address_1", "city", "state_province", "postal_code", "country",
        "address_type",
    },
    "schedule": {
        "id", "service_at_location_id", "freq", "wkst", "byday", "opens_at", "closes_at",
        "description", "valid_from", "valid_to",
    },
    "phone": {"id", "service_id", "number", "type", "description"},
    "language": {"id", "service_id", "name", "code"},
    "service_area": {"id", "service_id", "name", "description"},
    "cost_option": {
        "id", "service_id", "option", "amount", "currency", "amount_description", "valid_from",
        "valid_to",
    },
    "required_document": {"id", "service_id", "document", "uri"},
    "attribute": {"id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "taxonomy_term"},
    "taxonomy_term": {
        "id", "code", "name", "description", "taxonomy", "taxonomy_id", "language",
        "taxonomy_detail",
    },
    "taxonomy": {"id", "name", "description"},
}  # fmt: skip
CHILD_KIND = {
    "organization": "organization",
    "services": "service",
    "service": "service",
    "service_at_locations": "service_at_location",
    "locations": "location",
    "location": "location",
    "addresses": "address",
    "schedules": "schedule",
    "phones": "phone",
    "languages": "language",
    "service_areas": "service_area",
    "cost_options": "cost_option",
    "required_documents": "required_document",
    "attributes": "attribute",
    "taxonomy_term": "taxonomy_term",
    "taxonomy_detail": "taxonomy",
    "accessibility": "accessibility",
}
ALLOWED["accessibility"] = {"id", "location_id", "description"}


def unexpected_fields(obj, kind):
    """Fields of `obj` (of HSDS type `kind`) and its children that are not whitelisted."""
    found = [f"{kind}.{key}" for key in obj if key not in ALLOWED[kind]]
    for key, value in obj.items():
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, dict):
                found += unexpected_fields(child, CHILD_KIND[key])
    return found


@pytest.mark.parametrize(
    "path, kind",
    [
        ("/services?full=true", "service"),
        ("/organizations?full_service=true", "organization"),
        ("/service_at_locations?full=true", "service_at_location"),
        ("/taxonomy_terms", "taxonomy_term"),
        ("/taxonomies", "taxonomy"),
    ],
)
def test_the_api_only_emits_whitelisted_fields(client, directory, path, kind):
    for item in client.get(API + path).json()["contents"]:
        assert unexpected_fields(item, kind) == []


def test_unpublished_services_stay_out(client, directory):
    hidden = make_service("Brouillon", is_active=False)

    assert str(hidden.id) not in ids(ok(client, "/services"))
    assert get(client, f"/services/{hidden.id}").status_code == 404
    organisation = ok(client, f"/organizations/{hidden.organisation_id}")
    assert organisation["services"] == []


# Errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path, params, field",
    [
        ("/services", {"per_page": "abc"}, "per_page"),
        ("/services", {"per_page": "0"}, "per_page"),
        ("/services", {"per_page": "201"}, "per_page"),
        ("/services", {"page": "0"}, "page"),
        ("/services", {"page": "-3"}, "page"),
        ("/services", {"page": "deux"}, "page"),
        ("/services", {"proximity": "abc", "postcode": "1080"}, "proximity"),
        ("/services", {"proximity": "500"}, "proximity"),
        ("/services", {"proximity": "500", "postcode": "9999"}, "postcode"),
        ("/services", {"postcode": "Molenbeek"}, "postcode"),
        ("/services", {"modified_after": "yesterday"}, "modified_after"),
        ("/services", {"organization_id": "42"}, "organization_id"),
        ("/services", {"taxonomy_term_id": "alimentation"}, "taxonomy_term_id"),
        ("/services", {"category": "nothing-like-this"}, "category"),
        ("/services", {"near": "Atlantis"}, "near"),
        ("/services", {"search": "x" * 201}, "search"),
        ("/services", {"full_service": "maybe"}, "full_service"),
        ("/services", {"lang": "de"}, "lang"),
        ("/service_at_locations", {"proximity": "abc"}, "proximity"),
        ("/organizations", {"page": "0"}, "page"),
        ("/taxonomy_terms", {"taxonomy_id": "quartier"}, "taxonomy_id"),
        ("/taxonomies", {"per_page": "many"}, "per_page"),
    ],
)
def test_bad_parameters_get_a_400_that_names_them(client, reference, path, params, field):
    response = get(client, path, **params)

    assert response.status_code == 400
    assert response.json()["message"]
    assert field in response.json()["errors"]


def test_a_400_lists_every_wrong_parameter_at_once(client, reference):
    response = get(client, "/services", per_page="abc", page="0", modified_after="yesterday")

    assert set(response.json()["errors"]) == {"per_page", "page", "modified_after"}


# An id no row has (fixed, so that parallel test runs collect the same tests).
NO_SUCH_ID = "5b0c3a6e-9d1f-4e2a-8c7b-0a1b2c3d4e5f"


@pytest.mark.parametrize(
    "path",
    [
        f"/services/{NO_SUCH_ID}",
        "/services/not-a-uuid",
        f"/organizations/{NO_SUCH_ID}",
        "/organizations/123",
        f"/service_at_locations/{NO_SUCH_ID}",
        "/service_at_locations/x",
        f"/taxonomies/{NO_SUCH_ID}",
        "/taxonomies/quartier",
        f"/taxonomy_terms/{NO_SUCH_ID}",
        "/taxonomy_terms/alimentation",
        "/no_such_endpoint",
    ],
)
def test_unknown_ids_get_a_json_404(client, reference, path):
    response = get(client, path)

    assert response.status_code == 404
    assert response.json()["status"] == 404


def every_api_path():
    """A path for each of our URL patterns, with and without the trailing slash."""
    for pattern in api_urls.urlpatterns:
        if isinstance(pattern.pattern, RoutePattern):
            yield f"{API}/" + re.sub(r"<(?:\w+:)?\w+>", "x", str(pattern.pattern))
        else:  # the catch-all for unknown endpoints
            yield f"{API}/no_such_endpoint"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_every_api_route_answers_writes_with_a_json_405(directory, method):
    # As a browser or a script sends them: with no CSRF token, and forms or JSON.
    client = Client(enforce_csrf_checks=True)
    for path in every_api_path():
        response = getattr(client, method)(
            path, {"name": "Nouveau"}, content_type="application/json"
        )

        assert response.status_code == 405, path
        assert response["Allow"] == "GET, HEAD, OPTIONS", path
        assert response.json()["status"] == 405, path


def test_options_says_what_the_api_allows(client, directory):
    response = client.options(f"{API}/services")

    assert response.status_code == 200
    assert response["Allow"] == "GET, HEAD, OPTIONS"


# Identifiers -----------------------------------------------------------------------


def test_ids_are_stable_and_lead_back_to_the_rows(client, directory):
    shelter = directory["shelter"]
    link = sal_id(shelter)

    assert link != str(shelter.id)
    assert values.location_id_of(link) == shelter.id
    assert uuid.UUID(link).version == shelter.id.version
    assert uuid.UUID(link).variant == uuid.RFC_4122
    term = ok(client, f"/taxonomy_terms/{values.taxonomy_term_id('alimentation')}")
    assert (term["code"], term["taxonomy_id"]) == ("alimentation", str(values.TAXONOMY_ID))
    assert term["id"] == str(uuid.uuid5(values.NAMESPACE, "taxonomy_term:alimentation"))
    assert ok(client, f"/services/{directory['rich'].id}") == ok(
        client, f"/services/{directory['rich'].id}"
    )


def test_taxonomy_terms_are_our_categories(client, reference):
    body = ok(client, "/taxonomy_terms", lang="nl")
    food = ok(client, "/taxonomy_terms", search="voedselbank")

    assert body["total_items"] == 21
    assert body["contents"][1]["code"] == "alimentation"
    assert body["contents"][1]["name"] == "Voedselhulp"
    assert [t["code"] for t in food["contents"]] == ["alimentation"]


# Query counts ----------------------------------------------------------------------


def _queries(client, path):
    with CaptureQueriesContext(connection) as context:
        assert client.get(API + path).status_code == 200
    return len(context)


PAGES = (
    "/services",
    "/services?full_service=true",
    "/service_at_locations",
    "/service_at_locations?full=true",
    "/organizations?full_service=true",
)


def test_a_page_costs_the_same_queries_for_3_or_30_services(
    client, reference, django_assert_max_num_queries
):
    def add(n, organisation):
        for i in range(n):
            service = make_service(f"Service {i}", organisation=organisation, phones=("02 1",))
            service.audiences.set(Audience.objects.filter(slug="familles"))
            service.languages.set(Language.objects.filter(code__in=["fr", "nl"]))

    add(3, make_organisation("A"))
    for path in PAGES:  # what every search reads alike is read once (memo.py)
        client.get(API + path)
    few = {path: _queries(client, path) for path in PAGES}
    add(27, make_organisation("B"))

    for path in PAGES:
        # 13, a full service's prices and documents, and the terms of other taxonomies
        # it came with.
        with django_assert_max_num_queries(16):
            assert client.get(API + path).status_code == 200
    assert {path: _queries(client, path) for path in PAGES} == few


# OpenAPI ---------------------------------------------------------------------------


def served_paths():
    """Our URL patterns written as OpenAPI paths ("services/<str:id>" -> "/services/{id}")."""
    paths = set()
    for pattern in api_urls.urlpatterns:
        if isinstance(pattern, URLPattern) and pattern.name:
            route = str(pattern.pattern)
            paths.add("/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route))
    return paths


def test_the_openapi_document_describes_our_api(client):
    response = client.get(f"{API}/openapi.json")
    document = json.loads(response.content)

    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "http://testserver/api/v1"}]
    assert set(document["paths"]) == served_paths()
    for path, item in document["paths"].items():
        assert "200" in item["get"]["responses"], path
    local_refs = re.findall(r'"\$ref": "#/([^"]+)"', response.content.decode())
    for ref in local_refs:
        node = document
        for part in ref.split("/"):
            node = node[part]


def test_the_openapi_document_lists_every_search_parameter(client):
    from directory.hsds.filters import HsdsServiceFilter

    document = client.get(f"{API}/openapi.json").json()
    parameters = {
        ref["$ref"].rsplit("/", 1)[1] for ref in document["paths"]["/services"]["get"]["parameters"]
    }
    filters = {"search" if name == "q" else name for name in HsdsServiceFilter.base_filters}

    pages = {"page", "per_page", "full", "full_service", "lang", "format", "minimal"}
    assert filters | pages == parameters
