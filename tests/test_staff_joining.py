"""A coordinator invites a worker by e-mail; the worker makes their account with the link,
once, before it expires; coordinators of other communes can neither invite into, nor see,
nor send again what is outside their scope."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.utils import timezone

from directory.models import Invitation, Worker
from directory.models.accounts import hash_token
from directory.models.staff import erase_worker
from directory.staff import invitations
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_coordinator, make_worker

pytestmark = pytest.mark.django_db

ADD = "/admin/directory/invitation/add/"
LIST = "/admin/directory/invitation/"
NEW_PASSWORD = "Quartier-du-Peterbos-2026"  # noqa: S105
LINK = re.compile(r"http://testserver(/(fr|nl|en)/staff/invitation/([\w-]+)/)")


@pytest.fixture
def cpas(reference):
    """An organisation with a service in Anderlecht: in the Anderlecht coordinator's scope."""
    organisation = make_organisation("CPAS d'Anderlecht")
    make_service(
        "Guichet social", lat=50.8367, lon=4.3089, postcode="1070", organisation=organisation
    )
    return organisation


@pytest.fixture
def ixelles_asbl(reference):
    organisation = make_organisation("Asbl d'Ixelles")
    make_service(
        "Épicerie d'Ixelles", lat=50.8275, lon=4.3722, postcode="1050", organisation=organisation
    )
    return organisation


@pytest.fixture
def anderlecht(client, cpas):
    """Logged in as the coordinator of Anderlecht."""
    user = make_coordinator("coord-anderlecht", communes=["anderlecht"])
    client.force_login(user)
    return user


def invite(client, organisation, email="awa@cpas.example", language="fr"):
    return client.post(ADD, {"email": email, "organisation": organisation.pk, "language": language})


def invite_as_ixelles(organisation, email):
    """The coordinator of Ixelles invites, in their own browser."""
    ixelles = Client()
    ixelles.force_login(make_coordinator("coord-ixelles", communes=["ixelles"]))
    assert invite(ixelles, organisation, email=email).status_code == 302


def link_in(message):
    """(path, token) of the invitation link in an e-mail."""
    match = LINK.search(message.body)
    assert match, message.body
    return match[1], match[3]


def join(client, path, consent="yes", **fields):
    data = {
        "name": "Awa Diallo",
        "function": "assistante sociale",
        "password1": NEW_PASSWORD,
        "password2": NEW_PASSWORD,
        "consent": consent,
    }
    return client.post(path, data | fields)


LIST_QUERIES = [{}, {"status": "pending"}, {"q": "bram"}, {"q": "ixelles"}]


def comparable(response):
    """A page without what changes at every request (CSRF token, CSP nonce)."""
    return re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]*"', "", response.content.decode())


def text(response):
    return unescape(response.content.decode())


# Inviting and joining


def test_a_coordinator_invites_a_worker_who_joins_once_with_the_link(client, anderlecht, cpas):
    response = invite(client, cpas, email="Awa@CPAS.example")

    assert response.status_code == 302 and response["Location"] == LIST
    assert "L'invitation est partie par e-mail à awa@cpas.example" in text(client.get(LIST))
    [message] = mail.outbox
    assert message.to == ["awa@cpas.example"]
    assert "CPAS d'Anderlecht" in message.subject
    path, token = link_in(message)
    invitation = Invitation.objects.get()
    # Only the token's hash is kept: the database holds no link that works.
    assert invitation.token_hash == hash_token(token) and token not in invitation.token_hash
    assert invitation.status == Invitation.Status.PENDING

    client.logout()
    page = client.get(path)
    assert page.status_code == 200
    assert "awa@cpas.example" in text(page) and "Créer mon compte" in text(page)
    response = join(client, path)

    assert response.status_code == 302 and response["Location"] == "/fr/staff/mon-profil/"
    profile = text(client.get("/fr/staff/mon-profil/"))
    assert "Bienvenue ! Votre compte est créé." in profile
    worker = Worker.objects.get(name="Awa Diallo")
    assert worker.user.username == worker.user.email == "awa@cpas.example"
    assert list(worker.organisations.all()) == [cpas]
    assert worker.consent_given_at is not None and worker.is_visible_to_colleagues
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED and invitation.worker == worker

    client.logout()
    assert client.get(path).status_code == 410
    assert "Ce lien a déjà servi" in text(client.get(path))
    assert join(client, path, name="Quelqu'un d'autre").status_code == 410
    assert get_user_model().objects.filter(username="awa@cpas.example").count() == 1
    logged_in = client.post(
        "/fr/staff/login/", {"username": "awa@cpas.example", "password": NEW_PASSWORD}
    )
    assert logged_in["Location"] == "/fr/staff/"


def test_declining_consent_makes_an_account_that_colleagues_do_not_see(client, anderlecht, cpas):
    invite(client, cpas)
    path, _token = link_in(mail.outbox[0])
    client.logout()

    join(client, path, consent="no")

    worker = Worker.objects.get(name="Awa Diallo")
    assert worker.consent_given_at is None
    assert not Worker.objects.visible_to_colleagues().filter(pk=worker.pk).exists()
    assert "Vos collègues ne voient pas votre profil." in text(client.get("/fr/staff/mon-profil/"))


def test_the_page_explains_consent_and_asks_for_a_choice(client, anderlecht, cpas):
    invite(client, cpas)
    path, _token = link_in(mail.outbox[0])
    client.logout()

    page = text(client.get(path))
    response = join(client, path, consent="")

    assert "Il n'apparaît jamais sur le site public." in page
    assert "changer d'avis à tout moment" in page
    assert 'type="radio" name="consent" value="yes"' in page and "checked" not in page
    assert response.status_code == 200 and "Choisissez oui ou non." in text(response)
    assert not Worker.objects.exists()


@pytest.mark.parametrize(
    "password1, password2, error",
    [
        ("12345678", "12345678", "entièrement numérique"),
        ("awa@cpas.example", "awa@cpas.example", "trop semblable"),
        ("court", "court", "trop court"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "ne sont pas les mêmes"),
    ],
)
def test_passwords_go_through_djangos_validators(
    client, anderlecht, cpas, password1, password2, error
):
    invite(client, cpas)
    path, _token = link_in(mail.outbox[0])
    client.logout()

    response = join(client, path, password1=password1, password2=password2)

    assert response.status_code == 200 and error in text(response)
    assert not Worker.objects.exists()
    assert Invitation.objects.get().status == Invitation.Status.PENDING


def test_an_expired_link_says_so_and_makes_nothing(client, anderlecht, cpas, settings):
    settings.INVITATION_VALID_DAYS = 7
    invite(client, cpas)
    path, _token = link_in(mail.outbox[0])
    invitation = Invitation.objects.get()
    assert invitation.expires_at - timezone.now() > timedelta(days=6, hours=23)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    client.logout()

    page = client.get(path)
    response = join(client, path)

    assert page.status_code == 410 and "Ce lien a expiré" in text(page)
    assert response.status_code == 410 and not Worker.objects.exists()


@pytest.mark.parametrize("token", ["pas-un-jeton", "x" * 200, "%00", "é"])
def test_a_wrong_link_gives_a_clear_page(client, reference, token):
    response = client.get(f"/fr/staff/invitation/{token}/")

    assert response.status_code == 404
    assert "Ce lien d'invitation ne fonctionne pas" in text(response)


def test_sending_again_replaces_the_link_and_gives_it_a_new_expiry(client, anderlecht, cpas):
    invite(client, cpas)
    old_path, _token = link_in(mail.outbox[0])
    Invitation.objects.update(expires_at=timezone.now() - timedelta(days=1))
    invitation = Invitation.objects.get()
    assert "expirée" in text(client.get(LIST))

    client.post(LIST, {"action": "resend", "_selected_action": [invitation.pk]})

    new_path, _token = link_in(mail.outbox[1])
    assert new_path != old_path
    assert Invitation.objects.get().status == Invitation.Status.PENDING
    client.logout()
    assert client.get(old_path).status_code == 404
    assert join(client, new_path).status_code == 302


def test_two_forms_sent_at_once_with_one_link_make_one_account(client, anderlecht, cpas):
    invite(client, cpas)
    _path, token = link_in(mail.outbox[0])
    first, second = invitations.find(token), invitations.find(token)
    account = {"name": "Awa", "function": "AS", "password": NEW_PASSWORD, "consent": True}

    invitations.accept(first, **account)
    with pytest.raises(invitations.Unusable) as refused:
        invitations.accept(second, **account | {"name": "Quelqu'un d'autre"})

    assert refused.value.problem == invitations.Unusable.USED
    assert list(Worker.objects.values_list("name", flat=True)) == ["Awa"]


def test_the_list_shows_pending_accepted_and_expired_invitations(client, anderlecht, cpas):
    for email in ["a@cpas.example", "b@cpas.example", "c@cpas.example"]:
        invite(client, cpas, email=email)
    Invitation.objects.filter(email="b@cpas.example").update(accepted_at=timezone.now())
    Invitation.objects.filter(email="c@cpas.example").update(expires_at=timezone.now())

    def listed(status):
        return {i.email for i in client.get(LIST, {"status": status}).context["cl"].result_list}

    assert listed("pending") == {"a@cpas.example"}
    assert listed("accepted") == {"b@cpas.example"}
    assert listed("expired") == {"c@cpas.example"}
    sent = len(mail.outbox)
    accepted = Invitation.objects.get(email="b@cpas.example")
    response = client.post(
        LIST, {"action": "resend", "_selected_action": [accepted.pk]}, follow=True
    )
    assert "déjà acceptée" in text(response) and len(mail.outbox) == sent


def test_the_email_and_the_page_speak_the_language_chosen(client, anderlecht, cpas):
    invite(client, cpas, language="nl")

    [message] = mail.outbox
    path, _token = link_in(message)
    assert path.startswith("/nl/staff/invitation/")
    assert "Quartier" in message.subject and "account" in message.body
    client.logout()
    assert "Mijn account aanmaken" in text(client.get(path))


def test_an_address_with_an_account_is_not_invited_again(client, anderlecht, cpas):
    make_worker("Awa Diallo", username="awa@cpas.example")

    response = invite(client, cpas, email="AWA@cpas.example")

    assert response.status_code == 200 and "Un compte existe déjà" in text(response)
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_second_link_to_an_address_that_joined_meanwhile_says_so(
    client, anderlecht, cpas, ixelles_asbl
):
    invite(client, cpas)
    invite_as_ixelles(ixelles_asbl, "awa@cpas.example")
    first, second = (link_in(message)[0] for message in mail.outbox)
    client.logout()

    join(client, first)
    client.logout()
    response = client.get(second)

    assert response.status_code == 410 and "Un compte existe déjà" in text(response)
    assert Worker.objects.count() == 1


def test_a_mail_server_that_fails_is_told_to_the_coordinator(client, anderlecht, cpas, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2

    response = invite(client, cpas)

    assert response.status_code == 302
    assert "l'e-mail n'a pas pu partir" in text(client.get(LIST))
    assert Invitation.objects.get().sent_at is None


def test_erasing_a_worker_erases_their_invitation(client, anderlecht, cpas):
    invite(client, cpas)
    path, _token = link_in(mail.outbox[0])
    client.logout()
    join(client, path)

    erase_worker(Worker.objects.get())

    assert not Invitation.objects.filter(email="awa@cpas.example").exists()


# Scope, as an attacker would try it


def test_a_coordinator_cannot_invite_into_an_organisation_outside_their_scope(
    client, anderlecht, ixelles_asbl
):
    response = invite(client, ixelles_asbl)
    offered = client.get(
        "/admin/autocomplete/",
        {"app_label": "directory", "model_name": "invitation", "field_name": "organisation"},
    ).json()

    assert response.status_code == 200 and "Sélectionnez un choix valide" in text(response)
    assert not Invitation.objects.exists() and not mail.outbox
    assert [result["text"] for result in offered["results"]] == ["CPAS d'Anderlecht"]


def test_invitations_of_another_scope_are_neither_seen_nor_sent_again(
    client, anderlecht, cpas, ixelles_asbl
):
    before = [comparable(client.get(LIST, query)) for query in LIST_QUERIES]
    invite_as_ixelles(ixelles_asbl, "bram@ixelles.example")
    theirs = Invitation.objects.get()
    hash_before = theirs.token_hash

    # The list, filtered or searched, is the same page with or without the other invitation.
    assert [comparable(client.get(LIST, query)) for query in LIST_QUERIES] == before
    assert client.get(f"{LIST}{theirs.pk}/change/").status_code == 403
    assert client.get(f"{LIST}{theirs.pk}/delete/").status_code == 403
    client.post(LIST, {"action": "resend", "_selected_action": [theirs.pk]})
    client.post(LIST, {"action": "delete_selected", "_selected_action": [theirs.pk], "post": "yes"})
    assert len(mail.outbox) == 1
    theirs.refresh_from_db()
    assert theirs.token_hash == hash_before


def test_a_sent_invitation_cannot_be_moved_to_another_organisation(
    client, anderlecht, cpas, ixelles_asbl
):
    invite(client, cpas)
    ours = Invitation.objects.get()

    response = client.post(
        f"{LIST}{ours.pk}/change/",
        {"email": "autre@ixelles.example", "organisation": ixelles_asbl.pk, "language": "fr"},
    )

    assert response.status_code == 403
    ours.refresh_from_db()
    assert (ours.email, ours.organisation) == ("awa@cpas.example", cpas)


def test_a_pending_invitation_elsewhere_is_not_revealed(client, anderlecht, cpas, ixelles_asbl):
    invite_as_ixelles(ixelles_asbl, "awa@cpas.example")

    # The same address, pending in another scope: invited as if nothing were there.
    assert invite(client, cpas).status_code == 302
    # Pending in one's own scope: told to send it again instead.
    again = invite(client, cpas)
    assert again.status_code == 200 and "Une invitation en attente existe déjà" in text(again)


def test_workers_cannot_open_the_invitations(client, cpas):
    worker = make_worker("Awa Diallo", organisations=[cpas])
    client.force_login(worker.user)

    assert client.get(LIST).status_code == 302  # the admin's login: not staff
    assert client.get(ADD).status_code == 302


def test_the_coordinators_group_may_invite(reference):
    coordinator = make_coordinator()

    assert coordinator.has_perm("directory.add_invitation")
    assert coordinator.has_perm("directory.change_invitation")
