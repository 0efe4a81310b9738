"""What reverse.py reads beyond the directory's first columns: ids, ages, prices, documents
to bring, and the fields kept verbatim (verbatim.py), checked field by field."""

import json
import uuid
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_noop

from . import verbatim
from .messages import message
from .values import derived_id

AGE_LIMIT = 150
AMOUNT_LIMIT = Decimal("1e10")
TEXT_LIMIT = 300


def canonical(value):
    """A JSON text that is the same for equal values (kept fields are compared as text)."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def updated_extra(old, given, keys):
    """Kept fields after a record: those it gives replace, those it leaves out stay."""
    return {k: v for k, v in (old or {}).items() if k not in keys} | given


def uid(row):
    """The row's HSDS id as a UUID, or None when it has none (a new one is drawn then)."""
    value = row.get("id")
    return uuid.UUID(value) if isinstance(value, str) and value else None


def read_date(plan, row, key, where):
    value = row.get(key)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        not_a_date = gettext_noop("%(value)s n'est pas une date (AAAA-MM-JJ)")
        plan.error(f"{where}.{key}", message(not_a_date, value=repr(value)))
        return None


def _short(plan, row, key, where):
    value = row.get(key) or ""
    if not isinstance(value, str):
        plan.error(f"{where}.{key}", message(gettext_noop("pas du texte")))
        return ""
    if len(value) > TEXT_LIMIT:
        too_long = gettext_noop("%(length)s caractères, au plus %(limit)s")
        plan.error(f"{where}.{key}", message(too_long, length=len(value), limit=TEXT_LIMIT))
    return value


def read_ages(plan, record):
    for key in ("minimum_age", "maximum_age"):
        if key not in record:
            continue
        value = record[key]
        if value is None or (isinstance(value, float) and not value.is_integer()):
            plan.error(key, message(gettext_noop("pas un nombre entier d'années")))
        elif not 0 <= value <= AGE_LIMIT:
            between = gettext_noop("%(value)s n'est pas entre 0 et %(limit)s ans")
            plan.error(key, message(between, value=value, limit=AGE_LIMIT))
        else:
            plan.values[key] = int(value)


def _amount(plan, row, where):
    value = row.get("amount")
    if value is None:
        return None
    try:
        amount = Decimal(repr(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not abs(amount) < AMOUNT_LIMIT:
        plan.error(f"{where}.amount", message(gettext_noop("pas un montant")))
        return None
    return amount


def read_cost_options(plan, record):
    """(option, amount, currency, amount_description, valid_from, valid_to, uid, extra).

    The "free" option our export writes for a free service is `free`, not a price.
    """
    options, ours = [], derived_id("cost_option", f"{plan.id}:free")
    for i, row in enumerate(record["cost_options"]):
        where = f"cost_options[{i}]"
        if row.get("id") == ours:
            continue
        currency = _short(plan, row, "currency", where)
        if len(currency) > 3:
            code = gettext_noop("%(value)s n'est pas un code de devise (EUR)")
            plan.error(f"{where}.currency", message(code, value=repr(currency)))
        options.append(
            (
                _short(plan, row, "option", where),
                _amount(plan, row, where),
                currency,
                _short(plan, row, "amount_description", where),
                read_date(plan, row, "valid_from", where),
                read_date(plan, row, "valid_to", where),
                uid(row),
                canonical(verbatim.kept(row, verbatim.COST_OPTION)),
            )
        )
    return options


def read_documents(plan, record):
    """(document, uri, uid, extra) of each document to bring."""
    documents = []
    for i, row in enumerate(record["required_documents"]):
        where = f"required_documents[{i}]"
        uri = row.get("uri") or ""
        if len(uri) > 500:
            plan.error(f"{where}.uri", message(gettext_noop("plus longue que 500 caractères")))
        text = _short(plan, row, "document", where)
        if text or uri:
            extra = canonical(verbatim.kept(row, verbatim.DOCUMENT))
            documents.append((text, uri, uid(row), extra))
    return documents


def service_extra(plan, record, unmatched_attributes, used_schedules, known_language):
    """The service's fields we do not model, for its `hsds_extra`.

    Of its languages, those we list keep their id and note by our code (`_languages`,
    read by serialise_kept.languages); the others stay as given (`languages`).
    """
    extra = verbatim.kept(record, verbatim.SERVICE)
    if plan.audiences is not None:  # the eligibility is our list of audiences
        extra.pop("eligibility_description", None)
    if used_schedules:  # they became the places' hours
        extra.pop("schedules", None)
    if record.get("languages"):
        ours, others = {}, []
        for item in record["languages"]:
            code = known_language(item)
            if code and item.get("id") == derived_id("language", f"{plan.id}:{code}"):
                continue  # our own, read back
            if code:
                ours[code] = verbatim.kept(item, {"service_id"})
            else:
                others.append(item)
        extra["_languages"], extra["languages"] = ours, others
    if unmatched_attributes:
        extra["attributes"] = unmatched_attributes
    return {key: value for key, value in extra.items() if value not in ([], {})}


def organisation_extra(data, location_ids):
    """The organisation's fields we do not model. Its locations that the record also
    gives as a service's place are kept as their id: the export shows the place as it
    is then (a confidential one without its address)."""
    extra = verbatim.kept(data, verbatim.ORGANISATION)
    if isinstance(extra.get("locations"), list):
        extra["locations"] = [
            {"id": place["id"]}
            if isinstance(place, dict) and place.get("id") in location_ids
            else place
            for place in extra["locations"]
        ]
    # An empty list (a CSV package's table with no row for it) is nothing to keep.
    return {key: value for key, value in extra.items() if value not in ([], {})}
