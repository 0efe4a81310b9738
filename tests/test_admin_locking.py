"""Two coordinators open the same listing: the second to save is told, nothing is lost.

The same for organisations, places and their hours, alerts, partnerships, reports and
workers' profiles, in the admin and on the staff pages.
"""

import threading
import time as clock
from datetime import date, time
from html import unescape

import pytest
from django.db import connection, transaction
from django.test import Client

from directory.hsds.importer import import_hsds
from directory.models import Alert, Location, Partnership, Report, Service
from tests.admin_forms import admin_form
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_worker
from tests.test_hsds_import_export import service_record, set_path, write_json

pytestmark = pytest.mark.django_db

CONFLICT = "Quelqu'un d'autre a enregistré cette fiche depuis que vous l'avez ouverte"


@pytest.fixture
def two_coordinators(admin_user):
    first, second = Client(), Client()
    first.force_login(admin_user)
    second.force_login(admin_user)
    return first, second


def open_form(client, obj, form_id):
    url = f"/admin/directory/{obj._meta.model_name}/{obj.pk}/change/"
    return url, admin_form(client.get(url), form_id)


def test_the_second_save_of_a_service_is_refused_and_the_first_is_kept(two_coordinators, reference):
    first, second = two_coordinators
    service = make_service("Colis du quartier", phones=["02 111 11 11"])
    url, mine = open_form(first, service, "service_form")
    _url, theirs = open_form(second, service, "service_form")

    mine["name_fr"] = "Colis du quartier (nouvel horaire)"
    assert first.post(url, mine).status_code == 302
    theirs["email"] = "colis@example.org"
    response = second.post(url, theirs)

    assert response.status_code == 200
    assert CONFLICT in unescape(response.content.decode())
    service.refresh_from_db()
    assert service.name_fr == "Colis du quartier (nouvel horaire)"
    assert service.email == ""


def test_an_edit_of_a_phone_in_between_also_counts(two_coordinators, reference):
    first, second = two_coordinators
    service = make_service(phones=["02 111 11 11"])
    url, mine = open_form(first, service, "service_form")
    _url, theirs = open_form(second, service, "service_form")

    mine["phones-0-number"] = "02 222 22 22"
    assert first.post(url, mine).status_code == 302
    theirs["name_fr"] = "Autre nom"
    response = second.post(url, theirs)

    assert CONFLICT in unescape(response.content.decode())
    assert Service.objects.get().name_fr == "Colis du quartier"
    assert service.phones.get().number == "02 222 22 22"


def test_reopening_after_a_conflict_saves(two_coordinators, reference):
    first, second = two_coordinators
    service = make_service()
    url, mine = open_form(first, service, "service_form")
    _url, stale = open_form(second, service, "service_form")
    mine["name_fr"] = "Premier"
    first.post(url, mine)
    second.post(url, stale)

    _url, fresh = open_form(second, service, "service_form")
    fresh["email"] = "second@example.org"

    assert second.post(url, fresh).status_code == 302
    service.refresh_from_db()
    assert (service.name_fr, service.email) == ("Premier", "second@example.org")


def test_one_coordinator_saving_twice_in_a_row_is_not_a_conflict(admin_client, reference):
    service = make_service()
    url, form = open_form(admin_client, service, "service_form")
    form["name_fr"] = "Une fois"
    assert admin_client.post(url, {**form, "_continue": "1"}).status_code == 302

    _url, form = open_form(admin_client, service, "service_form")
    form["name_fr"] = "Deux fois"
    assert admin_client.post(url, form).status_code == 302
    assert Service.objects.get().name_fr == "Deux fois"


# Organisations, places, alerts, partnerships, reports and workers' profiles: the same.

NO_VERSION = "Ce formulaire ne dit pas quelle version de la fiche vous avez ouverte"
JULY = date(2026, 7, 1)


def text(response):
    return unescape(response.content.decode())


def a_report():
    return Report.objects.create(service=make_service(), reason="phone", sender_key="x" * 64)


def a_partnership():
    return Partnership.objects.create(
        from_organisation=make_organisation("CPAS de Saint-Gilles"),
        to_organisation=make_organisation("Asbl Lire et Écrire"),
        kind="referral",
    )


# What each admin page edits: its object, and two edits as posted (mine, then theirs).
EDITS = {
    "service": (make_service, {"name_fr": "Colis (nouvel horaire)"}, {"email": "c@example.org"}),
    "organisation": (
        make_organisation,
        {"website": "https://premier.example.org"},
        {"email": "asbl@example.org"},
    ),
    "location": (
        lambda: make_service().locations.get(),
        {"street_fr": "Rue du Premier 1"},
        {"wheelchair_accessible": "on"},
    ),
    "alert": (
        lambda: Alert.objects.create(title_fr="Canicule", title_nl="Hittegolf", starts_on=JULY),
        {"title_fr": "Canicule prolongée"},
        {"level": "urgent"},
    ),
    "partnership": (a_partnership, {"note": "Cours du soir"}, {"kind": "joint_project"}),
    "report": (a_report, {"status": "fixed"}, {"status": "dismissed"}),
    "worker": (make_worker, {"function": "médiatrice de dettes"}, {"availability": "Lundi"}),
}


NOT_THE_SERVICE = [kind for kind in EDITS if kind != "service"]  # its own tests are above


def stored(obj, fields):
    """The saved values of `fields`, as a form posts them."""
    row = type(obj)._default_manager.values(*fields).get(pk=obj.pk)
    return {name: "on" if value is True else value for name, value in row.items()}


@pytest.mark.parametrize("kind", NOT_THE_SERVICE)
def test_the_second_save_is_refused_and_the_first_kept(two_coordinators, reference, kind):
    make, first_edit, second_edit = EDITS[kind]
    obj = make()
    fields = [*first_edit, *second_edit]
    before = stored(obj, fields)
    first, second = two_coordinators
    url, mine = open_form(first, obj, f"{kind}_form")
    _url, theirs = open_form(second, obj, f"{kind}_form")

    assert first.post(url, {**mine, **first_edit}).status_code == 302
    response = second.post(url, {**theirs, **second_edit})

    assert response.status_code == 200
    assert CONFLICT in text(response)
    assert stored(obj, fields) == {**before, **first_edit}


@pytest.mark.parametrize("kind", EDITS)
def test_a_form_posted_without_its_version_is_refused(admin_client, reference, kind):
    make, first_edit, _second_edit = EDITS[kind]
    obj = make()
    before = stored(obj, list(first_edit))
    url, form = open_form(admin_client, obj, f"{kind}_form")
    del form["version"]  # a crafted request, or a tab opened before the field existed

    response = admin_client.post(url, {**form, **first_edit})

    assert response.status_code == 200
    assert NO_VERSION in text(response)
    assert stored(obj, list(first_edit)) == before


@pytest.mark.parametrize("kind", NOT_THE_SERVICE)
def test_one_coordinator_edits_and_edits_again(admin_client, reference, kind):
    make, first_edit, second_edit = EDITS[kind]
    obj = make()
    url, form = open_form(admin_client, obj, f"{kind}_form")
    response = admin_client.post(url, {**form, **first_edit, "_continue": "1"})
    assert response.status_code == 302

    _url, form = open_form(admin_client, obj, f"{kind}_form")
    assert admin_client.post(url, {**form, **second_edit}).status_code == 302

    assert stored(obj, [*first_edit, *second_edit]) == {**first_edit, **second_edit}


# A place's hours are part of the place; a place is part of its service.

HOURS_BEFORE = ([(day, time(9), time(17)) for day in range(5)], [])


def hours_of(place):
    slots = place.schedules.values_list("weekday", "opens_at", "closes_at")
    closures = place.exceptions.values_list("start_date", "end_date", "closed")
    return list(slots), list(closures)


@pytest.mark.parametrize(
    "hours",
    [
        pytest.param({"schedules-0-closes_at": "12:00"}, id="a-slot-changed"),
        pytest.param({"schedules-0-DELETE": "on"}, id="a-slot-removed"),
        pytest.param(
            {
                "exceptions-TOTAL_FORMS": "1",
                "exceptions-0-start_date": "2026-12-24",
                "exceptions-0-end_date": "2026-12-26",
                "exceptions-0-closed": "on",
            },
            id="a-closure-added",
        ),
    ],
)
def test_saving_a_places_hours_is_an_edit_of_the_place(two_coordinators, reference, hours):
    first, second = two_coordinators
    place = make_service().locations.get()
    url, mine = open_form(first, place, "location_form")
    _url, theirs = open_form(second, place, "location_form")

    assert first.post(url, {**mine, **hours}).status_code == 302
    hours_after_first = hours_of(place)
    theirs["street_fr"] = "Rue du Second 2"
    response = second.post(url, theirs)

    assert CONFLICT in text(response)
    assert hours_of(place) == hours_after_first != HOURS_BEFORE
    assert Location.objects.get().street_fr == "Rue de Test 1"


def test_a_place_edited_on_its_services_page_is_a_new_version_of_the_place(
    two_coordinators, reference
):
    first, second = two_coordinators
    service = make_service()
    place = service.locations.get()
    place_url, mine = open_form(first, place, "location_form")
    service_url, theirs = open_form(second, service, "service_form")

    theirs["locations-0-street_fr"] = "Rue du Service 3"
    assert second.post(service_url, theirs).status_code == 302
    mine["wheelchair_accessible"] = "on"
    response = first.post(place_url, mine)

    assert CONFLICT in text(response)
    place.refresh_from_db()
    assert (place.street_fr, place.wheelchair_accessible) == ("Rue du Service 3", False)


def test_hours_saved_on_the_places_page_are_a_new_version_of_the_service(
    two_coordinators, reference
):
    first, second = two_coordinators
    service = make_service()
    place = service.locations.get()
    service_url, mine = open_form(first, service, "service_form")
    place_url, theirs = open_form(second, place, "location_form")

    theirs["schedules-0-closes_at"] = "12:00"
    assert second.post(place_url, theirs).status_code == 302
    mine["locations-0-street_fr"] = "Rue de l'Écrasement 4"
    response = first.post(service_url, mine)

    assert CONFLICT in text(response)
    place.refresh_from_db()
    assert place.street_fr == "Rue de Test 1"
    assert place.schedules.get(weekday=0).closes_at == time(12)


def test_hours_changed_outside_the_admin_make_an_open_place_form_stale(admin_client, reference):
    place = make_service().locations.get()
    url, form = open_form(admin_client, place, "location_form")

    # A script, or an import's deletions: the hours' signals, not the place's page.
    place.exceptions.create(start_date=date(2026, 12, 24), end_date=date(2026, 12, 26))
    form["street_fr"] = "Rue Écrasée 5"
    response = admin_client.post(url, form)

    assert CONFLICT in text(response)
    assert Location.objects.get().street_fr == "Rue de Test 1"


@pytest.mark.parametrize(
    ("path", "value", "street"),
    [
        pytest.param(("schedules", 0, "byday"), "MO", "Chaussée de Gand 10", id="hours-changed"),
        pytest.param(
            ("location", "addresses", 0, "address_1"),
            "Rue de l'Import 6",
            "Rue de l'Import 6",
            id="address-changed",
        ),
    ],
)
def test_an_import_that_changes_a_place_makes_an_open_form_stale(
    admin_client, reference, tmp_path, path, value, street
):
    record = service_record()
    import_hsds(write_json(tmp_path / "s.json", [record]))
    place = Location.objects.get()
    url, form = open_form(admin_client, place, "location_form")

    set_path(record["service_at_locations"][0], path, value)
    import_hsds(write_json(tmp_path / "s.json", [record]))
    form["wheelchair_accessible"] = "on"
    response = admin_client.post(url, form)

    assert CONFLICT in text(response)
    place.refresh_from_db()
    assert (place.street_fr, place.wheelchair_accessible) == (street, False)


# The staff pages: a worker's own profile, an organisation's partnerships.

PROFILE = "/fr/staff/mon-profil/"


def staff_form(client, url, form_id):
    return admin_form(client.get(url), form_id)


def test_a_profile_edited_in_the_admin_meanwhile_is_not_overwritten(
    client, admin_client, reference
):
    worker = make_worker("Awa Diallo")
    client.force_login(worker.user)
    mine = staff_form(client, PROFILE, "profile-form")
    url, theirs = open_form(admin_client, worker, "worker_form")

    theirs["function"] = "coordinatrice de quartier"
    assert admin_client.post(url, theirs).status_code == 302
    mine["availability"] = "Mardi matin"
    response = client.post(PROFILE, mine)

    assert response.status_code == 200
    assert CONFLICT in text(response)
    worker.refresh_from_db()
    assert (worker.function, worker.availability) == ("coordinatrice de quartier", "")


def test_the_two_sides_of_a_partnership_cannot_overwrite_each_other(reference):
    partnership = a_partnership()
    cpas, asbl = partnership.from_organisation, partnership.to_organisation
    one_side, other_side = Client(), Client()
    one_side.force_login(make_worker("Membre du CPAS", organisations=[cpas]).user)
    other_side.force_login(make_worker("Membre de l'asbl", organisations=[asbl]).user)
    ours = f"/fr/staff/organisations/{cpas.slug}/partenariats/{partnership.pk}/"
    theirs = f"/fr/staff/organisations/{asbl.slug}/partenariats/{partnership.pk}/"
    mine = staff_form(one_side, ours, "partnership-form")
    their_form = staff_form(other_side, theirs, "partnership-form")

    assert one_side.post(ours, {**mine, "note": "Orientation vers les cours"}).status_code == 302
    response = other_side.post(theirs, {**their_form, "kind": "joint_project"})

    assert response.status_code == 200
    assert CONFLICT in text(response)
    partnership.refresh_from_db()
    assert (partnership.note, partnership.kind) == ("Orientation vers les cours", "referral")


@pytest.mark.parametrize("page", ["profile", "partnership"])
def test_a_staff_form_posted_without_its_version_is_refused(client, reference, page):
    partnership = a_partnership()
    worker = make_worker("Membre du CPAS", organisations=[partnership.from_organisation])
    client.force_login(worker.user)
    url = {
        "profile": PROFILE,
        "partnership": (
            f"/fr/staff/organisations/{partnership.from_organisation.slug}"
            f"/partenariats/{partnership.pk}/"
        ),
    }[page]
    form = staff_form(client, url, f"{page}-form")
    assert form["version"]
    del form["version"]

    response = client.post(url, {**form, "note": "Piraté", "function": "Piraté"})

    assert response.status_code == 200
    assert NO_VERSION in text(response)
    partnership.refresh_from_db()
    worker.refresh_from_db()
    assert "Piraté" not in (partnership.note, worker.function)


# Two saves at the same moment, for real: PostgreSQL, two connections.


def waiting_on_a_lock():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def post_while_another_saves(client, url, data, locked, save):
    """Posts `data` on another connection while this one, in a transaction, holds the rows
    of `locked` and then runs `save`; returns the answer to the post, or its exception."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's; SQLite lets one writer at a time")
    answers = []

    def post():
        try:
            answers.append(client.post(url, data))
        except Exception as error:  # noqa: BLE001 - the test's assertion shows it
            answers.append(error)
        finally:
            connection.close()

    with transaction.atomic():
        list(locked.select_for_update())
        other = threading.Thread(target=post)
        other.start()
        for _ in range(500):  # at most 5 s for the post to reach a lock
            if waiting_on_a_lock():
                break
            clock.sleep(0.01)
        save()
    other.join(timeout=10)
    assert len(answers) == 1, "the post did not finish"
    return answers[0]


@pytest.mark.django_db(transaction=True)
def test_a_place_saved_while_its_service_is_saving_waits_then_is_told(admin_user, reference):
    """The service's page locks the service, then writes its places; the place's page
    writes the place, then its service. Both lock the service first: no deadlock."""
    place = make_service().locations.get()
    coordinator = Client()
    coordinator.force_login(admin_user)
    url, form = open_form(coordinator, place, "location_form")

    def save_from_the_services_page():
        place.street_fr = "Rue du Service 3"
        place.save()

    answer = post_while_another_saves(
        coordinator,
        url,
        {**form, "wheelchair_accessible": "on"},
        Service.objects.filter(pk=place.service_id),
        save_from_the_services_page,
    )

    assert not isinstance(answer, Exception), answer
    assert CONFLICT in text(answer)
    place.refresh_from_db()
    assert (place.street_fr, place.wheelchair_accessible) == ("Rue du Service 3", False)


@pytest.mark.django_db(transaction=True)
def test_a_partnership_saved_on_both_sides_at_once_keeps_the_first(reference):
    partnership = a_partnership()
    member = Client()
    member.force_login(make_worker("Membre", organisations=[partnership.to_organisation]).user)
    url = (
        f"/fr/staff/organisations/{partnership.to_organisation.slug}/partenariats/{partnership.pk}/"
    )
    form = staff_form(member, url, "partnership-form")

    def save_from_the_other_side():
        partnership.note = "Orientation vers les cours"
        partnership.save()

    answer = post_while_another_saves(
        member,
        url,
        {**form, "kind": "joint_project"},
        Partnership.objects.filter(pk=partnership.pk),
        save_from_the_other_side,
    )

    assert not isinstance(answer, Exception), answer
    assert CONFLICT in text(answer)
    partnership.refresh_from_db()
    assert (partnership.note, partnership.kind) == ("Orientation vers les cours", "referral")


def test_restoring_a_past_version_of_a_place_is_checked_like_an_edit(two_coordinators, reference):
    first, second = two_coordinators
    place = make_service().locations.get()
    url, form = open_form(first, place, "location_form")
    assert first.post(url, {**form, "street_fr": "Rue Nouvelle 5"}).status_code == 302
    past = f"{url.removesuffix('change/')}history/{place.history.earliest().history_id}/"
    mine = admin_form(first.get(past), "historicallocation_form")
    theirs = admin_form(second.get(past), "historicallocation_form")

    assert first.post(past, mine).status_code == 302
    response = second.post(past, {**theirs, "wheelchair_accessible": "on"})

    assert CONFLICT in text(response)
    place.refresh_from_db()
    assert (place.street_fr, place.wheelchair_accessible) == ("Rue de Test 1", False)
