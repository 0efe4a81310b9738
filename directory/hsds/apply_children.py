"""Rows that hang on a service or a place and are replaced as a list: phones, prices,
documents to bring, weekly hours. Compared as tuples of their columns (kept fields as
canonical JSON, reverse_extras.canonical), so re-importing a file changes nothing.

A row the file gives without an id takes the id of the row it equals, if any; else a new
random one (uuid4: never the same in two databases).
"""

import json
import uuid
from collections import defaultdict

from ..models import CostOption, Phone, RequiredDocument, Schedule
from .bulk import among
from .reverse_extras import canonical

# Columns after the owner's, in the order of the plans' tuples; uid then hsds_extra last.
CHILDREN = {
    "phones": (Phone, "service_id", ("number", "kind", "note", "uid", "hsds_extra")),
    "cost_options": (
        CostOption,
        "service_id",
        (
            "option",
            "amount",
            "currency",
            "amount_description",
            "valid_from",
            "valid_to",
            "uid",
            "hsds_extra",
        ),
    ),
    "documents": (RequiredDocument, "service_id", ("document", "uri", "uid", "hsds_extra")),
    "hours": (
        Schedule,
        "location_id",
        ("weekday", "opens_at", "closes_at", "valid_from", "valid_to", "uid", "hsds_extra"),
    ),
}


def columns_of(name):
    _, owner, columns = CHILDREN[name]
    return (owner, *columns)


def read(name, owners):
    """{owner id: [(pk, *columns)]} of the rows of these owners, in pk order."""
    model, owner, columns = CHILDREN[name]
    rows = defaultdict(list)
    found = model._base_manager.filter(among(model, owner[:-3], owners)).order_by("pk")
    for pk, owner_id, *values in found.values_list("pk", owner, *columns):
        values[-1] = canonical(values[-1])
        rows[owner_id].append((pk, *values))
    return rows


def with_ids(wanted, had):
    """The wanted tuples, those without an id given the id of a row they equal."""
    free = defaultdict(list)
    for row in had:
        free[(*row[1:-2], row[-1])].append(row[-2])
    result = []
    for item in wanted:
        if item[-2] is None:
            same = free.get((*item[:-2], item[-1]))
            item = (*item[:-2], same.pop(0) if same else uuid.uuid4(), item[-1])
        result.append(item)
    return result


def order(item):
    return tuple("" if value is None else str(value) for value in item)


def compare(wanted, had):
    """(wanted with ids, True if they differ from the rows `had`)."""
    wanted = with_ids(wanted, had)
    before = sorted((tuple(row[1:]) for row in had), key=order)
    return wanted, sorted(wanted, key=order) != before


def rows_to_write(owner_id, items):
    """Rows for the writer: the kept fields as JSON objects, not text."""
    return [(owner_id, *item[:-1], json.loads(item[-1])) for item in items]


def cost_text(row):
    """A price in words, for the import's report: "Adultes 5 EUR"."""
    option, amount, currency = row[:3]
    amount = "" if amount is None else f"{amount.normalize():f}"
    return " ".join(filter(None, [option, amount, currency]))
