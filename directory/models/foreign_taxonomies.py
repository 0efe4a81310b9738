"""Other systems' taxonomies: their terms on our services, and the crosswalk to our categories.

An HSDS file may classify its services with another taxonomy (Open Eligibility, AIRS/211 ...).
Its terms are kept as they came, ids included, so the service shows them ("Autres
classements") and the export gives them back. A coordinator maps a term to one of our
categories in the crosswalk; every later import gives the services with that term the
category.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..text import normalise
from .taxonomy import Category


class ForeignTaxonomy(models.Model):
    id = models.UUIDField(primary_key=True, editable=False)
    name = models.CharField(_("nom"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    uri = models.CharField(_("adresse"), max_length=500, blank=True)
    version = models.CharField(_("version"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("taxonomie externe")
        verbose_name_plural = _("taxonomies externes")

    def __str__(self):
        return self.name


class ForeignTerm(models.Model):
    """A term of another taxonomy, as the file gave it (its id is the file's)."""

    id = models.UUIDField(primary_key=True, editable=False)
    taxonomy = models.ForeignKey(
        ForeignTaxonomy,
        on_delete=models.CASCADE,
        related_name="terms",
        null=True,
        blank=True,
        verbose_name=_("taxonomie"),
    )
    code = models.CharField(_("code"), max_length=200, blank=True)
    name = models.CharField(_("nom"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    parent_id = models.CharField(_("terme parent"), max_length=100, blank=True)
    language = models.CharField(_("langue"), max_length=20, blank=True)

    class Meta:
        ordering = ["taxonomy__name", "code", "name"]
        verbose_name = _("terme d'une taxonomie externe")
        verbose_name_plural = _("termes de taxonomies externes")

    def __str__(self):
        return f"{self.code} {self.name}".strip() if self.code else self.name


class CrosswalkQuerySet(models.QuerySet):
    def lookup(self):
        """{(normalised taxonomy name, code): category slug} for the importer."""
        rows = self.values_list("taxonomy", "code", "category__slug")
        return {(normalise(taxonomy), code.strip()): slug for taxonomy, code, slug in rows}


class Crosswalk(models.Model):
    """One foreign term mapped to one of our categories, by its taxonomy's name and its code.

    Named rather than linked to a ForeignTerm so that a crosswalk can be given (as a CSV
    file) before the terms it maps were ever imported. The code may be the term's id when
    the taxonomy has no codes.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taxonomy = models.CharField(
        _("taxonomie"), max_length=200, help_text=_("Son nom, tel que les fichiers le donnent.")
    )
    code = models.CharField(
        _("code du terme"),
        max_length=200,
        help_text=_("Ou l'identifiant du terme, s'il n'a pas de code."),
    )
    category = models.ForeignKey(
        Category, on_delete=models.CASCADE, related_name="crosswalk", verbose_name=_("catégorie")
    )

    objects = CrosswalkQuerySet.as_manager()

    class Meta:
        ordering = ["taxonomy", "code"]
        verbose_name = _("correspondance de taxonomie")
        verbose_name_plural = _("correspondances de taxonomies")
        constraints = [
            models.UniqueConstraint(fields=["taxonomy", "code"], name="crosswalk_unique_term")
        ]

    def __str__(self):
        return f"{self.taxonomy} {self.code} → {self.category}"
