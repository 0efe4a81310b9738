"""A social worker on an outreach round keeps a quartier's directory on a tablet, and reads
it with no connection: home, its services, our own page for anything not kept, a search
by a word, "open now" computed on the tablet, and needs counted then sent once."""

import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.test import override_settings
from playwright.sync_api import expect

from directory.models import NeedTally, Service
from directory.offline_pack import nearest_for_missing
from tests.browser.conftest import busiest_quartier
from tests.browser.test_accessibility import WCAG_21_AA
from tests.staff_factories import PASSWORD, make_worker

# The test database must exist; `demo_data` loads the demo once for the module.
pytestmark = pytest.mark.django_db

BRUSSELS = ZoneInfo("Europe/Brussels")
SHOTS = Path("/tmp/shots")


@pytest.fixture(scope="module")
def rounds_worker(demo_data, django_db_blocker):
    # Hashed as the tests' settings check it (conftest's fast_password_hashing).
    md5 = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=md5):
        return make_worker("Rue Ronde", "éducatrice de rue", username="ronde")


@pytest.fixture
def tablet(chromium):
    context = chromium.new_context(
        viewport={"width": 360, "height": 740}, locale="fr-BE", timezone_id="Europe/Brussels"
    )
    context.set_default_timeout(15_000)
    yield context
    context.close()


def day_and_night(service):
    """A moment of the coming week when `service` is open, and a night when it is not."""
    start = datetime.now(BRUSSELS).replace(hour=0, minute=0, second=0, microsecond=0)
    days = [start + timedelta(days=n) for n in range(1, 8)]
    moments = [day + timedelta(minutes=m) for day in days for m in range(0, 24 * 60, 30)]
    day = next((m for m in moments if service.is_open_at(m)), None)
    night = next(d.replace(hour=3) for d in days if not service.is_open_at(d.replace(hour=3)))
    return day, night


def log_in(page, url):
    page.goto(f"{url}/fr/staff/login/")
    page.get_by_label("Nom d’utilisateur").fill("ronde")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/fr/staff/$"))


def test_a_worker_keeps_a_quartier_offline_and_works_the_round_without_a_connection(
    tablet, demo_server, rounds_worker
):
    quartier = busiest_quartier()
    services = Service.objects.public().in_quartier(quartier).for_cards().order_by("name_fr")
    here = next(s for s in services if day_and_night(s)[0])
    day, night = day_and_night(here)
    nearby = [pk for _c, found in nearest_for_missing(quartier, services) for pk in found]
    kept = [s.pk for s in services] + nearby
    elsewhere = Service.objects.public().exclude(pk__in=kept).first()
    url = demo_server.url
    page = tablet.new_page()
    log_in(page, url)
    page.goto(f"{url}/fr/quartiers/{quartier.slug}/")

    page.locator(".keep-languages input[value=nl]").check()  # and French, ticked already
    page.get_by_role("button", name="Garder ce quartier hors ligne").click()
    expect(page.locator(".offline-status")).to_contain_text("pages, données du", timeout=60_000)
    # Chromium would install it: a manifest it accepts, icons it can use, a service worker.
    devtools = tablet.new_cdp_session(page)
    errors = devtools.send("Page.getInstallabilityErrors")["installabilityErrors"]
    # Playwright's contexts are incognito windows, where Chromium never installs an app.
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []

    tablet.set_offline(True)
    page.goto(f"{url}/fr/")
    expect(page.locator("h1")).to_have_text("Trouver de l'aide près de chez vous")
    expect(page.locator(".offline-note")).to_contain_text(re.compile(r"données du \d\d/\d\d"))

    # The installed app starts at "/".
    page.goto(f"{url}/")
    expect(page.locator("h1")).to_have_text(re.compile("Trouver de l'aide|Hulp vinden"))
    # A category of the home page lists the services kept in it.
    category = here.categories.first()
    page.goto(f"{url}/fr/")
    page.locator(f"a[href$='?category={category.slug}']").first.click()
    expect(page.locator(".offline-results a", has_text=here.name_fr).first).to_be_visible()

    page.goto(f"{url}/nl/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator(".offline-note")).to_be_visible()

    page.goto(f"{url}{here.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(here.name_fr)
    expect(page.locator(".offline-note")).to_be_visible()
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(8, 63, 120)")

    page.goto(f"{url}{elsewhere.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Hors ligne")
    # What the quartier lacks points to the nearest services elsewhere.
    nearest = page.locator(".offline-kept details").first
    nearest.locator("summary").click()
    expect(nearest.locator(".offline-result a").first).to_be_visible()
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / "offline-fallback.png")
    nearest.screenshot(path=SHOTS / "offline-nearest.png")
    # A search typed anywhere finds the services kept, whatever the accents and case.
    word = max(re.findall(r"\w+", here.name_fr), key=len)
    shouted = word.upper().replace("É", "E").replace("È", "E")
    page.get_by_label("Chercher parmi les services gardés").fill(shouted)
    page.get_by_role("button", name="Chercher", exact=True).click()
    expect(page.locator(".offline-results a", has_text=here.name_fr).first).to_be_visible()
    page.screenshot(path=SHOTS / "offline-search.png")
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()

    # Needs counted on the round wait for the network.
    page.get_by_label("Catégorie").select_option("sans-abri")
    page.get_by_label("Non, sans réponse").check()
    page.get_by_role("button", name="Compter ce besoin").click()
    expect(page.locator(".tally-status")).to_contain_text("1 besoin(s) en attente")
    page.locator(".need-tally").screenshot(path=SHOTS / "offline-tally.png")
    assert not NeedTally.objects.exists()

    for moment, badge in ((day, "Ouvert maintenant"), (night, "Fermé maintenant")):
        clocked = tablet.new_page()
        clocked.clock.install(time=moment)
        clocked.goto(f"{url}{here.get_absolute_url()}")
        expect(clocked.locator(".now-badge")).to_have_text(badge)
        # The quartier's cards too, each as its saved hours say at that moment.
        clocked.goto(f"{url}/fr/quartiers/{quartier.slug}/")
        cards = clocked.locator(".service-card")
        expect(cards.first.locator(".now-badge")).to_be_visible()
        by_name = {s.name_fr: s for s in services}
        for card in cards.all():
            service = by_name[card.locator("h3").inner_text()]
            status = "Ouvert maintenant" if service.is_open_at(moment) else "Fermé maintenant"
            expect(card.locator(".now-badge")).to_have_text(status)
        clocked.close()

    tablet.set_offline(False)
    sent = "Tous les besoins comptés sont envoyés."
    expect(page.locator(".tally-status")).to_have_text(sent, timeout=15_000)
    tally = NeedTally.objects.get()
    assert (tally.category.slug, tally.quartier, tally.met) == ("sans-abri", quartier, False)
    page.goto(f"{url}/fr/hors-ligne/")
    expect(page.locator(".tally-status")).to_have_text("Tous les besoins comptés sont envoyés.")
    assert NeedTally.objects.count() == 1
    NeedTally.objects.all().delete()


def test_colleagues_are_kept_only_when_the_worker_asks_and_go_at_logout(
    tablet, demo_server, rounds_worker
):
    quartier = busiest_quartier()
    network = f"{demo_server.url}/fr/staff/quartiers/{quartier.slug}/"
    page = tablet.new_page()
    log_in(page, demo_server.url)
    page.goto(f"{demo_server.url}/fr/quartiers/{quartier.slug}/")
    colleagues = page.get_by_label(re.compile("Aussi les collègues et le réseau de ce quartier"))
    expect(colleagues).not_to_be_checked()
    colleagues.check()
    page.get_by_role("button", name="Garder ce quartier hors ligne").click()
    expect(page.locator(".offline-status")).to_contain_text("pages, données du", timeout=60_000)

    tablet.set_offline(True)
    page.goto(network)
    expect(page.locator(".staff-nav")).to_be_visible()
    expect(page.locator(".offline-note")).to_be_visible()

    tablet.set_offline(False)
    page.goto(network)
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.locator("h1")).to_have_text("Trouver de l'aide près de chez vous")
    tablet.set_offline(True)
    page.goto(network)
    expect(page.locator("h1")).to_have_text("Hors ligne")
