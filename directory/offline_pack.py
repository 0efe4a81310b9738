"""A quartier's pack for an outreach round: what "keep this quartier offline" saves.

The pages to keep (the quartier's, its commune's, its services', the nearest services of
the categories it lacks, home and our offline page) and a small index of those services
that static/js/offline.js searches and reads hours from on the device. Places are read
through their public projection only (places.py), as on the pages: a confidential address
gives its commune and nothing else.
"""

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from . import geo
from .models import Service
from .staff.network import missing_categories

# Nearest services kept for each category the quartier lacks.
NEAREST_PER_MISSING = 3


def hours(service):
    """Hours as data, per public place: weekly slots and exceptions (HH:MM, ISO dates),
    and the days its doors are shut (closures and remote-only statuses)."""
    return {
        "places": [
            {
                "slots": [
                    [slot.weekday, f"{slot.opens_at:%H:%M}", f"{slot.closes_at:%H:%M}"]
                    for slot in place.current_schedules()
                ],
                "exceptions": [
                    [
                        e.start_date.isoformat(),
                        e.end_date.isoformat(),
                        None if e.closed else f"{e.opens_at:%H:%M}",
                        None if e.closed else f"{e.closes_at:%H:%M}",
                    ]
                    for e in place._location.exceptions.all()
                ],
            }
            for place in service.public_places()
        ],
        "shut": [
            [status.starts_on.isoformat(), status.ends_on and status.ends_on.isoformat()]
            for status in service.temporary_statuses.all()
            if status.keeps_doors_shut
        ],
    }


def entry(service):
    """One service as the offline search lists it and the device tells if it is open."""
    place = service.nearest_place()
    categories = [category.name for category in service.categories.all()]
    where = ""
    if place:
        where = ", ".join(
            part for part in (place.street_address, place.commune and place.commune.name) if part
        )
    return {
        "url": service.get_absolute_url(),
        "name": service.name,
        "organisation": service.organisation.name,
        "categories": categories,
        "category_slugs": [category.slug for category in service.categories.all()],
        "where": where,
        # What a word typed on the device is looked for in (normalised there).
        "text": " ".join([service.name, service.organisation.name, *categories, where]),
        "hours": hours(service),
    }


def nearest_for_missing(quartier, exclude):
    """[(category, [service ids])]: for each category the quartier lacks, the nearest
    published services of the Region by their public point, in one query whatever the
    number of categories (a row number per category)."""
    missing = missing_categories(quartier)
    distance = geo.distance_expression(
        float(quartier.latitude),
        float(quartier.longitude),
        lat_field="service__latitude",
        lon_field="service__longitude",
    )
    ranked = (
        Service.categories.through.objects.filter(
            category__in=missing, service__is_active=True, service__latitude__isnull=False
        )
        .exclude(service__in=exclude)
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=F("category_id"),
                order_by=[distance.asc(), F("service__name_fr").asc(), F("service_id").asc()],
            )
        )
        .filter(rank__lte=NEAREST_PER_MISSING)
        .order_by("category_id", "rank")
        .values_list("category_id", "service_id")
    )
    chosen = list(ranked)
    return [(category, [pk for c, pk in chosen if c == category.pk]) for category in missing]


def quartier_pack(quartier):
    """The pack of `quartier` in the active language, as JSON-ready data, in the same
    number of queries whatever the number of services: ids first, then one set of cards."""
    own = list(
        Service.objects.public()
        .in_quartier(quartier)
        .order_by("name_fr")
        .values_list("pk", flat=True)
    )
    missing = nearest_for_missing(quartier, own)
    nearby = list(dict.fromkeys(pk for _category, found in missing for pk in found))
    services = Service.objects.for_cards().in_bulk(own + nearby)
    indexed = [services[pk] for pk in own + nearby]
    area_page = quartier.get_absolute_url()
    page_count = Paginator(own, settings.SEARCH_PAGE_SIZE).num_pages
    return {
        "quartier": {"name": quartier.name, "url": area_page, "slug": quartier.slug},
        "lang": get_language(),
        "generated": timezone.now().isoformat(),
        "pages": [
            reverse("directory:home"),
            reverse("directory:offline-page"),
            area_page,
            *[f"{area_page}?page={n}" for n in range(2, page_count + 1)],
            quartier.commune.get_absolute_url(),
            *[s.get_absolute_url() for s in indexed],
        ],
        "services": [entry(s) for s in indexed],
        "missing": [
            {
                "category": category.name,
                "services": [services[pk].get_absolute_url() for pk in found],
            }
            for category, found in missing
        ],
    }
