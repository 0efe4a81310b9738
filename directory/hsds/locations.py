"""HSDS locations, addresses, accessibility and weekly hours, from a place's public
projection (places.py): a confidential address shows its commune, never more."""

from functools import lru_cache

from django.utils.translation import gettext

from ..models import Location, Schedule
from ..translation import active_language
from .values import (
    BYDAY,
    COUNTRY,
    REGION,
    compact,
    derived_id,
    in_language,
    label,
    service_at_location_id,
)


def location_object(location, service, full=False):
    """An HSDS location, from the place's public projection: a hidden address gives only
    its commune (no name, street, postcode or coordinates)."""
    place = location.public
    data = {
        "id": str(place.id),
        "location_type": "physical",
        "organization_id": str(service.organisation_id),
    }
    if place.hidden:
        data["description"] = gettext("Adresse communiquée par téléphone")
    data |= compact({"name": place.name})
    if place.exact:
        data |= {"latitude": place.lat, "longitude": place.lon}
    if full:
        data["addresses"] = [address(place)] if _has_address(place) else []
        data["accessibility"] = accessibility(place)
    return data


def _has_address(place):
    return bool(place.street_address or place.postal_code or place.commune)


def address(place):
    """The postal address of a PublicPlace (a hidden one: its commune and the region)."""
    return {
        "id": derived_id("address", place.id),
        "location_id": str(place.id),
        "address_1": place.street_address,
        "city": place.commune.name if place.commune else "",
        "state_province": in_language(REGION),
        "postal_code": place.postal_code,
        "country": COUNTRY,
        "address_type": "physical",
    }


def accessibility(place):
    if not place.wheelchair_accessible:
        return []
    return [
        {
            "id": derived_id("accessibility", place.id),
            "location_id": str(place.id),
            "description": label(Location, "wheelchair_accessible"),
        }
    ]


def schedule(slot, location):
    """A weekly opening slot as an iCalendar-style weekly rule.

    Times are Brussels wall-clock times (Europe/Brussels, so the UTC offset changes
    with daylight saving); a slot that closes at or before it opens runs past midnight.
    """
    opens, closes = f"{slot.opens_at:%H:%M}", f"{slot.closes_at:%H:%M}"
    return {
        "id": derived_id("schedule", slot.pk),
        "service_at_location_id": str(service_at_location_id(location.id)),
        "freq": "WEEKLY",
        "wkst": "MO",
        "byday": BYDAY[slot.weekday],
        "opens_at": opens,
        "closes_at": closes,
        "description": f"{_weekday_names(active_language())[slot.weekday]} {opens}–{closes}",
    }


@lru_cache(maxsize=len(REGION))
def _weekday_names(lang):
    """Day names in `lang` (the active language), translated once rather than per slot."""
    return {day: str(label) for day, label in Schedule.Weekday.choices}
