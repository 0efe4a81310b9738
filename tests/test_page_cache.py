"""Residents' pages come from a short-lived cache that never serves a page older than a change."""

import os
import re

import pytest
from django.core.cache import cache
from django.db import transaction

from directory.models import Service
from directory.page_cache import VERSION_KEY, directory_changed
from tests.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 30
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def service(reference):
    return make_service("Colis du Canal")


def nonce(response):
    header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"])[1]
    assert f'nonce="{header}"' in response.content.decode()  # the page's scripts run
    return header


def test_a_second_visit_is_answered_without_reading_the_database_and_with_a_fresh_nonce(
    client, service, django_assert_num_queries
):
    first = client.get("/fr/services/", {"q": "colis"})
    # One write: the search is counted (search/counts.py), a page from the cache too.
    with django_assert_num_queries(1) as queries:
        second = client.get("/fr/services/", {"q": "colis"})
    assert queries.captured_queries[0]["sql"].startswith("INSERT INTO")

    assert second.status_code == 200
    assert second.content.decode().replace(nonce(second), "") == first.content.decode().replace(
        nonce(first), ""
    )
    assert nonce(first) != nonce(second)


@pytest.mark.parametrize("language", ["ar", "uk"])
def test_a_page_in_any_interface_language_is_kept_too(
    client, service, language, django_assert_num_queries
):
    client.get(f"/{language}/services/{service.slug}/")

    with django_assert_num_queries(0):
        page = client.get(f"/{language}/services/{service.slug}/")

    assert page.status_code == 200 and f'<html lang="{language}"' in page.content.decode()


# Committed for real: the version is bumped when the change commits.
@pytest.mark.django_db(transaction=True)
def test_a_change_shows_at_once(client, service):
    url = f"/fr/services/{service.slug}/"
    assert "Colis du Canal" in client.get(url).content.decode()

    service.name_fr = "Colis solidaire du Canal"
    service.save()

    assert "Colis solidaire du Canal" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_bulk_change_shows_at_once(client, service):
    assert "Colis du Canal" in client.get("/fr/services/", {"q": "colis"}).content.decode()

    with transaction.atomic():
        Service.objects.filter(pk=service.pk).update(name_fr="Colis renommé")
        directory_changed()
        directory_changed()  # once per transaction is enough
        assert "Colis du Canal" in client.get("/fr/services/", {"q": "colis"}).content.decode()

    assert "Colis renommé" in client.get("/fr/services/", {"q": "colis"}).content.decode()


class Refused(Exception):
    pass


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_keeps_the_pages_and_the_next_change_still_shows(client, service):
    assert "Colis du Canal" in client.get("/fr/services/", {"q": "colis"}).content.decode()
    version = cache.get(VERSION_KEY)

    with pytest.raises(Refused), transaction.atomic():
        Service.objects.filter(pk=service.pk).update(name_fr="Colis annulé")
        directory_changed()
        raise Refused
    assert cache.get(VERSION_KEY) == version  # nothing changed: the pages stay

    with transaction.atomic():
        Service.objects.filter(pk=service.pk).update(name_fr="Colis renommé")
        directory_changed()
    assert "Colis renommé" in client.get("/fr/services/", {"q": "colis"}).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_change_after_a_rolled_back_savepoint_shows_once_committed(client, service):
    assert "Colis du Canal" in client.get("/fr/services/", {"q": "colis"}).content.decode()
    version = cache.get(VERSION_KEY)

    with transaction.atomic():
        with pytest.raises(Refused), transaction.atomic():
            directory_changed()
            raise Refused
        Service.objects.filter(pk=service.pk).update(name_fr="Colis renommé")
        directory_changed()
        with transaction.atomic():
            directory_changed()  # in a savepoint that is kept

    assert cache.get(VERSION_KEY) == version + 1  # once for the transaction
    assert "Colis renommé" in client.get("/fr/services/", {"q": "colis"}).content.decode()


def test_logged_in_visitors_and_forms_are_never_cached(
    client, service, admin_user, django_assert_max_num_queries
):
    report = f"/fr/services/{service.slug}/signaler/"
    client.get(report)
    response = client.get(report)
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.content.decode()
    assert not any(key.startswith(":1:page-cache:1:") for key in cache._cache)

    client.force_login(admin_user)
    client.get("/fr/services/", {"q": "colis"})
    assert not any(":page-cache:1:" in key for key in cache._cache)


def test_the_api_keeps_one_page_per_language(client, service):
    french = client.get("/api/v1/taxonomy_terms", HTTP_ACCEPT_LANGUAGE="fr")
    dutch = client.get("/api/v1/taxonomy_terms", HTTP_ACCEPT_LANGUAGE="nl")

    assert "Aide alimentaire" in french.content.decode()
    assert "Voedselhulp" in dutch.content.decode()
    assert (
        "Voedselhulp"
        in client.get("/api/v1/taxonomy_terms", HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    )


def test_pages_are_computed_when_the_cache_is_down(client, service, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(cache, "get", down)
    monkeypatch.setattr(cache, "get_or_set", down)
    monkeypatch.setattr(cache, "set", down)

    response = client.get("/fr/services/", {"q": "colis"})

    assert response.status_code == 200
    assert "Colis du Canal" in response.content.decode()


# This module's own Redis database (test_faults uses 7, test_operations 0).
REDIS_URL = "redis://127.0.0.1:6379/11"


@pytest.fixture
def redis_page_cache(settings):
    """The page cache on Redis, as in production, in a database of its own emptied first."""
    settings.CACHES = {
        "default": {"BACKEND": "quartier.redis_cache.RedisCache", "LOCATION": REDIS_URL}
    }
    try:
        cache.clear()
    except Exception:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip("Redis is not listening on 127.0.0.1:6379")
    yield
    cache.clear()


FOOD_AID = {"fr": "Aide alimentaire", "nl": "Voedselhulp", "en": "Food aid"}


@pytest.mark.parametrize(
    "poison",
    [
        # Django's own parser refuses the whole header (French); the API reads English.
        {"HTTP_ACCEPT_LANGUAGE": "nl;q=abc, en"},
        # The API ignores the interface's language cookie.
        {"HTTP_COOKIE": "django_language=nl", "HTTP_ACCEPT_LANGUAGE": "en"},
        {"HTTP_COOKIE": "django_language=en"},
    ],
    ids=["bad-quality", "cookie-and-header", "cookie-alone"],
)
def test_an_odd_request_cannot_put_its_language_in_another_languages_api_answer(
    client, service, redis_page_cache, poison
):
    odd = client.get("/api/v1/taxonomy_terms", **poison)
    assert FOOD_AID[odd["Content-Language"]] in odd.content.decode()

    for lang, name in FOOD_AID.items():
        response = client.get("/api/v1/taxonomy_terms", HTTP_ACCEPT_LANGUAGE=lang)
        assert response["Content-Language"] == lang
        assert name in response.content.decode()


def test_an_https_answer_is_not_served_over_http(client, service, redis_page_cache):
    secure = client.get("/api/v1/", secure=True).json()
    plain = client.get("/api/v1/").json()

    assert secure["openapi_url"].startswith("https://testserver/")
    assert plain["openapi_url"].startswith("http://testserver/")
