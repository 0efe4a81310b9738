"""Residents report a wrong listing ("signaler une erreur"); coordinators moderate.

No account and no third-party captcha: a honeypot field, a minimum time between showing
the form and sending it (a signed timestamp), and a limit per sender per hour. Senders
are known only by a keyed hash of their address, kept for that limit and nothing else.
The limit holds under concurrent posts: a sender's reports are counted and saved one at
a time (`save_report`). Each report saved is e-mailed to the coordinators whose scope
holds the service (roles.coordinators_of), with what the resident chose to write and
nothing else about them.
"""

import hashlib
import hmac
import logging
from datetime import timedelta

from django import forms
from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import roles
from .http import client_ip
from .models import Report, ReportSender

logger = logging.getLogger(__name__)

MIN_SECONDS_TO_FILL = 3
MAX_FORM_AGE = timedelta(days=1)
REPORTS_PER_HOUR = 5
SIGNING_SALT = "directory.reports.form-shown"


def sender_key(request):
    """A keyed hash of the sender's address: enough to count their reports, no more."""
    address = client_ip(request) or ""
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()


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
    notify_coordinators(report)
    return True


def notify_coordinators(report):
    """E-mails the report to each coordinator of its service, in French then Dutch, as
    Brussels coordinations are used to. A mail server that fails is logged: the resident
    is thanked all the same, and the report waits in the admin's queue."""
    recipients = sorted(
        set(roles.coordinators_of(report.service).exclude(email="").values_list("email", flat=True))
    )
    if not recipients:
        return 0
    context = {
        "report": report,
        "service": report.service,
        "url": settings.SITE_URL + reverse("admin:directory_report_change", args=[report.pk]),
    }
    subjects, bodies = [], []
    for language in ("fr", "nl"):
        with translation.override(language):
            subjects.append(render_to_string("directory/email/report_subject.txt", context))
            bodies.append(render_to_string("directory/email/report.txt", context).strip())
    subject = " ".join(" / ".join(subjects).split())  # one line, whatever the name holds
    body = "\n\n---\n\n".join(bodies) + "\n"
    # One message each: coordinators do not learn each other's addresses.
    messages = [EmailMessage(subject, body, to=[address]) for address in recipients]
    try:
        return get_connection().send_messages(messages) or 0
    except Exception:
        logger.exception("report %s: the coordinators' e-mail failed", report.pk)
        return 0


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


class QuickReportForm(forms.Form):
    """The door sticker's two buttons: the same traps as ReportForm, no text to write."""

    REASONS = {
        Report.Reason.CLOSED: _("Fermé aujourd'hui"),
        Report.Reason.HOURS: _("Horaires faux"),
    }

    reason = forms.ChoiceField(choices=list(REASONS.items()))
    website = forms.CharField(required=False)
    shown = forms.CharField(widget=forms.HiddenInput)

    clean_shown = ReportForm.clean_shown

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shown"].initial = form_token()

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))

    def message(self, day):
        """What the coordinators read: which button, on which day, from where."""
        with translation.override(settings.LANGUAGE_CODE):
            return _("« %(button)s », signalé le %(day)s depuis l'autocollant de la porte.") % {
                "button": self.REASONS[self.cleaned_data["reason"]],
                "day": f"{day:%d/%m/%Y}",
            }
