"""Terms of other taxonomies: read from a record, stored, exported back, and crosswalked.

A term that is none of our categories is kept with its taxonomy (ids as the file gives
them) and hangs on the service; if the crosswalk maps it (models/foreign_taxonomies.py),
the service also gets our category. `unknown_taxonomy` decides what happens to a term
the crosswalk does not map: "keep" it (the default), "skip" it with a warning, or
refuse the file ("error", the command's --strict-taxonomy).
"""

import csv
import io
import uuid
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from ..models import Category, Crosswalk, ForeignTaxonomy, ForeignTerm
from ..text import normalise
from .messages import message
from .values import TAXONOMY_ID, TAXONOMY_NAME, compact, derived_id

UNKNOWN_TAXONOMY = ("keep", "skip", "error")
LIMITS = {"code": 200, "name": 500, "parent_id": 100, "language": 20}


@dataclass(frozen=True)
class TaxonomyPlan:
    id: uuid.UUID
    name: str
    description: str = ""
    uri: str = ""
    version: str = ""


@dataclass(frozen=True)
class TermPlan:
    id: uuid.UUID
    taxonomy: TaxonomyPlan | None
    code: str
    name: str
    description: str = ""
    parent_id: str = ""
    language: str = ""


def _uuid(value, kind, key):
    """The file's id if it is a UUID, else one derived from it (Open Eligibility's "101-02")."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return uuid.UUID(derived_id(kind, key))


def is_ours(term):
    """Whether a taxonomy term names our own taxonomy (or none at all, as older files do)."""
    detail = term.get("taxonomy_detail") or {}
    name = term.get("taxonomy") or detail.get("name")
    taxonomy_id = term.get("taxonomy_id") or detail.get("id")
    if name is None and taxonomy_id is None:
        return True
    return name == TAXONOMY_NAME or taxonomy_id == str(TAXONOMY_ID)


def read_term(attribute):
    """The TermPlan of an attribute's taxonomy term (which may give only its id)."""
    term = attribute.get("taxonomy_term") or {}
    detail = term.get("taxonomy_detail") or {}
    taxonomy_name = term.get("taxonomy") or detail.get("name") or ""
    taxonomy = None
    if taxonomy_name or detail.get("id") or term.get("taxonomy_id"):
        taxonomy_key = detail.get("id") or term.get("taxonomy_id") or normalise(taxonomy_name)
        taxonomy = TaxonomyPlan(
            id=_uuid(taxonomy_key, "taxonomy", normalise(taxonomy_name)),
            name=(taxonomy_name or str(taxonomy_key))[:200],
            description=detail.get("description", ""),
            uri=detail.get("uri", "")[:500],
            version=detail.get("version", "")[:100],
        )
    term_id = term.get("id") or attribute.get("taxonomy_term_id") or ""
    code = term.get("code", "")
    key = f"{taxonomy.name if taxonomy else ''}:{code or term_id}"
    return TermPlan(
        id=_uuid(term_id, "taxonomy_term", key),
        taxonomy=taxonomy,
        code=code[: LIMITS["code"]],
        name=(term.get("name") or code or str(term_id))[: LIMITS["name"]],
        description=term.get("description", ""),
        parent_id=str(term.get("parent_id", ""))[: LIMITS["parent_id"]],
        language=term.get("language", "")[: LIMITS["language"]],
    )


def crosswalked(crosswalk, term, given_id):
    """The slug of the category the crosswalk maps the term to, by its code, else its id."""
    taxonomy = normalise(term.taxonomy.name) if term.taxonomy else ""
    for code in (term.code, given_id, str(term.id)):
        if code and (slug := crosswalk.get((taxonomy, str(code).strip()))):
            return slug
    return None


def plan_attribute(plan, vocabulary, attribute, where, unknown_taxonomy):
    """(category slug or None, TermPlan or None) of an attribute that is not ours."""
    term = read_term(attribute)
    given_id = (attribute.get("taxonomy_term") or {}).get("id") or attribute.get("taxonomy_term_id")
    slug = crosswalked(vocabulary.crosswalk, term, given_id)
    if slug is not None:
        return slug, term
    what = term.code or term.name or given_id
    if unknown_taxonomy == "skip":
        skipped = gettext_noop("le terme %(term)s n'est aucune de nos catégories : ignoré")
        plan.warn(where, message(skipped, term=repr(what)))
        return None, None
    if unknown_taxonomy == "error":
        refused = gettext_noop(
            "le terme %(term)s n'est aucune de nos catégories (choisissez « garder comme autre "
            "classement » pour le garder, ou faites-le correspondre à une catégorie)"
        )
        plan.error(where, message(refused, term=repr(what)))
        return None, None
    return None, term


# Storing ----------------------------------------------------------------------------------


def store_terms(plans):
    """Writes the taxonomies and terms the plans name (new ones, and changed names).

    Called once per batch, before the batch's links are queued, so they point to rows.
    """
    taxonomies, terms = {}, {}
    for plan in plans:
        for term in plan.foreign_terms or ():
            terms[term.id] = term
            if term.taxonomy:
                taxonomies[term.taxonomy.id] = term.taxonomy
    if not terms:
        return {}
    ForeignTaxonomy.objects.bulk_create(
        [ForeignTaxonomy(**vars(t)) for t in taxonomies.values()],
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["name", "description", "uri", "version"],
    )
    rows = [
        ForeignTerm(
            id=t.id,
            taxonomy_id=t.taxonomy.id if t.taxonomy else None,
            code=t.code,
            name=t.name,
            description=t.description,
            parent_id=t.parent_id,
            language=t.language,
        )
        for t in terms.values()
    ]
    ForeignTerm.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["id"],
        update_fields=["taxonomy", "code", "name", "description", "parent_id", "language"],
    )
    return {row.id: row for row in rows}


# Crosswalk files --------------------------------------------------------------------------

CROSSWALK_COLUMNS = ("taxonomy", "code", "category")


class CrosswalkError(ValueError):
    """The crosswalk file cannot be read; its argument is a Message."""


def load_crosswalk(file):
    """Adds or changes the mappings of a CSV file (taxonomy,code,category); their number.

    `category` is one of our category slugs; a mapping already there for the same
    taxonomy and code is replaced. All or nothing: a wrong line refuses the file.
    """
    data = file.read()
    text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    reader = csv.DictReader(io.StringIO(text))
    missing = set(CROSSWALK_COLUMNS) - set(reader.fieldnames or ())
    if missing:
        columns = gettext_noop("la correspondance doit avoir les colonnes %(columns)s")
        raise CrosswalkError(message(columns, columns=", ".join(CROSSWALK_COLUMNS)))
    categories = {c.slug: c for c in Category.objects.all()}
    rows = []
    for line, row in enumerate(reader, start=2):
        slug = (row["category"] or "").strip()
        if slug not in categories:
            unknown = gettext_noop("ligne %(line)s : %(slug)s n'est aucune de nos catégories")
            raise CrosswalkError(message(unknown, line=line, slug=repr(slug)))
        taxonomy, code = (row["taxonomy"] or "").strip(), (row["code"] or "").strip()
        if not taxonomy or not code:
            empty = gettext_noop("ligne %(line)s : taxonomie ou code vide")
            raise CrosswalkError(message(empty, line=line))
        rows.append(Crosswalk(taxonomy=taxonomy, code=code, category=categories[slug]))
    Crosswalk.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["taxonomy", "code"],
        update_fields=["category"],
    )
    return len(rows)


# Export -----------------------------------------------------------------------------------


def taxonomy_object(taxonomy):
    return compact(
        {
            "id": str(taxonomy.id),
            "name": taxonomy.name,
            "description": taxonomy.description,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        },
        required=("description",),
    )


def term_object(term, detail=True):
    """A foreign term as HSDS writes it, with the ids the file gave."""
    taxonomy = term.taxonomy
    data = compact(
        {
            "id": str(term.id),
            "code": term.code,
            "name": term.name,
            "description": term.description,
            "parent_id": term.parent_id,
            "taxonomy": taxonomy.name if taxonomy else "",
            "taxonomy_id": str(taxonomy.id) if taxonomy else "",
            "language": term.language,
        },
        required=("description",),
    )
    if detail and taxonomy is not None:
        data["taxonomy_detail"] = taxonomy_object(taxonomy)
    return data


def attribute_object(service, term):
    return {
        "id": derived_id("attribute", f"{service.id}:{term.id}"),
        "link_id": str(service.id),
        "link_type": "taxonomy_term",
        "link_entity": "service",
        "taxonomy_term_id": str(term.id),
        "taxonomy_term": term_object(term),
    }


def term_ids(terms):
    """The ids of a plan's foreign terms, or None when the record does not give them."""
    return None if terms is None else frozenset(term.id for term in terms)
