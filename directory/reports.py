"""Residents report a wrong listing ("signaler une erreur"); coordinators moderate.

No account and no third-party captcha: a honeypot field, a minimum time between showing
the form and sending it (a signed timestamp), and a limit per sender per hour. Senders
are known only by a keyed hash of their address, kept for that limit and nothing else.
The limit holds under concurrent posts: a sender's reports are counted and saved one at
a time (`save_report`).
"""

import hashlib
import hmac
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .http import client_ip

MIN_SECONDS_TO_FILL = 3
MAX_FORM_AGE = timedelta(days=1)
REPORTS_PER_HOUR = 5
SIGNING_SALT = "directory.reports.form-shown"


class Report(models.Model):
    class Reason(models.TextChoices):
        CLOSED = "closed", _("Le service est fermé ou n'existe plus")
        HOURS = "hours", _("Les horaires sont faux")
        PHONE = "phone", _("Le téléphone est faux")
        ADDRESS = "address", _("L'adresse est fausse")
        OTHER = "other", _("Autre chose")

    class Status(models.TextChoices):
        NEW = "new", _("à traiter")
        FIXED = "fixed", _("corrigé")
        DISMISSED = "dismissed", _("écarté")

    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("service"),
    )
    reason = models.CharField(_("problème"), max_length=10, choices=Reason.choices)
    message = models.TextField(_("précisions"), max_length=1000, blank=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created = models.DateTimeField(_("reçu le"), auto_now_add=True, db_index=True)
    handled_at = models.DateTimeField(_("traité le"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traité par"),
    )
    sender_key = models.CharField(max_length=64, editable=False, db_index=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("signalement")
        verbose_name_plural = _("signalements")

    def __str__(self):
        return f"{self.service} – {self.get_reason_display()}"


def sender_key(request):
    """A keyed hash of the sender's address: enough to count their reports, no more."""
    address = client_ip(request) or ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


class ReportSender(models.Model):
    """A sender of the last hour, whose row is locked while their report is counted."""

    key = models.CharField(max_length=64, unique=True)
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key


def too_many_reports(key):
    since = timezone.now() - timedelta(hours=1)
    return Report.objects.filter(sender_key=key, created__gte=since).count() >= REPORTS_PER_HOUR


def save_report(report, key):
    """Saves the report from the sender `key` unless they reached the hourly limit.

    Returns whether it was saved. The sender's row is written first: PostgreSQL locks it
    (and SQLite the database) until the report is saved, so twenty posts at once are
    counted one after the other, not all against the same count.
    """
    now = timezone.now()
    with transaction.atomic():
        ReportSender.objects.bulk_create(
            [ReportSender(key=key, last_seen=now)],
            update_conflicts=True,
            unique_fields=["key"],
            update_fields=["last_seen"],
        )
        if too_many_reports(key):
            return False
        report.sender_key = key
        report.save()
    # Outside the lock: nobody waits on the clean-up, and it waits on nobody's lock.
    ReportSender.objects.filter(last_seen__lt=now - timedelta(hours=1)).delete()
    return True


def form_token():
    return signing.TimestampSigner(salt=SIGNING_SALT).sign("report-form")


class ReportForm(forms.ModelForm):
    """The resident's form, with the two traps that keep robots out."""

    # Hidden from people by CSS; robots fill every field they find.
    website = forms.CharField(label=_("Ne remplissez pas ce champ"), required=False)
    shown = forms.CharField(widget=forms.HiddenInput)

    class Meta:
        model = Report
        fields = ["reason", "message"]
        widgets = {
            "reason": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shown"].initial = form_token()
        self.fields["reason"].label = _("Qu'est-ce qui ne va pas ?")
        self.fields["message"].label = _("Précisions (facultatif)")
        self.fields["message"].help_text = _(
            "Par exemple les bons horaires. N'écrivez pas de données personnelles."
        )

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))

    def clean_shown(self):
        signer = signing.TimestampSigner(salt=SIGNING_SALT)
        try:
            signer.unsign(self.cleaned_data["shown"], max_age=MAX_FORM_AGE)
        except signing.BadSignature:
            raise forms.ValidationError(
                _("Ce formulaire a expiré: rechargez la page et recommencez.")
            ) from None
        shown_at = signing.b62_decode(self.cleaned_data["shown"].rsplit(":", 2)[1])
        if timezone.now().timestamp() - shown_at < MIN_SECONDS_TO_FILL:
            raise forms.ValidationError(
                _("Envoyé trop vite: relisez votre message, puis envoyez-le à nouveau.")
            )
        return self.cleaned_data["shown"]
