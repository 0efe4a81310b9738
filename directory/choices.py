"""Choices of the public and staff forms, in the page's language: quartiers under their
commune, and languages and communes by name, as readers look for them."""

import django_filters
from django import forms
from django_filters import fields as filter_fields

from .text import sort_key


def by_name(rows):
    """Rows sorted by their name in the active language (accents and case aside)."""
    return sorted(rows, key=lambda row: sort_key(row.name))


def by_commune(quartiers):
    """[(commune, [quartiers])]: communes and their quartiers by name in the page's language."""
    groups = {}
    for quartier in quartiers:
        groups.setdefault(quartier.commune_id, []).append(quartier)
    communes = by_name(members[0].commune for members in groups.values())
    return [(commune, by_name(groups[commune.pk])) for commune in communes]


class ByNameIterator(forms.models.ModelChoiceIterator):
    """The queryset's rows as choices, by name in the page's language."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in by_name(self.queryset):
            yield self.choice(row)


class ByCommuneIterator(forms.models.ModelChoiceIterator):
    """Quartiers as choices grouped by commune (an <optgroup> each), by name in the page's
    language. The queryset must read each quartier's commune (`with_commune`)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for commune, quartiers in by_commune(self.queryset):
            yield (commune.name, [self.choice(quartier) for quartier in quartiers])


class SortedChoiceField(forms.ModelChoiceField):
    iterator = ByNameIterator


class SortedMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ByNameIterator


class QuartierMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ByCommuneIterator


class SortedFilterField(filter_fields.ModelChoiceField):
    iterator = ByNameIterator


class QuartierFilterField(filter_fields.ModelChoiceField):
    iterator = ByCommuneIterator


class ByNameFilter(django_filters.ModelChoiceFilter):
    """A select whose options are in alphabetical order in the page's language."""

    field_class = SortedFilterField


class QuartierFilter(django_filters.ModelChoiceFilter):
    """The quartiers under their commune (<optgroup>), by name in the page's language."""

    field_class = QuartierFilterField
