"""A resident on a cheap phone looks for a food parcel near Molenbeek, then reads it in Dutch."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db  # the demo, served for the module (read only)


def test_resident_finds_food_parcels_near_1080_and_switches_to_dutch(page, demo_server):
    page.goto(f"{demo_server.url}/fr/")
    page.get_by_label("Quoi ?").fill("colis alimentaire")
    page.get_by_label("Où ?").fill("1080")
    page.get_by_role("button", name="Chercher").click()

    results = page.locator(".service-list .service-card")
    expect(results.first).to_be_visible()
    assert results.count() >= 3
    expect(page.locator(".badge-distance").first).to_be_visible()
    page.get_by_role("button", name="Voir la carte").click()  # a phone: the map on request
    markers = page.locator("#map .leaflet-marker-icon")
    expect(markers.first).to_be_visible()
    assert markers.count() == results.count()

    first_name = results.first.locator("h3").inner_text()
    results.first.locator("h3 a").click()
    expect(page.locator("h1")).to_have_text(first_name)
    expect(page.locator("a[href^='tel:']").first).to_be_visible()

    page.locator(".language-switch summary").click()
    page.get_by_role("link", name="Nederlands").click()
    expect(page).to_have_url(re.compile(r"/nl/services/"))
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", name="Contact")).to_be_visible()


def test_search_page_fits_a_360px_phone(page, demo_server):
    page.goto(f"{demo_server.url}/fr/services/?q=logement&near=1000")
    expect(page.locator(".service-card").first).to_be_visible()

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0


def test_results_work_without_javascript(chromium, demo_server):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_server.url}/fr/services/?q=colis+alimentaire&near=1080")

    expect(page.locator(".service-card").first).to_be_visible()
    expect(page.locator("#map")).to_be_hidden()
    context.close()


def test_the_first_result_is_on_a_phones_first_screen(page, demo_server):
    page.goto(f"{demo_server.url}/fr/services/?q=colis+alimentaire&near=1080")

    card = page.locator(".service-card").first.bounding_box()

    assert card["y"] >= 0 and card["y"] + card["height"] <= 740
    expect(page.locator("#map")).to_be_hidden()  # one tap away
    expect(page.get_by_role("button", name="Voir la carte")).to_be_visible()


def test_tab_reaches_the_first_result_before_any_map_marker(chromium, demo_server):
    # A wide screen, where the map shows beside the list with its markers.
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{demo_server.url}/fr/services/?q=colis+alimentaire&near=1080")
    expect(page.locator("#map .leaflet-marker-icon").first).to_be_visible()
    first_result = page.locator(".service-card h3 a").first.get_attribute("href")

    for _ in range(60):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "[document.activeElement.className, document.activeElement.getAttribute('href')]"
        )
        assert "leaflet-marker-icon" not in str(focused[0]), "a marker came before the results"
        if focused[1] == first_result:
            break
    else:
        raise AssertionError("Tab never reached the first result")
    context.close()
