"""Reference data shipped with the app: the areas of Brussels, the taxonomy, the roles."""

import json
from pathlib import Path

from django.conf import settings
from django.db import transaction

from . import derived
from .boundaries import file_quartiers_in_communes
from .models import Audience, Category, Commune, Language, Quartier
from .models.taxonomy import merged_synonyms
from .roles import create_coordinator_group
from .text import normalise
from .translation import INTERFACE_LANGUAGES

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _read(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _existing(model, key, rows):
    """(row, the model's row with the same key) for the rows already in the database."""
    present = model.objects.in_bulk([row[key] for row in rows], field_name=key)
    return [(row, present[row[key]]) for row in rows if row[key] in present]


def _put(model, key, value, defaults):
    """update_or_create, but a row that holds `defaults` already is not written: saving a
    category marks every service in it to be derived again (search documents, coverage),
    which at 100 000 services took load_reference, run at each deploy, ten minutes."""
    row = model.objects.filter(**{key: value}).first()
    if row is None:
        return model.objects.create(**{key: value}, **defaults)
    changed = False
    for name, wanted in defaults.items():
        field = model._meta.get_field(name)
        if field.is_relation:
            name, wanted = field.attname, wanted.pk
        else:
            wanted = field.to_python(wanted)
        if getattr(row, name) != wanted:
            setattr(row, name, wanted)
            changed = True
    if changed:
        row.save()
    return row


@transaction.atomic
def load_reference():
    """Creates or updates communes, quartiers, categories, audiences and languages, and the
    coordinators' group with its permissions.

    Idempotent, and never touches imported boundaries or anything coordinators added:
    a category keeps the synonyms added in the admin after the file's (to remove one,
    remove it in the admin). Returns the number of rows of each kind.
    """
    areas, taxonomy = _read("brussels.json"), _read("taxonomy.json")
    communes = {}
    for row in areas["communes"]:
        nis = row.pop("nis_code")
        communes[nis] = _put(Commune, "nis_code", nis, row)
    for row in areas["quartiers"]:
        code = row.pop("code")
        row["commune"] = communes[row["commune"]]
        _put(Quartier, "code", code, row)
    file_quartiers_in_communes()  # imported boundaries say better than the file
    derived.refresh_reach()  # centres and communes may have moved: what services cover
    for row, category in _existing(Category, "slug", taxonomy["categories"]):
        for code in INTERFACE_LANGUAGES:
            field = f"synonyms_{code}"
            shipped, kept = row.get(field, ""), getattr(category, field)
            # Kept as they are when they have every line of the file already, in any order.
            covered = {normalise(line) for line in kept.splitlines()}
            missing = [line for line in shipped.splitlines() if normalise(line) not in covered]
            row[field] = merged_synonyms(shipped, kept) if missing else kept
    for model, key, rows in (
        (Category, "slug", taxonomy["categories"]),
        (Audience, "slug", taxonomy["audiences"]),
        (Language, "code", taxonomy["languages"]),
    ):
        for row in rows:
            _put(model, key, row.pop(key), row)
    coordinators = create_coordinator_group()
    return {
        "communes": len(areas["communes"]),
        "quartiers": len(areas["quartiers"]),
        "categories": len(taxonomy["categories"]),
        "audiences": len(taxonomy["audiences"]),
        "languages": len(taxonomy["languages"]),
        "coordinator permissions": coordinators.permissions.count(),
    }
