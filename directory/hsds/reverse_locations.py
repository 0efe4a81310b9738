"""HSDS locations read back into LocationPlans: the point, the address and weekly hours."""

import math
import re
import uuid
from datetime import time
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext_noop

from . import values, verbatim
from .messages import message
from .plans import LocationPlan, max_length, read_text
from .reverse_extras import canonical, read_date, uid

SIX_PLACES = Decimal("0.000001")
BYDAY = {code: day for day, code in enumerate(values.BYDAY)}
WHEELCHAIR_WORDS = ("wheelchair", "chaise roulante", "fauteuil roulant", "rolstoel")
TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?")


@lru_cache(maxsize=4096)
def parse_time(value):
    """A time from "HH:MM", "HH:MM:SS" (a UTC offset is ignored: hours are local), or None."""
    match = TIME.fullmatch(value.strip())
    if match:
        hour, minute, second = (int(part or 0) for part in match.groups()[:3])
        if hour < 24 and minute < 60 and second < 60:
            return time(hour, minute, second)
    return None


def _time(plan, value, where):
    parsed = parse_time(value) if isinstance(value, str) else None
    if parsed is None:
        plan.error(
            where, message(gettext_noop("%(value)s n'est pas une heure (HH:MM)"), value=repr(value))
        )
    return parsed


def _hours(plan, schedules, where):
    """(weekly slots, the schedules that are not weekly slots, kept as they are)."""
    hours, others = set(), []
    for j, row in enumerate(schedules):
        at = f"{where}[{j}]"
        if row.get("freq", "WEEKLY") != "WEEKLY" or not row.get("byday"):
            others.append(row)
            continue
        if not row.get("opens_at") or not row.get("closes_at"):
            others.append(row)
            continue
        opens = _time(plan, row["opens_at"], f"{at}.opens_at")
        closes = _time(plan, row["closes_at"], f"{at}.closes_at")
        extra = verbatim.kept(row, verbatim.SCHEDULE)
        for key, ours in (("opens_at", opens), ("closes_at", closes)):
            if ours is None or row[key] != f"{ours:%H:%M}":
                extra[key] = row[key]  # as written: "10:00:00+01:00"
        days = [code.strip().upper() for code in row["byday"].split(",")]
        if days != sorted(days, key=lambda code: BYDAY.get(code, 7)):
            extra["byday"] = row["byday"]  # in the file's order
        if extra.get("wkst") == "MO":
            del extra["wkst"]  # what we write anyway
        if values.described_hours(extra.get("description")):
            del extra["description"]  # ours, written again from the hours
        valid = (read_date(plan, row, "valid_from", at), read_date(plan, row, "valid_to", at))
        slot = (*valid, uid(row), canonical(extra))
        for code in row["byday"].split(","):
            if code.strip().upper() not in BYDAY:
                not_a_day = gettext_noop("%(value)s n'est pas un jour (MO, TU ... SU)")
                plan.error(f"{at}.byday", message(not_a_day, value=repr(code)))
            elif opens and closes:
                hours.add((BYDAY[code.strip().upper()], opens, closes, *slot))
    return tuple(sorted(hours, key=_slot_order)), others


def _slot_order(slot):
    return tuple("" if value is None else str(value) for value in slot)


def _point(plan, location, where):
    """(latitude, longitude) as Decimals, or None if the location gives no point."""
    lat, lon = location.get("latitude"), location.get("longitude")
    if lat is None and lon is None:
        return None
    if lat is None or lon is None:
        both = message(gettext_noop("donnez les deux ou aucun"))
        plan.error(where + (".latitude" if lat is None else ".longitude"), both)
        return None
    for name, value, bound in (("latitude", lat, 90), ("longitude", lon, 180)):
        # abs() first: math.isfinite cannot take an integer of a thousand digits.
        if abs(value) > bound or not math.isfinite(value):
            shown = str(value) if len(str(value)) <= 20 else f"{str(value)[:12]}…"
            outside = gettext_noop("%(value)s est hors de -%(bound)s..%(bound)s : pas sur la Terre")
            plan.error(f"{where}.{name}", message(outside, value=shown, bound=bound))
            return None
    return Decimal(repr(lat)).quantize(SIX_PLACES), Decimal(repr(lon)).quantize(SIX_PLACES)


def _address(plan, location, where, hidden=False):
    """(street, postcode, city) of the location's physical address (else its first).

    A confidential place's address gives its commune alone (what a CSV export writes in
    the street and postcode it requires says so, see export.py): only the city is read.
    """
    addresses = location["addresses"]
    address = next((a for a in addresses if a.get("address_type") == "physical"), None)
    address = address or next(iter(addresses), {})
    if hidden:
        return "", "", address.get("city", "")
    postcode = address.get("postal_code", "").strip()
    if len(postcode) > max_length("postcode"):
        longer = message(gettext_noop("plus longue que %(limit)s"), limit=max_length("postcode"))
        plan.error(f"{where}.addresses[0].postal_code", longer)
    street = ", ".join(filter(None, [address.get("address_1"), address.get("address_2")]))
    if len(street) > max_length("street"):
        longer = message(gettext_noop("plus longue que %(limit)s"), limit=max_length("street"))
        plan.error(f"{where}.addresses[0].address_1", longer)
    return street, postcode, address.get("city", "")


def _location_hours(plan, record, link, location, i):
    """(the weekly hours of the most precise schedules given, or None if none are given;
    where they come from: "link", "location" or "service"; schedules kept as they are)."""
    for schedules, at, level in (
        (link.get("schedules"), f"service_at_locations[{i}].schedules", "link"),
        (location.get("schedules"), f"service_at_locations[{i}].location.schedules", "location"),
        (record.get("schedules"), "schedules", "service"),
    ):
        if schedules:
            hours, others = _hours(plan, schedules, at)
            return hours, level, others
    if any("schedules" in node for node in (link, location, record)):
        return (), "link", []  # given, and empty
    return None, None, []


def _extras(vocabulary, place, location, link, level, others, hidden):
    """The location's and the service_at_location's fields we do not model (what our
    own export writes of the columns is read back into them, not kept)."""
    extra = verbatim.kept(location, verbatim.LOCATION)
    if level == "location":
        extra.pop("schedules", None)
    if hidden:
        extra.pop("description", None)  # ours, read back
    if isinstance(extra.get("accessibility"), list):
        extra["accessibility"] = [
            item
            for item in extra["accessibility"]
            if not (isinstance(item, dict) and item.get("description") in vocabulary.wheelchair)
        ]
    ours = values.derived_id("address", location["id"])
    addresses = [
        verbatim.kept(item, {"location_id"}) if isinstance(item, dict) else item
        for item in location.get("addresses") or ()
        if not (isinstance(item, dict) and item.get("id") == ours)
    ]
    if addresses:
        extra["addresses"] = addresses
    link_extra = verbatim.kept(link, verbatim.LINK)
    if others:  # schedules that are not weekly slots stay where the file gave them
        target = {"link": link_extra, "location": extra}.get(level)
        if target is not None:
            target["schedules"] = others
    place.extra = ({k: v for k, v in extra.items() if v not in ([], {})}, set(location))
    place.link_extra = (link_extra, set(link))
    place.link_id = uid(link)
    if place.link_id == values.service_at_location_id(location["id"]):
        place.link_id = None  # ours, derived from the place's id


def plan_location(plan, vocabulary, record, link, i):
    where = f"service_at_locations[{i}].location"
    location = link.get("location")
    if not isinstance(location, dict):
        in_full = gettext_noop("manquant : donnez chaque lieu en entier, pas seulement son id")
        plan.error(where, message(in_full))
        return None
    hours, level, others = _location_hours(plan, record, link, location, i)
    hidden = location.get("description", "") in vocabulary.hidden
    place = LocationPlan(
        id=uuid.UUID(location["id"]),
        hidden=hidden,
        point=_point(plan, location, where),
        hours=hours,
        from_service_schedules=level == "service",
    )
    _extras(vocabulary, place, location, link, level, others, hidden)
    if "name" in location:
        place.name = read_text(plan, location, "name", f"{where}.name", max_length("location"))
    if "addresses" in location:
        place.address = _address(plan, location, where, place.hidden)
    if "accessibility" in location:
        words = " ".join(a.get("description", "") for a in location["accessibility"]).lower()
        place.wheelchair_accessible = any(w in words for w in WHEELCHAIR_WORDS)
    return place
