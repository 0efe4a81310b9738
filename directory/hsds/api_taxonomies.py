"""The taxonomy endpoints of the HSDS API: ours (the categories) and the others' terms.

Our taxonomy is flat: its terms are our categories. Terms of other taxonomies that
imports brought (foreign_terms.py) are served beside them with their own ids, so a
harvester that follows a service's attribute finds its term; `parent_id` and `top_only`
walk their hierarchy.
"""

import uuid

from ..models import Category, ForeignTaxonomy, ForeignTerm
from ..text import normalise
from . import serialise, values
from .api import (
    ApiError,
    StrictBooleanField,
    api_view,
    check_params,
    not_found,
    object_response,
    page_response,
    parse_id,
)
from .foreign_terms import taxonomy_object, term_object


def _matches(text, query):
    return normalise(query) in normalise(text)


def _category_text(category):
    names = [category.slug, category.name_fr, category.name_nl, category.name_en]
    return " ".join(names + category.synonyms())


def parse_query_id(request, name):
    """The UUID of a query parameter, None if absent; a 400 if it is not a UUID."""
    if not (value := request.GET.get(name)):
        return None
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ApiError(400, "Invalid query parameters.", {name: ["Enter a valid UUID."]}) from None


def _flag(request, name):
    try:
        return StrictBooleanField().clean(request.GET.get(name))
    except Exception:  # ValidationError: told as the other fields are
        raise ApiError(400, "Invalid query parameters.", {name: ["Use true or false."]}) from None


@api_view
def taxonomy_list(request):
    params = check_params(request)
    taxonomies = [serialise.taxonomy()] + [
        taxonomy_object(t) for t in ForeignTaxonomy.objects.all()
    ]
    if query := request.GET.get("search", ""):
        taxonomies = [t for t in taxonomies if _matches(f"{t['name']} {t['description']}", query)]
    return page_response(taxonomies, params, lambda taxonomy: taxonomy)


@api_view
def taxonomy_detail(request, id):
    taxonomy_id = parse_id(id, "taxonomy")
    if taxonomy_id == values.TAXONOMY_ID:
        return object_response(serialise.taxonomy())
    taxonomy = ForeignTaxonomy.objects.filter(pk=taxonomy_id).first()
    if taxonomy is None:
        raise not_found("taxonomy")
    return object_response(taxonomy_object(taxonomy))


@api_view
def taxonomy_term_list(request):
    """Our categories, then the other taxonomies' terms; `parent_id` gives the children
    of a term, `top_only` the terms without a parent (ours have none)."""
    params = check_params(request)
    taxonomy_id = parse_query_id(request, "taxonomy_id")
    parent_id = parse_query_id(request, "parent_id")
    top_only = _flag(request, "top_only")
    categories = list(Category.objects.all())
    foreign = ForeignTerm.objects.select_related("taxonomy")
    if taxonomy_id is not None:
        if taxonomy_id != values.TAXONOMY_ID:
            categories = []
        foreign = foreign.filter(taxonomy_id=taxonomy_id)
    if parent_id is not None:
        categories = []
        foreign = foreign.filter(parent_id=str(parent_id))
    if top_only:
        foreign = foreign.filter(parent_id="")
    if query := request.GET.get("search", ""):
        categories = [c for c in categories if _matches(_category_text(c), query)]
        foreign = [t for t in foreign if _matches(f"{t.code} {t.name} {t.description}", query)]
    terms = categories + list(foreign)
    return page_response(terms, params, _term)


def _term(row):
    if isinstance(row, Category):
        return serialise.taxonomy_term(row, detail=True)
    return term_object(row)


@api_view
def taxonomy_term_detail(request, id):
    term_id = parse_id(id, "taxonomy_term")
    category = next(
        (c for c in Category.objects.all() if values.taxonomy_term_id(c.slug) == str(term_id)),
        None,
    )
    if category is not None:
        return object_response(serialise.taxonomy_term(category, detail=True))
    term = ForeignTerm.objects.select_related("taxonomy").filter(pk=term_id).first()
    if term is None:
        raise not_found("taxonomy_term")
    return object_response(term_object(term))
