"""On an empty answer, "did you mean": words of published services close to the query's."""

from django.db.models import Exists, OuterRef

from ..backends import backend
from ..models import SearchTerm, Service
from ..text import STOPWORDS, normalise
from .engine import kept_per_text

# "Did you mean" looks this far down the closest words for ones of published services.
SUGGESTION_CANDIDATES = 20


def published_terms(terms):
    """Those of `terms` that the search document of a published service holds.

    The vocabulary only grows: it keeps the words of unpublished services and words since
    removed, which must not reach residents.
    """

    held = backend().document_holds(OuterRef("term"))
    in_published = Exists(Service.objects.public().filter(held))
    return set(
        SearchTerm.objects.filter(in_published, term__in=terms).values_list("term", flat=True)
    )


def suggest_terms(text, limit=3):
    """Words of published services close to the query's words, for "did you mean" on
    empty results: kept per text until the directory changes, which alone changes them
    (an empty answer is asked again as often as any other)."""
    return list(kept_per_text("suggestions", _suggest_terms, text, limit))


def _suggest_terms(text, limit):
    words = [w for w in normalise(text).split() if len(w) >= 4 and w not in STOPWORDS]
    suggestions = []
    for word in words[:3]:
        close = close_terms(word)
        published = published_terms(close)
        suggestions += [t for t in close if t in published][:limit]
    return tuple(suggestions[:limit])


def close_terms(word):
    """The vocabulary's SUGGESTION_CANDIDATES terms closest to `word`, but itself: kept
    until the directory changes, which alone adds terms."""
    return kept_per_text("close-terms", _close_terms, word)


def _close_terms(word):
    close = backend().close_terms(SearchTerm.objects.all(), word, SUGGESTION_CANDIDATES)
    return tuple(t for t in close if t != word)
