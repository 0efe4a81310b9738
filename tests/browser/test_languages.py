"""Every interface language on a phone: axe-core finds nothing on the home, search, service
and poster pages in any of the twelve (one server, one browser for all), and the language
list opens with one tap and fits a 360 px screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from playwright.sync_api import expect

from tests.browser.conftest import a_service_with_a_phone_in, busiest_quartier
from tests.browser.test_accessibility import WCAG_21_AA

pytestmark = pytest.mark.django_db

INTERFACE = [code for code, _name in settings.LANGUAGES]
RIGHT_TO_LEFT = {"ar", "fa"}


@pytest.fixture(scope="module")
def paths(demo_server):
    quartier = busiest_quartier()
    service = a_service_with_a_phone_in(quartier)
    return {
        "home": "/",
        "search": "/services/?q=colis+alimentaire&near=1080",
        "service": f"/services/{service.slug}/",
        "poster": f"/quartiers/{quartier.slug}/print/",
    }


@pytest.fixture(scope="module")
def phone(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 740})
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_no_page_has_a_wcag_21_aa_violation_in_any_interface_language(phone, demo_server, paths):
    counts, reports = {}, []
    for language in INTERFACE:
        for name, path in paths.items():
            url = f"{demo_server.url}/{language}{path}"
            response = phone.goto(url)
            assert response.ok and phone.url == url
            html = phone.locator("html")
            assert html.get_attribute("lang") == language
            assert (html.get_attribute("dir") == "rtl") == (language in RIGHT_TO_LEFT), url
            results = Axe().run(phone, options=WCAG_21_AA)
            counts[language, name] = results.violations_count
            if results.violations_count:
                reports.append(f"{url}\n{results.generate_report()}")

    print("\naxe-core violations (WCAG 2.1 AA), 360 px phone")
    print("lang " + "".join(f"{name:>9}" for name in paths))
    for language in INTERFACE:
        print(f"{language:<5}" + "".join(f"{counts[language, name]:>9}" for name in paths))
    assert reports == [], "\n\n".join(reports)


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_language_list_is_one_tap_away_and_fits_a_phone(phone, demo_server, language):
    phone.goto(f"{demo_server.url}/{language}/")
    switch = phone.locator(".language-switch")
    links = switch.locator("li a")
    expect(links.first).to_be_hidden()

    switch.locator("summary").click()

    assert links.count() == len(INTERFACE) - 1
    for index in range(links.count()):
        link = links.nth(index)
        expect(link).to_be_in_viewport(ratio=1)
        box = link.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 120, link.inner_text()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    assert Axe().run(phone, options=WCAG_21_AA).violations_count == 0  # the list open
    links.filter(has_text="Українська").click()
    expect(phone).to_have_url(f"{demo_server.url}/uk/")
