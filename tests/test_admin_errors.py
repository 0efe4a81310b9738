"""A coordinator refused or lost inside the admin stays in the admin."""

from html import unescape

import pytest

from tests.factories import make_service
from tests.staff_factories import make_coordinator, make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def uccle_service(reference):
    return make_service("Guichet d'Uccle", lat=50.80, lon=4.37, postcode="1180")


@pytest.fixture
def molenbeek(client, reference):
    client.force_login(make_coordinator("molenbeek", communes=["molenbeek-saint-jean"]))
    return client


def page(response):
    return unescape(response.content.decode())


def test_a_listing_outside_the_scope_is_refused_on_an_admin_page(molenbeek, uccle_service):
    response = molenbeek.get(f"/admin/directory/service/{uccle_service.pk}/change/")

    assert response.status_code == 403
    html = page(response)
    assert "Accès refusé" in html and "hors de votre périmètre de coordination" in html
    assert 'href="/admin/"' in html and "Retour à l'accueil de la coordination" in html
    assert "Quartier – coordination" in html  # the admin's header, not the residents' site
    assert 'href="/fr/"' not in html and "Guichet d'Uccle" not in html


def test_an_unknown_admin_address_is_not_found_inside_the_admin(molenbeek):
    response = molenbeek.get("/admin/directory/nothing-here/")

    assert response.status_code == 404
    html = page(response)
    assert "Page introuvable" in html and "Retour à l'accueil de la coordination" in html
    assert 'id="site-name"' in html and 'href="/fr/services/"' not in html


def test_the_admin_error_page_is_only_for_those_the_admin_lets_in(client, reference):
    # A visitor is sent to the admin's login; a worker without admin rights too, and a
    # worker refused on a staff page gets the public page: neither sees the admin's menu.
    assert client.get("/admin/directory/nothing-here/").status_code == 302
    client.force_login(make_worker().user)
    assert client.get("/admin/directory/nothing-here/").status_code == 302
    response = client.get("/fr/staff/couverture/")
    assert response.status_code == 403
    assert 'id="site-name"' not in page(response)


def test_the_public_site_keeps_its_own_error_pages(molenbeek):
    response = molenbeek.get("/fr/services/no-such-service/")

    assert response.status_code == 404
    assert 'href="/fr/services/"' in page(response) and 'id="site-name"' not in page(response)
