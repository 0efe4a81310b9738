"""Anyone with an account chooses a new password by e-mail, without asking the coordination;
the page says the same whether or not an address has an account, and limits the asking."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.utils import timezone

from directory.models import ResetRequest
from directory.staff import joining
from tests.staff_factories import PASSWORD, make_coordinator, make_worker

pytestmark = pytest.mark.django_db

RESET = "/fr/staff/mot-de-passe-oublie/"
NEW_PASSWORD = "Une-autre-rue-de-Molenbeek-7"  # noqa: S105
LINK = re.compile(r"http://testserver(/(fr|nl|en)/staff/mot-de-passe/[\w-]+/[\w-]+/)")


@pytest.fixture
def awa(reference):
    worker = make_worker("Awa Diallo", username="awa")
    worker.user.email = "awa@cpas.example"
    worker.user.save()
    return worker


def text(response):
    return unescape(response.content.decode())


def without_nonce(response):
    """The page, its per-response CSP nonce aside."""
    return re.sub(r'nonce="[^"]*"', "", response.content.decode())


def log_in(client, username, password):
    response = client.post("/fr/staff/login/", {"username": username, "password": password})
    return response.status_code == 302


def test_a_worker_who_forgot_their_password_chooses_a_new_one(client, awa):
    assert RESET in client.get("/fr/staff/login/").content.decode()

    response = client.post(RESET, {"email": "AWA@cpas.example"})

    assert response["Location"] == "/fr/staff/mot-de-passe-oublie/envoye/"
    [message] = mail.outbox
    assert message.to == ["awa@cpas.example"]
    assert message.subject == "Quartier: choisir un nouveau mot de passe"
    assert "Votre nom d'utilisateur: awa" in message.body
    assert "pendant 3 jours" in message.body
    link = LINK.search(message.body)[1]
    form = client.get(link, follow=True)
    assert "Choisissez un nouveau mot de passe" in text(form)
    response = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response["Location"] == "/fr/staff/mot-de-passe/change/"
    assert "vous êtes connecté" in text(client.get(response["Location"]))
    assert client.get("/fr/staff/").status_code == 200
    client.logout()
    assert not log_in(client, "awa", PASSWORD)
    assert log_in(client, "awa", NEW_PASSWORD)
    client.logout()
    assert "Ce lien ne fonctionne plus" in text(client.get(link, follow=True))


def test_the_new_password_goes_through_djangos_validators(client, awa):
    client.post(RESET, {"email": "awa@cpas.example"})
    form = client.get(LINK.search(mail.outbox[0].body)[1], follow=True)

    response = client.post(
        form.redirect_chain[-1][0], {"new_password1": "12345678", "new_password2": "12345678"}
    )

    assert response.status_code == 200 and "entièrement numérique" in text(response)
    assert log_in(client, "awa", PASSWORD)


def test_a_known_and_an_unknown_address_get_the_same_answer(client, awa):
    known = client.post(RESET, {"email": "awa@cpas.example"}, follow=True)
    unknown = client.post(RESET, {"email": "personne@nulle-part.example"}, follow=True)

    assert known.redirect_chain == [("/fr/staff/mot-de-passe-oublie/envoye/", 302)]
    assert unknown.redirect_chain == known.redirect_chain
    assert without_nonce(unknown) == without_nonce(known)
    assert "Si un compte correspond à cette adresse" in text(known)
    assert len(mail.outbox) == 1


def test_coordinators_reset_their_password_too(client, reference):
    coordinator = make_coordinator("coord")
    coordinator.email = "coord@commune.example"
    coordinator.save()

    client.post(RESET, {"email": "coord@commune.example"})

    assert mail.outbox[0].to == ["coord@commune.example"]


def test_a_wrong_link_gives_a_clear_page(client, awa):
    response = client.get("/fr/staff/mot-de-passe/MQ/pas-un-jeton/", follow=True)

    assert response.status_code == 200
    assert "Ce lien ne fonctionne plus" in text(response)
    assert "Demander un nouveau lien" in text(response)


def test_the_email_speaks_the_language_of_the_page(client, awa):
    client.post("/nl/staff/mot-de-passe-oublie/", {"email": "awa@cpas.example"})

    [message] = mail.outbox
    assert LINK.search(message.body)[2] == "nl"
    assert "wachtwoord" in message.subject.lower()


def test_asking_for_one_address_too_often_is_limited_whether_it_has_an_account_or_not(client, awa):
    for email in ["awa@cpas.example", "personne@nulle-part.example"]:
        answers = [
            client.post(RESET, {"email": email}).status_code
            for _ in range(joining.RESETS_PER_EMAIL_PER_HOUR + 1)
        ]
        assert answers == [302] * joining.RESETS_PER_EMAIL_PER_HOUR + [429], email

    assert len(mail.outbox) == joining.RESETS_PER_EMAIL_PER_HOUR
    limited = text(client.post(RESET, {"email": "awa@cpas.example"}))
    assert "Trop de demandes" in limited and "réessayez dans une heure" in limited


def test_one_sender_asking_for_many_addresses_is_limited(client, reference):
    answers = [
        client.post(RESET, {"email": f"personne{n}@example.org"}).status_code
        for n in range(joining.RESETS_PER_ADDRESS_PER_HOUR + 1)
    ]
    from_elsewhere = client.post(
        RESET, {"email": "autre@example.org"}, REMOTE_ADDR="192.0.2.7"
    ).status_code

    assert answers[-1] == 429 and set(answers[:-1]) == {302}
    assert from_elsewhere == 302


def test_requests_older_than_an_hour_no_longer_count(client, awa):
    for _ in range(joining.RESETS_PER_EMAIL_PER_HOUR):
        client.post(RESET, {"email": "awa@cpas.example"})
    ResetRequest.objects.update(created=timezone.now() - timedelta(hours=1, minutes=1))

    assert client.post(RESET, {"email": "awa@cpas.example"}).status_code == 302
    assert ResetRequest.objects.count() == 1
