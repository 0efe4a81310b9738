"""HSDS objects of the rows an import keeps whole: phones, prices, documents to bring,
and the fields kept verbatim (verbatim.py) merged into what the columns say.

Ids are the rows' own `uid` (the file's, or a random UUID): the same in every export,
never the same as another database's.
"""

import uuid

from ..models import Location, Service
from .values import compact, derived_id, label
from .verbatim import merge

# Our phone kinds as RFC 6350 types, which HSDS asks for.
PHONE_TYPES = {"voice": "voice", "sms": "text", "whatsapp": "cell", "fax": "fax"}


def _number(amount):
    """A Decimal amount as a JSON number: 5 rather than 5.00."""
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def phone(row, service):
    kept = row.hsds_extra or {}
    description = row.note
    if row.kind == row.Kind.WHATSAPP:
        description = " – ".join(filter(None, ["WhatsApp", row.note]))
    elif "description" in kept and kept["description"].startswith(row.note.removesuffix("…")):
        description = kept["description"]  # longer than our column: whole as given
    kind = PHONE_TYPES.get(row.kind, "voice")
    if row.kind == row.Kind.VOICE and kept.get("type"):
        kind = kept["type"]  # "cell", "pager" ...: a phone to us
    data = compact(
        {
            "id": str(row.uid),
            "service_id": str(service.id),
            "number": row.number,
            "type": kind,
            "description": description,
        }
    )
    return merge(data, kept)


def cost_options(service):
    """The service's prices; a free service without any says "Gratuit" at 0 EUR."""
    rows = list(service.cost_options.all())
    if not rows and service.free:
        return [
            {
                "id": derived_id("cost_option", f"{service.id}:free"),
                "service_id": str(service.id),
                "option": label(Service, "free"),
                "amount": 0,
                "currency": "EUR",
            }
        ]
    return [
        merge(
            compact(
                {
                    "id": str(row.uid),
                    "service_id": str(service.id),
                    "option": row.option,
                    "amount": None if row.amount is None else _number(row.amount),
                    "currency": row.currency,
                    "amount_description": row.amount_description,
                    "valid_from": row.valid_from.isoformat() if row.valid_from else None,
                    "valid_to": row.valid_to.isoformat() if row.valid_to else None,
                }
            ),
            row.hsds_extra,
        )
        for row in rows
    ]


def required_documents(service):
    return [
        merge(
            compact(
                {
                    "id": str(row.uid),
                    "service_id": str(service.id),
                    "document": row.document,
                    "uri": row.uri,
                }
            ),
            row.hsds_extra,
        )
        for row in service.required_documents.all()
    ]


def languages(ours, kept):
    """Our languages with the ids and notes the file gave them (`_languages`, by code),
    then the file's languages we do not list, as given (`languages`)."""
    given = kept.get("_languages") or {}
    result = [merge(item, given.get(item["code"], {})) for item in ours]
    return result + [item for item in kept.get("languages") or () if isinstance(item, dict)]


def scalars(kept):
    """The kept fields that are not lists or objects (for the list forms)."""
    return {k: v for k, v in (kept or {}).items() if not isinstance(v, list | dict)}


def organisation_kept(organisation, service, location_object, full):
    """The organisation's kept fields. Its locations that are places of ours are shown
    as the place is now (a confidential one without its address): in a service, its own
    places only; the organisation's other locations of the file only in the
    organisation's own form (`service` None), and never one that is a place of ours."""
    kept = organisation.hsds_extra or {}
    places = list(service.locations.all()) if service else []
    if service is None or any(place.public.hidden for place in places):
        kept = {k: v for k, v in kept.items() if k != "metadata"}  # may name a refuge
    if not full:
        return scalars(kept)
    if not isinstance(kept.get("locations"), list):
        return kept
    given = [item for item in kept["locations"] if isinstance(item, dict)]
    if service is not None:
        ours = {str(place.id): place for place in places}
        shown = [
            location_object(ours[i["id"]], service, full=True) for i in given if i.get("id") in ours
        ]
    else:
        ids = [item["id"] for item in given if set(item) != {"id"} and item.get("id")]
        taken = {str(pk) for pk in _our_places(ids)}
        shown = [item for item in given if set(item) != {"id"} and item.get("id") not in taken]
    return kept | {"locations": shown}


def _our_places(ids):
    valid = []
    for value in ids:
        try:
            valid.append(uuid.UUID(str(value)))
        except ValueError:
            continue
    return Location._base_manager.filter(pk__in=valid).values_list("pk", flat=True)
