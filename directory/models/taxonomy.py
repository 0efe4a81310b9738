"""What a service is about, for whom, in which languages."""

from django.db import models
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..text import normalise
from ..translation import INTERFACE_LANGUAGES, translated
from .base import ReferenceName


def merged_synonyms(first, then):
    """The lines of `first`, then those of `then` it lacks, one per line; two lines are
    the same when search reads them the same (case, accents, punctuation aside)."""
    lines, seen = [], set()
    for line in f"{first}\n{then}".splitlines():
        if (line := line.strip()) and (key := normalise(line)) not in seen:
            seen.add(key)
            lines.append(line)
    return "\n".join(lines)


def synonyms_field(code):
    return models.TextField(
        format_lazy("{} ({})", _("synonymes"), code.upper()),
        blank=True,
        help_text=_("un par ligne"),
    )


class Category(ReferenceName):
    slug = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)
    description = translated(
        models.CharField(_("explication"), max_length=300, blank=True),
        languages=INTERFACE_LANGUAGES,
    )
    # Words residents use for it, in every interface language: search reads them all.
    synonyms_fr = synonyms_field("fr")
    synonyms_nl = synonyms_field("nl")
    synonyms_en = synonyms_field("en")
    synonyms_ar = synonyms_field("ar")
    synonyms_tr = synonyms_field("tr")
    synonyms_es = synonyms_field("es")
    synonyms_pt = synonyms_field("pt")
    synonyms_ro = synonyms_field("ro")
    synonyms_pl = synonyms_field("pl")
    synonyms_bg = synonyms_field("bg")
    synonyms_uk = synonyms_field("uk")
    synonyms_fa = synonyms_field("fa")
    # A rename changes what the API says of its services (`modified_after` sees it).
    modified = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")

    def get_absolute_url(self):
        return reverse("directory:service-list") + f"?category={self.slug}"

    def synonyms(self):
        text = "\n".join(getattr(self, f"synonyms_{code}") for code in INTERFACE_LANGUAGES)
        return [s.strip() for s in text.splitlines() if s.strip()]

    def add_synonym(self, language, text):
        """Adds `text` to the synonyms in `language` (an interface language) and saves, unless it
        is one already; True if added. Search finds it as soon as the save commits: the
        documents of the category's services are recomputed (derived.py)."""
        field = f"synonyms_{language}"
        merged = merged_synonyms(getattr(self, field), text)
        if merged == getattr(self, field):
            return False
        setattr(self, field, merged)
        self.save(update_fields=[field])
        return True


class Audience(ReferenceName):
    slug = models.SlugField(max_length=40, unique=True)
    position = models.PositiveSmallIntegerField(default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("public")
        verbose_name_plural = _("publics")


class Language(ReferenceName):
    code = models.CharField(_("code ISO 639-1"), max_length=2, unique=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("langue")
        verbose_name_plural = _("langues")


class SearchTerm(models.Model):
    """The vocabulary of all search documents, against which typos are corrected."""

    term = models.CharField(max_length=100, unique=True)

    def __str__(self):
        return self.term
