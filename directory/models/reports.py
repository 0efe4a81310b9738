"""Residents' reports of a wrong listing, and the senders counted against the hourly limit."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


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


class ReportSender(models.Model):
    """A sender of the last hour, whose row is locked while their report is counted."""

    key = models.CharField(max_length=64, unique=True)
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self):
        return self.key
