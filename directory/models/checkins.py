"""Crisis check-ins: a coordinator asks every service of their communes how it is today.

Each service in scope gets a `CheckInRequest` with its own link (a random token, of which
only the SHA-256 is stored, as for invitations). The link works without a login until
the check-in ends, and answers for that service only; answering again the same day
changes the answer (checkins.py turns it into the service's status for the day).
"""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..translation import translated
from .accounts import MAX_TOKEN_LENGTH, hash_token

# How long a check-in runs unless the coordinator says otherwise.
DEFAULT_DAYS = 3


def default_end():
    return timezone.localdate() + timedelta(days=DEFAULT_DAYS - 1)


class CheckInQuerySet(models.QuerySet):
    def running(self, day=None):
        day = day or timezone.localdate()
        return self.filter(ended_at__isnull=True, starts_on__lte=day, ends_on__gte=day)


class CheckIn(models.Model):
    """ "Vague de froid": the question asked of every published service of some communes."""

    title = translated(models.CharField(_("titre"), max_length=150))
    communes = models.ManyToManyField(
        "directory.Commune", related_name="check_ins", verbose_name=_("communes")
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lancée par"),
    )
    starts_on = models.DateField(_("du"), default=timezone.localdate, editable=False)
    ends_on = models.DateField(
        _("au"),
        default=default_end,
        help_text=_("Les liens envoyés fonctionnent jusqu'à la fin de ce jour."),
    )
    ended_at = models.DateTimeField(_("arrêtée le"), null=True, blank=True, editable=False)
    created = models.DateTimeField(auto_now_add=True)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("vérification de crise")
        verbose_name_plural = _("vérifications de crise")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="check_in_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title_fr

    @property
    def expires_at(self):
        """The end of its last day: no link of this check-in works after it."""
        return timezone.make_aware(datetime.combine(self.ends_on + timedelta(days=1), time()))

    @property
    def is_running(self):
        today = timezone.localdate()
        return self.ended_at is None and self.starts_on <= today <= self.ends_on


class CheckInRequestQuerySet(models.QuerySet):
    def with_token(self, token):
        if not token or len(token) > MAX_TOKEN_LENGTH:
            return self.none()
        return self.filter(token_hash=hash_token(token))

    def confirming(self, day=None):
        """Answers of check-ins running on `day`: what cards show as "confirmé ..."."""
        running = CheckIn.objects.running(day).values("pk")
        return self.filter(answered_at__isnull=False, check_in__in=running)

    def unanswered(self):
        return self.filter(answered_at__isnull=True)


class CheckInRequest(models.Model):
    """One service's link and answer for one check-in."""

    class Answer(models.TextChoices):
        OPEN = "open", _("ouvert comme d'habitude")
        CLOSED = "closed", _("fermé aujourd'hui")
        CHANGED_HOURS = "changed_hours", _("horaires modifiés")
        FULL = "full", _("complet aujourd'hui")

    check_in = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, related_name="requests", verbose_name=_("vérification")
    )
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        related_name="check_in_requests",
        verbose_name=_("service"),
    )
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Vide : à téléphoner."))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("relancé le"), null=True, blank=True)
    answered_at = models.DateTimeField(_("répondu le"), null=True, blank=True)
    answer = models.CharField(_("réponse"), max_length=15, choices=Answer.choices, blank=True)
    note = models.CharField(_("précision"), max_length=300, blank=True)
    answers = models.PositiveIntegerField(default=0, editable=False)
    # The status the answer made for its day, replaced when the service answers again.
    status = models.OneToOneField(
        "directory.TemporaryStatus",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="check_in_request",
    )

    objects = CheckInRequestQuerySet.as_manager()

    class Meta:
        ordering = ["check_in", "service__name_fr"]
        verbose_name = _("demande de vérification")
        verbose_name_plural = _("demandes de vérification")
        constraints = [
            models.UniqueConstraint(fields=["check_in", "service"], name="one_request_per_service")
        ]

    def __str__(self):
        return f"{self.check_in} – {self.service}"

    def new_token(self):
        """A fresh link; the previous one stops working. Returns the token (put it in the
        e-mail: it is nowhere else)."""
        token = secrets.token_urlsafe(32)
        self.token_hash = hash_token(token)
        return token
