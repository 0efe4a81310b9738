"""Small pieces the directory's models share."""

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from ..translation import INTERFACE_LANGUAGES, translated


def unique_slug(instance, text, max_length=80):
    """A slug from `text`, suffixed with -2, -3 ... until no other row of the model has it."""
    base = slugify(text)[:max_length].strip("-") or "x"
    slug, n = base, 1
    others = type(instance)._default_manager.exclude(pk=instance.pk)
    while others.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


class TranslatedName(models.Model):
    name = translated(models.CharField(_("nom"), max_length=200))

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class ReferenceName(models.Model):
    """A name residents read and search in every interface language (a category, an
    audience, a language), where listing content has FR, NL and EN."""

    name = translated(models.CharField(_("nom"), max_length=200), languages=INTERFACE_LANGUAGES)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name
