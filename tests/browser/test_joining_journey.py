"""A coordinator of Anderlecht invites a social worker from the admin; the worker opens the
link on a phone, chooses a password, agrees to be seen, and appears among the colleagues."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.staff_factories import PASSWORD

NEW_PASSWORD = "Quartier-du-Peterbos-2026"  # noqa: S105


@pytest.fixture
def anderlecht(transactional_db, live_server):
    from django.core.management import call_command

    from tests.factories import make_organisation, make_service
    from tests.staff_factories import make_coordinator

    call_command("load_reference", verbosity=0)
    cpas = make_organisation("CPAS d'Anderlecht")
    make_service("Guichet social", lat=50.8367, lon=4.3089, postcode="1070", organisation=cpas)
    make_coordinator("coord-anderlecht", communes=["anderlecht"])
    mail.outbox = []
    return live_server


@pytest.fixture
def desk(chromium):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="fr-BE")
    yield context.new_page()
    context.close()


def test_an_invited_worker_joins_and_appears_in_the_colleague_directory(desk, page, anderlecht):
    server = anderlecht
    desk.goto(f"{server.url}/admin/login/?next=/admin/directory/invitation/add/")
    desk.get_by_label(re.compile("Nom d.utilisateur")).fill("coord-anderlecht")
    desk.get_by_label(re.compile("Mot de passe")).fill(PASSWORD)
    desk.get_by_role("button", name=re.compile("Connexion|Log in")).click()

    desk.get_by_role("textbox", name="E-mail").fill("awa.diallo@cpas-anderlecht.example")
    desk.locator(".field-organisation .select2-selection").click()
    desk.locator(".select2-search__field").fill("Anderlecht")
    desk.locator(".select2-results__option", has_text="CPAS d'Anderlecht").click()
    desk.get_by_label(re.compile("langue de l.e-mail", re.I)).select_option("fr")
    desk.get_by_role("button", name="Enregistrer", exact=True).click()

    expect(desk.locator(".messagelist")).to_contain_text(
        "L'invitation est partie par e-mail à awa.diallo@cpas-anderlecht.example"
    )
    expect(desk.locator("#result_list")).to_contain_text("en attente")
    [message] = mail.outbox
    link = re.search(r"http://\S+/fr/staff/invitation/[\w-]+/", message.body)[0]

    page.goto(link)
    expect(page.get_by_role("heading", name="Bienvenue sur Quartier")).to_be_visible()
    page.get_by_label("Votre nom").fill("Awa Diallo")
    page.get_by_label("Votre fonction").fill("assistante sociale")
    page.get_by_label(re.compile("^Mot de passe")).fill(NEW_PASSWORD)
    page.get_by_label("Le même mot de passe, une seconde fois").fill(NEW_PASSWORD)
    page.get_by_label("Oui, les travailleurs sociaux connectés peuvent voir mon profil").check()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.get_by_role("button", name="Créer mon compte").click()

    expect(page).to_have_url(re.compile(r"/fr/staff/mon-profil/$"))
    expect(page.get_by_text("Bienvenue ! Votre compte est créé.")).to_be_visible()
    expect(page.get_by_text("CPAS d'Anderlecht")).to_be_visible()

    desk.goto(f"{server.url}/fr/staff/?function=assistante")
    card = desk.locator(".worker-card", has_text="Awa Diallo")
    expect(card).to_be_visible()
    expect(card).to_contain_text("CPAS d'Anderlecht")

    desk.goto(f"{server.url}/admin/directory/invitation/")
    expect(desk.locator("#result_list")).to_contain_text("acceptée")
    page.goto(link)
    expect(page.get_by_role("heading", name="Ce lien a déjà servi")).to_be_visible()
