"""Two coordinators open the same listing: the second to save is told, nothing is lost."""

from html import unescape

import pytest
from django.test import Client

from directory.models import Organisation, Service
from tests.admin_forms import admin_form
from tests.factories import make_organisation, make_service

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


def test_the_second_save_of_an_organisation_is_refused(two_coordinators, reference):
    first, second = two_coordinators
    organisation = make_organisation("Asbl Essai")
    url, mine = open_form(first, organisation, "organisation_form")
    _url, theirs = open_form(second, organisation, "organisation_form")

    mine["website"] = "https://premier.example.org"
    assert first.post(url, mine).status_code == 302
    theirs["website"] = "https://second.example.org"
    response = second.post(url, theirs)

    assert CONFLICT in unescape(response.content.decode())
    assert Organisation.objects.get().website == "https://premier.example.org"
