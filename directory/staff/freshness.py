"""Keeping listings fresh: which are stale, marking one verified, reminding those responsible."""

from dataclasses import dataclass
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..models import Service


def stale_services(max_age_days=None, today=None):
    """Published services never verified or verified longer ago than the limit, oldest first."""
    today = today or timezone.localdate()
    cutoff = today - timedelta(days=max_age_days or settings.STALE_AFTER_DAYS)
    return (
        Service.objects.public()
        .filter(Q(last_verified__isnull=True) | Q(last_verified__lt=cutoff))
        .select_related("organisation")
        .order_by(F("last_verified").asc(nulls_first=True), "name_fr")
    )


def mark_verified(service, user, day=None):
    """Records that `user` checked the listing today; the history keeps who did."""
    service.last_verified = day or timezone.localdate()
    service._history_user = user
    service.save(update_fields=["last_verified", "modified"])


@dataclass
class Reminder:
    organisation: object
    services: list
    recipients: list


def reminders(max_age_days=None):
    """One reminder per organisation with stale listings, to its address and its workers'."""
    services = stale_services(max_age_days).order_by("organisation__name_fr", "name_fr")
    result = []
    for organisation, group in groupby(services, key=lambda service: service.organisation):
        addresses = {organisation.email}
        addresses.update(
            organisation.workers.filter(user__is_active=True).values_list("email", flat=True)
        )
        result.append(Reminder(organisation, list(group), sorted(a for a in addresses if a)))
    return result


def send_reminder(reminder, base_url):
    """Sends one e-mail in French then Dutch, as Brussels services are used to."""
    context = {"reminder": reminder, "base_url": base_url.rstrip("/")}
    subjects, bodies = [], []
    for language in ("fr", "nl"):
        with translation.override(language):
            subject = render_to_string("staff/email/verification_reminder_subject.txt", context)
            subjects.append(subject.strip())
            bodies.append(
                render_to_string("staff/email/verification_reminder.txt", context).strip()
            )
    subject = " / ".join(subjects)
    send_mail(subject, "\n\n---\n\n".join(bodies) + "\n", None, reminder.recipients)
    return subject
