"""HSDS 3.0 (Open Referral) objects built from our models, for the API and exports.

Call these under `translation.override(lang)`: translated fields (`service.name` ...)
read the active language with fallback, so one call gives the French, Dutch or English
object. Each object carries only the fields written out here (a whitelist), so nothing
about workers leaves, and a location with a hidden address shows only its commune.
Empty values are left out, since HSDS types do not allow null.

Expects the related rows prefetched (see `SERVICE_PREFETCH`) so a page of services
costs a constant number of queries.
"""

from datetime import timedelta

from django.db.models import Prefetch
from django.template.defaultfilters import date as format_date
from django.utils import timezone
from django.utils.translation import gettext

from ..models import Location, Service
from ..models.areas import PLACE_AREAS, PLACE_AREAS_GEOMETRY
from ..translation import active_language
from .locations import location_object, schedule
from .values import (
    ACCESS_FLAGS,
    REGION,
    TAXONOMY_ID,
    TAXONOMY_NAME,
    area_description,
    compact,
    derived_id,
    in_language,
    label,
    service_at_location_id,
    taxonomy_term_id,
    timestamp,
)

# Related rows a full service reads, on top of `Service.objects.for_listing()`.
SERVICE_PREFETCH = ("phones", "audiences", "languages", "temporary_statuses")
# Related rows a service list item reads (`service_summary`), with its organisation: the
# audiences it is for, and for `alert` its statuses and its places' closures.
SUMMARY_PREFETCH = (
    "audiences",
    "temporary_statuses",
    Prefetch(
        "locations",
        queryset=Location.objects.select_related(*PLACE_AREAS)
        .defer(*PLACE_AREAS_GEOMETRY)
        .prefetch_related("exceptions"),
    ),
)
# How far ahead `alert` announces a temporary status (as a location's closures).
ALERT_HORIZON = timedelta(days=60)

# Our phone kinds as RFC 6350 types, which HSDS asks for.
PHONE_TYPES = {"voice": "voice", "sms": "text", "whatsapp": "cell", "fax": "fax"}
TAXONOMY_DESCRIPTION = {
    "fr": "Les besoins auxquels répondent les services sociaux de Bruxelles, selon Quartier.",
    "nl": "De noden waarop de sociale diensten in Brussel antwoorden, volgens Quartier.",
    "en": "The needs that social services in Brussels meet, as Quartier sorts them.",
}


# Taxonomy --------------------------------------------------------------------------


def taxonomy():
    return {
        "id": str(TAXONOMY_ID),
        "name": TAXONOMY_NAME,
        "description": in_language(TAXONOMY_DESCRIPTION),
    }


def taxonomy_term(category, detail=False):
    """One of our categories as a term of the "quartier" taxonomy; `code` is its slug."""
    term = compact(
        {
            "id": taxonomy_term_id(category.slug),
            "code": category.slug,
            "name": category.name,
            "description": category.description,
            "taxonomy": TAXONOMY_NAME,
            "taxonomy_id": str(TAXONOMY_ID),
            "language": active_language(),
        },
        required=("description",),
    )
    if detail:
        term["taxonomy_detail"] = taxonomy()
    return term


def _category_attribute(service, category):
    return {
        "id": derived_id("attribute", f"{service.id}:{category.slug}"),
        "link_id": str(service.id),
        "link_type": "category",
        "link_entity": "service",
        "taxonomy_term_id": taxonomy_term_id(category.slug),
        "taxonomy_term": taxonomy_term(category),
    }


# Organisations ---------------------------------------------------------------------


def organization_summary(organisation):
    """The `organization_list` form: the organisation's own fields only."""
    return compact(
        {
            "id": str(organisation.id),
            "name": organisation.name,
            "description": organisation.description,
            "email": organisation.email,
            "website": organisation.website,
        },
        required=("description",),
    )


def organization_full(organisation, services, full_service=False):
    """The `organization` form: with its published `services` and their locations.

    `services` are the organisation's published services, prefetched like a page of
    services; `full_service` nests them as full services instead of list items.
    """
    service_object = service_full if full_service else service_summary
    return organization_summary(organisation) | {
        "services": [service_object(service) for service in services],
        "locations": [
            location_object(location, service, full=True)
            for service in services
            for location in service.locations.all()
        ],
    }


# Services --------------------------------------------------------------------------


def _application_process(service):
    """How to get in: "Sans rendez-vous.", "À distance uniquement.", then the service's
    own instructions."""
    flags = [label(Service, f) + "." for f in ACCESS_FLAGS if getattr(service, f)]
    return " ".join([*flags, service.how_to_access.strip()]).strip()


def _fees_description(service):
    return service.fees or (label(Service, "free") if service.free else "")


def service_summary(service):
    """The `service_list` form: one-to-one fields and the organisation."""
    return compact(
        {
            "id": str(service.id),
            "organization_id": str(service.organisation_id),
            "name": service.name,
            "description": service.description,
            "url": service.website,
            "email": service.email,
            "status": "active" if service.is_active else "inactive",
            "application_process": _application_process(service),
            "fees_description": _fees_description(service),
            "eligibility_description": ", ".join(a.name for a in service.audiences.all()),
            "assured_date": service.last_verified.isoformat() if service.last_verified else None,
            "alert": alert(service),
            "last_modified": timestamp(service.modified),
            "organization": organization_summary(service.organisation),
        }
    )


def _day(day):
    return format_date(day, "j F")


def _status_text(status):
    """A temporary status as a sentence: "Temporairement fermé du 3 mars au 10 mars." """
    texts = {"status": str(status.get_kind_display()).capitalize(), "start": _day(status.starts_on)}
    if status.ends_on:
        text = gettext("%(status)s du %(start)s au %(end)s.") % (
            texts | {"end": _day(status.ends_on)}
        )
    else:
        text = gettext("%(status)s à partir du %(start)s, jusqu'à nouvel ordre.") % texts
    return " ".join(filter(None, [text, status.note]))


def _exception_text(exception, place, several):
    """A closure or changed hours, as the service page words them; the place if several."""
    texts = {"start": _day(exception.start_date), "end": _day(exception.end_date)}
    if exception.closed:
        text = gettext("Fermé du %(start)s au %(end)s.") % texts
    else:
        texts |= {"opens": f"{exception.opens_at:%H:%M}", "closes": f"{exception.closes_at:%H:%M}"}
        text = gettext("Du %(start)s au %(end)s: ouvert de %(opens)s à %(closes)s.") % texts
    named = several and place.name
    return " ".join(filter(None, [f"{place.name}:" if named else "", text, exception.reason]))


def alert(service):
    """HSDS `alert`: the service's temporary statuses and its places' closures or changed
    hours, in force or within 60 days, as the service page shows them; "" if none.

    HSDS 3.0 schedules only say when a place opens, so this short-term news goes here.
    Reads the prefetched `temporary_statuses` and locations' `exceptions`.
    """
    today = timezone.localdate()
    texts = [
        _status_text(status)
        for status in service.temporary_statuses.all()
        if status.starts_on <= today + ALERT_HORIZON and (status.ends_on or today) >= today
    ]
    places = service.public_places()
    texts += [
        _exception_text(exception, place, len(places) > 1)
        for place in places
        for exception in place.upcoming_exceptions(today)
    ]
    return " ".join(texts)


def service_full(service, with_locations=True):
    """The `service` form: with phones, languages, areas, costs, categories and locations."""
    data = service_summary(service) | {
        "phones": [phone(p, service) for p in service.phones.all()],
        "languages": [language(lang, service) for lang in service.languages.all()],
        "service_areas": service_areas(service),
        "cost_options": cost_options(service),
        "attributes": [_category_attribute(service, c) for c in service.categories.all()],
    }
    if with_locations:
        data["service_at_locations"] = [
            service_at_location(location, service, full=True, with_service=False)
            for location in service.locations.all()
        ]
    return data


def phone(row, service):
    description = row.note
    if row.kind == row.Kind.WHATSAPP:
        description = " – ".join(filter(None, ["WhatsApp", row.note]))
    return compact(
        {
            "id": derived_id("phone", row.pk),
            "service_id": str(service.id),
            "number": row.number,
            "type": PHONE_TYPES.get(row.kind, "voice"),
            "description": description,
        }
    )


def language(row, service):
    return {
        "id": derived_id("language", f"{service.id}:{row.code}"),
        "service_id": str(service.id),
        "name": row.name,
        "code": row.code,
    }


def cost_options(service):
    if not service.free:
        return []
    return [
        {
            "id": derived_id("cost_option", f"{service.id}:free"),
            "service_id": str(service.id),
            "option": label(Service, "free"),
            "amount": 0,
            "currency": "EUR",
        }
    ]


def _served_areas(service):
    """The areas a service serves; a hidden address gives away its commune, never more."""
    if service.area_served == Service.AreaServed.REGION:
        return [("region", in_language(REGION))]
    areas = {}
    for place in service.public_places():
        area = place.commune
        if service.area_served == Service.AreaServed.LOCAL:
            area = place.quartier or area
        if area is not None:
            areas.setdefault(f"{type(area).__name__.lower()}:{area.slug}", area.name)
    return list(areas.items())


def service_areas(service):
    """Where a service serves, and whether only its commune's residents may come: the
    description says it ("Toute la commune. Réservé aux habitants de la commune")."""
    description = area_description(
        str(service.get_area_served_display()).capitalize(),
        label(Service, "residents_only") if service.residents_only else "",
    )
    return [
        {
            "id": derived_id("service_area", f"{service.id}:{key}"),
            "service_id": str(service.id),
            "name": name,
            "description": description,
        }
        for key, name in _served_areas(service)
    ]


# Service at location ---------------------------------------------------------------


def service_at_location(location, service, full=False, with_service=True):
    """One of our locations seen as the link between its service and the place.

    The list form nests the location's own fields and the service list item; the full
    form adds the weekly hours, the location's address and the full service. Inside a
    full service, `with_service=False` leaves out the service it already describes.
    """
    data = {
        "id": str(service_at_location_id(location.id)),
        "service_id": str(service.id),
        "location_id": str(location.id),
        "location": location_object(location, service, full=full),
    }
    if full:
        data["schedules"] = [schedule(slot, location) for slot in location.schedules.all()]
    if with_service:
        data["service"] = (
            service_full(service, with_locations=False) if full else service_summary(service)
        )
    return data
