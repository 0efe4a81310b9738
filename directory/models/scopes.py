"""A coordinator's scope: the communes and organisations they keep true (see roles.py)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class CoordinatorScope(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="coordinator_scope",
        verbose_name=_("utilisateur"),
    )
    communes = models.ManyToManyField(
        "directory.Commune",
        blank=True,
        related_name="coordinator_scopes",
        verbose_name=_("communes"),
    )
    organisations = models.ManyToManyField(
        "directory.Organisation",
        blank=True,
        related_name="coordinator_scopes",
        verbose_name=_("organisations"),
    )

    history = HistoricalRecords(m2m_fields=[communes, organisations])

    class Meta:
        verbose_name = _("périmètre de coordination")
        verbose_name_plural = _("périmètres de coordination")

    def __str__(self):
        return str(self.user)
