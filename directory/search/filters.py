"""django-filter FilterSets: the one definition of the public search parameters."""

import copy
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _

from .. import geo, geocoder, localities, memo
from ..choices import (
    ByNameFilter,
    KeptChoiceFilter,
    KeptMultipleChoiceFilter,
    QuartierFilter,
    RememberedCheckboxes,
    RememberedSelect,
)
from ..models import GEOMETRY_FIELDS, Audience, Category, Commune, Language, Quartier, Service
from .engine import MAX_QUERY_LENGTH, search

_LAT_LON = re.compile(r"^\s*(-?\d+(?:[.,]\d+)?)\s*[,; ]\s*(-?\d+(?:[.,]\d+)?)\s*$")
# A postcode alone or among words: "1000", "1000 Bruxelles", "B-1020 Laken", "Forest (1190)",
# "Rue Haute, 1000 Bruxelles"; no other digit (a house number makes it an address).
_COUNTRY = re.compile(r"[\s,]*\b(?:belgique|belgie|belgië|belgium)\s*$", re.IGNORECASE)
_POSTCODE = re.compile(r"^[^\d]*(\d{4})[^\d]*$")
# An address: a number, or a word for a street in French, Dutch or English.
_STREET = re.compile(
    r"\d|\b(?:rue|av|avenue|chauss[ée]e|ch[ée]e|boulevard|bd|bld|place|pl|square|quai|dr[èe]ve"
    r"|all[ée]e|impasse|clos|street|road)\b|(?:straat|laan|steenweg|plein|kaai|dreef|lei)\b",
    re.IGNORECASE,
)
MAX_PLACE_LENGTH = 200
# Parts of names too short to mean one place by themselves ("de", "la").
MIN_PARTIAL_NAME = 3


def looks_like_address(text):
    """True for a text with a number or a word for a street: an address, or part of one."""
    return bool(_STREET.search(text))


def _locality_place(locality):
    return geo.postcode_point(locality.code, get_language())


def _area_place(area):
    if isinstance(area, Commune) and (locality := localities.first_of_commune(area.nis_code)):
        return _locality_place(locality)
    commune = area if isinstance(area, Commune) else area.commune
    nis_code = commune.nis_code if commune else ""
    code = area.code if isinstance(area, Quartier) else None
    return geo.Point(
        float(area.latitude), float(area.longitude), area.name, commune=nis_code, quartier=code
    )


def _named_place(text):
    """The place a resident names: a locality (a postcode's name, a former commune such
    as Laeken or Haren, "Molenbeek"), a commune or a quartier, in FR, NL or EN, with or
    without accents, hyphens or spaces; the whole name first, then its beginning, then
    any part of it. None when nothing is called so."""
    wanted = localities.key(text)
    if not wanted:
        return None
    if wanted in localities.BY_NAME:
        return _locality_place(localities.BY_NAME[wanted])
    names = list(localities.BY_NAME.items()) + memo.remembered(
        "area-names", _area_names, per_language=False
    )
    tests = [str.__eq__]
    if len(wanted) >= MIN_PARTIAL_NAME:
        tests += [str.startswith, str.__contains__]
    for test in tests:
        for name, place in names:
            if test(name, wanted):
                if isinstance(place, localities.Locality):
                    return _locality_place(place)
                return _area_place(place)
    return None


def _area_names():
    """[(key of a name, commune or quartier)] in every language, communes first."""
    names = []
    for areas in (Commune.objects.all(), Quartier.objects.with_commune()):
        for area in areas:
            languages = (area.name_fr, area.name_nl, area.name_en)
            names += [(localities.key(name), area) for name in languages if name]
    return names


def areas_by_code():
    """({NIS code: commune}, {code: quartier}): what a place `near` names, read once per
    process until the directory changes."""
    return memo.remembered("areas-by-code", _areas_by_code, per_language=False)


def _areas_by_code():
    communes = Commune.objects.defer(*GEOMETRY_FIELDS)
    quartiers = Quartier.objects.defer(*GEOMETRY_FIELDS)
    return (
        {commune.nis_code: commune for commune in communes},
        {quartier.code: quartier for quartier in quartiers},
    )


def _not_brussels(code):
    return ValidationError(
        _("Le code postal %(value)s n'est pas un code postal bruxellois."),
        params={"value": code},
    )


def resolve_place(text):
    """A point for `near`: "lat,lon", a postcode (with its name or not), or the name of a
    locality, commune or quartier.

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
    bare = _COUNTRY.sub("", text).strip()
    if match := _POSTCODE.match(bare):
        code = match.group(1)
        point = geo.postcode_point(code, get_language())
        if point is None:
            raise _not_brussels(code)
        # "Rue Haute, 1000 Bruxelles": the street where a geocoder knows it, else the postcode.
        if _STREET.search(bare.replace(code, "")):
            return geocoder.geocode(bare[:MAX_PLACE_LENGTH]) or point
        return point
    if place := _named_place(bare) or geocoder.geocode(bare[:MAX_PLACE_LENGTH]):
        return place
    if _STREET.search(bare):
        raise ValidationError(
            _(
                "Nous ne connaissons pas cette rue. Essayez un code postal (1080), "
                "une commune ou « utiliser ma position »."
            )
        )
    raise ValidationError(
        _(
            "Nous ne trouvons pas « %(value)s ». Essayez un code postal (1080), "
            "une commune, un quartier ou « utiliser ma position »."
        ),
        params={"value": text[:80]},
    )


# Words of a query that may name a place ("sint jans molenbeek"): up to this many.
MAX_PLACE_WORDS = 4


def place_in_words(text):
    """(the other words, the point) when a query names a commune, a locality or a postcode
    among its words ("cpas ixelles", "colis 1080", "ocmw sint-jans-molenbeek"), else
    (text, None)."""
    words = text.split()
    for size in range(min(MAX_PLACE_WORDS, len(words)), 0, -1):
        for start in range(len(words) - size + 1):
            said = " ".join(words[start : start + size])
            if locality := localities.BY_NAME.get(localities.key(said)):
                point = _locality_place(locality)
            elif re.fullmatch(r"\d{4}", said):
                point = geo.postcode_point(said, get_language())
            else:
                continue
            if point is not None:
                return " ".join(words[:start] + words[start + size :]), point
    return text, None


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


# Django leaves its colon off a label that ends in one of these marks ("Pour qui ?"). Its
# Arabic catalogue does not add "؟", so "لمن؟" took a colon after it: ours does (locale/ar).
gettext_noop(":?.!")


class Filters(dict):
    """A FilterSet class's filters (`base_filters`), which each FilterSet copies for its
    own (their `parent` is the FilterSet). django-filter deep-copies them, each one's
    queryset and widget with it: 0.5 ms of a search page, for what no request changes. A
    copy of each filter is enough, with its method bound to the copy (a FilterMethod
    calls its filter's parent)."""

    def __deepcopy__(self, memo):
        copies = {}
        for name, shared in self.items():
            copies[name] = own = copy.copy(shared)
            if shared.method is not None:
                own.method = shared.method
        return copies


class ServiceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Quoi ?"), method="search_terms", max_length=MAX_QUERY_LENGTH
    )
    near = NearFilter(label=_("Où ?"), method="search_terms", max_length=MAX_PLACE_LENGTH)
    commune = ByNameFilter(
        label=_("Commune"),
        queryset=Commune.objects.all(),
        to_field_name="slug",
        method="filter_commune",
        widget=RememberedSelect(memo_name="search-commune"),
    )
    quartier = QuartierFilter(
        label=_("Quartier"),
        queryset=Quartier.objects.with_commune(),
        to_field_name="slug",
        method="filter_quartier",
        widget=RememberedSelect(memo_name="search-quartier"),
    )
    category = KeptMultipleChoiceFilter(
        label=_("Besoin"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        method="filter_category",
        widget=RememberedCheckboxes(memo_name="search-category"),
    )
    audience = KeptChoiceFilter(
        label=_("Pour qui ?"),
        queryset=Audience.objects.all(),
        to_field_name="slug",
        method="filter_audience",
        widget=RememberedSelect(memo_name="search-audience"),
    )
    language = ByNameFilter(
        label=_("Langue parlée"),
        queryset=Language.objects.all(),
        to_field_name="code",
        method="filter_language",
        widget=RememberedSelect(memo_name="search-language"),
    )
    open_now = FlagFilter(label=_("Ouvert maintenant"), method="filter_open_now")
    free = FlagFilter(label=_("Gratuit"), field_name="free")
    walk_in = FlagFilter(label=_("Sans rendez-vous"), field_name="walk_in")
    accessible = FlagFilter(label=_("Accessible en chaise roulante"), method="filter_accessible")
    by_phone = FlagFilter(label=_("Par téléphone, dans toute la Région"), method="filter_by_phone")

    result = None  # the Result, once the filters have run on bound data

    class Meta:
        model = Service
        fields = []

    @classmethod
    def get_filters(cls):
        return Filters(super().get_filters())

    def get_form_class(self):
        """Built once per process, not per request: its fields are the same for all
        (their options and rows are kept, choices.py), and each form copies them."""
        form = type(self).__dict__.get("_form_class")
        if form is None:
            form = type(self)._form_class = super().get_form_class()
        return form

    def search_terms(self, queryset, name, value):
        return queryset  # `q` and `near` are applied last, by the search engine

    def filter_queryset(self, queryset):
        return self.understood(queryset).services

    def understood(self, queryset=None):
        """The search of the bound data (an engine.Result), the filters applied; what it
        ranks is read only when asked (Result.services), so a kept page asks nothing."""
        if self.result is None:
            self.form.errors  # noqa: B018 -- runs validation once
            queryset = self.queryset.all() if queryset is None else queryset
            apply = super().filter_queryset
            data = self.form.cleaned_data
            text, near = data.get("q") or "", data.get("near")
            if near is None and "near" not in self.form.errors:
                # "cpas ixelles": the place is where to search, not a word to find.
                text, near = place_in_words(text)
                data["near"] = near
            self.result = search(lambda: apply(queryset), text, near)
        return self.result

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

    def filter_by_phone(self, queryset, name, ticked):
        return queryset.by_phone_anywhere() if ticked else queryset

    @property
    def place(self):
        """The resolved `near` point, or None (also when `near` was not understood)."""
        if not self.is_bound:
            return None
        self.form.errors  # noqa: B018 -- runs validation once
        return self.form.cleaned_data.get("near")
