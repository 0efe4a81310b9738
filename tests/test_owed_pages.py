"""The pages a public service owes: about, privacy, accessibility, from every page's footer,
in every interface language; the privacy page says what the settings actually keep."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from tests.factories import make_service

pytestmark = pytest.mark.django_db

LANGUAGES = [code for code, _name in settings.LANGUAGES]
OWED = ["directory:about", "directory:privacy", "directory:accessibility"]
TITLES = {
    "fr": ["À propos de Quartier", "Vie privée", "Déclaration d'accessibilité"],
    "nl": ["Over Quartier", "Privacy", "Toegankelijkheidsverklaring"],
    "en": ["About Quartier", "Privacy", "Accessibility statement"],
}


def url(name, language, **kwargs):
    with override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_links_to_the_owed_pages_in_its_language(client, reference, language):
    service = make_service("Colis du mardi", categories=["alimentation"])
    pages = [
        url("directory:home", language),
        url("directory:service-list", language) + "?q=colis",
        url("directory:service-detail", language, slug=service.slug),
        url("directory:organisation-detail", language, slug=service.organisation.slug),
        *(url(name, language) for name in OWED),
    ]
    for page in pages:
        html = client.get(page).content.decode()
        for name in OWED:
            assert f'href="{url(name, language)}"' in html, (page, name)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("index", range(len(OWED)))
def test_owed_pages_are_in_the_readers_language(client, language, index):
    response = client.get(url(OWED[index], language))

    assert response.status_code == 200
    html = response.content.decode()
    direction = ' dir="rtl"' if language in ("ar", "fa") else ""
    assert f'<html lang="{language}"{direction}>' in html
    if language in TITLES:  # the others' titles come with their translators' catalogues
        assert f"<h1>{TITLES[language][index]}</h1>" in html


@pytest.mark.parametrize(("weeks", "said"), [(26, "26 semaines"), (8, "8 semaines")])
def test_privacy_page_says_how_long_searches_are_kept_as_the_settings_say(
    client, settings, weeks, said
):
    settings.SEARCH_COUNTS_WEEKS = weeks

    html = client.get(url("directory:privacy", "fr")).content.decode()

    assert f"Ces comptes sont effacés après {said}." in html


def test_privacy_page_says_nothing_is_counted_when_counting_is_off(client, settings):
    settings.SEARCH_COUNTS_WEEKS = 0

    html = client.get(url("directory:privacy", "fr")).content.decode()

    assert "Les recherches ne sont pas comptées sur ce site." in html
    assert "effacés après" not in html


def test_privacy_page_names_the_contact_and_the_map_server_from_the_settings(client, settings):
    settings.PRIVACY_CONTACT_EMAIL = "dpo@coordination.example"
    settings.MAP_TILES_URL = "https://tiles.example.org/{z}/{x}/{y}.png"

    html = client.get(url("directory:privacy", "en")).content.decode()

    assert 'href="mailto:dpo@coordination.example"' in html
    assert "tiles.example.org" in html


@pytest.mark.parametrize("name", OWED)
def test_without_a_contact_the_pages_send_readers_to_the_social_coordination(
    client, settings, name
):
    settings.PRIVACY_CONTACT_EMAIL = ""

    html = client.get(url(name, "fr")).content.decode()

    assert "la coordination sociale qui gère ce site" in html
    assert "mailto:" not in html


def test_owed_pages_set_no_cookie(client):
    for name in OWED:
        assert not client.get(url(name, "fr")).cookies
