"""Phrases a resident says lead over the single words in them; a typo keeps the meaning."""

import pytest

from directory.models import Category, SearchTerm, Service
from directory.search.engine import Query, meaning_kept, search
from directory.text import stems
from tests.factories import make_service


def found(text):
    return [s.name_fr for s in search(Service.objects.public(), text).services]


@pytest.fixture
def own_vocabulary(reference):
    """Only the words of the services a test makes (see test_search_words.py)."""
    SearchTerm.objects.all().delete()


@pytest.mark.django_db
def test_a_word_of_a_phrase_said_names_no_other_category(own_vocabulary):
    make_service("Nachtopvang", categories=["sans-abri"], description_nl="Slapen, douche.")
    make_service("Centrum geestelijke gezondheid", categories=["sante-mentale"])
    mental = Category.objects.get(slug="sante-mentale")
    mental.synonyms_nl += "\nslaap slecht"  # a coordinator's phrase (admin)
    mental.save()

    # "slapen" alone asks for a bed; "slaap slecht" is about sleep and stress.
    assert "sans-abri" in Query.parse("waar kan ik slapen").categories
    query = Query.parse("ik slaap slecht van de stress")
    assert "sante-mentale" in query.phrase_categories
    assert "sans-abri" not in query.categories
    assert found("ik slaap slecht van de stress")[0] == "Centrum geestelijke gezondheid"


@pytest.mark.django_db
def test_a_phrase_is_heard_with_words_between_that_carry_no_need(reference):
    # The taxonomy says "meet people"; "new" carries no need.
    assert "lien-social" in Query.parse("meet new people").phrase_categories
    assert "sante-mentale" in Query.parse("I want to die").phrase_categories


def test_a_typo_with_two_readings_keeps_the_one_the_other_words_mean():
    vocabulary = {
        "logement": set(stems("loyer")) | set(stems("logement")),
        "sante": set(stems("lotement")),
    }
    fixes = {"lgement": ["logement", "lotement"], "xyzzy": ["lotement"]}

    kept = meaning_kept(fixes, ["loyer"], vocabulary)

    assert kept["lgement"] == ["logement"]
    assert kept["xyzzy"] == ["lotement"]  # one reading only: kept, whatever it means
    assert meaning_kept(fixes, [], vocabulary) == fixes  # no other word: every reading
