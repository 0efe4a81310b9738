"""Coordinators edit the listings of their communes and organisations, and nothing else."""

from html import unescape

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command
from django.utils import timezone

from directory import roles
from directory.models import CoordinatorScope, Organisation, Partnership, Report, Service
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_coordinator, make_worker

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = "hors de votre périmètre de coordination"


@pytest.fixture
def listings(reference):
    """A food bank in Molenbeek, a CPAS service in Uccle, and one of the CPAS in Molenbeek."""
    cpas = make_organisation("CPAS d'Uccle")
    return {
        "molenbeek": make_service("Colis de l'Ouest", lat=50.8549, lon=4.3260, postcode="1080"),
        "uccle": make_service(
            "Guichet d'Uccle", lat=50.80, lon=4.37, postcode="1180", organisation=cpas
        ),
        "cpas_in_molenbeek": make_service(
            "Permanence du CPAS", lat=50.8560, lon=4.3250, postcode="1080", organisation=cpas
        ),
    }


@pytest.fixture
def molenbeek(client, listings):
    """Logged in as the coordinator of Molenbeek-Saint-Jean."""
    user = make_coordinator("molenbeek", communes=["molenbeek-saint-jean"])
    client.force_login(user)
    return user


def page(response):
    return unescape(response.content.decode())


def change_url(obj, action="change"):
    return f"/admin/directory/{obj._meta.model_name}/{obj.pk}/{action}/"


# The rules


def test_a_commune_coordinator_edits_the_services_located_in_their_commune(molenbeek, listings):
    names = set(roles.services_in_scope(molenbeek).values_list("name_fr", flat=True))

    assert names == {"Colis de l'Ouest", "Permanence du CPAS"}
    assert roles.can_edit_service(molenbeek, listings["molenbeek"])
    assert not roles.can_edit_service(molenbeek, listings["uccle"])


def test_an_organisation_coordinator_edits_all_its_services_wherever(listings):
    cpas = listings["uccle"].organisation
    user = make_coordinator("cpas", organisations=[cpas])

    names = set(roles.services_in_scope(user).values_list("name_fr", flat=True))

    assert names == {"Guichet d'Uccle", "Permanence du CPAS"}
    assert list(roles.organisations_in_scope(user)) == [cpas]


def test_an_organisation_with_a_service_in_the_commune_is_in_the_commune_scope(molenbeek, listings):
    organisations = set(roles.organisations_in_scope(molenbeek))

    assert organisations == {listings["molenbeek"].organisation, listings["uccle"].organisation}


def test_staff_without_a_scope_edit_nothing_and_superusers_everything(listings, admin_user):
    staff = make_coordinator("sans-perimetre")
    CoordinatorScope.objects.filter(user=staff).delete()

    assert not roles.services_in_scope(staff).exists()
    assert not roles.organisations_in_scope(staff).exists()
    assert roles.services_in_scope(admin_user).count() == 3
    assert roles.can_edit_service(admin_user, listings["uccle"])


# The admin


def test_the_service_list_shows_only_the_coordinators_scope(client, molenbeek, listings):
    response = client.get("/admin/directory/service/")

    assert response.status_code == 200
    assert "Colis de l&#x27;Ouest" in response.content.decode()
    assert "Permanence du CPAS" in response.content.decode()
    assert "Guichet d&#x27;Uccle" not in response.content.decode()
    assert "Votre périmètre de coordination: Molenbeek-Saint-Jean." in page(response)


def test_a_superuser_sees_every_service(admin_client, listings):
    html = page(admin_client.get("/admin/directory/service/"))

    assert all(name in html for name in ["Colis de l'Ouest", "Guichet d'Uccle"])
    assert "Votre périmètre" not in html


def test_a_service_outside_the_scope_is_refused_with_the_reason(client, molenbeek, listings):
    uccle = listings["uccle"]

    for url in [change_url(uccle), change_url(uccle, "delete"), change_url(uccle, "history")]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert OUT_OF_SCOPE in page(response)
    assert client.post(change_url(uccle), {"name_fr": "Piraté"}).status_code == 403
    assert client.post(change_url(uccle, "delete"), {"post": "yes"}).status_code == 403
    assert Service.objects.get(pk=uccle.pk).name_fr == "Guichet d'Uccle"


def test_a_service_in_the_scope_opens_with_its_parts(client, molenbeek, listings):
    html = client.get(change_url(listings["molenbeek"])).content.decode()

    assert 'name="locations-0-latitude"' in html and 'name="phones-TOTAL_FORMS"' in html


def test_a_location_or_a_report_outside_the_scope_is_refused(client, molenbeek, listings):
    location = listings["uccle"].locations.get()
    theirs = Report.objects.create(service=listings["uccle"], reason="hours", message="Fermé")
    ours = Report.objects.create(service=listings["molenbeek"], reason="phone")

    assert client.get(change_url(location)).status_code == 403
    assert "Guichet d" not in page(client.get("/admin/directory/location/"))
    assert client.get(change_url(theirs)).status_code == 403
    assert client.get(change_url(ours)).status_code == 200
    assert "Guichet d" not in page(client.get("/admin/directory/report/"))


def test_a_new_service_can_only_belong_to_an_organisation_in_the_scope(client, molenbeek, listings):
    outsider = make_organisation("Asbl d'Ixelles")
    form = client.get("/admin/directory/service/add/")
    assert form.status_code == 200

    response = client.post(
        "/admin/directory/service/add/",
        {
            "organisation": outsider.pk,
            "name_fr": "Nouveau",
            "name_nl": "Nieuw",
            "description_fr": "Une description.",
            "description_nl": "Een beschrijving.",
            "categories": [1],
            "area_served": "local",
            "locations-TOTAL_FORMS": "0",
            "locations-INITIAL_FORMS": "0",
            "phones-TOTAL_FORMS": "0",
            "phones-INITIAL_FORMS": "0",
            "temporary_statuses-TOTAL_FORMS": "0",
            "temporary_statuses-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 200
    assert not Service.objects.filter(name_fr="Nouveau").exists()
    assert "organisation" in response.context["adminform"].form.errors


def test_an_organisation_outside_the_scope_is_refused(client, molenbeek, listings):
    outsider = make_organisation("Asbl d'Ixelles")

    assert client.get(change_url(outsider)).status_code == 403
    assert client.get(change_url(listings["uccle"].organisation)).status_code == 200
    assert "Asbl d" not in page(client.get("/admin/directory/organisation/"))


def test_a_coordinator_keeps_the_organisation_they_add(client, molenbeek, reference):
    response = client.post(
        "/admin/directory/organisation/add/",
        {"name_fr": "Nouvelle asbl", "name_nl": "Nieuwe vzw", "name_en": ""},
    )

    assert response.status_code == 302, page(response)[:2000]
    organisation = Organisation.objects.get(name_fr="Nouvelle asbl")
    assert client.get(change_url(organisation)).status_code == 200


def test_staff_without_a_scope_are_told_they_have_none(client, listings):
    user = make_coordinator("nouvelle")
    CoordinatorScope.objects.filter(user=user).delete()
    client.force_login(user)

    html = page(client.get("/admin/directory/service/"))

    assert "Aucun périmètre de coordination ne vous est attribué" in html
    assert "Colis de l'Ouest" not in html


def test_only_superusers_give_scopes(client, molenbeek, admin_client):
    assert client.get("/admin/directory/coordinatorscope/").status_code == 403
    assert "coordinatorscope" not in client.get("/admin/").content.decode()

    response = admin_client.get("/admin/directory/coordinatorscope/")
    assert response.status_code == 200 and "molenbeek" in response.content.decode()
    assert admin_client.get("/admin/directory/coordinatorscope/add/").status_code == 200


def test_the_coordinators_group_is_created_again_safely(reference):
    call_command("load_reference", verbosity=0)
    call_command("load_reference", verbosity=0)

    group = Group.objects.get(name=roles.COORDINATORS)
    codenames = set(group.permissions.values_list("codename", flat=True))
    expected = {
        f"{action}_{model}"
        for model, actions in roles.COORDINATOR_PERMISSIONS.items()
        for action in actions
    }
    assert codenames == expected
    assert "change_commune" not in codenames and "change_coordinatorscope" not in codenames


# The staff pages


def test_the_stale_list_shows_only_the_scope_and_refuses_the_rest(client, molenbeek, listings):
    html = page(client.get("/fr/staff/fiches-a-verifier/"))
    assert "Colis de l'Ouest" in html and "Guichet d'Uccle" not in html
    assert "Molenbeek-Saint-Jean" in html

    response = client.post(f"/fr/staff/fiches-a-verifier/{listings['uccle'].pk}/")

    assert response.status_code == 403
    assert OUT_OF_SCOPE in page(response)
    listings["uccle"].refresh_from_db()
    assert listings["uccle"].last_verified is None
    client.post(f"/fr/staff/fiches-a-verifier/{listings['molenbeek'].pk}/")
    listings["molenbeek"].refresh_from_db()
    assert listings["molenbeek"].last_verified == timezone.localdate()


def test_coordinators_manage_partnerships_of_their_organisations_only(client, molenbeek, listings):
    ours, theirs = listings["molenbeek"].organisation, make_organisation("Asbl d'Ixelles")
    other = make_organisation("Asbl de Forest")
    Partnership.objects.create(from_organisation=theirs, to_organisation=other, kind="referral")

    assert client.get(f"/fr/staff/organisations/{ours.slug}/partenariats/").status_code == 200
    assert client.get(f"/fr/staff/organisations/{theirs.slug}/partenariats/").status_code == 403
    assert "Asbl de Forest" not in page(client.get("/admin/directory/partnership/"))
    response = client.post(
        "/admin/directory/partnership/add/",
        {"from_organisation": theirs.pk, "to_organisation": other.pk, "kind": "joint_project"},
    )
    assert response.status_code == 200
    assert "doit faire partie de votre périmètre" in page(response)
    response = client.post(
        "/admin/directory/partnership/add/",
        {"from_organisation": theirs.pk, "to_organisation": ours.pk, "kind": "joint_project"},
    )
    assert response.status_code == 302


def test_a_worker_with_the_right_but_no_scope_verifies_nothing(client, listings):
    worker = make_worker("Sans périmètre")
    worker.user.user_permissions.add(Permission.objects.get(codename="change_service"))
    client.force_login(worker.user)

    html = page(client.get("/fr/staff/fiches-a-verifier/"))

    assert "Colis de l'Ouest" not in html
    assert "Aucun périmètre" in html
    assert (
        client.post(f"/fr/staff/fiches-a-verifier/{listings['molenbeek'].pk}/").status_code == 403
    )


def test_the_organisation_picker_offers_the_scope_for_a_service_and_all_for_a_partner(
    client, molenbeek, listings
):
    make_organisation("Asbl d'Ixelles")

    def picked(model_name, field_name):
        response = client.get(
            "/admin/autocomplete/",
            {"app_label": "directory", "model_name": model_name, "field_name": field_name},
        )
        return {result["text"] for result in response.json()["results"]}

    assert "Asbl d'Ixelles" not in picked("service", "organisation")
    assert "CPAS d'Uccle" in picked("service", "organisation")
    assert "Asbl d'Ixelles" in picked("partnership", "to_organisation")


def test_deleting_an_organisation_cannot_take_services_outside_the_scope_with_it(
    client, molenbeek, listings
):
    cpas = listings["uccle"].organisation  # in scope through its service in Molenbeek

    confirmation = page(client.get(change_url(cpas, "delete")))
    response = client.post(change_url(cpas, "delete"), {"post": "yes"})

    assert "Impossible de supprimer" in confirmation
    assert response.status_code == 403
    assert Service.objects.filter(pk=listings["uccle"].pk).exists()


def test_a_coordinator_publishes_alerts_for_their_communes_only(client, molenbeek, admin_client):
    from directory.models import Alert, Commune

    uccle = Commune.objects.get(slug="uccle")
    region_wide = Alert.objects.create(
        title_fr="Canicule", title_nl="Hittegolf", starts_on="2026-07-01"
    )
    in_uccle = Alert.objects.create(
        title_fr="Travaux", title_nl="Werken", commune=uccle, starts_on="2026-07-01"
    )
    form = {
        "title_fr": "Distribution déplacée",
        "title_nl": "Verdeling verplaatst",
        "title_en": "",
        "message_fr": "",
        "message_nl": "",
        "message_en": "",
        "link": "",
        "level": "info",
        "starts_on": "2026-07-01",
        "ends_on": "",
    }

    # Without a commune (the whole region), or another commune: refused.
    response = client.post("/admin/directory/alert/add/", form | {"commune": ""})
    assert response.status_code == 200 and not Alert.objects.filter(title_fr=form["title_fr"])
    response = client.post("/admin/directory/alert/add/", form | {"commune": uccle.pk})
    assert response.status_code == 200 and not Alert.objects.filter(title_fr=form["title_fr"])
    assert client.get(f"/admin/directory/alert/{region_wide.pk}/change/").status_code == 403
    assert client.get(f"/admin/directory/alert/{in_uccle.pk}/change/").status_code == 403

    molenbeek_id = Commune.objects.get(slug="molenbeek-saint-jean").pk
    response = client.post("/admin/directory/alert/add/", form | {"commune": molenbeek_id})
    assert response.status_code == 302
    assert Alert.objects.get(title_fr=form["title_fr"]).commune_id == molenbeek_id

    listed = client.get("/admin/directory/alert/").content.decode()
    assert "Distribution déplacée" in listed and "Canicule" not in listed
    assert (
        admin_client.post("/admin/directory/alert/add/", form | {"commune": ""}).status_code == 302
    )


def test_coordinators_cannot_open_workers_profiles_in_the_admin(client, molenbeek):
    worker = make_worker("awa")

    assert client.get("/admin/directory/worker/").status_code == 403
    assert client.get(f"/admin/directory/worker/{worker.pk}/change/").status_code == 403
