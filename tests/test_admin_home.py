"""A coordinator opens the admin and sees what waits for them in their scope, and only there."""

import re
from datetime import date, timedelta
from html import unescape

import pytest
from django.test import Client

from directory.models import Category, Report
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_coordinator

pytestmark = pytest.mark.django_db

LONG_AGO = date.today() - timedelta(days=400)


def todo(response):
    """The to-do section of the admin's home, as text."""
    html = unescape(response.content.decode())
    return re.search(r'<section class="module todo".*?</section>', html, re.S).group(0)


def report(service, reason="hours"):
    return Report.objects.create(service=service, reason=reason, sender_key="x" * 64)


@pytest.fixture
def molenbeek(client, reference):
    client.force_login(make_coordinator("molenbeek", communes=["molenbeek-saint-jean"]))
    return client


def uccle_world(stale=True, reports=1, name="Guichet d'Uccle"):
    """What lies outside the Molenbeek coordinator's scope."""
    service = make_service(
        name,
        lat=50.80,
        lon=4.37,
        postcode="1180",
        organisation=make_organisation("CPAS d'Uccle"),
        categories=["handicap", "seniors"],
        last_verified=None if stale else date.today(),
    )
    for _ in range(reports):
        report(service)
    return service


def test_the_home_lists_stale_listings_and_pending_reports_with_links(molenbeek):
    old = make_service("Colis de l'Ouest", lat=50.8549, lon=4.3260, last_verified=LONG_AGO)
    make_service("Épicerie sociale", lat=50.8560, lon=4.3250, last_verified=date.today())
    report(old, "phone")
    fixed = report(old)
    fixed.status = Report.Status.FIXED
    fixed.save()

    section = todo(molenbeek.get("/admin/"))

    assert "1 signalement d'habitant à traiter" in section
    assert "Colis de l'Ouest</a> — Le téléphone est faux" in section
    assert 'href="/admin/directory/report/?status__exact=new"' in section
    assert "1 fiche à vérifier" in section and "Épicerie sociale" not in section
    assert f'href="/admin/directory/service/{old.pk}/change/">Colis de l\'Ouest</a>' in section
    assert 'href="/fr/staff/fiches-a-verifier/"' in section


def test_the_home_names_the_categories_missing_in_the_coordinator_s_communes(molenbeek):
    make_service("Colis de l'Ouest", lat=50.8549, lon=4.3260, categories=["alimentation"])
    make_service("Fermé", lat=50.8549, lon=4.3260, categories=["logement"], is_active=False)

    section = todo(molenbeek.get("/admin/"))

    missing = section.split("<dt>Molenbeek-Saint-Jean</dt>")[1].split("</dd>")[0]
    names = missing.split("<dd>")[1].split(" · ")
    assert len(names) == Category.objects.count() - 1
    assert "Aide alimentaire" not in names
    assert "Logement" in names  # an unpublished service covers nothing
    assert 'href="/fr/staff/couverture/"' in section


def test_the_home_shows_nothing_from_outside_the_scope(molenbeek):
    """Twin worlds differing only outside Molenbeek: the same to-do."""
    mine = make_service("Colis de l'Ouest", lat=50.8549, lon=4.3260, last_verified=LONG_AGO)
    report(mine)

    uccle = uccle_world(stale=True, reports=3)
    with_uccle = todo(molenbeek.get("/admin/"))
    uccle.delete()
    uccle_world(stale=False, reports=0, name="Autre guichet")
    without = todo(molenbeek.get("/admin/"))

    assert with_uccle == without
    assert "Guichet d'Uccle" not in with_uccle and "Uccle" not in with_uccle
    assert "1 fiche à vérifier" in with_uccle and "1 signalement" in with_uccle


def test_an_organisation_coordinator_sees_its_listings_wherever_they_are(reference):
    cpas = make_organisation("CPAS d'Uccle")
    service = make_service(
        "Guichet d'Uccle", lat=50.80, lon=4.37, postcode="1180", organisation=cpas
    )
    report(service)
    client = Client()
    client.force_login(make_coordinator("cpas", organisations=[cpas]))

    section = todo(client.get("/admin/"))

    assert "Guichet d'Uccle</a> — Les horaires sont faux" in section
    assert "Catégories sans service" not in section  # no commune in their scope


def test_staff_without_a_scope_are_told_they_have_none(client, reference):
    user = make_coordinator("sans-perimetre")
    user.coordinator_scope.delete()
    client.force_login(user)
    uccle_world()

    section = todo(client.get("/admin/"))

    assert "Aucun périmètre de coordination ne vous est attribué" in section
    assert "Uccle" not in section


def test_the_home_costs_the_same_queries_however_much_there_is(
    molenbeek, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert molenbeek.get("/admin/").status_code == 200
        return len(captured)

    make_service("Colis 0", lat=50.8549, lon=4.3260, last_verified=LONG_AGO)
    few = queries()
    for i in range(1, 12):
        service = make_service(f"Colis {i}", lat=50.8549, lon=4.3260, last_verified=LONG_AGO)
        report(service)
        uccle_world(name=f"Guichet {i}")
    many = queries()

    assert few == many
    with django_assert_max_num_queries(16):  # 15 today
        molenbeek.get("/admin/")


def test_a_superuser_s_to_do_is_the_whole_region(admin_client, reference):
    uccle_world()

    section = todo(admin_client.get("/admin/"))

    assert "Guichet d'Uccle" in section
    assert section.count("<dt>") == 19
