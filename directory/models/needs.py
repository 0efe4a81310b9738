"""Needs counted by workers on an outreach round: demand seen in the street.

A tally is a category, a quartier, a day and whether the need found an answer. Nothing
about the person, nor the worker. Its id is made on the device that counted it, so a
tally sent again when the network comes back is received once.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedTally(models.Model):
    id = models.UUIDField(primary_key=True, editable=False)
    category = models.ForeignKey(
        "directory.Category", on_delete=models.CASCADE, verbose_name=_("catégorie")
    )
    quartier = models.ForeignKey(
        "directory.Quartier", on_delete=models.CASCADE, verbose_name=_("quartier")
    )
    day = models.DateField(_("jour"))
    met = models.BooleanField(_("réponse trouvée"))

    class Meta:
        verbose_name = _("besoin compté")
        verbose_name_plural = _("besoins comptés")
        indexes = [models.Index(fields=["day"])]

    def __str__(self):
        return f"{self.category} · {self.quartier} · {self.day}"
