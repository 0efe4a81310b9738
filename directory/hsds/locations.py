"""HSDS locations, addresses, accessibility and weekly hours, from a place's public
projection (places.py): a confidential address shows its commune, never more.

The fields an import kept (verbatim.py) come back for a place whose address is public;
a confidential place's are never exported, since they may name where it is.
"""

from functools import lru_cache

from django.utils.translation import gettext

from ..models import Location, Schedule
from ..translation import active_language
from .reverse_locations import parse_time
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
from .verbatim import merge, merge_list


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
    if place.hidden:
        return data
    kept = dict(location.hsds_extra or {})
    if "addresses" in kept:
        data["addresses"] = _addresses(place, data.get("addresses", []), kept.pop("addresses"))
    if not full:
        kept = {k: v for k, v in kept.items() if not isinstance(v, list | dict)}
    return merge(data, kept)


def _joined(item):
    return ", ".join(filter(None, [item.get("address_1"), item.get("address_2")]))


def _addresses(place, ours, given):
    """The addresses the file gave: the one we read (reverse_locations._address) as the
    file wrote it while the place's street and postcode are still what it said, else as
    we have it now with the file's id; the others as given."""
    given = [item for item in given if isinstance(item, dict)]
    read = next((a for a in given if a.get("address_type") == "physical"), None)
    read = read or next(iter(given), None)
    if not ours or read is None:
        return ours
    ours = ours[0]
    same = (
        _joined(read) == place.street_address
        and read.get("postal_code", "").strip() == place.postal_code
    )
    first = ours | read if same else merge(ours, read) | {k: ours[k] for k in ours if k != "id"}
    first["id"] = read.get("id", ours["id"])
    return [first if item is read else item for item in given]


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


def link_id(location):
    """The id of the place's service_at_location: the file's, else derived."""
    return str(location.link_id or service_at_location_id(location.id))


def schedules(location):
    """The place's weekly hours: one HSDS schedule per uid (the days an imported schedule
    named share it), then the schedules the file gave that are not weekly slots."""
    groups, ids = {}, set()
    for slot in location.schedules.all():
        groups.setdefault((slot.uid, slot.opens_at, slot.closes_at), []).append(slot)
    ours = []
    for (uid, opens, closes), slots in groups.items():
        # Days of one schedule given other hours since: each such group its own id.
        own = str(uid) if uid not in ids else derived_id("schedule", f"{uid}:{opens}-{closes}")
        ids.add(uid)
        ours.append(schedule(slots, location) | {"id": own})
    return merge_list(ours, (location.hsds_link or {}).get("schedules") or [])


def _as_given(kept, key, value):
    """The time as the file wrote it ("10:00:00+01:00") if it is still ours, else ours."""
    given = kept.get(key)
    if isinstance(given, str) and parse_time(given) == value:
        return given
    return f"{value:%H:%M}"


def schedule(slots, location):
    """Weekly opening slots with the same hours and id as an iCalendar-style weekly rule.

    Times are Brussels wall-clock times (Europe/Brussels, so the UTC offset changes
    with daylight saving) unless the file gave an offset; a slot that closes at or before
    it opens runs past midnight. What the file said of it beyond that comes back.
    """
    first = slots[0]
    kept = dict(first.hsds_extra or {})
    days = ",".join(BYDAY[s.weekday] for s in sorted(slots, key=lambda s: s.weekday))
    byday = kept.pop("byday", None)
    if not isinstance(byday, str) or sorted(byday.split(",")) != sorted(days.split(",")):
        byday = days
    opens = _as_given(kept, "opens_at", first.opens_at)
    closes = _as_given(kept, "closes_at", first.closes_at)
    kept.pop("opens_at", None), kept.pop("closes_at", None)
    names = _weekday_names(active_language())
    described = ", ".join(f"{names[s.weekday]} {opens[:5]}–{closes[:5]}" for s in slots)
    data = {
        "id": str(first.uid),
        "service_at_location_id": link_id(location),
        "freq": "WEEKLY",
        "wkst": kept.pop("wkst", "MO"),
        "byday": byday,
        "opens_at": opens,
        "closes_at": closes,
        "description": kept.pop("description", described),
    }
    if first.valid_from:
        data["valid_from"] = first.valid_from.isoformat()
    if first.valid_to:
        data["valid_to"] = first.valid_to.isoformat()
    return merge(data, kept)


@lru_cache(maxsize=len(REGION))
def _weekday_names(lang):
    """Day names in `lang` (the active language), translated once rather than per slot."""
    return {day: str(label) for day, label in Schedule.Weekday.choices}
