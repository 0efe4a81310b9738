"""A person reading about violence can leave at once: pages about violence, and only
they, carry a « Quitter ce site » link to a neutral site (quick-exit.js makes it replace
the history entry; tests/browser/test_listen_and_exit.py checks that in a browser)."""

import pytest
from django.urls import reverse

from tests.factories import make_service

pytestmark = pytest.mark.django_db

EXIT = 'class="quick-exit-button" href="https://www.meteo.be/"'


@pytest.fixture
def refuge(reference):
    return make_service("Refuge pour femmes", categories=["violences"])


@pytest.fixture
def food(reference):
    return make_service("Colis du mardi", categories=["alimentation"])


def html(client, path):
    return client.get(path).content.decode()


def test_a_violence_service_page_has_the_exit_link_without_js(client, refuge):
    page = html(client, refuge.get_absolute_url())

    assert EXIT in page
    assert "Quitter ce site" in page
    assert "js/quick-exit.js" in page
    # First in the page after the skip link, so one Tab reaches it.
    assert page.index("skip-link") < page.index("quick-exit-button") < page.index("site-header")


def test_the_violence_category_page_and_searches_about_violence_have_it(client, refuge, food):
    search = reverse("directory:service-list")

    assert EXIT in html(client, f"{search}?category=violences")
    assert EXIT in html(client, f"{search}?category=alimentation&category=violences")
    assert EXIT in html(client, f"{search}?q=femme+battue")


def test_other_pages_have_no_exit_link(client, refuge, food):
    search = reverse("directory:service-list")
    for path in [
        reverse("directory:home"),
        food.get_absolute_url(),
        f"{search}?category=alimentation",
        f"{search}?q=colis",
        food.organisation.get_absolute_url(),
    ]:
        assert "quick-exit" not in html(client, path), path


def test_the_neutral_site_is_a_setting(client, refuge, settings):
    settings.QUICK_EXIT_URL = "https://www.rtbf.be/meteo"

    assert 'href="https://www.rtbf.be/meteo"' in html(client, refuge.get_absolute_url())


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_exit_link_speaks_the_page_language(client, refuge, language):
    page = html(client, f"/{language}/services/{refuge.slug}/")

    assert {"nl": "Deze site verlaten", "en": "Leave this site"}[language] in page
