"""A worker makes a fiche de liaison in Dutch on a phone, the receiving desk confirms the
arrival with the slip's code, and the quartier's network page counts it."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.test_accessibility import WCAG_21_AA
from tests.staff_factories import PASSWORD

# A5 and A4 in PDF points (1/72 inch); Chromium rounds them to whole points.
A5, A4 = (419.5, 595.3), (595.3, 841.9)


@pytest.fixture
def quartier_services(transactional_db, live_server):
    from datetime import time

    from django.core.management import call_command

    from directory.models import Phone, Quartier
    from tests.factories import make_organisation, make_service
    from tests.staff_factories import make_worker

    call_command("load_reference", verbosity=0)
    marolles = Quartier.objects.get(slug="marolles")
    cpas = make_organisation("CPAS de Bruxelles")
    make_service(
        "Permanence sociale des Marolles",
        categories=["aide-sociale"],
        lat=float(marolles.latitude),
        lon=float(marolles.longitude),
        postcode="1000",
        organisation=cpas,
    )
    grocery = make_service(
        "Épicerie sociale de Cureghem",
        name_nl="Sociale kruidenier Kuregem",
        categories=["alimentation"],
        lat=50.8354,
        lon=4.3255,
        postcode="1070",
        organisation=make_organisation("Asbl Épicerie de Cureghem"),
        hours=[(time(9), time(12, 30)), (time(13, 30), time(17))],
        how_to_access_fr="Sonnez à la porte verte. Apportez votre carte d'identité.",
        how_to_access_nl="Bel aan bij de groene deur. Breng uw identiteitskaart mee.",
        walk_in=True,
    )
    Phone.objects.create(service=grocery, number="02 520 11 22")
    make_worker("Moi Même", "assistante sociale", [cpas], ["marolles"], username="moi")
    return live_server, grocery


def log_in(page, url):
    page.goto(f"{url}/fr/staff/login/")
    page.get_by_label("Nom d’utilisateur").fill("moi")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/fr/staff/$"))


def page_sizes(pdf):
    """The (width, height) of each page of a PDF Chromium made."""
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return [(round(float(w), 1), round(float(h), 1)) for w, h in boxes]


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def accessible(page):
    page.wait_for_load_state()  # axe reads the document: never one being replaced
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    return True


def test_a_slip_in_dutch_is_confirmed_by_code_and_counted_on_the_network_page(
    page, chromium, quartier_services
):
    server, grocery = quartier_services
    log_in(page, server.url)

    page.get_by_role("link", name="Fiches de liaison").click()
    page.get_by_label("Vers quel service ?").fill("épicerie cureghem")
    page.get_by_role("button", name="Chercher le service").click()
    page.get_by_role("link", name="Épicerie sociale de Cureghem").click()
    expect(page).to_have_url(re.compile(r"/fr/staff/liaison/nouvelle/\?service="))
    expect(page.get_by_label("Langue de la personne")).to_be_visible()
    assert accessible(page)
    page.get_by_label("Langue de la personne").select_option(label="Nederlands")
    page.get_by_role("button", name="Faire la fiche").click()

    slip = page.locator("article.slip")
    expect(slip).to_have_attribute("lang", "nl")
    expect(slip.get_by_role("heading", level=1)).to_have_text("Sociale kruidenier Kuregem")
    expect(slip).to_contain_text("Verwijsbrief")
    expect(slip).to_contain_text("Bel aan bij de groene deur")
    expect(slip).to_contain_text("02 520 11 22")
    expect(slip).to_contain_text("Zonder afspraak")
    expect(slip.locator(".slip-qr svg")).to_be_visible()
    assert no_horizontal_scroll(page) and accessible(page)
    code = slip.locator(".slip-code-value").inner_text()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code)

    page.emulate_media(media="print")
    assert page_sizes(page.pdf(prefer_css_page_size=True)) == [pytest.approx(A5, abs=1)]
    assert page.locator(".staff-nav").is_hidden() and page.locator(".slip-tools").is_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="A4", exact=True).click()
    page.emulate_media(media="print")
    assert page_sizes(page.pdf(prefer_css_page_size=True)) == [pytest.approx(A4, abs=1)]
    page.emulate_media(media="screen")

    desk = chromium.new_context(viewport={"width": 360, "height": 740}, locale="nl-BE")
    reception = desk.new_page()
    reception.goto(f"{server.url}/nl/arrivee/")
    assert no_horizontal_scroll(reception) and accessible(reception)
    reception.get_by_label("Code van de verwijsbrief").fill(code.lower().replace("-", " "))
    reception.get_by_role("button", name="Aankomst bevestigen").click()
    expect(reception.get_by_role("status")).to_contain_text(
        "de aankomst bij ‘Sociale kruidenier Kuregem’ is geregistreerd"
    )
    reception.get_by_label("Code van de verwijsbrief").fill(code)
    reception.get_by_role("button", name="Aankomst bevestigen").click()
    expect(reception.get_by_role("alert")).to_contain_text("Deze code is al gebruikt")
    desk.close()

    page.goto(f"{server.url}/fr/staff/quartiers/marolles/")
    handovers = page.locator("section[aria-labelledby='handovers-title']")
    expect(handovers).to_contain_text("1 personne envoyée ces 90 derniers jours")
    expect(handovers).to_contain_text("Arrivées confirmées: 1 (100\u00a0%)")
    expect(handovers.locator("li")).to_contain_text(
        re.compile(r"CPAS de Bruxelles \(Bruxelles\)\s+→ Asbl Épicerie de Cureghem \(Anderlecht\)")
    )
    expect(handovers).to_contain_text("entre communes")
    assert no_horizontal_scroll(page) and accessible(page)
    page.goto(f"{server.url}/fr/staff/liaison/")
    expect(page.locator(".handover-card")).to_contain_text("Arrivée confirmée")
    assert accessible(page)
