"""What kind of HSDS object a file holds, and the full services each one gives.

The importer works on full services. Other systems send what their API answers:
an organization with its services (`organization_full`), a service_at_location with its
service and place, a Page of any of these, or plain services and list items. Each
object is recognised by its shape, and turned into the services it describes; an
object that gives no service (an organization without its services, a lone location)
is a NotAService, which the importer refuses naming the record and saying why, rather
than reporting the service fields it lacks.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

from .messages import message

# Fields only an organization has (HSDS 3.0), to tell an organization list item.
ORGANIZATION_FIELDS = {
    "website", "tax_status", "tax_id", "year_incorporated", "legal_status", "logo", "uri",
    "parent_organization_id", "organization_identifiers",
}  # fmt: skip
LOCATION_FIELDS = {"location_type", "latitude", "longitude", "addresses", "transportation"}


@dataclass(frozen=True)
class NotAService:
    """An object of the file that gives no service; `reason` is a Message."""

    reason: object
    id: str = ""
    name: str = ""

    def get(self, key, default=None):  # read like a record by the importer's reports
        return {"id": self.id, "name": self.name}.get(key, default)


def _refused(obj, text):
    return NotAService(message(text), str(obj.get("id") or ""), str(obj.get("name") or ""))


def services_of(obj):
    """The service records one object of the file gives (a list), by its kind."""
    if not isinstance(obj, dict):
        return [obj]  # the importer says it is not a JSON object
    if isinstance(obj.get("service"), dict):
        return [service_of_link(obj)]
    if isinstance(obj.get("services"), list):
        return services_of_organization(obj)
    if "status" in obj or "organization" in obj or "organization_id" in obj:
        return [obj]
    if "openapi_url" in obj or "profile" in obj and "version" in obj:
        return [_refused(obj, gettext_noop("la racine d'une API HSDS, pas des services"))]
    if set(obj) & ORGANIZATION_FIELDS:
        organisation_alone = gettext_noop(
            "une organisation sans ses services : donnez-la avec `services` "
            "(organization_full), ou donnez ses services"
        )
        return [_refused(obj, organisation_alone)]
    if set(obj) & LOCATION_FIELDS:
        place_alone = gettext_noop(
            "un lieu seul : donnez-le dans un service_at_location, avec son service"
        )
        return [_refused(obj, place_alone)]
    return [obj]


def service_of_link(link):
    """A service_at_location as its service, with this one link (its place and hours)."""
    service = dict(link["service"])
    rest = {key: value for key, value in link.items() if key != "service"}
    if "location" in rest or "location_id" in rest:
        service["service_at_locations"] = [*service.get("service_at_locations", ()), rest]
    return service


def services_of_organization(organization):
    """An organization_full's services, each with the organization (and its places)."""
    own = {k: v for k, v in organization.items() if k not in ("services", "locations")}
    places = {
        place.get("id"): place
        for place in organization.get("locations", ())
        if isinstance(place, dict)
    }
    services = []
    for service in organization["services"]:
        if not isinstance(service, dict):
            services.append(service)
            continue
        service = dict(service)
        service.setdefault("organization", own)
        if "id" in own:
            service.setdefault("organization_id", own["id"])
        links = service.get("service_at_locations")
        if isinstance(links, list):
            service["service_at_locations"] = [_with_place(link, places) for link in links]
        services.append(service)
    return services


def _with_place(link, places):
    """A link that names its place by id only gets the place the organization lists."""
    if isinstance(link, dict) and "location" not in link and link.get("location_id") in places:
        return link | {"location": places[link["location_id"]]}
    return link


def merged_links(objects):
    """The services of the objects; consecutive service_at_locations of the same service
    (a list of them gives one per place) become one service with all their places."""
    pending = None
    for obj in objects:
        is_link = isinstance(obj, dict) and isinstance(obj.get("service"), dict)
        if is_link:
            record = service_of_link(obj)
            if pending is not None and pending.get("id") == record.get("id"):
                links = pending["service_at_locations"] + record["service_at_locations"]
                pending = pending | {"service_at_locations": links}
                continue
        if pending is not None:
            yield pending
            pending = None
        if is_link and "service_at_locations" in record:
            pending = record
        else:
            yield from services_of(obj)
    if pending is not None:
        yield pending


def expand(objects):
    """(number, service record) for the objects of a file, numbered from 1 in order."""
    yield from enumerate(merged_links(objects), start=1)
