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

from ..models import ForeignTerm, Location, Service
from ..models.areas import PLACE_AREAS, PLACE_AREAS_GEOMETRY
from ..translation import active_language
from .foreign_terms import attribute_object
from .locations import link_id, location_object, schedules
from .serialise_kept import (
    cost_options,
    languages,
    organisation_kept,
    phone,
    required_documents,
    scalars,
)
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
    taxonomy_term_id,
    timestamp,
)
from .verbatim import merge

# Related rows a full service reads, on top of `Service.objects.for_listing()`.
SERVICE_PREFETCH = (
    "phones",
    "audiences",
    "languages",
    "temporary_statuses",
    "cost_options",
    "required_documents",
    Prefetch("foreign_terms", queryset=ForeignTerm.objects.select_related("taxonomy")),
)
# Related rows a service list item reads (`service_summary`), with its organisation: the
# audiences it is for, its categories for `last_modified` (a rename changes its output),
# and for `alert` its statuses and its places' closures.
SUMMARY_PREFETCH = (
    "audiences",
    "categories",
    "temporary_statuses",
    Prefetch(
        "locations",
        queryset=Location.objects.select_related(*PLACE_AREAS)
        .defer(*PLACE_AREAS_GEOMETRY)
        .prefetch_related("exceptions"),
    ),
)
# Kept fields that record other fields' past values (an address among them), not
# exported for a service with a confidential place.
CHANGE_LOGS = ("metadata", "service_areas")
# How far ahead `alert` announces a temporary status (as a location's closures).
ALERT_HORIZON = timedelta(days=60)

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


def organization_summary(organisation, service=None, full=False):
    """The `organization_list` form: the organisation's own fields only, with those an
    import kept (`full`: lists and objects too, as in a full service)."""
    data = compact(
        {
            "id": str(organisation.id),
            "name": organisation.name,
            "description": organisation.description,
            "email": organisation.email,
            "website": organisation.website,
        },
        required=("description",),
    )
    return merge(data, organisation_kept(organisation, service, location_object, full))


def organization_full(organisation, services, full_service=False):
    """The `organization` form: with its published `services` and their locations.

    `services` are the organisation's published services, prefetched like a page of
    services; `full_service` nests them as full services instead of list items.
    """
    service_object = service_full if full_service else service_summary
    data = organization_summary(organisation, full=True)
    kept_places = [p for p in data.get("locations", ()) if isinstance(p, dict)]
    return data | {
        "services": [service_object(service) for service in services],
        "locations": [
            location_object(location, service, full=True)
            for service in services
            for location in service.locations.all()
        ]
        + kept_places,  # those of the file that are none of our places
    }


# Services --------------------------------------------------------------------------


def _application_process(service):
    """How to get in: "Sans rendez-vous.", "À distance uniquement.", then the service's
    own instructions."""
    flags = [label(Service, f) + "." for f in ACCESS_FLAGS if getattr(service, f)]
    return " ".join([*flags, service.how_to_access.strip()]).strip()


def _fees_description(service):
    return service.fees or (label(Service, "free") if service.free else "")


def service_summary(service, full=False):
    """The `service_list` form: one-to-one fields and the organisation, with the fields
    an import kept (`full`: lists and objects too)."""
    data = compact(
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
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "last_modified": timestamp(last_modified(service)),
            "organization": organization_summary(service.organisation, service, full),
        }
    )
    return merge(data, scalars(service.hsds_extra))


def last_modified(service):
    """When the service's output last changed: its own edits (its places, phones and hours
    move its `modified`), its organisation's, or a rename of one of its categories."""
    moments = [service.modified, service.organisation.modified]
    return max(moments + [category.modified for category in service.categories.all()])


def service_minimal(service):
    """The `minimal` form of the services list: its id and when it last changed."""
    return {"id": str(service.id), "last_modified": timestamp(last_modified(service))}


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


def attributes(service, kept):
    """Our categories, then the terms of other taxonomies: as their file gave them (kept:
    its ids, values ...) over what we know of the term, or as we know it alone."""
    terms = {str(term.id): term for term in service.foreign_terms.all()}
    given = []
    for attribute in (a for a in kept if isinstance(a, dict)):
        named = attribute.get("taxonomy_term_id") or (attribute.get("taxonomy_term") or {}).get(
            "id"
        )
        term = terms.pop(str(named), None)
        given.append(attribute_object(service, term) | attribute if term else attribute)
    return (
        [_category_attribute(service, c) for c in service.categories.all()]
        + [attribute_object(service, term) for term in terms.values()]
        + given
    )


def service_full(service, with_locations=True):
    """The `service` form: with phones, languages, areas, costs, categories and locations."""
    kept = dict(service.hsds_extra or {})
    ours = [language(lang, service) for lang in service.languages.all()]
    data = service_summary(service, full=True) | {
        "phones": [phone(p, service) for p in service.phones.all()],
        "languages": languages(ours, kept),
        "service_areas": service_areas(service),
        "cost_options": cost_options(service),
        "required_documents": required_documents(service),
        "attributes": attributes(service, kept.pop("attributes", ())),
    }
    for key in ("languages", "_languages"):
        kept.pop(key, None)
    if any(place.hidden for place in service.public_places()):
        for key in CHANGE_LOGS:  # may name where a confidential place was
            kept.pop(key, None)
    if with_locations:
        data["service_at_locations"] = [
            service_at_location(location, service, full=True, with_service=False)
            for location in service.locations.all()
        ]
    return merge(data, kept)


def language(row, service):
    return {
        "id": derived_id("language", f"{service.id}:{row.code}"),
        "service_id": str(service.id),
        "name": row.name,
        "code": row.code,
    }


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
        "id": link_id(location),
        "service_id": str(service.id),
        "location_id": str(location.id),
        "location": location_object(location, service, full=full),
    }
    if full:
        data["schedules"] = schedules(location)
    if not location.public.hidden:  # what the file said of a place now confidential stays
        data = merge(data, location.hsds_link if full else scalars(location.hsds_link))
    if with_service:
        data["service"] = (
            service_full(service, with_locations=False) if full else service_summary(service)
        )
    return data
