"""How workers get an account and get back in: coordinators' invitations, password resets.

An invitation's link carries a random token; only its SHA-256 is stored, so neither the
database nor a backup of it holds a link that works. Sending it again makes a new token.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Longer than any token we make (43 characters): anything longer is no token of ours.
MAX_TOKEN_LENGTH = 64


def hash_token(token):
    return hashlib.sha256(token.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet):
    def with_status(self, status, now=None):
        now = now or timezone.now()
        return self.filter(
            {
                Invitation.Status.PENDING: Q(accepted_at__isnull=True, expires_at__gt=now),
                Invitation.Status.ACCEPTED: Q(accepted_at__isnull=False),
                Invitation.Status.EXPIRED: Q(accepted_at__isnull=True, expires_at__lte=now),
            }[status]
        )

    def pending(self):
        return self.with_status(Invitation.Status.PENDING)

    def with_token(self, token):
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return self.none()
        return self.filter(token_hash=hash_token(token))


class Invitation(models.Model):
    """A coordinator asks someone, by e-mail, to join as a worker of one organisation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente")
        ACCEPTED = "accepted", _("acceptée")
        EXPIRED = "expired", _("expirée")

    email = models.EmailField(
        _("e-mail"),
        help_text=_(
            "L'adresse professionnelle de la personne: elle s'en servira pour se connecter."
        ),
    )
    organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("organisation"),
    )
    language = models.CharField(
        _("langue de l'e-mail"), max_length=10, default=settings.LANGUAGE_CODE
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("expire le"))
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invitée par"),
    )
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)
    # Erasing the worker (erase_worker) takes their invitation, and its address, with it.
    worker = models.OneToOneField(
        "directory.Worker",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="invitation",
        verbose_name=_("travailleur social"),
    )
    created = models.DateTimeField(auto_now_add=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return self.email

    @property
    def status(self):
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def new_token(self):
        """A fresh link, valid INVITATION_VALID_DAYS from now; the previous one stops working.

        Returns the token, which is nowhere else: put it in the e-mail.
        """
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        self.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
        return token


class ResetRequest(models.Model):
    """A password reset asked for, known by keyed hashes of the sender's address and of the
    e-mail given: enough to count them for an hour (see staff/joining.py), no more."""

    address_key = models.CharField(max_length=64, db_index=True)
    email_key = models.CharField(max_length=64, db_index=True)
    created = models.DateTimeField(db_index=True)

    def __str__(self):
        return f"{self.created:%Y-%m-%d %H:%M}"
