"""django-filter FilterSets: the one definition of the public search parameters."""

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .. import geo
from ..models import Audience, Category, Commune, Language, Quartier, Service
from ..text import normalise
from .engine import MAX_QUERY_LENGTH, search

_LAT_LON = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*[,; ]\s*(-?\d+(?:[.,]\d+)?)\s*$")
_POSTCODE = re.compile(r"^\s*(\d{4})\s*$")


def _area_place(area):
    return geo.Point(float(area.latitude), float(area.longitude), area.name)


def resolve_place(text):
    """A point for `near`: "lat,lon", a postcode, or a commune or quartier name.

    Raises ValidationError with a message for the resident when nothing matches.
    """
    text = text.strip()
    if match := _LAT_LON.match(text):
        lat, lon = (float(v.replace(",", ".")) for v in match.groups())
        if not geo.valid_point(lat, lon):
            raise ValidationError(
                _("« %(value)s » n'est pas une position valide (latitude puis longitude)."),
                params={"value": text},
            )
        return geo.Point(lat, lon, _("votre position"))
    if match := _POSTCODE.match(text):
        code = match.group(1)
        point = geo.postcode_point(code, get_language())
        if point is None:
            raise ValidationError(
                _("Le code postal %(value)s n'est pas un code postal bruxellois."),
                params={"value": code},
            )
        return point
    wanted = normalise(text)
    if wanted:
        for model in (Commune, Quartier):
            areas = list(model.objects.all())
            for test in (str.__eq__, str.startswith, str.__contains__):
                for area in areas:
                    names = (normalise(area.name_fr), normalise(area.name_nl))
                    if any(test(name, wanted) for name in names):
                        return _area_place(area)
    raise ValidationError(
        _(
            "Nous ne trouvons pas « %(value)s ». Essayez un code postal (1080), "
            "une commune, un quartier ou « utiliser ma position »."
        ),
        params={"value": text[:80]},
    )


class NearField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return resolve_place(value) if value else None


class NearFilter(django_filters.Filter):
    field_class = NearField


class FlagFilter(django_filters.Filter):
    """A checkbox: filters when ticked, does nothing otherwise (methods check the value)."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return super().filter(qs, value) if value else qs


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Quoi ?"), method="search_terms", max_length=MAX_QUERY_LENGTH
    )
    near = NearFilter(label=_("Où ?"), method="search_terms", max_length=200)
    commune = django_filters.ModelChoiceFilter(
        label=_("Commune"),
        queryset=Commune.objects.all(),
        to_field_name="slug",
        method="filter_commune",
    )
    quartier = django_filters.ModelChoiceFilter(
        label=_("Quartier"),
        queryset=Quartier.objects.all(),
        to_field_name="slug",
        method="filter_quartier",
    )
    category = django_filters.ModelMultipleChoiceFilter(
        label=_("Besoin"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        method="filter_category",
        widget=forms.CheckboxSelectMultiple,
    )
    audience = django_filters.ModelChoiceFilter(
        label=_("Pour qui ?"),
        queryset=Audience.objects.all(),
        to_field_name="slug",
        method="filter_audience",
    )
    language = django_filters.ModelChoiceFilter(
        label=_("Langue parlée"),
        queryset=Language.objects.all(),
        to_field_name="code",
        method="filter_language",
    )
    open_now = FlagFilter(label=_("Ouvert maintenant"), method="filter_open_now")
    free = FlagFilter(label=_("Gratuit"), field_name="free")
    walk_in = FlagFilter(label=_("Sans rendez-vous"), field_name="walk_in")
    accessible = FlagFilter(label=_("Accessible en chaise roulante"), method="filter_accessible")

    result = None  # the Result, once the filters have run on bound data

    class Meta:
        model = Service
        fields = []

    def search_terms(self, queryset, name, value):
        return queryset  # `q` and `near` are applied last, by the search engine

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        self.result = search(
            queryset, self.form.cleaned_data.get("q"), self.form.cleaned_data.get("near")
        )
        return self.result.services

    def filter_commune(self, queryset, name, commune):
        return queryset.in_commune(commune)

    def filter_quartier(self, queryset, name, quartier):
        return queryset.in_quartier(quartier)

    def filter_category(self, queryset, name, categories):
        if not categories:
            return queryset
        through = Service.categories.through.objects.filter(category__in=categories)
        return queryset.filter(pk__in=through.values("service_id"))

    def filter_audience(self, queryset, name, audience):
        through = Service.audiences.through.objects.filter(audience=audience)
        return queryset.filter(pk__in=through.values("service_id"))

    def filter_language(self, queryset, name, language):
        through = Service.languages.through.objects.filter(language=language)
        return queryset.filter(pk__in=through.values("service_id"))

    def filter_open_now(self, queryset, name, ticked):
        return queryset.open_now() if ticked else queryset

    def filter_accessible(self, queryset, name, ticked):
        return queryset.accessible() if ticked else queryset

    @property
    def place(self):
        """The resolved `near` point, or None (also when `near` was not understood)."""
        if not self.is_bound:
            return None
        self.form.errors  # noqa: B018 -- runs validation once
        return self.form.cleaned_data.get("near")
