"""The services the API lists and how many there are, read for what its objects show.

A list item reads its organisation, audiences, statuses and places' closures; the full
form reads the rest (serialise.SERVICE_PREFETCH). `total_items` is exact, as HSDS
requires, and counted once per set of filters until the directory changes (memo.py).
"""

import hashlib
import json

from django.db.models import Prefetch
from django.utils import translation

from .. import memo
from ..models import Service
from ..models.listings import SEARCH_COLUMNS
from . import serialise
from .filters import HsdsServiceFilter

# Parameters that choose a page, its items' form or their language, not what is listed.
NOT_FILTERS = ("page", "per_page", "full", "full_service", "minimal", "format", "lang")


def published_services():
    """Published services with everything a full HSDS service reads, in constant queries."""
    return (
        Service.objects.public()
        .for_listing()
        .prefetch_related(*serialise.SERVICE_PREFETCH)
        .defer(*SEARCH_COLUMNS)
    )


def summarised_services():
    """Published services with what a service list item reads, and nothing more."""
    return (
        Service.objects.public()
        .defer(*SEARCH_COLUMNS)
        .select_related("organisation")
        .prefetch_related(*serialise.SUMMARY_PREFETCH)
    )


def filters_digest(request):
    """The filters of a list request (every parameter but the page's and the form's of
    its items) and the language, as a short key: the same filters give the same count."""
    filters = sorted(
        (name, value)
        for name, values in request.GET.lists()
        if name not in NOT_FILTERS
        for value in values
    )
    text = json.dumps([translation.get_language(), filters], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def exact_count(request, found, services):
    """HSDS `total_items`: exact, counted once for these filters until the directory
    changes (memo.counted); "open now" changes with the clock, so it is always counted."""
    if found.form.cleaned_data.get("open_now"):
        return services.count()
    return memo.counted(f"api-services:{filters_digest(request)}", services.count)


def in_stable_order(queryset):
    """The search's own order, then the id, so pages never overlap or skip a row."""
    return queryset.order_by(*(queryset.query.order_by or Service._meta.ordering), "pk")


def search_services(request):
    """The public search's FilterSet on the API's parameters (`search` is the page's `q`)."""
    data = request.GET.copy()
    data.pop("q", None)
    if "search" in data:
        data.setlist("q", data.getlist("search"))
    return HsdsServiceFilter(data, queryset=Service.objects.public())


def published_services_of_organisations():
    """Each organisation's published services, fully prefetched, as `organisation.published`."""
    return Prefetch("services", queryset=published_services(), to_attr="published")
