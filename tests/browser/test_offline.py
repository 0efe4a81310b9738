"""A social worker on an outreach round keeps a quartier's directory on a tablet, and reads
it with no connection, told how fresh it is."""

import re

import pytest
from django.db.models import Count
from playwright.sync_api import Error, expect

from directory.models import Quartier, Service

# The test database must exist; `demo_data` loads the demo once for the module.
pytestmark = pytest.mark.django_db


@pytest.fixture
def tablet(chromium):
    context = chromium.new_context(viewport={"width": 800, "height": 1280}, locale="fr-BE")
    yield context
    context.close()


def test_a_worker_keeps_a_quartier_offline_and_reads_it_without_a_connection(tablet, demo_server):
    quartier = Quartier.objects.annotate(n=Count("locations")).order_by("-n").first()
    services = Service.objects.public().in_quartier(quartier).order_by("name_fr")
    here, elsewhere = services.first(), Service.objects.exclude(pk__in=services).first()
    page = tablet.new_page()
    page.goto(f"{demo_server.url}/fr/quartiers/{quartier.slug}/")

    page.get_by_role("button", name="Garder ce quartier hors ligne").click()
    status = page.locator(".offline-status")
    expect(status).to_contain_text(f"{services.count() + 1} pages", timeout=30_000)
    expect(status).to_contain_text("données du")

    tablet.set_offline(True)
    page.reload()
    expect(page.locator("h1")).to_contain_text(quartier.name_fr)
    expect(page.locator(".offline-note")).to_be_visible()
    expect(page.locator(".offline-note")).to_contain_text(re.compile(r"Hors ligne: données du \d"))
    expect(page.locator(".site-header")).to_have_css("background-color", "rgb(8, 63, 120)")

    page.goto(f"{demo_server.url}{here.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(here.name_fr)
    expect(page.locator(".offline-note")).to_contain_text("données du")
    expect(page.locator("a[href^='tel:']").first).to_be_visible()

    with pytest.raises(Error):
        page.goto(f"{demo_server.url}{elsewhere.get_absolute_url()}")

    tablet.set_offline(False)
    page.goto(f"{demo_server.url}{here.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text(here.name_fr)
    expect(page.locator(".offline-note")).to_be_hidden()
