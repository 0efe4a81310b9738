"""Plain language: every need has an icon beside its name and a one-line explanation, and
every page says in one sentence under its title what it is for."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders

from directory.models import Category
from tests.factories import make_service

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


def sprite_symbols():
    tree = ET.parse(finders.find("icons/categories.svg"))
    return {symbol.get("id") for symbol in tree.getroot().iter(f"{SVG}symbol")}


def test_every_category_has_an_icon_and_an_explanation_in_three_languages(reference):
    categories = list(Category.objects.all())

    assert len(categories) == 21
    assert {c.slug for c in categories} <= sprite_symbols()
    for category in categories:
        assert category.description_fr and category.description_nl and category.description_en


def test_the_home_page_shows_each_need_with_its_icon_beside_its_name(client, reference):
    html = client.get("/fr/").content.decode()

    for category in Category.objects.all():
        tile = re.search(rf'\?category={category.slug}">(.*?)</a>', html, re.S)
        assert tile, category.slug
        icon = f'<use href="/static/icons/categories.svg#{category.slug}">'
        assert f'<svg class="icon" aria-hidden="true" focusable="false">{icon}' in tile[1]
        assert f"<strong>{category.name}</strong>" in tile[1]
        assert category.description in tile[1].replace("&#x27;", "'")


def test_a_service_card_shows_its_needs_with_icons(client, reference):
    make_service("Colis du quartier", categories=["alimentation", "aide-sociale"])

    html = client.get("/fr/services/").content.decode()
    card = html.split('<li class="service-card">')[1]

    assert "categories.svg#alimentation" in card and "Aide alimentaire" in card
    assert "categories.svg#aide-sociale" in card


def test_every_page_explains_itself_under_its_title(client, reference):
    service = make_service()
    location = service.locations.get()
    pages = [
        "/fr/",
        "/fr/services/",
        service.get_absolute_url(),
        service.organisation.get_absolute_url(),
        location.commune.get_absolute_url(),
        location.quartier.get_absolute_url(),
        f"/fr/services/{service.slug}/signaler/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        explanation = re.search(r'</h1>\s*<p class="(?:subtitle|lead)">([^<]{30,})</p>', html)
        assert explanation, url
