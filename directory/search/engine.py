"""The one search engine behind the HTML search and the API's `search` parameter.

Text is normalised once, in Python: lower case, no accents, no punctuation, and every
word stemmed in French, Dutch and English. Each service keeps a search document with
three sections (names | categories and their synonyms | descriptions), so a query in one
language finds a service described in another through the category synonyms.

Matching and ranking sit behind one small function with two back ends (backends.py):
PostgreSQL's full-text search on a GIN-indexed tsvector generated from the document, and
a portable LIKE-based fallback (SQLite). Typos are corrected against the vocabulary of
all documents (`SearchTerm`) on both.
"""

import copy
import math
import operator
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache, reduce

from django.db.models import (
    Case,
    F,
    FloatField,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import Floor

from .. import geo, memo
from ..backends import SECTION, backend
from ..models import Category, Service
from ..models.listings import BY_PHONE_ANYWHERE
from ..text import STOPWORDS, normalise, stems, tokens, unreadable_script
from ..translation import all_languages
from .vocabulary import compound_parts, corrections, joined_compounds, known_words

MAX_QUERY_LENGTH = 200
MAX_QUERY_WORDS = 8

# Words that ask for a filter rather than a topic ("avocat gratuit").
FREE_WORDS = frozenset(
    ["gratuit", "gratuite", "gratuits", "gratuites", "gratuitement", "gratis", "kosteloos", "free"]
)


def document(names, categories, descriptions):
    """The search document: three sections of distinct tokens, most telling first."""
    sections = (
        " ".join(dict.fromkeys(tokens(" ".join(part))))
        for part in (names, categories, descriptions)
    )
    return " " + SECTION.join(sections) + " "


def is_small_number(word):
    """An age or a count ("16 ans"): no need. A longer number may be one ("1712")."""
    return word.isdigit() and len(word) < 4


@dataclass
class Query:
    """A resident's text, understood: the words to find and the filters it asks for."""

    text: str
    words: list = field(default_factory=list)
    variants: list = field(default_factory=list)  # one set of accepted tokens per word
    categories: list = field(default_factory=list)  # slugs of the categories it names
    naming: list = field(default_factory=list)  # per word: does it name a category?
    phrase_categories: list = field(default_factory=list)  # slugs whose phrase it says
    # Written only in a script we do not read yet (Arabic, Cyrillic ...): nothing matches,
    # rather than every service, and the page offers the categories instead.
    unreadable: bool = False
    free_only: bool = False
    corrected: dict = field(default_factory=dict)  # typed word -> the known words searched

    @classmethod
    def parse(cls, text):
        """The query `text` says: read once per process while the directory stays as it
        is (residents type the same few hundred needs, each with their own place)."""
        return copy.deepcopy(kept_per_text("query-readings", cls.read, text))

    @classmethod
    def read(cls, text):
        query = cls(text=text, unreadable=unreadable_script(text[:MAX_QUERY_LENGTH]))
        for word in normalise(text[:MAX_QUERY_LENGTH]).split():
            if word in FREE_WORDS:
                query.free_only = True
            elif word not in STOPWORDS and not is_small_number(word) and word not in query.words:
                query.words.append(word)
        query.words = joined_compounds(query.words[:MAX_QUERY_WORDS])
        known = known_words(query.words)
        fixes = corrections(query.words, known)
        vocabulary, phrases = category_vocabulary()
        fixes = meaning_kept(fixes, [w for w in query.words if w in known], vocabulary)
        for word, fixed in fixes.items():  # said on the page: the longest, whole words first
            if fixed:
                query.corrected[word] = sorted(fixed, key=lambda w: (-len(w), w))[:2]
        for word in list(query.words):
            if word not in known and not fixes.get(word) and (parts := compound_parts(word)):
                at = query.words.index(word)
                query.words[at : at + 1] = [p for p in parts if p not in query.words]
                query.corrected[word] = parts
        for word in query.words:
            forms = set(stems(word))
            for fixed in fixes.get(word, ()):
                forms.update(stems(fixed))
            query.variants.append(forms)
        said = said_forms(text[:MAX_QUERY_LENGTH])
        spoken = {
            slug: [p for p in forms if any(f" {p} " in s for s in said)]
            for slug, forms in phrases.items()
        }
        query.phrase_categories = [slug for slug, found in spoken.items() if found]
        if not query.words and query.phrase_categories:
            # A need said in small words only ("iş arıyorum", as "is ariyorum"): search them.
            words = normalise(text[:MAX_QUERY_LENGTH]).split()
            query.words = list(dict.fromkeys(words))[:MAX_QUERY_WORDS]
            query.variants = [set(stems(word)) for word in query.words]
        in_phrases = {w for found in spoken.values() for p in found for w in p.split()}
        names = [{slug for slug, f in vocabulary.items() if forms & f} for forms in query.variants]
        for at, word in enumerate(query.words):
            if (form := phrase_form(word)) in in_phrases:
                # A word of a phrase the query says names no other category than that
                # phrase's: "slaap" in "ik slaap slecht" is no bed for the night.
                names[at] &= {
                    s for s, found in spoken.items() if any(form in p.split() for p in found)
                }
        query.categories = [slug for slug in vocabulary if any(slug in n for n in names)]
        query.naming = [bool(n) for n in names]
        return query

    def __bool__(self):
        return bool(self.words) or self.free_only or self.unreadable


# The texts whose reading or suggestions a process keeps, the last used (per kind).
TEXTS_KEPT = 2000


def kept_per_text(name, compute, text, *args):
    """`compute(text, *args)`, kept for the last TEXTS_KEPT texts until the directory
    changes: what the vocabulary makes of a text changes with it, and only with it. What
    one process of the node worked out, the others read (memo.shared: a reading is 1 to
    3 ms of lookups in the vocabulary, reading it back 0.1). A text longer than any the
    search takes is worked out, not kept."""
    if len(text) > MAX_QUERY_LENGTH:
        return compute(text, *args)

    def shared(*arguments):
        return memo.shared(f"{name}:{memo.digest(arguments)}", lambda: compute(*arguments))

    kept = memo.remembered(name, lambda: lru_cache(maxsize=TEXTS_KEPT)(shared), per_language=False)
    return kept(text, *args)


def meaning_kept(fixes, exact, vocabulary):
    """`fixes`, where a typo has several readings, kept to those that name a category a
    word typed rightly names, if any: a typo beside "loyer" is read as a word of housing
    rather than an equally near word of another need."""
    named = {slug for w in exact for slug, forms in vocabulary.items() if forms & set(stems(w))}
    kept = {}
    for word, fixed in fixes.items():
        near = [f for f in fixed if any(vocabulary[s] & set(stems(f)) for s in named)]
        kept[word] = near if len(fixed) > 1 and near else fixed
    return kept


def said_forms(text):
    """The query as `phrase_form` writes it, whole and without its stopwords ("meet new
    people" says "meet people"), each between spaces, to look for phrases in."""
    plain = " ".join(w for w in normalise(text).split() if w not in STOPWORDS)
    return [f" {phrase_form(text)} ", f" {phrase_form(plain)} "]


def phrase_form(text):
    """Words of `text` each cut to its shortest stem, to find a phrase in a query
    whatever the plural or agreement ("femmes battues" says "femme battue")."""
    return " ".join(min(stems(word), key=len) for word in normalise(text).split())


def category_vocabulary():
    """({slug: the word forms that name it}, {slug: its phrases}), for every category.

    The words of its names and of its one-word synonyms name a category. A synonym of
    several words names it only when said whole ("droit du travail" is legal help,
    "chercher du travail" is not), as `phrase_form` writes it. Stemming every synonym
    costs more than a search: computed once until the directory changes (memo.py).
    """
    return memo.remembered("category-vocabulary", _category_vocabulary, per_language=False)


def _category_vocabulary():
    words, phrases = {}, {}
    for category in Category.objects.all():
        synonyms = category.synonyms()
        # A phrase is also looked for without its stopwords ("de la"), if two words remain.
        plain = [" ".join(w for w in normalise(s).split() if w not in STOPWORDS) for s in synonyms]
        phrases[category.slug] = {p for p in map(phrase_form, synonyms + plain) if " " in p}
        single = [s for s in synonyms if " " not in phrase_form(s)]
        words[category.slug] = set(tokens(" ".join([*all_languages(category, "name"), *single])))
    return words, phrases


def category_rank(query, words=2.0, phrases=3.0):
    """For a service in a category the query names: `phrases` when it says one of the
    category's phrases ("sans papiers"), else `words`; 0 for others. A cheap column."""

    def any_of(slugs):
        return reduce(operator.or_, (Q(search_categories__contains=f" {s} ") for s in slugs))

    whens = [
        When(any_of(slugs), then=Value(rank))
        for slugs, rank in ((query.phrase_categories, phrases), (query.categories, words))
        if slugs
    ]
    return Case(*whens, default=Value(0.0), output_field=FloatField())


def match(queryset, query, require_all=True):
    """Services matching the query's words, with the alias `text_rank` (higher is better)."""
    matched, in_names = backend().match(queryset, query.variants, require_all)
    # A match in the names beats one in the categories, which beats one in the text.
    rank = in_names + category_rank(query)
    if not require_all:
        # No service has every word: first those with most of them, a word that names a
        # need counting at least twice, so that "crèche pas chère" is about a crèche, and
        # more the fewer services have it ("enfant autiste" is about autism first).
        found = backend().word_found
        covered = sum(
            found(matched, forms) * weight
            for forms, weight in zip(query.variants, word_weights(matched, query), strict=True)
        )
        # A phrase said whole ("Kind en Gezin") counts as its words would.
        rank = (covered + category_rank(query, words=0.0, phrases=2.0)) * 10.0 + rank
    return matched.alias(text_rank=rank)


def word_weights(matched, query):
    """Per word of the query: 1, or if it names a need 2 times 1 + ln(matched services /
    services with the word), so that the rarer need leads ("enfant autiste")."""
    naming = [forms for forms, names in zip(query.variants, query.naming, strict=True) if names]
    if not naming:
        return [1.0] * len(query.words)
    # Each counted through the text index, in one query: a sum over the matches would
    # unpack every matched document (250 ms at 10 000 services for "maison médicale").
    with_word = [backend().match(matched, [forms], True)[0] for forms in naming]
    total, *having = backend().counts([matched, *with_word])
    rarity = iter(1 + math.log((total or 1) / max(count, 1)) for count in having)
    return [2.0 * next(rarity) if names else 1.0 for names in query.naming]


class Result:
    """A search understood: its query, its place, and, read only when asked, whether no
    service had every word (`relaxed`) and the services ranked (`services`), so that a
    page whose ranking is kept (search/pages.py) asks the database nothing."""

    def __init__(self, candidates, query, place=None):
        self._candidates = candidates
        self.query = query
        self.place = place  # the `near` point, if any

    @cached_property
    def candidates(self):
        """The services the other filters leave (the free ones if the words asked so)."""
        queryset = self._candidates() if callable(self._candidates) else self._candidates
        if self.query.free_only and not self.query.unreadable:
            queryset = queryset.filter(free=True)
        return queryset

    @cached_property
    def residents_of_place(self):
        """The services reserved to the residents of the commune `place` lies in (a
        queryset of their ids), or None when that commune is not known."""
        if self.place is None or not self.place.commune:
            return None
        return Service.objects.for_residents_of(self.place.commune).values("pk")

    @cached_property
    def relaxed(self):
        """No service had every word: services with some of them."""
        query = self.query
        if query.unreadable or len(query.words) < 2:
            return False
        return not backend().count_up_to(match(self.candidates, query), 1)

    @cached_property
    def services(self):
        """A Service queryset, ordered."""
        query, queryset = self.query, self.candidates
        if query.unreadable:
            return queryset.none()
        if query.words:
            queryset = match(queryset, query, require_all=not self.relaxed)
        return order(queryset, query, self.place, self.residents_of_place)


def search(queryset, text="", place=None):
    """Filters and orders `queryset` for a text and an optional point (a geo.Point: the
    result's `place` says the commune it lies in, if its text did not). `queryset` may be
    a function returning it: it is then called only when the services are read, and a
    page whose ranking is kept reads none (search/pages.py)."""
    if place is not None and not place.commune:
        commune = geo.commune_at(place.lat, place.lon)
        place = replace(place, commune=commune.nis_code if commune else "")
    return Result(queryset, Query.parse(text or ""), place)


# Within a ring of this width around the point, the better text match comes first.
BAND_KM = 0.5

# Near a point, the services come in these groups (`near_group`), each nearest first:
OWN_COMMUNE = 0  # reserved to the residents of the commune the point is in (its CPAS)
OPEN = 1  # open to all
BY_PHONE = 2  # reached by phone from anywhere in the Region: near nothing
OTHER_COMMUNES = 3  # reserved to the residents of another commune: not for this resident


def distance_band():
    """The ring of the service's distance to the point, in rings of BAND_KM."""
    metres = geo.rank_metres("distance_rank")
    return Floor(metres / Value(BAND_KM * 1000), output_field=IntegerField())


def near_group(mine):
    """The group of each service for a resident whose commune's residents-only services
    are `mine` (a queryset of ids; None when the commune is not known: then no service is
    known to be theirs or another's)."""
    groups = [When(BY_PHONE_ANYWHERE, then=Value(BY_PHONE))]
    if mine is not None:
        groups = [
            When(pk__in=mine, then=Value(OWN_COMMUNE)),
            When(residents_only=True, then=Value(OTHER_COMMUNES)),
            *groups,
        ]
    return Case(*groups, default=Value(OPEN), output_field=IntegerField())


def order(queryset, query, place, mine=None):
    if place is not None:
        queryset = queryset.near(place.lat, place.lon).alias(near_group=near_group(mine))
        if query.words:
            return queryset.alias(distance_band=distance_band()).order_by(
                "near_group",
                F("distance_band").asc(nulls_last=True),
                "-text_rank",
                "distance_rank",
                "pk",
            )
        return queryset.order_by(
            "near_group", F("distance_rank").asc(nulls_last=True), "name_fr", "pk"
        )
    if query.words:
        return queryset.order_by("-text_rank", "name_fr", "pk")
    return queryset.order_by("name_fr", "pk")
