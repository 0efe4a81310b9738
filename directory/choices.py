"""Choices of the public and staff forms, in the page's language: quartiers under their
commune, and languages and communes by name, as readers look for them."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
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


class KeptRows:
    """A choice field whose widget keeps its options (RememberedOptions) finds the values
    sent (by `to_field_name`) among the rows read once per process until the directory
    changes, as the options are, rather than asking the database at each request."""

    def kept_rows(self):
        """{value: row} of the field's queryset, or None where the rows are not kept."""
        memo_name = getattr(self.widget, "memo_name", None)
        if memo_name is None or not self.to_field_name or self.null_label is not None:
            return None
        field = self.to_field_name
        return memo.remembered(
            f"{memo_name}:rows",
            lambda: {str(getattr(row, field)): row for row in self.queryset},
            per_language=False,
        )

    def invalid_choice(self, value):
        return ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class KeptChoiceField(KeptRows, filter_fields.ModelChoiceField):
    def to_python(self, value):
        rows = self.kept_rows()
        if rows is None or value in self.empty_values:
            return super().to_python(value)
        self.validate_no_null_characters(value)
        if (row := rows.get(str(value))) is None:
            raise self.invalid_choice(value)
        return row


class KeptMultipleChoiceField(KeptRows, filter_fields.ModelMultipleChoiceField):
    def clean(self, value):
        # Nothing chosen: no rows, rather than `queryset.none()`, whose every reading (the
        # filter's, the search's key, the counts') compiles a query to find it empty.
        if not value and not self.required and self.kept_rows() is not None:
            return []
        return super().clean(value)

    def _check_values(self, value):
        rows = self.kept_rows()
        if rows is None:
            return super()._check_values(value)
        try:
            wanted = {str(item) for item in value}
        except TypeError:
            raise ValidationError(
                self.error_messages["invalid_list"], code="invalid_list"
            ) from None
        if missing := sorted(wanted - rows.keys()):
            raise self.invalid_choice(missing[0])
        return [row for key, row in rows.items() if key in wanted]  # in the queryset's order


class SortedFilterField(KeptChoiceField):
    iterator = ByNameIterator


class QuartierFilterField(KeptChoiceField):
    iterator = ByCommuneIterator


class ByNameFilter(django_filters.ModelChoiceFilter):
    """A select whose options are in alphabetical order in the page's language."""

    field_class = SortedFilterField


class QuartierFilter(django_filters.ModelChoiceFilter):
    """The quartiers under their commune (<optgroup>), by name in the page's language."""

    field_class = QuartierFilterField


class KeptChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = KeptChoiceField


class KeptMultipleChoiceFilter(django_filters.ModelMultipleChoiceFilter):
    field_class = KeptMultipleChoiceField


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
