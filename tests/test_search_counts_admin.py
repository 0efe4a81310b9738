"""Coordinators read what residents search and find nothing for, and make a word they use
a category's synonym from the admin: the next search finds it, without a deploy."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client

from directory import derived
from directory.models import Category, Commune, SearchCount
from directory.search import counts
from tests.admin_forms import admin_form
from tests.factories import make_service
from tests.staff_factories import make_coordinator, make_worker

pytestmark = pytest.mark.django_db

SEARCH = "/fr/services/"
CHANGELIST = "/admin/directory/searchcount/"


def synonym_url(row):
    return f"{CHANGELIST}{row.pk}/synonyme/"


def count(text, commune=None, results=0, searches=1, kind="text", categories=""):
    search = counts.Search(
        kind=kind,
        text=text,
        language="fr",
        commune_id=Commune.objects.get(slug=commune).pk if commune else None,
        quartier_id=None,
        results=results,
        categories=categories,
    )
    for _ in range(searches):
        counts.record(search)
    return SearchCount.objects.get(text=text, kind=kind)


def listed(response):
    """The searches a changelist shows, in its order."""
    return [str(row) for row in response.context["cl"].result_list]


@pytest.fixture
def searches(reference):
    return {
        "molenbeek": count("roupiller", "molenbeek-saint-jean", searches=3),
        "anderlecht": count("dodo", "anderlecht", searches=5),
        "nowhere": count("pieu", None, results=2, searches=2),
        "plenty": count("colis", "molenbeek-saint-jean", results=10, searches=9),
    }


@pytest.fixture
def coordinator(client, reference):
    user = make_coordinator("molenbeek", communes=["molenbeek-saint-jean"])
    client.force_login(user)
    return user


def test_a_coordinator_sees_their_communes_searches_and_those_about_no_place(
    client, coordinator, searches
):
    response = client.get(CHANGELIST)

    assert response.status_code == 200
    assert listed(response) == ["colis", "roupiller", "pieu"]  # most searched first
    assert "dodo" not in response.content.decode()
    assert client.get(synonym_url(searches["anderlecht"])).status_code == 403


def test_a_superuser_sees_every_search(admin_client, searches):
    assert listed(admin_client.get(CHANGELIST)) == ["colis", "dodo", "roupiller", "pieu"]


def test_searches_with_no_or_few_results_are_one_click_away(client, coordinator, searches):
    assert listed(client.get(CHANGELIST, {"results": "none"})) == ["roupiller"]
    assert listed(client.get(CHANGELIST, {"results": "few"})) == ["pieu"]
    html = client.get(CHANGELIST).content.decode()
    assert "aucun résultat" in html and "peu de résultats (1 à 3)" in html
    assert "10+" in html


def test_older_weeks_than_the_retention_are_not_shown(client, coordinator, searches, settings):
    settings.SEARCH_COUNTS_WEEKS = 1
    SearchCount.objects.filter(text="roupiller").update(
        week=counts.first_week_kept() - timedelta(weeks=1)
    )

    assert "roupiller" not in listed(client.get(CHANGELIST))


def test_counts_are_read_only(client, coordinator, searches):
    row = searches["molenbeek"]

    assert client.get(f"{CHANGELIST}add/").status_code == 403
    assert client.post(f"{CHANGELIST}{row.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"{CHANGELIST}{row.pk}/change/", {"searches": "1000"}).status_code == 403
    assert SearchCount.objects.get(pk=row.pk).searches == 3


def test_only_coordinators_may_add_a_synonym(client, searches):
    worker = make_worker("Collègue")
    client.force_login(worker.user)
    assert client.get(synonym_url(searches["nowhere"])).status_code == 302  # to the login

    worker.user.is_staff = True
    worker.user.save()
    assert client.get(synonym_url(searches["nowhere"])).status_code == 403
    assert client.get(CHANGELIST).status_code == 403


def test_a_search_without_its_text_cannot_be_a_synonym(client, coordinator, reference):
    withheld = count("", "molenbeek-saint-jean", kind="withheld")
    assert client.get(synonym_url(withheld)).status_code == 404
    assert "Ajouter comme synonyme" not in client.get(CHANGELIST).content.decode()


def test_a_synonym_with_a_number_or_an_address_is_refused(client, coordinator, searches):
    url = synonym_url(searches["molenbeek"])
    data = admin_form(client.get(url), "synonym-form")

    for text in ("0470 12 34 56", "rue haute", "moi@exemple.be"):
        response = client.post(url, data | {"text": text})
        assert response.status_code == 200 and "sans chiffre, adresse ni e-mail" in (
            response.content.decode()
        )
    assert "0470" not in Category.objects.get(slug="sans-abri").synonyms_fr


def test_the_form_proposes_the_text_its_language_and_the_category_it_names(
    client, coordinator, reference
):
    row = count("abri de nuit pour roupiller", "molenbeek-saint-jean", categories=" sans-abri ")

    data = admin_form(client.get(synonym_url(row)), "synonym-form")

    assert data["text"] == "abri de nuit pour roupiller" and data["language"] == "fr"
    assert data["category"] == str(Category.objects.get(slug="sans-abri").pk)


def test_adding_a_synonym_twice_says_it_is_there(client, coordinator, searches):
    url = synonym_url(searches["molenbeek"])
    data = admin_form(client.get(url), "synonym-form")
    data["category"] = str(Category.objects.get(slug="sans-abri").pk)

    client.post(url, data)
    response = client.post(url, data, follow=True)

    assert "est déjà un synonyme (FR) de « Sans-abrisme »" in response.content.decode()
    shelter = Category.objects.get(slug="sans-abri")
    assert shelter.synonyms_fr.splitlines().count("roupiller") == 1


# End to end, as in production: the transaction commits, derived data is computed on
# commit (not at once as in other tests), and the page cache is on.
@pytest.mark.django_db(transaction=True)
def test_a_word_residents_find_nothing_for_becomes_a_synonym_and_is_found_at_once(
    reference, settings, monkeypatch
):
    monkeypatch.setattr(derived, "FLUSH_AT_ONCE", False)
    settings.PAGE_CACHE_SECONDS = 30
    cache.clear()
    make_service("Abri de nuit du Canal", categories=["sans-abri"])
    resident, staff = Client(), Client()
    coordinator = make_coordinator("molenbeek", communes=["molenbeek-saint-jean"])
    staff.force_login(coordinator)

    first = resident.get(SEARCH, {"q": "Roupiller", "near": "1080"}).content.decode()
    assert "Abri de nuit du Canal" not in first

    changelist = staff.get(CHANGELIST, {"results": "none"})
    assert listed(changelist) == ["roupiller"]
    row = SearchCount.objects.get(text="roupiller")
    assert synonym_url(row) in changelist.content.decode()
    data = admin_form(staff.get(synonym_url(row)), "synonym-form")
    data["category"] = str(Category.objects.get(slug="sans-abri").pk)
    added = staff.post(synonym_url(row), data, follow=True).content.decode()

    assert "« roupiller » est un synonyme (FR) de « Sans-abrisme »" in added
    assert "trouve maintenant 1 service(s)" in added
    again = resident.get(SEARCH, {"q": "Roupiller", "near": "1080"}).content.decode()
    assert "Abri de nuit du Canal" in again
    api = resident.get("/api/v1/services", {"search": "roupiller"}).json()
    assert [service["name"] for service in api["contents"]] == ["Abri de nuit du Canal"]
    change = Category.history.filter(slug="sans-abri").latest("history_date")
    assert change.history_user == coordinator and "roupiller" in change.synonyms_fr
    cache.clear()


def test_a_synonym_added_in_the_category_admin_is_found_at_once(admin_client, reference):
    make_service("Abri de nuit du Canal", categories=["sans-abri"])
    shelter = Category.objects.get(slug="sans-abri")
    url = f"/admin/directory/category/{shelter.pk}/change/"
    assert "Abri de nuit" not in admin_client.get(SEARCH, {"q": "pitten"}).content.decode()

    data = admin_form(admin_client.get(url), "category_form")
    data["synonyms_nl"] += "\npitten"
    assert admin_client.post(url, data).status_code == 302

    assert "Abri de nuit" in admin_client.get(SEARCH, {"q": "pitten"}).content.decode()
