"""Workers find the way in from every public page, and the way back in when they forget
their password, in the page's language."""

from html import unescape

import pytest

from tests.factories import make_service
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db


def text(response):
    return unescape(response.content.decode())


@pytest.mark.parametrize(
    "language, words",
    [("fr", "Espace travailleurs"), ("nl", "Werkersruimte"), ("en", "Workers' area")],
)
def test_every_public_page_links_to_the_workers_login_in_its_language(
    client, reference, language, words
):
    service = make_service()
    location = service.locations.get()
    pages = [
        "/",
        "/services/",
        f"/services/{service.slug}/",
        f"/organisations/{service.organisation.slug}/",
        f"/communes/{location.commune.slug}/",
        f"/quartiers/{location.quartier.slug}/",
    ]
    for path in pages:
        html = text(client.get(f"/{language}{path}"))
        footer = html.split('<footer class="site-footer">')[1]
        assert f'<a href="/{language}/staff/login/">{words}</a>' in footer, path


def test_the_footer_link_takes_a_logged_in_worker_to_the_staff_home(client, reference):
    client.force_login(make_worker("Awa Diallo").user)

    response = client.get("/fr/staff/login/")

    assert response.status_code == 302 and response["Location"] == "/fr/staff/"


def test_the_login_pages_offer_a_password_reset(client, reference):
    staff_login = text(client.get("/fr/staff/login/"))
    admin_login = client.get("/admin/login/")

    assert '<a href="/fr/staff/mot-de-passe-oublie/">Mot de passe oublié ?</a>' in staff_login
    assert 'href="/admin/password_reset/"' in admin_login.content.decode()
    assert client.get("/admin/password_reset/")["Location"] == "/fr/staff/mot-de-passe-oublie/"
