"""Twelve interface languages over listings written in three: the resident finds their
language named in its own script, Arabic and Dari read right to left, and a listing shown
in another language than the page's says so."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import make_service

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
INTERFACE = [code for code, _name in settings.LANGUAGES]
OWN_NAMES = {
    "fr": "Français",
    "nl": "Nederlands",
    "en": "English",
    "ar": "العربية",
    "tr": "Türkçe",
    "es": "Español",
    "pt": "Português",
    "ro": "Română",
    "pl": "Polski",
    "bg": "Български",
    "uk": "Українська",
    "fa": "دری",  # Dari, the Persian of Afghanistan
}


@pytest.fixture
def grocery(reference):
    return make_service(
        "Épicerie sociale du Midi",
        phones=["02 511 22 33"],
        description_fr="Des colis chaque mardi.",
        description_nl="Voedselpakketten elke dinsdag.",
    )


def test_the_interface_speaks_the_twelve_languages_of_brussels():
    assert INTERFACE == ["fr", "nl", "en", "ar", "tr", "es", "pt", "ro", "pl", "bg", "uk", "fa"]


@pytest.mark.parametrize("language", ["fr", "ar", "uk"])
def test_the_language_list_names_each_language_in_its_own_script(client, language):
    html = client.get(f"/{language}/").content.decode()

    switch = html[html.index('<nav class="language-switch"') :]
    switch = switch[: switch.index("</nav>")]
    for code, name in OWN_NAMES.items():
        if code == language:
            assert f'<span aria-current="true" lang="{code}">{name}</span>' in switch
        else:
            assert f'hreflang="{code}" lang="{code}">{name}</a>' in switch, code
    assert '<summary><svg class="globe"' in switch
    assert f">{OWN_NAMES[language]}</span></summary>" in switch


@pytest.mark.parametrize(
    ("header", "prefix"),
    [
        ("ar", "/ar/"),
        ("tr-TR,tr;q=0.9,en;q=0.5", "/tr/"),
        ("uk-UA,uk;q=0.9", "/uk/"),
        ("fa-AF", "/fa/"),
        ("ro", "/ro/"),
        ("ja", "/fr/"),
    ],
)
def test_the_root_sends_a_phone_to_its_own_language(client, header, prefix):
    response = client.get("/", headers={"accept-language": header})

    assert response.status_code == 302
    assert response["Location"] == prefix


@pytest.mark.parametrize("language", INTERFACE)
def test_a_label_that_asks_a_question_takes_no_colon_after_it(client, reference, language):
    # "Pour qui ?" in every language: Django leaves the colon off a label ending in a
    # question mark, and the Arabic one, "؟", is a question mark too.
    html = client.get(f"/{language}/services/").content.decode()
    labels = re.findall(r"<label[^>]*>([^<]*)</label>", html)

    assert labels and not [label for label in labels if re.search(r"[?؟]\s*:", label)]


@pytest.mark.parametrize("language", INTERFACE)
def test_arabic_and_dari_pages_read_right_to_left_and_others_left_to_right(client, language):
    html = client.get(f"/{language}/").content.decode()

    if language in ("ar", "fa"):
        assert f'<html lang="{language}" dir="rtl">' in html
    else:
        assert f'<html lang="{language}">' in html
    assert '<div class="map" id="map" dir="ltr"' in html  # a map never mirrors


def test_phone_numbers_and_hours_read_left_to_right_on_an_arabic_page(client, grocery):
    arabic = client.get(f"/ar/services/{grocery.slug}/").content.decode()
    french = client.get(f"/fr/services/{grocery.slug}/").content.decode()

    assert '<bdi dir="ltr">02 511 22 33</bdi>' in arabic
    assert '<bdi dir="ltr">09:00–17:00</bdi>' in arabic
    assert "<bdi" not in french and ">02 511 22 33</a>" in french


def test_a_listing_in_french_on_an_arabic_page_says_its_language(client, grocery):
    html = client.get(f"/ar/services/{grocery.slug}/").content.decode()

    marked = 'data-listen-part="service" lang="fr" dir="ltr">'
    assert f"<h1 {marked}Épicerie sociale du Midi</h1>" in html
    assert f"<div {marked}<p>Des colis chaque mardi.</p>" in html
    # The note is the page's own text, in Arabic.
    with translation.override("ar"):
        note = gettext("Ces informations sont écrites en français.")
    assert note != "Ces informations sont écrites en français."
    assert f'<p class="content-note">{note}</p>' in html
    assert '<bdi lang="fr" dir="ltr">Rue de Test 1, 1080' in html


def test_a_listing_in_the_pages_language_carries_no_mark(client, grocery):
    html = client.get(f"/nl/services/{grocery.slug}/").content.decode()

    assert "<p>Voedselpakketten elke dinsdag.</p>" in html
    assert 'lang="fr"' not in html.replace('hreflang="fr" lang="fr"', "")
    assert "content-note" not in html


def test_an_english_page_says_the_listing_it_falls_back_to_is_dutch_or_french(client, grocery):
    html = client.get(f"/en/services/{grocery.slug}/").content.decode()

    assert '<div data-listen-part="service" lang="fr"><p>Des colis chaque mardi.</p>' in html
    assert '<p class="content-note">This information is written in French.</p>' in html


def test_a_turkish_search_marks_each_card_and_says_once_what_the_listings_are_in(client, grocery):
    make_service("Colis du jeudi")

    html = client.get("/tr/services/?q=colis").content.decode()

    assert html.count('class="content-note"') == 1
    assert '<h3 lang="fr"><a href="/tr/services/' in html


@pytest.mark.parametrize("language", ["ar", "fa", "pl"])
def test_the_offline_shell_is_there_in_every_language(client, language, reference):
    page = client.get(f"/{language}/hors-ligne/")
    worker = client.get("/sw.js").content.decode()

    assert page.status_code == 200 and f'<html lang="{language}"' in page.content.decode()
    # The service worker finds the offline page of any two-letter language prefix.
    assert r"/^\/[a-z]{2}\/hors-ligne\/$/" in worker


def test_make_messages_updates_every_interface_languages_catalogue_but_the_sources():
    makefile = (ROOT / "Makefile").read_text()

    locales = re.search(r"^LOCALES := (.*)$", makefile, re.M)[1].split()

    assert locales == [code for code in INTERFACE if code != settings.LANGUAGE_CODE]
    assert "--no-obsolete" in makefile and not (ROOT / "locale" / "fr").exists()


PHYSICAL = re.compile(
    r"(?:margin|padding|border)-(?:left|right)\b|(?<![-\w])(?:left|right)\s*:"
    r"|text-align:\s*(?:left|right)|float:\s*(?:left|right)"
)


@pytest.mark.parametrize("sheet", sorted((ROOT / "static" / "css").glob("*.css")), ids=str)
def test_style_sheets_use_logical_directions_so_right_to_left_pages_mirror(sheet):
    assert PHYSICAL.findall(sheet.read_text()) == []
