"""Partnerships are kept by coordinators in the admin and by organisations' own workers."""

import pytest

from directory.locking import version_of
from directory.models import Partnership, Worker
from tests.factories import make_organisation
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def cpas(reference):
    return make_organisation("CPAS de Saint-Gilles")


@pytest.fixture
def asbl(reference):
    return make_organisation("Asbl Lire et Écrire")


@pytest.fixture
def member(client, cpas):
    worker = make_worker("Membre du CPAS", organisations=[cpas])
    client.force_login(worker.user)
    return worker


def url(organisation, *rest):
    return "/".join([f"/fr/staff/organisations/{organisation.slug}/partenariats", *rest, ""])


def test_a_coordinator_adds_a_partnership_in_the_admin(admin_client, cpas, asbl):
    response = admin_client.post(
        "/admin/directory/partnership/add/",
        {
            "from_organisation": cpas.pk,
            "to_organisation": asbl.pk,
            "kind": "referral",
            "note": "Cours d'alphabétisation",
            "start_date": "2026-01-15",
            "end_date": "",
        },
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    partnership = Partnership.objects.get()
    assert (partnership.from_organisation, partnership.to_organisation) == (cpas, asbl)
    assert partnership.history.get().history_user.username == "admin"
    assert admin_client.get("/admin/directory/partnership/").status_code == 200


def test_the_admin_refuses_a_partnership_of_an_organisation_with_itself(admin_client, cpas):
    response = admin_client.post(
        "/admin/directory/partnership/add/",
        {"from_organisation": cpas.pk, "to_organisation": cpas.pk, "kind": "referral"},
    )

    assert response.status_code == 200
    assert not Partnership.objects.exists()


def test_coordinators_see_workers_and_erase_one_with_its_history(admin_client, cpas):
    worker = make_worker("Partant", organisations=[cpas], quartiers=["marolles"])
    worker.request_deletion()
    listing = admin_client.get("/admin/directory/worker/?deletion=yes").content.decode()
    assert "Partant" in listing
    assert admin_client.get(f"/admin/directory/worker/{worker.pk}/change/").status_code == 200

    admin_client.post(
        "/admin/directory/worker/",
        {"action": "erase", "_selected_action": [worker.pk]},
    )

    assert not Worker.objects.exists()
    assert not Worker.history.filter(id=worker.pk).exists()


def test_a_member_adds_edits_and_removes_a_partnership_of_their_organisation(
    client, member, cpas, asbl
):
    response = client.post(
        url(cpas),
        {"partner": asbl.pk, "kind": "joint_project", "note": "Fête de quartier"},
    )
    assert response.status_code == 302
    partnership = Partnership.objects.get()
    assert (partnership.from_organisation, partnership.to_organisation) == (cpas, asbl)
    assert partnership.history.get().history_user == member.user
    assert "Fête de quartier" in client.get(url(cpas)).content.decode()

    response = client.post(
        url(cpas, str(partnership.pk)),
        {
            "partner": asbl.pk,
            "kind": "shared_premises",
            "start_date": "2026-02-01",
            "version": version_of(partnership.modified),
        },
    )
    assert response.status_code == 302
    partnership.refresh_from_db()
    assert partnership.kind == "shared_premises"
    assert str(partnership.start_date) == "2026-02-01"

    response = client.post(url(cpas, str(partnership.pk), "supprimer"))
    assert response.status_code == 302
    assert not Partnership.objects.exists()


def test_editing_from_the_partners_side_keeps_the_direction(client, member, cpas, asbl):
    partnership = Partnership.objects.create(
        from_organisation=asbl, to_organisation=cpas, kind="referral"
    )

    page = client.get(url(cpas, str(partnership.pk))).content.decode()
    assert f'<option value="{asbl.pk}" selected>' in page
    client.post(
        url(cpas, str(partnership.pk)),
        {
            "partner": asbl.pk,
            "kind": "referral",
            "note": "x",
            "version": version_of(partnership.modified),
        },
    )

    partnership.refresh_from_db()
    assert (partnership.from_organisation, partnership.to_organisation) == (asbl, cpas)
    assert partnership.note == "x"


def test_a_duplicate_or_a_backwards_date_range_is_explained(client, member, cpas, asbl):
    Partnership.objects.create(from_organisation=cpas, to_organisation=asbl, kind="referral")

    duplicate = client.post(url(cpas), {"partner": asbl.pk, "kind": "referral"})
    backwards = client.post(
        url(cpas),
        {
            "partner": asbl.pk,
            "kind": "joint_project",
            "start_date": "2026-05-01",
            "end_date": "2026-01-01",
        },
    )

    assert "Ce partenariat existe déjà." in duplicate.content.decode()
    assert "La fin doit suivre le début." in backwards.content.decode()
    assert Partnership.objects.count() == 1


def test_workers_of_other_organisations_cannot_touch_the_partnerships(client, cpas, asbl):
    partnership = Partnership.objects.create(
        from_organisation=cpas, to_organisation=asbl, kind="referral"
    )
    outsider = make_worker("Quelqu'un d'ailleurs", organisations=[make_organisation("Autre")])
    client.force_login(outsider.user)

    assert client.get(url(cpas)).status_code == 403
    assert client.post(url(cpas), {"partner": asbl.pk, "kind": "joint_project"}).status_code == 403
    assert client.post(url(cpas, str(partnership.pk), "supprimer")).status_code == 403
    assert Partnership.objects.count() == 1


def test_a_member_cannot_reach_a_partnership_of_another_organisation_through_theirs(
    client, member, cpas, asbl
):
    elsewhere = Partnership.objects.create(
        from_organisation=asbl, to_organisation=make_organisation("Tiers"), kind="referral"
    )

    assert client.get(url(cpas, str(elsewhere.pk))).status_code == 404
    assert client.post(url(cpas, str(elsewhere.pk), "supprimer")).status_code == 404


def test_my_profile_links_to_my_organisations_partnerships(client, member, cpas):
    html = client.get("/fr/staff/mon-profil/").content.decode()

    assert url(cpas) in html
