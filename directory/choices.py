"""Choices of the public and staff forms, in the page's language: quartiers under their
commune, and languages and communes by name, as readers look for them."""

import django_filters
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django_filters import fields as filter_fields

from . import memo
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


class RememberedOptions:
    """A select whose options are rendered once per language while the directory stays as
    it is (memo.py), not through a template per option: the search form has 215 of them.
    `memo_name` names the options; only the selected values are marked per request."""

    def __init__(self, *args, memo_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.memo_name = memo_name

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        key = f"{self.memo_name}:{name}:{attrs.get('id', '')}"
        html = memo.remembered(key, lambda: self.options_html(name, attrs))
        for chosen in self.format_value(value):
            start = self.option_start(name, attrs, chosen)
            html = html.replace(start, self.chosen_start(name, attrs, chosen), 1)
        return mark_safe(self.wrap(name, attrs, html))


class RememberedSelect(RememberedOptions, forms.Select):
    def options_html(self, name, attrs):
        return "".join(self.option(value, label) for value, label in self.choices)

    def option(self, value, label):
        if isinstance(label, (list, tuple)):  # an <optgroup>
            inner = "".join(self.option(v, text) for v, text in label)
            return format_html('<optgroup label="{}">{}</optgroup>', value, mark_safe(inner))
        return format_html('<option value="{}">{}</option>', str(value), label)

    def option_start(self, name, attrs, value):
        return format_html('<option value="{}">', value)

    def chosen_start(self, name, attrs, value):
        return format_html('<option value="{}" selected>', value)

    def wrap(self, name, attrs, html):
        return format_html('<select name="{}"{}>{}</select>', name, flatatt(attrs), mark_safe(html))


class RememberedCheckboxes(RememberedOptions, forms.CheckboxSelectMultiple):
    """Checkboxes, each in its label, in a <div class="checkbox-grid">."""

    def options_html(self, name, attrs):
        return "".join(
            format_html(
                "<label>{} {}</label>",
                self.box(name, attrs, str(value), index),
                label,
            )
            for index, (value, label) in enumerate(self.choices)
        )

    def box(self, name, attrs, value, index):
        box_id = format_html(' id="{}_{}"', attrs["id"], index) if attrs.get("id") else ""
        return format_html('<input type="checkbox" name="{}" value="{}"{}>', name, value, box_id)

    def option_start(self, name, attrs, value):
        after = ' id="' if attrs.get("id") else ">"
        return format_html('<input type="checkbox" name="{}" value="{}"', name, value) + after

    def chosen_start(self, name, attrs, value):
        after = ' id="' if attrs.get("id") else ">"
        start = format_html('<input type="checkbox" name="{}" value="{}" checked', name, value)
        return start + after

    def wrap(self, name, attrs, html):
        return format_html('<div class="checkbox-grid">{}</div>', mark_safe(html))
