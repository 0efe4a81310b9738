"""Residents type what they need the way they say it: the first results must fit.

Runs the query set of tests/search_queries.py on the demo data, through the same
engine as the HTML search and the API.
"""

import pytest

from directory.models import Service
from directory.search.engine import search
from tests.search_queries import QUERIES

TOP = 5
REQUIRED_SHARE = 0.9


def top_categories(text):
    services = search(Service.objects.public(), text).services[:TOP]
    return [set(s.categories.values_list("slug", flat=True)) for s in services]


def test_query_set_is_large_and_varied():
    assert len(QUERIES) >= 40
    assert len({frozenset(expected) for _, expected in QUERIES}) >= 18


@pytest.mark.django_db
def test_first_five_results_fit_the_need_for_nine_queries_in_ten(demo):
    misses = []
    for text, expected in QUERIES:
        results = top_categories(text)
        if not results or any(not (categories & expected) for categories in results):
            misses.append((text, results))

    share = 1 - len(misses) / len(QUERIES)
    print(f"\nsearch quality: {share:.0%} of {len(QUERIES)} queries with a fitting top {TOP}")
    for text, results in misses:
        print(f"  miss: {text!r} -> {results}")
    assert share >= REQUIRED_SHARE, misses
