"""WCAG 2.1 AA: axe-core finds nothing on the pages residents and workers use, in French,
Dutch and English, and the site works with a keyboard alone."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from directory import checkins
from directory.models import CheckIn, CheckInRequest, Invitation, Service
from directory.models.crisis import Alert, TemporaryStatus
from tests.browser.conftest import a_service_with_a_phone_in, busiest_quartier
from tests.staff_factories import make_worker

# The test database must exist; `demo_data` loads the demo once for the module.
pytestmark = pytest.mark.django_db

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
LANGUAGES = ["fr", "nl", "en"]
PAGES = [
    "home",
    "search",
    "service",
    "organisation",
    "commune",
    "quartier",
    "print",
    "today",
    "sticker",
    "offline",
    "login",
    "staff-directory",
    "password-reset",
    "invitation",
    "check-in-answer",
    "violence-service",
    "about",
    "privacy",
    "accessibility",
]


@pytest.fixture(scope="module")
def paths(demo_server):
    quartier = busiest_quartier()
    service = a_service_with_a_phone_in(quartier)
    # Crisis mode on: a region-wide and a commune banner, a temporarily closed service.
    today = timezone.localdate()
    for level, commune in [("warning", None), ("urgent", quartier.commune)]:
        Alert.objects.create(
            title_fr="Canicule",
            title_nl="Hittegolf",
            title_en="Heat wave",
            message_fr="Buvez de l'eau.",
            link="https://example.org/canicule",
            level=level,
            commune=commune,
            starts_on=today,
            ends_on=today + timedelta(days=3),
        )
    TemporaryStatus.objects.create(
        service=service, kind="closed", starts_on=today, note_fr="Travaux", note_nl="Werken"
    )
    refuge = Service.objects.public().filter(categories__slug="violences").first()
    invitation = Invitation(email="nouvelle@example.org", organisation=service.organisation)
    token = invitation.new_token()
    invitation.save()
    # A crisis check-in: a service's answer page, and food parcels full today in search.
    check_in = CheckIn.objects.create(title_fr="Vague de froid", title_nl="Koudegolf")
    request = CheckInRequest(check_in=check_in, service=service)
    check_in_token = request.new_token()
    request.save()
    parcels = Service.objects.public().filter(categories__slug="alimentation").first()
    checkins.mark_full(parcels)
    return {
        "home": "/",
        "search": "/services/?q=colis+alimentaire&near=1080",
        "service": f"/services/{service.slug}/",
        "organisation": f"/organisations/{service.organisation.slug}/",
        "commune": f"/communes/{quartier.commune.slug}/",
        "quartier": f"/quartiers/{quartier.slug}/",
        "print": f"/quartiers/{quartier.slug}/print/",
        "today": f"/services/{service.slug}/aujourdhui/",
        "sticker": f"/services/{service.slug}/autocollant/",
        "offline": "/hors-ligne/",
        "login": "/staff/login/",
        "staff-directory": "/staff/",
        "password-reset": "/staff/mot-de-passe-oublie/",
        "invitation": f"/staff/invitation/{token}/",
        "check-in-answer": f"/verification/{check_in_token}/",
        # With the quick-exit bar on top.
        "violence-service": f"/services/{refuge.slug}/",
        "about": "/a-propos/",
        "privacy": "/vie-privee/",
        "accessibility": "/accessibilite/",
    }


@pytest.fixture(scope="module")
def worker_session(demo_server):
    """A logged-in social worker's session cookie."""
    worker = make_worker("Awa Diallo", "assistante sociale", quartiers=["gare-de-l-ouest"])
    client = Client()
    client.force_login(worker.user)
    return client.cookies["sessionid"].value


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_page_has_no_wcag_21_aa_violation(page, demo_server, paths, worker_session, name, language):
    if name == "staff-directory":
        page.context.add_cookies(
            [{"name": "sessionid", "value": worker_session, "url": demo_server.url}]
        )
    url = f"{demo_server.url}/{language}{paths[name]}"
    response = page.goto(url)
    assert response.ok and page.url == url
    assert page.locator("html").get_attribute("lang") == language
    if page.locator(".map-toggle").is_visible():  # a phone: the map is one tap away
        page.locator(".map-toggle").click()
    if page.locator("#map").count():
        expect(page.locator("#map .leaflet-control-zoom-in")).to_be_visible()

    results = Axe().run(page, options=WCAG_21_AA)

    assert results.violations_count == 0, results.generate_report()


def focused(page):
    """What has the keyboard focus: its tag, whether it is in the map, its outline."""
    return page.evaluate(
        """() => {
          const el = document.activeElement;
          const style = getComputedStyle(el);
          return {
            tag: el.tagName.toLowerCase(),
            id: el.id,
            text: (el.textContent || "").trim().slice(0, 40),
            inMain: el.closest("main") !== null && el.tagName !== "MAIN",
            inMap: el.closest("#map") !== null,
            inResults: el.closest(".service-list") !== null,
            outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
          };
        }"""
    )


def test_a_skip_link_comes_first_and_jumps_to_the_content(page, demo_server):
    page.goto(f"{demo_server.url}/fr/")

    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert focused(page)["inMain"]


def test_keyboard_focus_is_always_visible_and_reaches_the_results_before_the_map(
    page, demo_server, paths
):
    page.goto(f"{demo_server.url}/fr{paths['search']}")
    page.get_by_role("button", name="Voir la carte").click()  # a phone: the map on request
    expect(page.locator("#map .leaflet-marker-icon").first).to_be_visible()
    markers = page.locator("#map .leaflet-marker-icon").count()
    page.locator(".site-name").focus()  # from the top of the page

    stops = []
    for _ in range(80):
        page.keyboard.press("Tab")
        stops.append(focused(page))
        if stops[-1]["inMap"]:
            break

    assert [stop for stop in stops if not stop["outline"]] == []
    in_results = [i for i, stop in enumerate(stops) if stop["inResults"]]
    in_map = [i for i, stop in enumerate(stops) if stop["inMap"]]
    assert in_results and in_map, "the results and the map's markers are reachable by keyboard"
    assert in_results[0] < in_map[0], "Tab reaches the results before the map's markers"
    # Tab goes through the map and leaves it.
    for _ in range(markers + 6):
        page.keyboard.press("Tab")
        if not focused(page)["inMap"]:
            break
    assert not focused(page)["inMap"], "Tab leaves the map"
    # Arrow keys pan the map; they do not hold the focus there either.
    page.locator("#map").focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Shift+Tab")
    assert not focused(page)["inMap"]
