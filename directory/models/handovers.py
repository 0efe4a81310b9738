"""Hand-overs ("fiches de liaison"): a worker sends a resident to another service.

A hand-over stores nothing about the resident: no name, birth date, language, address or
note, and no field where one could be typed. It keeps what the quartier network needs to
count real hand-overs between organisations and how many arrived: from which
organisation (and service), to which service, the day, the need (category), and when the
receiving service confirmed the arrival. The one-time code printed on the slip is kept
only as a keyed hash: the database alone cannot tell anyone a code. `created_by` lets the
worker find their own slips again; it is shown to nobody else.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Letters and digits nobody confuses on paper or by hand: no 0/O, 1/I/L, 2/Z, 5/S, 8/B,
# U/V. Eight of these 23 signs are about 36 bits, tried at most a few hundred times an
# hour (staff/liaison.py throttles the code page).
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTWXY"
CODE_LENGTH = 8


def new_code():
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text):
    """A code as typed ("abcd-efgh ", "ABCD EFGH") in its stored form, or "" if it cannot be one."""
    code = "".join(c for c in (text or "").upper() if c not in " -.\t")
    if len(code) != CODE_LENGTH or any(c not in CODE_ALPHABET for c in code):
        return ""
    return code


def code_hash(code):
    """The keyed hash a code is stored and looked up by (HMAC-SHA256 with SECRET_KEY)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"handover-code:{code}".encode(), hashlib.sha256).hexdigest()


def printed_code(code):
    """ "ACDE-FGHJ": two groups of four, easier to read out and type."""
    return f"{code[:4]}-{code[4:]}"


class HandOverQuerySet(models.QuerySet):
    def since(self, day):
        return self.filter(date__gte=day)

    def received_by(self, organisations):
        """Hand-overs to a service of one of `organisations` (a queryset or ids)."""
        return self.filter(to_service__organisation__in=organisations)

    def expected(self):
        return self.filter(acknowledged_at__isnull=True)

    def for_lists(self):
        return self.select_related(
            "from_organisation", "from_service", "to_service__organisation", "category"
        )

    def pairs(self, organisations):
        """Counts per (sending, receiving) organisation for hand-overs with either end among
        `organisations`, between two different organisations: [{from_organisation_id,
        to_organisation_id, sent, arrived}], most sent first, in one query."""
        return (
            self.filter(
                Q(from_organisation__in=organisations)
                | Q(to_service__organisation__in=organisations)
            )
            .exclude(from_organisation=models.F("to_service__organisation"))
            .values("from_organisation_id", to_organisation_id=models.F("to_service__organisation"))
            .annotate(
                sent=Count("pk"), arrived=Count("pk", filter=Q(acknowledged_at__isnull=False))
            )
            .order_by("-sent", "from_organisation_id", "to_organisation_id")
        )


class HandOver(models.Model):
    """A fiche de liaison: which service a resident was sent to, from where, when, for what.

    Nothing about the resident is stored (see the module's docstring).
    """

    from_organisation = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="handovers_sent",
        verbose_name=_("depuis l'organisation"),
    )
    from_service = models.ForeignKey(
        "directory.Service",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="handovers_sent",
        verbose_name=_("depuis le service"),
    )
    to_service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        related_name="handovers_received",
        verbose_name=_("vers le service"),
    )
    category = models.ForeignKey(
        "directory.Category",
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("besoin"),
    )
    date = models.DateField(_("date"), default=timezone.localdate, db_index=True)
    code_hash = models.CharField(max_length=64, unique=True, editable=False)
    acknowledged_at = models.DateTimeField(_("arrivée confirmée le"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("faite par"),
    )

    objects = HandOverQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("fiche de liaison")
        verbose_name_plural = _("fiches de liaison")

    def __str__(self):
        return f"{self.date} → {self.to_service}"

    @property
    def arrived(self):
        return self.acknowledged_at is not None


class ArrivalThrottle(models.Model):
    """Wrong codes typed on the arrival page in the current window, by a keyed hash of the
    sender's address, and for everyone together (key "*"); see staff/liaison.py."""

    key = models.CharField(max_length=64, unique=True)
    window_start = models.DateTimeField(db_index=True)
    failures = models.PositiveIntegerField(default=0)

    def __str__(self):
        return self.key
