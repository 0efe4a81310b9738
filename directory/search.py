"""Text search: normalise text once, keep one search document per service, match queries.

The document holds a service's names and descriptions in every language, its
organisation, and its categories' names and synonyms in FR/NL/EN, so a query in one
language finds a service described in another.
"""

import re
import unicodedata

from django.db.models import Q

MAX_QUERY_LENGTH = 200
_NON_WORD = re.compile(r"[^a-z0-9]+")


def normalise(text):
    """Lower case, no accents, words separated by single spaces."""
    text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return _NON_WORD.sub(" ", text.lower()).strip()


def build_document(service):
    from .translation import all_languages

    parts = [
        *all_languages(service, "name"),
        *all_languages(service, "description"),
        *all_languages(service.organisation, "name"),
    ]
    for category in service.categories.all():
        parts += all_languages(category, "name")
        parts += category.synonyms()
    return " " + normalise(" ".join(parts)) + " "


def refresh_documents(services):
    """Recomputes the search document of each service (used by signals and imports)."""
    from .models import Service

    for service in services.select_related("organisation").prefetch_related("categories"):
        Service.objects.filter(pk=service.pk).update(search_document=build_document(service))


def query_words(q):
    return normalise(q[:MAX_QUERY_LENGTH]).split()


def filter_text(queryset, q):
    """Services whose document holds every word of the query (as a word start)."""
    condition = Q()
    for word in query_words(q):
        condition &= Q(search_document__contains=" " + word)
    return queryset.filter(condition)
