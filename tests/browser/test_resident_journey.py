"""A resident on a cheap phone looks for a food parcel near Molenbeek, then reads it in Dutch."""

import re

from playwright.sync_api import expect


def test_resident_finds_food_parcels_near_1080_and_switches_to_dutch(page, demo_site):
    page.goto(f"{demo_site.url}/fr/")
    page.get_by_label("Quoi ?").fill("colis alimentaire")
    page.get_by_label("Où ?").fill("1080")
    page.get_by_role("button", name="Chercher").click()

    results = page.locator(".service-list .service-card")
    expect(results.first).to_be_visible()
    assert results.count() >= 3
    expect(page.locator(".badge-distance").first).to_be_visible()
    markers = page.locator("#map .leaflet-marker-icon")
    expect(markers.first).to_be_visible()
    assert markers.count() == results.count()

    first_name = results.first.locator("h3").inner_text()
    results.first.locator("h3 a").click()
    expect(page.locator("h1")).to_have_text(first_name)
    expect(page.locator("a[href^='tel:']").first).to_be_visible()

    page.get_by_role("link", name="NL").click()
    expect(page).to_have_url(re.compile(r"/nl/services/"))
    assert page.locator("html").get_attribute("lang") == "nl"
    expect(page.get_by_role("heading", name="Contact")).to_be_visible()


def test_search_page_fits_a_360px_phone(page, demo_site):
    page.goto(f"{demo_site.url}/fr/services/?q=logement&near=1000")
    expect(page.locator(".service-card").first).to_be_visible()

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")

    assert overflow <= 0


def test_results_work_without_javascript(chromium, demo_site):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{demo_site.url}/fr/services/?q=colis+alimentaire&near=1080")

    expect(page.locator(".service-card").first).to_be_visible()
    expect(page.locator("#map")).to_be_hidden()
    context.close()
