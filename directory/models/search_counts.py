"""Residents' searches, counted by week: no log of searches, no one behind them.

What a row keeps is decided in search/counts.py; here is only its shape.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

# Result counts are kept up to this number: "10 or more" says enough about supply.
RESULTS_CAP = 10
# "Peu de résultats": from 1 to this many.
FEW_RESULTS = 3


class SearchCount(models.Model):
    """How many searches of one kind were made in one week.

    A search is its normalised text (or why it is not kept), the page's language, the
    number of its results and at most the commune or quartier it was about. Nothing else:
    no moment within the week, no point, no address, no visitor.
    """

    class Kind(models.TextChoices):
        TEXT = "text", _("texte")
        PLACE = "place", _("lieu seul, sans texte")
        WITHHELD = "withheld", _("texte non conservé (adresse, numéro, e-mail)")
        UNREADABLE = "unreadable", _("écriture que le moteur ne lit pas")

    # What the row counts, as one string: the upsert's conflict target (search/counts.py).
    key = models.CharField(max_length=64, unique=True, editable=False)
    week = models.DateField(_("semaine du"), db_index=True)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    text = models.CharField(_("recherche"), max_length=80, blank=True)
    language = models.CharField(_("langue de la page"), max_length=8)
    commune = models.ForeignKey(
        "directory.Commune",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
    )
    quartier = models.ForeignKey(
        "directory.Quartier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("quartier"),
    )
    results = models.PositiveSmallIntegerField(_("résultats"))
    # The slugs of the categories the search names or filters on, " between spaces ".
    categories = models.CharField(_("catégories"), max_length=500, blank=True)
    searches = models.PositiveIntegerField(_("recherches"), default=1)

    class Meta:
        ordering = ["-week", "-searches"]
        verbose_name = _("recherche des habitants")
        verbose_name_plural = _("recherches des habitants")
        permissions = [
            (
                "add_synonym_searchcount",
                _("Peut ajouter une recherche comme synonyme d'une catégorie"),
            )
        ]

    def __str__(self):
        return self.text or self.get_kind_display()

    @property
    def category_slugs(self):
        return self.categories.split()
