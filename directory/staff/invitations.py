"""Joining by invitation: a coordinator invites, the invited person makes their account.

The admin (admin/staff.py) and the invitation page (staff/joining.py) both go through
these functions. The link works once, until it expires; sending it again replaces it.
"""

import logging

from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from ..models import Invitation, Worker

logger = logging.getLogger(__name__)


class Unusable(Exception):
    """The link cannot make an account; `problem` says why, for the page that explains it."""

    UNKNOWN, USED, EXPIRED, ACCOUNT_EXISTS = "unknown", "used", "expired", "account"

    def __init__(self, problem):
        super().__init__(problem)
        self.problem = problem


def account_exists(email):
    """Whether an account already answers to this address (as username or as e-mail)."""
    return (
        get_user_model().objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists()
    )


def invite(invitation, invited_by, base_url):
    """Saves a new invitation and e-mails its link. Returns whether the e-mail left."""
    invitation.invited_by = invited_by
    token = invitation.new_token()
    invitation.save()
    return send(invitation, token, base_url)


def resend(invitation, base_url):
    """A new link for a pending or expired invitation (the old one stops working)."""
    if invitation.accepted_at:
        return False
    token = invitation.new_token()
    invitation.save(update_fields=["token_hash", "expires_at"])
    return send(invitation, token, base_url)


def send(invitation, token, base_url):
    """E-mails the link in the invitation's language; a mail server's failure is logged
    and told to the coordinator, who can send it again, never a server error."""
    with translation.override(invitation.language):
        context = {
            "invitation": invitation,
            "link": base_url + reverse("staff:invitation", args=[token]),
        }
        subject = render_to_string("staff/email/invitation_subject.txt", context)
        body = render_to_string("staff/email/invitation.txt", context)
    try:
        send_mail(" ".join(subject.split()), body, None, [invitation.email])
    except Exception:
        logger.exception("invitation %s not sent", invitation.pk)
        return False
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    return True


def find(token):
    """The pending invitation of this link, or Unusable."""
    invitation = Invitation.objects.select_related("organisation").with_token(token).first()
    if invitation is None:
        raise Unusable(Unusable.UNKNOWN)
    if invitation.accepted_at:
        raise Unusable(Unusable.USED)
    if invitation.status == Invitation.Status.EXPIRED:
        raise Unusable(Unusable.EXPIRED)
    if account_exists(invitation.email):
        raise Unusable(Unusable.ACCOUNT_EXISTS)
    return invitation


def accept(invitation, *, name, function, password, consent):
    """Makes the worker's account from the invitation, once, and returns the worker.

    The invitation is claimed by one conditional update: of two forms sent at once with
    the same link, one makes the account and the other raises Unusable(USED).
    """
    now = timezone.now()
    email = invitation.email
    try:
        with transaction.atomic():
            claimed = Invitation.objects.filter(
                pk=invitation.pk,
                token_hash=invitation.token_hash,
                accepted_at__isnull=True,
                expires_at__gt=now,
            ).update(accepted_at=now)
            if not claimed:
                raise Unusable(Unusable.USED)
            if account_exists(email):
                raise Unusable(Unusable.ACCOUNT_EXISTS)
            user = get_user_model().objects.create_user(
                username=email, email=email, password=password
            )
            worker = Worker.objects.create(
                user=user,
                name=name,
                function=function,
                consent_given_at=now if consent else None,
            )
            worker.organisations.add(invitation.organisation)
            Invitation.objects.filter(pk=invitation.pk).update(worker=worker)
    except IntegrityError:  # the same address, taken by another link a moment before
        raise Unusable(Unusable.ACCOUNT_EXISTS) from None
    return worker
