"""A resident searching in Arabic, Turkish, Spanish, Portuguese, Romanian, Polish or
Ukrainian finds the services of the need they name, though listings are in French, Dutch
and English: the categories' words in every interface language carry the query there.

Runs tests/multilingual_queries.py on the demo data through the engine of the HTML search
and the API; prints the share per language.
"""

import pytest

from directory.models import Category, Service
from directory.search.engine import search
from tests.admin_forms import admin_form
from tests.factories import make_service
from tests.multilingual_queries import (
    BLIND_MULTILINGUAL_QUERIES,
    LATER_MULTILINGUAL_QUERIES,
    MULTILINGUAL_QUERIES,
)

TOP = 5
REQUIRED_SHARE = 0.85
SEARCH = "/fr/services/"


def top_categories(text):
    services = search(Service.objects.public(), text).services[:TOP]
    return [set(s.categories.values_list("slug", flat=True)) for s in services]


def fits(text, expected):
    results = top_categories(text)
    return bool(results) and all(categories & expected for categories in results)


def test_each_language_has_its_own_set_of_needs():
    assert set(MULTILINGUAL_QUERIES) == {"ar", "tr", "es", "pt", "ro", "pl", "uk"}
    for queries in MULTILINGUAL_QUERIES.values():
        assert len(queries) >= 25
        assert len({slug for _, expected in queries for slug in expected}) >= 12


@pytest.mark.django_db
def test_a_volunteer_adds_a_word_in_dari_in_the_admin_and_search_finds_it(admin_client, reference):
    make_service("Abri de nuit du Canal", categories=["sans-abri"])
    shelter = Category.objects.get(slug="sans-abri")
    url = f"/admin/directory/category/{shelter.pk}/change/"
    assert not search(Service.objects.public(), "کاروانسرا").services.exists()

    form = admin_client.get(url)
    assert "Dans les autres langues des pages" in form.content.decode()
    data = admin_form(form, "category_form")
    data["synonyms_fa"] += "\nکاروانسرا"
    assert admin_client.post(url, data).status_code == 302

    found = search(Service.objects.public(), "کاروانسرا").services
    assert [s.name_fr for s in found] == ["Abri de nuit du Canal"]


@pytest.mark.django_db
def test_residents_find_what_they_need_in_their_own_language(demo):
    shares, misses, total = {}, [], 0
    for lang, queries in MULTILINGUAL_QUERIES.items():
        good = [fits(text, expected) for text, expected in queries]
        shares[lang] = sum(good) / len(queries)
        total += sum(good)
        misses += [
            (lang, text, top_categories(text))
            for (text, _), ok in zip(queries, good, strict=True)
            if not ok
        ]
    count = sum(len(queries) for queries in MULTILINGUAL_QUERIES.values())
    print(f"\nsearch in other languages: top {TOP} in the expected category")
    for lang, share in shares.items():
        print(f"  {lang}: {share:.0%} of {len(MULTILINGUAL_QUERIES[lang])}")
    print(f"  all: {total / count:.1%} of {count}")
    for lang, text, results in misses:
        print(f"  miss ({lang}): {text!r} -> {results}")
    assert total / count >= REQUIRED_SHARE, misses
    assert min(shares.values()) >= REQUIRED_SHARE, shares


@pytest.mark.django_db
def test_an_arabic_query_searches_instead_of_being_ignored(client, demo):
    html = client.get(SEARCH, {"q": "طعام"}).content.decode()

    food = Category.objects.get(slug="alimentation")
    found = search(Service.objects.public(), "طعام").services
    assert found.exists() and all(food in s.categories.all() for s in found[:TOP])
    assert found[0].name in html


@pytest.mark.django_db
def test_the_same_word_is_found_however_its_letters_are_typed(demo):
    """Harakat, hamza, tatweel, Turkish i, Romanian cedilla or comma, Polish ł, Cyrillic
    ё: each way of typing one word finds the same services."""
    same = [
        ("طعام", "طَعَامٌ", "طعـــام"),
        ("أكل", "اكل", "إكل"),
        ("yemek yardımı", "yemek yardimi", "YEMEK YARDIMI"),
        ("locuință", "locuinta", "locuinţă"),
        ("długi", "dlugi", "DŁUGI"),
        ("жильё", "жилье"),
    ]
    for spellings in same:
        results = [list(search(Service.objects.public(), s).services) for s in spellings]
        assert all(r == results[0] for r in results), spellings


# 94% (66 of 70) on PostgreSQL when first run, before any word was added for it; the words
# added then (teeth, to eat, small words) were added in every language.
LATER_SHARE = 0.85


def measured(sets, name):
    """(share of queries with a fitting top 5, misses) over every language of `sets`."""
    shares, misses = {}, []
    for lang, queries in sets.items():
        good = [fits(text, expected) for text, expected in queries]
        shares[lang] = sum(good) / len(queries)
        misses += [
            (lang, t, top_categories(t)) for (t, _), ok in zip(queries, good, strict=True) if not ok
        ]
    count = sum(len(queries) for queries in sets.values())
    share = 1 - len(misses) / count
    print(f"\n{name}: {share:.1%} of {count}")
    for lang, value in shares.items():
        print(f"  {lang}: {value:.0%}")
    for lang, text, results in misses:
        print(f"  miss ({lang}): {text!r} -> {results}")
    return share, misses


@pytest.mark.django_db
def test_a_later_set_in_other_languages_finds_most_needs(demo):
    """Queries written after the vocabulary: how it carries to words it did not grow from."""
    share, misses = measured(LATER_MULTILINGUAL_QUERIES, "later set in other languages")
    assert share >= LATER_SHARE, misses


@pytest.mark.django_db
def test_a_set_written_blind_in_other_languages_finds_most_needs(demo):
    share, misses = measured(BLIND_MULTILINGUAL_QUERIES, "blind set in other languages")
    assert share >= LATER_SHARE, misses
