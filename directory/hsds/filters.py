"""The HSDS API's query parameters, on top of the public search's FilterSet.

`HsdsServiceFilter` is `ServiceFilter` (the one engine behind `/<lang>/services/`) plus
the standard HSDS filters: `taxonomy_term_id`, `taxonomy_id`, `organization_id`,
`modified_after`, `postcode` and `proximity`.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef, Q

from .. import geo, memo, places
from ..models import Category, Location, Service
from ..search.filters import ServiceFilter, areas_by_code, resolve_place
from . import values

MAX_PROXIMITY_M = 50_000


def locations_within(place, metres):
    """Locations whose public point is within `metres` of `place` (a hidden address counts
    from its commune's centre, so repeated radius searches cannot close in on it)."""
    near = geo.within(place.lat, place.lon, metres, "public_latitude", "public_longitude")
    return Location.objects.with_public_place().filter(near)


def covering_postcode(services, postcode):
    """Services that serve `postcode`: a place the public knows there (a hidden address by
    its commune only, never by its own postcode), or an area served that holds it."""
    # The communes as the process keeps them (areas_by_code), not read for each request.
    communes = geo.communes_with_postcode(postcode, areas_by_code()[0].values())
    here = Location.objects.filter(places.at_postcode(postcode, communes), service=OuterRef("pk"))
    condition = Q(Exists(here))
    if communes:
        in_commune = Location.objects.filter(service=OuterRef("pk"), commune__in=communes)
        condition |= Q(area_served=Service.AreaServed.REGION)
        condition |= Q(area_served=Service.AreaServed.COMMUNE) & Q(Exists(in_commune))
    return services.filter(condition)


def _categories_by_term():
    """{term id: [slug]} of our categories."""
    return {
        values.taxonomy_term_id(slug): [slug]
        for slug in Category.objects.values_list("slug", flat=True)
    }


class HsdsSearchForm(forms.Form):
    """Finds the centre of a `proximity` search: the postcode's, else the `near` point."""

    centre = None

    def clean(self):
        data = super().clean()
        if data.get("proximity") is None or self.has_error("postcode") or self.has_error("near"):
            return data
        if data.get("postcode"):
            try:
                self.centre = resolve_place(data["postcode"])
            except ValidationError as error:
                self.add_error("postcode", error)
                return data
        else:
            self.centre = data.get("near")
        if self.centre is None:
            self.add_error("proximity", "proximity needs a postcode (or near) to measure from.")
        return data


class HsdsServiceFilter(ServiceFilter):
    taxonomy_term_id = django_filters.UUIDFilter(method="filter_taxonomy_term")
    taxonomy_id = django_filters.UUIDFilter(method="filter_taxonomy")
    organization_id = django_filters.UUIDFilter(field_name="organisation_id")
    modified_after = django_filters.IsoDateTimeFilter(method="filter_modified_after")
    postcode = django_filters.CharFilter(
        method="filter_postcode",
        validators=[RegexValidator(r"^\d{4}$", "A Belgian postcode has four digits.")],
    )
    proximity = django_filters.NumberFilter(
        method="filter_proximity", min_value=0, max_value=MAX_PROXIMITY_M
    )

    class Meta(ServiceFilter.Meta):
        form = HsdsSearchForm

    def filter_taxonomy_term(self, queryset, name, term_id):
        """Our category with this term id, or a term of another taxonomy (foreign_terms.py)."""
        terms = memo.remembered("taxonomy-terms", _categories_by_term, per_language=False)
        slugs = terms.get(str(term_id), ())
        ours = Service.categories.through.objects.filter(category__slug__in=slugs)
        theirs = Service.foreign_terms.through.objects.filter(foreignterm_id=term_id)
        return queryset.filter(
            Q(pk__in=ours.values("service_id")) | Q(pk__in=theirs.values("service_id"))
        )

    def filter_taxonomy(self, queryset, name, taxonomy_id):
        if taxonomy_id == values.TAXONOMY_ID:
            return queryset.filter(pk__in=Service.categories.through.objects.values("service_id"))
        theirs = Service.foreign_terms.through.objects.filter(foreignterm__taxonomy_id=taxonomy_id)
        return queryset.filter(pk__in=theirs.values("service_id"))

    def filter_modified_after(self, queryset, name, moment):
        return queryset.changed_since(moment)

    def filter_postcode(self, queryset, name, postcode):
        if self.form.cleaned_data.get("proximity") is not None:
            return queryset  # HSDS: with proximity, the postcode is only the centre
        return covering_postcode(queryset, postcode)

    def filter_proximity(self, queryset, name, metres):
        nearby = locations_within(self.form.centre, metres)
        return queryset.filter(Exists(nearby.filter(service=OuterRef("pk"))))

    @property
    def proximity_search(self):
        """(centre, metres) of a valid proximity search, else None."""
        metres = self.form.cleaned_data.get("proximity")
        return None if metres is None else (self.form.centre, metres)
