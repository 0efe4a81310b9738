"""Fiches de liaison: making one, confirming an arrival, and what the network page counts.

The receiving service confirms an arrival in one of two ways: a worker of its
organisation taps "arrived" on their staff pages, or anyone at its desk types the
slip's one-time code on the public arrival page. That page needs no login, so wrong
codes are counted, per sender (a keyed hash of their address, nothing else) and for
everyone together, and past a limit the page stops checking codes for the hour: a
distributed guesser gets the same few hundred tries an hour as a single one, while the
desk can still confirm from the staff pages. Codes are looked up by their keyed hash, so
no timing tells how near a guess was, and compared again in constant time.
"""

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..http import client_ip
from ..models import Commune, Location, Organisation
from ..models.handovers import ArrivalThrottle, HandOver, code_hash, new_code, normalise_code

# The network page counts hand-overs of this many days; a code works as long.
PERIOD_DAYS = 90
THROTTLE_WINDOW = timedelta(hours=1)
FAILURES_PER_SENDER = 10
FAILURES_FROM_EVERYONE = 200
EVERYONE = "*"
# The codes of the last slips a worker made, kept in their session to print them again.
SESSION_CODES = "handover-codes"
SESSION_CODES_KEPT = 20


def make_handover(user, to_service, category, from_organisation, from_service=None):
    """A new hand-over and its one-time code (the code is not stored, only its hash)."""
    for _attempt in range(5):
        code = new_code()
        try:
            with transaction.atomic():
                handover = HandOver.objects.create(
                    from_organisation=from_organisation,
                    from_service=from_service,
                    to_service=to_service,
                    category=category,
                    code_hash=code_hash(code),
                    created_by=user,
                )
        except IntegrityError:  # the same code as another slip: about once in 10^10
            continue
        return handover, code
    raise RuntimeError("no free hand-over code after five tries")


def renew_code(handover):
    """A new code for a slip whose code is lost (the old one stops working)."""
    for _attempt in range(5):
        code = new_code()
        try:
            with transaction.atomic():
                HandOver.objects.filter(pk=handover.pk).update(code_hash=code_hash(code))
        except IntegrityError:
            continue
        return code
    raise RuntimeError("no free hand-over code after five tries")


def remember_code(session, handover, code):
    codes = dict(session.get(SESSION_CODES, {}))
    codes.pop(str(handover.pk), None)
    codes[str(handover.pk)] = code
    session[SESSION_CODES] = dict(list(codes.items())[-SESSION_CODES_KEPT:])


def remembered_code(session, handover):
    return session.get(SESSION_CODES, {}).get(str(handover.pk))


def member_organisation_ids(user):
    """Ids of the organisations the user works for (none for an account without a profile)."""
    worker = getattr(user, "worker", None)
    if worker is None:
        return []
    return list(worker.organisations.values_list("pk", flat=True))


def acknowledge(handover):
    """Records the arrival once; whether this call recorded it."""
    changed = HandOver.objects.filter(pk=handover.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=timezone.now()
    )
    if changed:
        handover.acknowledged_at = timezone.now()
    return bool(changed)


def code_is_current(handover, today=None):
    today = today or timezone.localdate()
    return handover.date >= today - timedelta(days=PERIOD_DAYS)


class Arrival(Enum):
    RECORDED = "recorded"
    ALREADY = "already"  # the code worked once already
    EXPIRED = "expired"
    UNKNOWN = "unknown"  # no slip has this code
    MALFORMED = "malformed"  # not eight signs of the code's alphabet
    THROTTLED = "throttled"  # too many wrong codes: no code is checked this hour


@dataclass
class ArrivalResult:
    outcome: Arrival
    handover: HandOver = None


def sender_key(request):
    """A keyed hash of the sender's address: enough to count their wrong codes, no more."""
    address = (client_ip(request) or "").encode()
    key = f"{settings.SECRET_KEY}:arrival-sender".encode()
    return hmac.new(key, address, hashlib.sha256).hexdigest()


def _counter(key, now):
    """The throttle row of `key`, locked until the transaction ends, in the current window."""
    row, _created = ArrivalThrottle.objects.select_for_update().get_or_create(
        key=key, defaults={"window_start": now}
    )
    if row.window_start <= now - THROTTLE_WINDOW:
        row.window_start, row.failures = now, 0
        row.save(update_fields=["window_start", "failures"])
    return row


def _check(code):
    if not code:
        return ArrivalResult(Arrival.MALFORMED)
    digest = code_hash(code)
    handover = HandOver.objects.select_related("to_service").filter(code_hash=digest).first()
    if handover is None or not hmac.compare_digest(handover.code_hash, digest):
        return ArrivalResult(Arrival.UNKNOWN)
    if handover.arrived:
        return ArrivalResult(Arrival.ALREADY, handover)
    if not code_is_current(handover):
        return ArrivalResult(Arrival.EXPIRED, handover)
    acknowledge(handover)
    return ArrivalResult(Arrival.RECORDED, handover)


def acknowledge_by_code(text, sender):
    """Records the arrival of the slip whose code is `text`, typed by `sender` (sender_key).

    The sender's counter and everyone's are locked first (always in that order), so that
    concurrent guesses are counted one after the other, never all against the same count.
    """
    now = timezone.now()
    with transaction.atomic():
        counters = [_counter(sender, now), _counter(EVERYONE, now)]
        limits = [FAILURES_PER_SENDER, FAILURES_FROM_EVERYONE]
        if any(row.failures >= limit for row, limit in zip(counters, limits, strict=True)):
            return ArrivalResult(Arrival.THROTTLED)
        result = _check(normalise_code(text))
        if result.outcome is Arrival.UNKNOWN:
            for row in counters:
                row.failures += 1
                row.save(update_fields=["failures"])
    ArrivalThrottle.objects.filter(window_start__lt=now - THROTTLE_WINDOW).exclude(
        key=EVERYONE
    ).delete()
    return result


# The quartier network page -------------------------------------------------------------


@dataclass
class HandOverPair:
    from_organisation: Organisation
    to_organisation: Organisation
    sent: int
    arrived: int
    from_communes: list = field(default_factory=list)
    to_communes: list = field(default_factory=list)

    @property
    def share(self):
        return round(100 * self.arrived / self.sent) if self.sent else 0

    @property
    def across_communes(self):
        """Known communes on both ends, and none in common."""
        ends = {c.pk for c in self.from_communes}, {c.pk for c in self.to_communes}
        return all(ends) and not ends[0] & ends[1]


@dataclass
class HandOverSummary:
    pairs: list
    days: int = PERIOD_DAYS

    @property
    def sent(self):
        return sum(pair.sent for pair in self.pairs)

    @property
    def arrived(self):
        return sum(pair.arrived for pair in self.pairs)

    @property
    def share(self):
        return round(100 * self.arrived / self.sent) if self.sent else 0


def organisation_communes(organisation_ids):
    """{organisation id: [communes of its published places]}, in two queries.

    A confidential place counts by its commune, which the public knows too.
    """
    rows = (
        Location.objects.filter(service__organisation__in=organisation_ids, service__is_active=True)
        .exclude(commune=None)
        .values_list("service__organisation_id", "commune_id")
        .distinct()
    )
    rows = list(rows)
    communes = Commune.objects.in_bulk({c for _o, c in rows})
    found = {}
    for organisation_id, commune_id in rows:
        found.setdefault(organisation_id, []).append(communes[commune_id])
    return {pk: sorted(names, key=lambda c: c.name) for pk, names in found.items()}


def handovers_between(organisation_ids, today=None):
    """The hand-overs of the last PERIOD_DAYS sent or received by `organisation_ids`, per
    pair of organisations, whatever commune the other end is in; four queries."""
    today = today or timezone.localdate()
    since = today - timedelta(days=PERIOD_DAYS)
    rows = list(HandOver.objects.since(since).pairs(organisation_ids)) if organisation_ids else []
    ids = {row[end] for row in rows for end in ("from_organisation_id", "to_organisation_id")}
    if not ids:
        return HandOverSummary(pairs=[])
    organisations = Organisation.objects.only("pk", "slug", "name_fr", "name_nl", "name_en")
    organisations = organisations.in_bulk(ids)
    communes = organisation_communes(ids)
    pairs = [
        HandOverPair(
            from_organisation=organisations[row["from_organisation_id"]],
            to_organisation=organisations[row["to_organisation_id"]],
            sent=row["sent"],
            arrived=row["arrived"],
            from_communes=communes.get(row["from_organisation_id"], []),
            to_communes=communes.get(row["to_organisation_id"], []),
        )
        for row in rows
    ]
    return HandOverSummary(pairs=pairs)
