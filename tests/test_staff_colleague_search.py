"""A worker finds colleagues by function or subject whatever the gender, number or language
they or their colleagues wrote it in."""

import pytest

from directory.models import Worker
from directory.staff import vocabulary
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleagues(reference):
    return {
        "awa": make_worker("Awa Diallo", "Assistant social"),
        "bram": make_worker("Bram Peeters", "maatschappelijk werker"),
        "chloe": make_worker("Chloe Martin", "Social worker"),
        "dirk": make_worker("Dirk Janssens", "Schuldbemiddelaar"),
        "emma": make_worker(
            "Emma Dubois", "Assistante sociale", can_help_with="Schuldbemiddeling, huurcontracten"
        ),
        "farid": make_worker(
            "Farid Amrani", "Éducateur de rue", can_help_with="Dossiers sociaux des jeunes"
        ),
        "gina": make_worker("Gina Rossi", "verpleegkundige"),
    }


def found(**criteria):
    workers = Worker.objects.all()
    if "q" in criteria:
        workers = workers.matching(criteria["q"])
    if "function" in criteria:
        workers = workers.with_function(criteria["function"])
    return {worker.name.split()[0].lower() for worker in workers}


SOCIAL_WORKERS = {"awa", "bram", "chloe", "emma"}


@pytest.mark.parametrize(
    "query",
    [
        "assistante sociale",
        "Assistant social",
        "assistantes sociales",
        "maatschappelijk werker",
        "maatschappelijk werkster",
        "social worker",
        "Assistant(e) social(e)",
    ],
)
def test_every_form_of_a_function_finds_every_other(colleagues, query):
    assert found(function=query) == SOCIAL_WORKERS
    assert found(q=query) >= SOCIAL_WORKERS


def test_the_function_filter_reads_only_the_function(colleagues):
    # Farid helps with "dossiers sociaux", yet he is no social worker.
    assert "farid" in found(q="sociaux")
    assert "farid" not in found(function="sociale")


def test_debt_mediation_in_french_finds_the_dutch_words(colleagues):
    assert found(q="médiation de dettes") == {"dirk", "emma"}
    assert found(q="debt counsellor") == {"dirk", "emma"}
    assert found(function="médiatrice de dettes") == {"dirk"}
    assert found(q="bemiddeling") == {"dirk", "emma"}  # inside a Dutch compound


def test_plurals_and_feminines_find_their_colleagues(colleagues):
    assert found(function="infirmières") == {"gina"}
    assert found(function="nurse") == {"gina"}
    assert found(q="éducatrices de rue") == {"farid"}
    assert found(q="straathoekwerker") == {"farid"}


def test_a_search_is_no_looser_than_before(colleagues):
    assert found(q="médiatrice de dettes verpleegkundige") == set()
    assert found(function="éducateur de rue") == {"farid"}
    assert found(q="Diallo") == {"awa"}
    assert found(q="dia") == {"awa"}  # a name being typed


def test_a_changed_function_is_found_under_its_new_name(colleagues):
    gina = colleagues["gina"]
    gina.function = "psychologue"
    gina.save()

    assert found(function="psycholoog") == {"gina"}
    assert found(function="infirmière") == set()


def test_the_directory_page_searches_the_same_way(client, colleagues):
    client.force_login(colleagues["awa"].user)

    html = client.get("/fr/staff/?function=maatschappelijk+werkster").content.decode()

    assert all(name in html for name in ("Awa Diallo", "Bram Peeters", "Emma Dubois"))
    assert "Dirk Janssens" not in html


@pytest.mark.parametrize(
    "language, names",
    [
        ("fr", ["assistante sociale", "médiatrice de dettes", "infirmière", "écrivain public"]),
        ("nl", ["maatschappelijk werkster", "schuldbemiddelaar", "verpleegkundige", "opvoeder"]),
        ("en", ["social worker", "debt counsellor", "nurse", "psychologist"]),
    ],
)
def test_the_function_field_suggests_the_vocabulary_in_the_pages_language(
    client, colleagues, language, names
):
    client.force_login(colleagues["awa"].user)

    html = client.get(f"/{language}/staff/").content.decode()
    datalist = html[html.index('<datalist id="worker-functions">') :].split("</datalist>")[0]

    assert all(f'<option value="{name}">' in datalist for name in names)
    # The functions colleagues wrote are suggested too, once whatever their case.
    assert datalist.lower().count('value="social worker"') == 1


def test_the_vocabulary_has_every_function_in_three_languages_and_both_genders():
    functions = vocabulary.functions()

    assert 20 <= len(functions) <= 40
    for function in functions:
        assert set(function.names) == {"fr", "nl", "en"}, function.key
    social = next(f for f in functions if f.key == "assistant-social")
    assert social.names["fr"] == ("assistant social", "assistante sociale")
    assert social.names["nl"] == ("maatschappelijk werker", "maatschappelijk werkster")
