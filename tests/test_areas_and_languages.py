"""Organisation, commune and quartier pages; languages, redirects and 404 pages."""

import pytest
from django.conf import settings

from tests.factories import make_organisation, make_service

pytestmark = pytest.mark.django_db


def test_organisation_page_lists_its_services(client, reference):
    organisation = make_organisation("Asbl Les Tilleuls", description_fr="Maison de quartier.")
    make_service("Colis", organisation=organisation)
    make_service("Devoirs", organisation=organisation, categories=["soutien-scolaire"])

    html = client.get(organisation.get_absolute_url()).content.decode()

    assert "Maison de quartier." in html
    assert "Colis" in html and "Devoirs" in html


def test_commune_page_lists_services_located_there_and_its_quartiers(client, reference):
    make_service("À Molenbeek", lat=50.8549, lon=4.3260, postcode="1080")
    make_service("À Uccle", lat=50.7990, lon=4.3370, postcode="1180")

    html = client.get("/fr/communes/molenbeek-saint-jean/").content.decode()

    assert "À Molenbeek" in html and "À Uccle" not in html
    assert "Gare de l&#x27;Ouest" in html
    assert "1080" in html


def test_quartier_page_shows_its_services(client, reference):
    service = make_service("Près de la gare", lat=50.8549, lon=4.3260, postcode="1080")
    quartier = service.locations.get().quartier

    html = client.get(quartier.get_absolute_url()).content.decode()

    assert "Près de la gare" in html


@pytest.mark.parametrize(
    "accept, expected",
    [("nl-BE,nl;q=0.9", "/nl/"), ("en-GB", "/en/"), ("de", "/fr/"), ("", "/fr/")],
)
def test_root_redirects_by_accept_language(client, accept, expected):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=accept)

    assert response.status_code == 302
    assert response["Location"] == expected


@pytest.mark.parametrize(
    "lang, text",
    [("fr", "Page introuvable"), ("nl", "Pagina niet gevonden"), ("en", "Page not found")],
)
def test_unknown_slug_gives_a_404_in_the_right_language(client, reference, lang, text):
    response = client.get(f"/{lang}/services/does-not-exist/")

    assert response.status_code == 404
    assert text in response.content.decode()


@pytest.mark.parametrize(
    "lang, text",
    [
        ("fr", "De quoi avez-vous besoin ?"),
        ("nl", "Wat heeft u nodig?"),
        ("en", "What do you need?"),
    ],
)
def test_home_page_in_three_languages(client, reference, lang, text):
    html = client.get(f"/{lang}/").content.decode()

    assert text in html
    assert f'<html lang="{lang}">' in html


def test_language_switch_links_to_the_same_page(client, reference):
    service = make_service("Colis")

    html = client.get(service.get_absolute_url()).content.decode()

    assert f'href="/nl/services/{service.slug}/"' in html
    assert f'href="/en/services/{service.slug}/"' in html


def test_as_many_pages_as_kept_resolve_their_language_links_once(client, reference, monkeypatch):
    """Each page links to itself in every language: the links of the pages a process
    keeps are resolved once, all languages of a page together, not once per language."""
    from directory import context_processors, memo

    services = [make_service(f"Colis {number}") for number in range(3)]
    monkeypatch.setattr(context_processors, "PATHS_KEPT", len(services))
    memo.forget()  # the kept translations start afresh, with that bound
    resolved, translate_url = [], context_processors.translate_url
    monkeypatch.setattr(
        context_processors,
        "translate_url",
        lambda *args: resolved.append(args) or translate_url(*args),
    )
    for service in services:
        client.get(service.get_absolute_url())
    first = len(resolved)

    for service in services:
        html = client.get(service.get_absolute_url()).content.decode()
        assert f'href="/nl/services/{service.slug}/"' in html

    assert first == len(services) * len(settings.LANGUAGES)
    assert len(resolved) == first  # none resolved again


def test_healthz_says_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_says_503_when_the_database_fails(client, db, monkeypatch):
    from django.db import OperationalError
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise OperationalError("database is down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] != "ok"


def test_a_page_that_does_not_exist_costs_no_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/fr/nulle-part/")

    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()
