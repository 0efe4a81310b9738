"""The one search engine behind the HTML search and the API's `search` parameter.

Text is normalised once, in Python: lower case, no accents, no punctuation, and every
word stemmed in French, Dutch and English. Each service keeps a search document with
three sections (names | categories and their synonyms | descriptions), so a query in one
language finds a service described in another through the category synonyms.

Matching and ranking sit behind one small function with two back ends: PostgreSQL's
full-text search on a GIN-indexed tsvector generated from the document, and a portable
LIKE-based fallback (SQLite). Typos are corrected against the vocabulary of all
documents (`SearchTerm`) on both.
"""

from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    F,
    FloatField,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Concat, Floor, Least, Sqrt, StrIndex, Substr

from ..models import Category, SearchTerm, Service
from ..text import STOPWORDS, normalise, stems, tokens
from ..translation import all_languages

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8
MIN_TYPO_LENGTH = 5
SECTION = " | "
_LETTERS = "abcdefghijklmnopqrstuvwxyz"

# Words that ask for a filter rather than a topic ("avocat gratuit").
FREE_WORDS = frozenset(["gratuit", "gratuite", "gratuits", "gratuites", "gratis", "free"])


def document(names, categories, descriptions):
    """The search document: three sections of distinct tokens, most telling first."""
    sections = (
        " ".join(dict.fromkeys(tokens(" ".join(part))))
        for part in (names, categories, descriptions)
    )
    return " " + SECTION.join(sections) + " "


def edits(word):
    """Every string one deletion, swap, replacement or insertion away from `word`."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return (
        {a + b[1:] for a, b in splits if b}
        | {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        | {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
        | {a + c + b for a, b in splits for c in _LETTERS}
    ) - {word}


def known_terms_near(word):
    """Vocabulary terms that could be `word` with one typo (a superset, to be checked).

    PostgreSQL asks the trigram index (pg_trgm); elsewhere, every one-typo variant of
    the word is looked up in the unique index of the vocabulary.
    """

    if connection.vendor == "postgresql":
        similar = RawSQL("term %% %s", (word,), output_field=BooleanField())
        return set(SearchTerm.objects.filter(similar).values_list("term", flat=True))
    return set(SearchTerm.objects.filter(term__in=edits(word)).values_list("term", flat=True))


def corrections(words):
    """Known terms one typo away from each unknown word of five letters or more."""

    long_words = [w for w in words if len(w) >= MIN_TYPO_LENGTH]
    if not long_words:
        return {}
    known = set(SearchTerm.objects.filter(term__in=long_words).values_list("term", flat=True))
    return {
        word: sorted(known_terms_near(word) & edits(word))
        for word in long_words
        if word not in known
    }


@dataclass
class Query:
    """A resident's text, understood: the words to find and the filters it asks for."""

    text: str
    words: list = field(default_factory=list)
    variants: list = field(default_factory=list)  # one set of accepted tokens per word
    categories: list = field(default_factory=list)  # slugs of the categories it names
    free_only: bool = False

    @classmethod
    def parse(cls, text):
        query = cls(text=text)
        for word in normalise(text[:MAX_QUERY_LENGTH]).split():
            if word in FREE_WORDS:
                query.free_only = True
            elif word not in STOPWORDS and word not in query.words:
                query.words.append(word)
        query.words = query.words[:MAX_QUERY_WORDS]
        fixes = corrections(query.words)
        for word in query.words:
            forms = set(stems(word))
            for fixed in fixes.get(word, ()):
                forms.update(stems(fixed))
            query.variants.append(forms)
        query.categories = categories_named(set().union(*query.variants))
        return query

    def __bool__(self):
        return bool(self.words) or self.free_only


def categories_named(forms):
    """Slugs of the categories whose names or synonyms share a word form with `forms`."""

    return [
        category.slug
        for category in Category.objects.all()
        if forms & set(tokens(" ".join([*all_languages(category, "name"), *category.synonyms()])))
    ]


def category_rank(query):
    """2 for a service in a category the query names, else 0 (a cheap column, no join)."""
    named = Q(pk__in=[])
    for slug in query.categories:
        named |= Q(search_categories__contains=f" {slug} ")
    return Case(When(named, then=Value(2.0)), default=Value(0.0), output_field=FloatField())


def _tsquery(query, require_all):
    # Tokens are [a-z0-9] only, so they are safe in tsquery syntax as they are.
    groups = ["(" + " | ".join(sorted(forms)) + ")" for forms in query.variants]
    return (" & " if require_all else " | ").join(groups)


def _postgres_match(queryset, query, require_all):
    tsquery = _tsquery(query, require_all)
    matches = RawSQL("search_vector @@ %s::tsquery", (tsquery,), output_field=BooleanField())
    # A match in the names beats one in the categories, which beats one in the text.
    in_names = RawSQL(
        "(search_names @@ %s::tsquery)::int * 4.0", (tsquery,), output_field=FloatField()
    )
    return queryset.filter(matches).alias(text_rank=in_names + category_rank(query))


def _portable_match(queryset, query, require_all):
    """The same matching and ranking with LIKE, for databases without full text."""
    names_end = StrIndex("search_document", Value(SECTION))
    queryset = queryset.alias(names_text=Substr("search_document", 1, names_end))
    combine = Q.__and__ if require_all else Q.__or__
    condition, in_names = None, Q(pk__in=[])
    for forms in query.variants:
        found = Q(pk__in=[])
        for form in forms:
            found |= Q(search_document__contains=f" {form} ")
            in_names |= Q(names_text__contains=f" {form} ")
        condition = found if condition is None else combine(condition, found)
    rank = Case(When(in_names, then=Value(4.0)), default=Value(0.0)) + category_rank(query)
    return queryset.filter(condition).alias(text_rank=rank)


def match(queryset, query, require_all=True):
    """Services matching the query's words, with the alias `text_rank` (higher is better)."""
    if connection.vendor == "postgresql":
        return _postgres_match(queryset, query, require_all)
    return _portable_match(queryset, query, require_all)


@contextmanager
def index_hints(result):
    """While a page of text results is read, make PostgreSQL use the GIN index.

    The planner multiplies the selectivities of a word's alternative stems as if they
    were independent, over-estimates the matches, and picks a sequential scan that
    unpacks every document: ten times slower at 100 000 services. This is scoped to one
    transaction (SET LOCAL) and to queries with words.
    """
    if connection.vendor != "postgresql" or result is None or not result.query.words:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        yield


@dataclass
class Result:
    services: object  # a Service queryset, ordered
    query: Query
    relaxed: bool = False  # no service had every word: services with some of them
    place: object = None  # the `near` point, if any


def search(queryset, text="", place=None):
    """Filters and orders `queryset` for a text and an optional point (`place.lat/.lon`)."""
    query = Query.parse(text or "")
    if query.free_only:
        queryset = queryset.filter(free=True)
    relaxed = False
    if query.words:
        matched = match(queryset, query)
        if len(query.words) > 1 and not matched.exists():
            matched, relaxed = match(queryset, query, require_all=False), True
        queryset = matched
    return Result(order(queryset, query, place), query, relaxed, place)


# Within a ring of this width around the point, the better text match comes first.
BAND_KM = 0.5
# A service for the whole region or commune ranks as if it were this close (in rings).
AREA_SERVED_BAND = {"region": 4, "commune": 6}
KM_PER_DEGREE = 111.32


def distance_band():
    """The ring of the service's distance (`distance_rank` is in squared degrees)."""
    ring = Floor(Sqrt("distance_rank") * Value(KM_PER_DEGREE / BAND_KM))
    cap = Case(
        *[When(area_served=area, then=Value(band)) for area, band in AREA_SERVED_BAND.items()],
        default=Value(10**6),
    )
    return Least(ring, cap, output_field=IntegerField())


def order(queryset, query, place):
    if place is not None:
        queryset = queryset.near(place.lat, place.lon)
        if query.words:
            return queryset.alias(distance_band=distance_band()).order_by(
                F("distance_band").asc(nulls_last=True), "-text_rank", "distance_rank", "pk"
            )
        return queryset
    if query.words:
        return queryset.order_by("-text_rank", "name_fr", "pk")
    return queryset.order_by("name_fr", "pk")


# "Did you mean" looks this far down the closest words for ones of published services.
SUGGESTION_CANDIDATES = 20


def published_terms(terms):
    """Those of `terms` that the search document of a published service holds.

    The vocabulary only grows: it keeps the words of unpublished services and words since
    removed, which must not reach residents.
    """

    term = OuterRef("term")
    if connection.vendor == "postgresql":
        held = Func(
            term,
            template="search_vector @@ plainto_tsquery('simple', %(expressions)s)",
            output_field=BooleanField(),
        )
    else:
        held = Q(search_document__contains=Concat(Value(" "), term, Value(" ")))
    in_published = Exists(Service.objects.public().filter(held))
    return set(
        SearchTerm.objects.filter(in_published, term__in=terms).values_list("term", flat=True)
    )


def suggest_terms(text, limit=3):
    """Words of published services close to the query's words, for "did you mean" on
    empty results."""

    words = [w for w in normalise(text).split() if len(w) >= 4 and w not in STOPWORDS]
    suggestions = []
    for word in words[:3]:
        if connection.vendor == "postgresql":
            close = (
                SearchTerm.objects.annotate(
                    similarity=RawSQL("similarity(term, %s)", (word,), output_field=FloatField())
                )
                .filter(similarity__gt=0.3)
                .order_by("-similarity")
                .values_list("term", flat=True)[:SUGGESTION_CANDIDATES]
            )
        else:
            import difflib

            vocabulary = SearchTerm.objects.filter(term__startswith=word[0]).values_list(
                "term", flat=True
            )
            close = difflib.get_close_matches(
                word, list(vocabulary), n=SUGGESTION_CANDIDATES, cutoff=0.75
            )
        close = [t for t in close if t != word]
        published = published_terms(close)
        suggestions += [t for t in close if t in published][:limit]
    return suggestions[:limit]
