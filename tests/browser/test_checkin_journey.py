"""A food bank answers a crisis check-in from its e-mail on a phone: "full today"; a
resident searching then sees it and is pointed to the next one with room."""

import os
from pathlib import Path

from playwright.sync_api import expect

from directory.models import CheckIn, CheckInRequest
from tests.factories import make_service

# Set to a folder to keep the screenshots a reviewer looks at (CHECKIN_SHOTS=/tmp/shots).
SHOTS = os.environ.get("CHECKIN_SHOTS")


def shot(page, name):
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/checkin-{name}.png", full_page=True)


def test_a_service_answers_full_today_and_search_points_to_the_next_one(
    page, transactional_db, live_server, reference
):
    full = make_service("Colis du Canal")
    make_service("Colis d'Uccle", lat=50.7990, lon=4.3370, postcode="1180")
    check_in = CheckIn.objects.create(title_fr="Vague de froid", title_nl="Koudegolf")
    request = CheckInRequest(check_in=check_in, service=full, email="colis@example.org")
    token = request.new_token()
    request.save()

    page.goto(f"{live_server.url}/fr/verification/{token}/")
    expect(page.locator("h1")).to_contain_text("Colis du Canal")
    shot(page, "answer")
    page.get_by_role("button", name="Complet aujourd'hui").click()
    expect(page.locator(".notice")).to_contain_text("Merci")

    page.goto(f"{live_server.url}/fr/services/?q=colis")
    card = page.locator(".service-card", has_text="Colis du Canal")
    expect(card.locator(".status-full")).to_contain_text("Complet aujourd'hui")
    expect(card.locator(".full-alternative")).to_contain_text(
        "Colis d'Uccle — dans une autre commune : Uccle"
    )
    expect(card.locator(".confirmed")).to_contain_text("Confirmé par le service")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    card.scroll_into_view_if_needed()
    shot(page, "search-full")
