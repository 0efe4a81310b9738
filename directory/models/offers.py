"""What a service asks of those who come: its prices (cost options) and the documents to
bring. Imported from HSDS files (cost_options, required_documents) and edited in the admin."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class CostOption(models.Model):
    """A price: "Adultes 5 €", "Enfants 0 €". A service is free only if all are 0."""

    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="cost_options"
    )
    option = models.CharField(_("pour qui"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("montant"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("devise"), max_length=3, blank=True, default="EUR")
    amount_description = models.CharField(_("précision"), max_length=300, blank=True)
    valid_from = models.DateField(_("valable à partir du"), null=True, blank=True)
    valid_to = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    # Its HSDS id: the file's, else a random one (never the same in two databases).
    uid = models.UUIDField(_("id HSDS"), default=uuid.uuid4, db_index=True, editable=False)
    hsds_extra = models.JSONField(_("autres champs HSDS"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("tarif")
        verbose_name_plural = _("tarifs")

    def __str__(self):
        amount = "" if self.amount is None else f" {self.amount.normalize():f} {self.currency}"
        return f"{self.option}{amount}".strip()


class RequiredDocument(models.Model):
    """A document to bring ("Carte d'identité"), shown on the service page."""

    service = models.ForeignKey(
        "directory.Service", on_delete=models.CASCADE, related_name="required_documents"
    )
    document = models.CharField(_("document"), max_length=300)
    uri = models.URLField(_("lien"), max_length=500, blank=True)
    uid = models.UUIDField(_("id HSDS"), default=uuid.uuid4, db_index=True, editable=False)
    hsds_extra = models.JSONField(_("autres champs HSDS"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("document à apporter")
        verbose_name_plural = _("documents à apporter")

    def __str__(self):
        return self.document
