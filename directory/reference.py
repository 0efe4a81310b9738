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
from .translation import INTERFACE_LANGUAGES

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


def _read(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def _existing(model, key, rows):
    """(row, the model's row with the same key) for the rows already in the database."""
    present = model.objects.in_bulk([row[key] for row in rows], field_name=key)
    return [(row, present[row[key]]) for row in rows if row[key] in present]


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
        communes[nis], _ = Commune.objects.update_or_create(nis_code=nis, defaults=row)
    for row in areas["quartiers"]:
        code = row.pop("code")
        row["commune"] = communes[row["commune"]]
        Quartier.objects.update_or_create(code=code, defaults=row)
    file_quartiers_in_communes()  # imported boundaries say better than the file
    derived.refresh_reach()  # centres and communes may have moved: what services cover
    for row, category in _existing(Category, "slug", taxonomy["categories"]):
        for code in INTERFACE_LANGUAGES:
            field = f"synonyms_{code}"
            row[field] = merged_synonyms(row.get(field, ""), getattr(category, field))
    for model, key, rows in (
        (Category, "slug", taxonomy["categories"]),
        (Audience, "slug", taxonomy["audiences"]),
        (Language, "code", taxonomy["languages"]),
    ):
        for row in rows:
            model.objects.update_or_create(**{key: row.pop(key)}, defaults=row)
    coordinators = create_coordinator_group()
    return {
        "communes": len(areas["communes"]),
        "quartiers": len(areas["quartiers"]),
        "categories": len(taxonomy["categories"]),
        "audiences": len(taxonomy["audiences"]),
        "languages": len(taxonomy["languages"]),
        "coordinator permissions": coordinators.permissions.count(),
    }
