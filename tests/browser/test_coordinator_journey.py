"""A coordinator of Molenbeek keeps their listings in the admin, is refused elsewhere, and
looks at where services are missing."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.staff_factories import PASSWORD

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def molenbeek(transactional_db, live_server):
    from django.core.management import call_command

    from tests.factories import make_organisation, make_service
    from tests.staff_factories import make_coordinator

    call_command("load_reference", verbosity=0)
    make_coordinator("coord-molenbeek", communes=["molenbeek-saint-jean"])
    ours = make_service("Colis de l'Ouest", lat=50.8534, lon=4.3271, postcode="1080")
    theirs = make_service(
        "Guichet d'Uccle",
        lat=50.80,
        lon=4.37,
        postcode="1180",
        organisation=make_organisation("CPAS d'Uccle"),
    )
    return live_server, ours, theirs


@pytest.fixture
def desk(chromium):
    """The admin is used at a desk: a laptop-sized page."""
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="fr-BE")
    context.route("**/tile.openstreetmap.org/**", lambda route: route.abort())
    yield context
    context.close()


def log_in(page, url, path):
    page.goto(f"{url}/admin/login/?next={path}")
    page.get_by_label(re.compile("Nom d.utilisateur")).fill("coord-molenbeek")
    page.get_by_label(re.compile("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Connexion|Log in")).click()


def test_a_coordinator_edits_their_commune_and_is_refused_outside(desk, molenbeek):
    server, ours, theirs = molenbeek
    page = desk.new_page()
    log_in(page, server.url, "/admin/directory/service/")

    expect(
        page.get_by_text("Votre périmètre de coordination: Molenbeek-Saint-Jean.")
    ).to_be_visible()
    results = page.locator("#result_list")
    expect(results).to_contain_text("Colis de l'Ouest")
    expect(results).not_to_contain_text("Guichet d'Uccle")

    results.get_by_role("link", name="Colis de l'Ouest").click()
    page.get_by_label("E-mail").first.fill("colis@example.org")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("a été modifié")
    ours.refresh_from_db()
    assert ours.email == "colis@example.org"

    response = page.goto(f"{server.url}/admin/directory/service/{theirs.pk}/change/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Accès refusé")).to_be_visible()
    expect(page.get_by_text(re.compile("hors de votre périmètre de coordination"))).to_be_visible()


def test_the_second_of_two_coordinators_saving_the_same_listing_is_told(desk, molenbeek):
    server, ours, _theirs = molenbeek
    first, second = desk.new_page(), desk.new_page()
    url = f"/admin/directory/service/{ours.pk}/change/"
    log_in(first, server.url, url)
    second.goto(f"{server.url}{url}")

    first.get_by_label("Nom (FR)").fill("Colis de l'Ouest (nouveau)")
    first.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(first.locator(".messagelist")).to_contain_text("a été modifié")
    second.get_by_label("Site web").first.fill("https://colis.example.org")
    second.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(second.locator(".errorlist.nonfield")).to_contain_text(
        "Quelqu'un d'autre a enregistré cette fiche depuis que vous l'avez ouverte"
    )
    ours.refresh_from_db()
    assert (ours.name_fr, ours.website) == ("Colis de l'Ouest (nouveau)", "")


def test_the_coverage_map_colours_every_quartier(desk, molenbeek, shared_data):
    from django.core.management import call_command

    call_command("import_boundaries", "quartiers", shared_data / "brussels-quartiers.geojson")
    server, _ours, _theirs = molenbeek
    page = desk.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, server.url, "/fr/staff/couverture/")

    expect(page.get_by_role("heading", name="Couverture des quartiers")).to_be_visible()
    expect(page.locator("#coverage-map")).to_be_visible()
    expect(page.locator("#coverage-map path.leaflet-interactive")).to_have_count(145)
    expect(page.locator(".coverage-legend li")).to_have_count(5)
    expect(page.get_by_role("rowheader", name="Gare de l'Ouest")).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
    results = Axe().run(page, options=WCAG_21_AA)
    assert results.violations_count == 0, results.generate_report()
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def open_hours(context, molenbeek):
    """The place of the coordinator's service, without hours, opened in the admin."""
    server, ours, _theirs = molenbeek
    place = ours.locations.get()
    place.schedules.all().delete()
    page = context.new_page()
    log_in(page, server.url, f"/admin/directory/location/{place.pk}/change/")
    first = page.locator("#schedules-group tr.form-row").first
    first.locator("select[name$='-weekday']").select_option(label="lundi")
    first.locator("input[name$='-opens_at']").fill("9h")
    first.locator("input[name$='-closes_at']").fill("12:30")
    return page, first, place


def week(place):
    return sorted(
        (s.weekday, f"{s.opens_at:%H:%M}", f"{s.closes_at:%H:%M}") for s in place.schedules.all()
    )


MONDAY_TO_FRIDAY = [(day, "09:00", "12:30") for day in range(5)]


def test_a_coordinator_sets_monday_to_friday_hours_in_one_step(desk, molenbeek):
    page, first, place = open_hours(desk, molenbeek)

    first.get_by_role("button", name="Copier du lundi au vendredi").click()

    rows = page.locator("#schedules-group tr.form-row:not(.empty-form)")
    expect(rows).to_have_count(5)
    expect(first.get_by_role("status")).to_contain_text("enregistrez pour garder")
    days = [rows.nth(i).locator("select[name$='-weekday']").input_value() for i in range(5)]
    assert days == ["0", "1", "2", "3", "4"]
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("a été modifié")
    assert week(place) == MONDAY_TO_FRIDAY


def test_without_javascript_the_box_copies_the_slot_on_save(chromium, molenbeek):
    context = chromium.new_context(
        viewport={"width": 1280, "height": 800}, locale="fr-BE", java_script_enabled=False
    )
    page, first, place = open_hours(context, molenbeek)

    first.get_by_role("checkbox").check()
    page.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("4 créneaux ajoutés du lundi au vendredi")
    assert week(place) == MONDAY_TO_FRIDAY
    context.close()


def test_the_address_search_places_the_pin_and_the_map_opens_on_the_commune(
    desk, molenbeek, settings, monkeypatch
):
    from directory import geocoder

    settings.GEOCODER_URL = "https://geocoder.example/search"
    monkeypatch.setattr(geocoder, "_ask", lambda url, text: (50.8571, 4.3365))
    server, _ours, _theirs = molenbeek
    page = desk.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    log_in(page, server.url, "/admin/directory/location/add/")

    expect(page.locator(".latlon-picker")).to_be_visible()
    expect(page.locator("#id_latitude")).to_have_attribute("data-picker-start", re.compile("50.85"))
    search = page.get_by_label("Chercher une adresse sur la carte")
    search.fill("Rue Vandenpeereboom 14, 1080")
    search.press("Enter")

    expect(page.get_by_role("status").filter(has_text="Point placé")).to_contain_text(
        "Point placé à : Rue Vandenpeereboom 14, 1080. Vérifiez-le sur la carte."
    )
    expect(page.locator("#id_latitude")).to_have_value("50.857100")
    expect(page.locator("#id_longitude")).to_have_value("4.336500")
    assert not [e for e in errors if "Content Security Policy" in e or "Refused" in e], errors
