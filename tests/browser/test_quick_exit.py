"""The « Quitter ce site » button of pages about violence, in a real browser: it leaves for
the neutral site and "back" does not return to the page; without JS it is a plain link."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import make_service

NEUTRAL = "https://www.meteo.be/"


@pytest.fixture
def site(transactional_db, live_server, reference):
    refuge = make_service("Refuge pour femmes", categories=["violences"])
    return {"url": live_server.url, "refuge": refuge}


def neutral_site(page):
    page.context.route(
        f"{NEUTRAL}**", lambda route: route.fulfill(body="<title>Météo</title>Soleil")
    )


def test_quick_exit_leaves_and_back_does_not_return_to_the_page(page, site):
    neutral_site(page)
    page.goto(f"{site['url']}/fr/")
    page.goto(f"{site['url']}/fr/services/{site['refuge'].slug}/")

    exit_button = page.get_by_role("link", name="Quitter ce site")
    expect(exit_button).to_be_in_viewport()
    exit_button.click()
    expect(page).to_have_url(NEUTRAL)

    page.go_back()
    assert "/services/" not in page.url
    expect(page).to_have_url(re.compile(r"/fr/$"))


def test_escape_three_times_leaves_too(page, site):
    neutral_site(page)
    page.goto(f"{site['url']}/fr/services/?category=violences")

    for _ in range(3):
        page.keyboard.press("Escape")

    expect(page).to_have_url(NEUTRAL)


def test_quick_exit_is_a_plain_link_without_javascript(chromium, site):
    context = chromium.new_context(java_script_enabled=False)
    neutral_site(context.new_page())
    page = context.pages[0]
    page.goto(f"{site['url']}/fr/services/{site['refuge'].slug}/")

    page.get_by_role("link", name="Quitter ce site").click()

    expect(page).to_have_url(NEUTRAL)
    context.close()


def test_quick_exit_stays_on_screen_and_covers_nothing_on_a_phone(page, site):
    page.goto(f"{site['url']}/fr/services/{site['refuge'].slug}/")
    bar = page.locator(".quick-exit").bounding_box()
    header = page.locator(".site-header").bounding_box()

    assert bar["y"] == 0 and bar["y"] + bar["height"] <= header["y"]
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.mouse.wheel(0, 1500)
    expect(page.get_by_role("link", name="Quitter ce site")).to_be_in_viewport()
