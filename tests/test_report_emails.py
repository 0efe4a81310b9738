"""A resident reports an error: the coordinators of that service hear of it, nobody else,
and they learn nothing of the resident beyond what the resident wrote."""

import pytest
from django.core import mail
from django.test import Client

from directory import reports, roles
from directory.models import Report, Service
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_coordinator
from tests.test_staff_reports import fill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_wait(monkeypatch):
    monkeypatch.setattr(reports, "MIN_SECONDS_TO_FILL", 0)


def coordinator(username, **scope):
    user = make_coordinator(username, **scope)
    user.email = f"{username}@example.org"
    user.save()
    return user


@pytest.fixture
def world(reference, django_user_model):
    """A service in Molenbeek of the CPAS, and coordinators in and out of its scope."""
    cpas = make_organisation("CPAS de Molenbeek")
    service = make_service("Permanence sociale", lat=50.8549, lon=4.3260, organisation=cpas)
    make_service("Guichet d'Uccle", lat=50.80, lon=4.37, postcode="1180")
    coordinator("molenbeek", communes=["molenbeek-saint-jean"])
    coordinator("cpas", organisations=[cpas])
    coordinator("uccle", communes=["uccle"])
    gone = coordinator("ancienne", communes=["molenbeek-saint-jean"])
    gone.is_active = False
    gone.save()
    django_user_model.objects.create_superuser("root", "root@example.org", "x")
    return service


def test_the_coordinators_of_the_service_are_told_and_nobody_else(client, world):
    assert fill(client, world).status_code == 302

    assert sorted(m.to[0] for m in mail.outbox) == ["cpas@example.org", "molenbeek@example.org"]
    assert all(len(m.to) == 1 and not m.cc and not m.bcc for m in mail.outbox)


def test_the_mail_says_what_is_wrong_in_french_then_dutch_with_a_link(client, world):
    fill(client, world, reason="phone", message="Le numéro ne répond plus")

    message = mail.outbox[0]
    report = Report.objects.get()
    assert message.subject == (
        "Quartier: erreur signalée sur « Permanence sociale » / "
        "Quartier: fout gemeld op ‘Permanence sociale’"
    )
    assert "Le téléphone est faux" in message.body and "Het telefoonnummer klopt niet" in (
        message.body
    )
    assert "Le numéro ne répond plus" in message.body
    assert f"/admin/directory/report/{report.pk}/change/" in message.body


def test_the_mail_carries_nothing_of_the_resident_but_their_words(world):
    """Twin residents, differing in address and browser only: the same mail."""
    bodies = []
    for address, agent in [("192.0.2.1", "Firefox"), ("198.51.100.7", "Safari")]:
        mail.outbox.clear()
        fill(Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent), world)
        report = Report.objects.latest("created")
        bodies.append(mail.outbox[0].body.replace(f"/report/{report.pk}/", "/report/<id>/"))
        assert address not in bodies[-1] and agent not in bodies[-1]
        assert report.sender_key not in bodies[-1]
    assert bodies[0] == bodies[1]


def test_a_robot_and_a_sender_over_the_limit_send_nobody_anything(client, world):
    fill(client, world, website="https://spam.example")
    assert mail.outbox == []

    for _ in range(reports.REPORTS_PER_HOUR):
        fill(client, world)
    mail.outbox.clear()
    assert fill(client, world).status_code == 429
    assert mail.outbox == []


def test_a_failing_mail_server_does_not_fail_the_resident(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there

    response = fill(client, world)

    assert response.status_code == 302
    assert Report.objects.count() == 1


def test_coordinators_of_a_service_are_exactly_those_whose_scope_holds_it(world, django_user_model):
    users = list(django_user_model.objects.filter(is_superuser=False))
    for service in Service.objects.all():
        told = set(roles.coordinators_of(service))
        may_edit = {user for user in users if roles.can_edit_service(user, service)}
        assert told == {user for user in may_edit if user.is_active and user.is_staff}
