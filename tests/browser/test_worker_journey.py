"""A social worker logs in on a phone, finds a colleague by quartier and function, and
brings their own profile up to date."""

import re

import pytest
from playwright.sync_api import expect

from tests.staff_factories import PASSWORD


@pytest.fixture
def colleagues(transactional_db, live_server):
    from django.core.management import call_command

    from directory.models import Partnership
    from tests.factories import make_organisation, make_service
    from tests.staff_factories import make_worker

    call_command("load_reference", verbosity=0)
    cpas = make_organisation("CPAS de Molenbeek")
    make_worker(
        "Awa Diallo",
        "assistante sociale",
        [cpas],
        ["gare-de-l-ouest"],
        ["ar"],
        phone="02 600 11 22",
        email="awa@cpas.example",
    )
    grocery = make_organisation("Épicerie sociale")
    make_worker("Bram Peeters", "éducateur de rue", [grocery], ["gare-de-l-ouest"], ["nl"])
    make_worker("Chloé Martin", "assistante sociale", [], ["marolles"], ["fr"])
    me = make_worker("Moi Même", "médiatrice de dettes", [cpas], username="moi")
    food = make_service("Colis de l'Ouest", lat=50.8534, lon=4.3271, organisation=cpas)
    Partnership.objects.create(
        from_organisation=food.organisation,
        to_organisation=grocery,
        kind="referral",
    )
    return live_server, me


def log_in(page, url):
    page.goto(f"{url}/fr/staff/")
    expect(page).to_have_url(re.compile(r"/fr/staff/login/\?next=/fr/staff/"))
    page.get_by_label("Nom d’utilisateur").fill("moi")
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page).to_have_url(re.compile(r"/fr/staff/$"))


def no_horizontal_scroll(page):
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0


def test_worker_finds_a_colleague_by_quartier_and_function_then_edits_their_profile(
    page, colleagues
):
    server, me = colleagues
    log_in(page, server.url)
    assert no_horizontal_scroll(page)

    page.get_by_label(re.compile("^Quartier")).select_option(label="Gare de l'Ouest")
    page.get_by_label(re.compile("^Fonction")).fill("assistante")
    page.get_by_role("button", name="Chercher", exact=True).click()

    cards = page.locator(".worker-card")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Awa Diallo")
    cards.first.get_by_role("link", name="Awa Diallo").click()
    expect(page.locator("h1")).to_have_text("Awa Diallo")
    expect(page.locator("a[href='tel:+3226001122']")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("vCard"))).to_be_visible()

    page.get_by_role("link", name="Mon profil").click()
    page.get_by_label("Téléphone professionnel").fill("0470 12 34 56")
    page.get_by_label("Disponibilités").fill("Mardi et jeudi matin")
    page.locator("summary", has_text="Molenbeek-Saint-Jean").click()
    page.get_by_label("Gare de l'Ouest").check()
    page.get_by_role("button", name="Enregistrer mon profil").click()

    expect(page.get_by_text("Votre profil est enregistré.")).to_be_visible()
    assert no_horizontal_scroll(page)
    me.refresh_from_db()
    assert me.phone == "0470 12 34 56"
    assert me.availability == "Mardi et jeudi matin"
    assert [q.slug for q in me.quartiers.all()] == ["gare-de-l-ouest"]

    page.goto(f"{server.url}/fr/staff/?quartier=gare-de-l-ouest")
    expect(page.locator(".worker-card", has_text="Moi Même")).to_be_visible()


def test_quartier_network_is_drawn_and_fits_a_phone(page, colleagues):
    server, _me = colleagues
    log_in(page, server.url)

    page.goto(f"{server.url}/fr/staff/quartiers/gare-de-l-ouest/")

    expect(page.get_by_role("img", name=re.compile("partenariat"))).to_be_visible()
    expect(page.get_by_role("heading", name="Services qui manquent")).to_be_visible()
    assert no_horizontal_scroll(page)


def test_staff_pages_work_without_javascript(chromium, colleagues):
    server, _me = colleagues
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, server.url)

    page.goto(f"{server.url}/fr/staff/?function=assistante&quartier=gare-de-l-ouest")

    expect(page.locator(".worker-card")).to_have_count(1)
    context.close()


def test_a_residents_report_reaches_the_coordinators_queue(page, colleagues, monkeypatch):
    from django.contrib.auth import get_user_model

    from directory import reports
    from directory.models import Service

    monkeypatch.setattr(reports, "MIN_SECONDS_TO_FILL", 0)
    server, _me = colleagues
    service = Service.objects.get(name_fr="Colis de l'Ouest")
    page.goto(f"{server.url}{service.get_absolute_url()}")
    page.get_by_role("link", name="Signaler une erreur").click()
    page.get_by_label("Les horaires sont faux").check()
    page.get_by_label(re.compile("^Précisions")).fill("Fermé le mercredi depuis janvier")
    page.get_by_role("button", name="Envoyer").click()
    expect(
        page.get_by_text("Merci ! La coordination sociale va vérifier la fiche.")
    ).to_be_visible()

    get_user_model().objects.create_superuser("coordination", password=PASSWORD)
    page.goto(f"{server.url}/admin/directory/report/?status__exact=new")
    page.get_by_label(re.compile("Nom d.utilisateur")).fill("coordination")
    page.get_by_label(re.compile("Mot de passe")).fill(PASSWORD)
    page.get_by_role("button", name=re.compile("Connexion|Log in")).click()
    expect(page.locator("#result_list")).to_contain_text("Colis de l'Ouest")
    expect(page.locator("#result_list")).to_contain_text("Fermé le mercredi depuis janvier")


def test_the_demo_worker_finds_the_social_workers_of_a_quartier_whatever_their_words(
    page, demo_site, settings
):
    from io import StringIO

    from django.core.management import call_command

    from directory.demo.data import WORKERS
    from directory.models import Quartier, Worker

    settings.DEBUG, settings.PRODUCTION = True, False
    call_command("demo_accounts", stdout=StringIO())
    settings.DEBUG = False
    social = Worker.objects.visible_to_colleagues().with_function("assistante sociale")
    quartier = max(Quartier.objects.with_commune(), key=lambda q: social.in_quartier(q).count())
    expected = set(social.in_quartier(quartier).values_list("name", flat=True))
    functions = set(social.in_quartier(quartier).values_list("function", flat=True))
    assert len(expected) >= 2

    account = WORKERS["accounts"]["worker"]
    page.goto(f"{demo_site.url}/fr/staff/login/")
    page.get_by_label("Nom d’utilisateur").fill(account["username"])
    page.get_by_label("Mot de passe").fill(account["password"])
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_label(re.compile("^Quartier")).select_option(label=quartier.name)
    page.get_by_label(re.compile("^Fonction")).fill("assistante sociale")
    page.get_by_role("button", name="Chercher", exact=True).click()

    cards = page.locator(".worker-card h3")
    expect(cards).to_have_count(len(expected))
    assert set(cards.all_inner_texts()) == expected
    # Found whatever the words they wrote their function in.
    assert all(page.locator(".worker-card", has_text=f).count() for f in functions)
