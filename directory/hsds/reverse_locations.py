"""HSDS locations read back into LocationPlans: the point, the address and weekly hours."""

import math
import re
import uuid
from datetime import time
from decimal import Decimal
from functools import lru_cache

from django.utils.translation import gettext_noop

from . import values
from .messages import message
from .plans import LocationPlan, max_length, read_text

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
    hours = set()
    for j, row in enumerate(schedules):
        at = f"{where}[{j}]"
        if row.get("freq", "WEEKLY") != "WEEKLY" or not row.get("byday"):
            weekly = gettext_noop(
                "seuls les horaires hebdomadaires avec byday sont importés : ignoré"
            )
            plan.warn(at, message(weekly))
            continue
        if not row.get("opens_at") or not row.get("closes_at"):
            plan.warn(at, message(gettext_noop("pas de opens_at ou de closes_at : ignoré")))
            continue
        opens = _time(plan, row["opens_at"], f"{at}.opens_at")
        closes = _time(plan, row["closes_at"], f"{at}.closes_at")
        for code in row["byday"].split(","):
            if code.strip().upper() not in BYDAY:
                not_a_day = gettext_noop("%(value)s n'est pas un jour (MO, TU ... SU)")
                plan.error(f"{at}.byday", message(not_a_day, value=repr(code)))
            elif opens and closes:
                hours.add((BYDAY[code.strip().upper()], opens, closes))
    return tuple(sorted(hours))


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
    if postcode and not re.fullmatch(r"\d{4}", postcode):
        not_belgian = gettext_noop("%(value)s n'est pas un code postal belge")
        plan.error(f"{where}.addresses[0].postal_code", message(not_belgian, value=repr(postcode)))
    street = ", ".join(filter(None, [address.get("address_1"), address.get("address_2")]))
    if len(street) > max_length("street"):
        longer = message(gettext_noop("plus longue que %(limit)s"), limit=max_length("street"))
        plan.error(f"{where}.addresses[0].address_1", longer)
    return street, postcode, address.get("city", "")


def _location_hours(plan, record, link, location, i):
    """The weekly hours of the most precise schedules given, or None if none are given."""
    for schedules, at in (
        (link.get("schedules"), f"service_at_locations[{i}].schedules"),
        (location.get("schedules"), f"service_at_locations[{i}].location.schedules"),
        (record.get("schedules"), "schedules"),
    ):
        if schedules:
            return _hours(plan, schedules, at)
    if any("schedules" in node for node in (link, location, record)):
        return ()  # given, and empty
    return None


def plan_location(plan, vocabulary, record, link, i):
    where = f"service_at_locations[{i}].location"
    location = link.get("location")
    if not isinstance(location, dict):
        in_full = gettext_noop("manquant : donnez chaque lieu en entier, pas seulement son id")
        plan.error(where, message(in_full))
        return None
    place = LocationPlan(
        id=uuid.UUID(location["id"]),
        hidden=location.get("description", "") in vocabulary.hidden,
        point=_point(plan, location, where),
        hours=_location_hours(plan, record, link, location, i),
    )
    if "name" in location:
        place.name = read_text(plan, location, "name", f"{where}.name", max_length("location"))
    if "addresses" in location:
        place.address = _address(plan, location, where, place.hidden)
    if "accessibility" in location:
        words = " ".join(a.get("description", "") for a in location["accessibility"]).lower()
        place.wheelchair_accessible = any(w in words for w in WHEELCHAIR_WORDS)
    return place
