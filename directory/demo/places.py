"""Where and when the demo services are: places on real streets, weekly hours, closures.

Part of the demo data set (loader.py): the tables are those of fixtures/demo/.
"""

import math
from datetime import date, time, timedelta
from decimal import Decimal

from ..models import Location, Schedule, ScheduleException
from .data import (
    BRANCH_HOURS,
    HOLIDAY_REASON,
    HOURS,
    NEVER_CLOSED,
    STREETS,
    TRAINING_REASON,
    WORKS_REASON,
)

# A location is its quartier's centre moved by at most this much (in degrees).
JITTER_DEG = 0.0015
SHARE_TWO_LOCATIONS = 0.18
SHARE_WHEELCHAIR = 0.4
SHARE_HOLIDAY_CLOSURE = 0.3


def _point(rng, quartier):
    """The quartier's centre moved by up to JITTER_DEG, as 6-decimal Decimals."""
    r, angle = JITTER_DEG * math.sqrt(rng.random()), rng.uniform(0, 2 * math.pi)
    lat = float(quartier.latitude) + r * math.sin(angle)
    lon = float(quartier.longitude) + r * math.cos(angle)
    return Decimal(f"{lat:.6f}"), Decimal(f"{lon:.6f}")


def _house_number(rng):
    number = str(rng.randint(1, 180))
    return number + rng.choice(["A", "B"]) if rng.random() < 0.08 else number


def _location(rng, service, commune, street, ref, hidden, name):
    street_fr, street_nl, code, *postcode = street
    location = Location(
        service=service,
        name=name,
        postcode=postcode[0] if postcode else commune.postcodes[0],
        wheelchair_accessible=rng.random() < SHARE_WHEELCHAIR,
        address_hidden=hidden,
    )
    if hidden:
        # A confidential shelter: no street and no point anywhere, only its commune.
        location.commune = commune
    else:
        number = _house_number(rng)
        location.street_fr, location.street_nl = f"{street_fr} {number}", f"{street_nl} {number}"
        location.latitude, location.longitude = _point(rng, ref.quartiers[code])
    location.save_without_historical_record()
    return location


def _branch_street(rng, commune, first, ref, one_commune):
    """A second place: another quartier of the commune or, half the time, another commune."""
    streets = STREETS[commune.slug]
    elsewhere = [s for s in streets if s[2] != first[2]] or [s for s in streets if s != first]
    if not one_commune and rng.random() < 0.5:
        commune = ref.communes[rng.choice(sorted(set(STREETS) - {commune.slug}))]
        elsewhere = STREETS[commune.slug]
    return commune, rng.choice(elsewhere)


def locations(rng, service, offer, commune, kind, ref, batch):
    """[(location, hours profile)]: the service's place and sometimes an "Antenne"."""
    street, profile = rng.choice(STREETS[commune.slug]), rng.choice(offer.hours)
    places = [(commune, street, profile, "")]
    can_branch = profile not in NEVER_CLOSED and "phone" not in offer.access
    if can_branch and rng.random() < SHARE_TWO_LOCATIONS:
        branch = _branch_street(rng, commune, street, ref, kind.one_commune)
        places.append((*branch, rng.choice(BRANCH_HOURS), "Antenne"))
    located = []
    for place, place_street, place_profile, name in places:
        location = _location(rng, service, place, place_street, ref, offer.hidden_address, name)
        batch.schedules += _schedules(location, place_profile)
        located.append((location, place_profile))
    return located


def _schedules(location, profile):
    return [
        Schedule(
            location=location,
            weekday=day,
            opens_at=time.fromisoformat(opens),
            closes_at=time.fromisoformat(closes),
        )
        for days, opens, closes in HOURS[profile]
        for day in days
    ]


def _exception(location, start, end, reason, opens_at=None, closes_at=None):
    return ScheduleException(
        location=location,
        start_date=start,
        end_date=end,
        closed=opens_at is None,
        opens_at=opens_at,
        closes_at=closes_at,
        reason_fr=reason[0],
        reason_nl=reason[1],
        reason_en=reason[2],
    )


def exceptions(rng, located, today):
    """Holiday closures, a staff training day and two weeks of reduced hours.

    `located` is [(location, hours profile)].
    """
    year = today.year - 1 if today <= date(today.year, 1, 2) else today.year
    christmas, new_year = date(year, 12, 24), date(year + 1, 1, 2)
    closable = [loc for loc, profile in located if profile not in NEVER_CLOSED]
    on_holiday = [loc for loc in closable if rng.random() < SHARE_HOLIDAY_CLOSURE]
    rows = [_exception(loc, christmas, new_year, HOLIDAY_REASON) for loc in on_holiday]
    # Other exceptions go to locations without a holiday closure, so none overlap.
    others = rng.sample([loc for loc in closable if loc not in on_holiday], 4)
    training = today + timedelta(days=rng.randint(20, 40))
    while training.weekday() >= 5 or christmas <= training <= new_year:
        training += timedelta(days=1)
    rows += [_exception(loc, training, training, TRAINING_REASON) for loc in others[1:]]
    works = others[0]
    rows.append(
        _exception(
            works,
            today - timedelta(days=2),
            today + timedelta(days=12),
            WORKS_REASON,
            time(9),
            time(12),
        )
    )
    return rows
