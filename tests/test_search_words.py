"""Words as residents say them: compounds, phrases, rare needs, words that share a stem."""

import json
from collections import defaultdict

import pytest
from django.conf import settings

from directory.models import SearchTerm, Service
from directory.search.engine import Query, search
from directory.text import STOPWORDS, normalise, stems
from tests.factories import make_service

pytestmark = pytest.mark.django_db
SEARCH = "/fr/services/"


def found(text):
    return [s.name_fr for s in search(Service.objects.public(), text).services]


@pytest.fixture
def own_vocabulary(reference):
    """Only the words of the services a test makes: the vocabulary only grows, and a
    module with the demo data leaves its words to the modules after it."""
    SearchTerm.objects.all().delete()


def test_a_dutch_compound_is_read_as_its_words(client, own_vocabulary):
    make_service("Nachtopvang voor daklozen", categories=["sans-abri"])
    make_service("Huiswerkklas", categories=["soutien-scolaire"])

    # Neither word is in any document as typed: "daklozen" and "opvang" are.
    assert found("daklozenopvang") == ["Nachtopvang voor daklozen"]
    html = client.get("/nl/services/", {"q": "daklozenopvang"}).content.decode()
    assert "daklozenopvang" in html and "Nachtopvang voor daklozen" in html
    assert "daklozen" in Query.parse("daklozenopvang").corrected["daklozenopvang"]


def test_a_compound_with_one_known_first_part_searches_that_part(own_vocabulary):
    make_service("Droit des étrangers", categories=["migrants"], description_nl="Hulp bij asiel.")

    query = Query.parse("asielaanvraagdossier")

    assert query.words == ["asiel"] and "migrants" in query.categories
    assert found("asielaanvraagdossier") == ["Droit des étrangers"]


def test_an_unknown_word_is_not_cut_into_pieces_that_mean_nothing(own_vocabulary):
    make_service("Permanence juridique", categories=["aide-juridique"])

    for word in ("therapist", "gratuitemant", "quelconque"):
        query = Query.parse(word)
        assert query.words == [word] and not query.corrected, word


def test_a_word_whose_stem_is_known_is_not_corrected_into_another(client, reference):
    make_service("Service pour personnes sourdes", categories=["handicap"])
    make_service("Source de vie", categories=["lien-social"])

    assert found("sourde") == ["Service pour personnes sourdes"]
    assert "vous avez écrit" not in client.get(SEARCH, {"q": "sourde"}).content.decode()


def test_a_phrase_names_its_category_and_its_words_alone_do_not(reference):
    make_service("Accueil des sans-papiers", categories=["migrants"], description_fr="Papiers.")
    make_service("Abri de nuit", categories=["sans-abri"], description_fr="Même sans papiers.")
    make_service("Conseil en droit du travail", categories=["aide-juridique"])
    make_service("Trouver du travail", categories=["emploi-formation"])

    assert found("sans papiers")[0] == "Accueil des sans-papiers"
    assert found("les sans-papiers") == found("sans papiers")
    assert found("chercher du travail")[0] == "Trouver du travail"
    assert found("droit du travail")[0] == "Conseil en droit du travail"


def test_the_rarer_need_leads_when_no_service_has_every_word(reference):
    for n in range(4):
        make_service(f"Accueil parents-enfants {n}", categories=["famille-enfance"])
    make_service("Répit pour familles, autisme", categories=["handicap"])

    result = search(Service.objects.public(), "enfant autiste")

    assert result.relaxed
    assert result.services[0].name_fr == "Répit pour familles, autisme"


@pytest.mark.parametrize(
    ("apart", "same_stem"),
    [("ouderen", "ouders"), ("couper", "coups"), ("refuge", "refugie"), ("porte", "porter")],
)
def test_unrelated_words_that_stemmers_join_are_kept_apart(apart, same_stem):
    assert not set(stems(apart)) & set(stems(same_stem))


def test_a_social_worker_is_not_a_job_and_a_bed_is_not_a_dispute(reference):
    make_service("Service social", categories=["aide-sociale"], name_en="Social work office")
    make_service("Job coaching", categories=["emploi-formation"], description_en="Find work.")
    make_service("Litiges locatifs", categories=["aide-juridique"])
    make_service("Un lit pour la nuit", categories=["sans-abri"])

    assert found("social worker") == ["Service social"]
    assert found("lit") == ["Un lit pour la nuit"]


def test_help_for_the_elderly_is_not_help_for_parents(reference):
    make_service("Ouderenzorg aan huis", categories=["seniors"], description_nl="Voor ouderen.")
    make_service("Opvoedingswinkel", categories=["famille-enfance"], description_nl="Voor ouders.")

    assert found("hulp voor ouderen") == ["Ouderenzorg aan huis"]


@pytest.mark.parametrize(
    "text",
    [
        "probleme avec mon employeur",  # "problème" says nothing of the need
        "je cherche du travail",
        "looking for a job",
        "werk zoeken",
    ],
)
def test_words_that_carry_no_need_do_not_decide(reference, text):
    make_service("Aide à l'emploi", categories=["emploi-formation"])
    make_service(
        "Soutien scolaire",
        categories=["soutien-scolaire"],
        description_fr="Problèmes à l'école? On cherche ensemble, looking at homework.",
        description_nl="Problemen op school? We zoeken samen.",
    )

    assert found(text)[0] == "Aide à l'emploi"


# Stems that words of different categories share, each for words of one meaning
# ("papiers" is administrative and migrants' help; "isolé", the elderly and social contact;
# sleep ("dormir" too) is a bed for the night, and in the phrases "slaap slecht", "can't
# sleep", "arrive pas à dormir" a symptom; "ontslag" a dismissal, "ontslagen uit het
# ziekenhuis" leaving hospital).
SHARED_STEMS = """abus activit assist dismiss domicil eenzaam expuls famili familial general isol
    letter licenci maison pai papier parent person personn personne seul social sort woon
    slaap sleep slecht dorm ontslag""".split()
# The same in the other languages of the pages: activities, allowance, assistant, care,
# card, centre, class, child, consultation, free, lesson, documents, home, family,
# learning, housing, paediatrician, papers, public, rent, residence, service, social,
# matter, procedure, office, alone, course, health, doctor, general, legal.
SHARED_STEMS += """activ actividad activitat alocati asistent atividad atividade bakim cart centr
    clas cocuk consult darmow ders dokument domicili domow etkinlik famil familie gratuit
    kart leer lekcj locuint opiek papel pediatr public rent residenc rodzin rodzini
    servic socjaln spraw tramit urzed yalniz
    безкоштовн бесплатн детск документ дом домашн курс навчан социалн соціальн
    اجتماع اجتماعيه انشطه اوراق خانواد دار سلامت صحه طبيب عام عايل قان منزل""".split()


def test_the_taxonomy_words_of_different_needs_share_no_stem_by_accident():
    taxonomy = json.loads((settings.BASE_DIR / "fixtures" / "taxonomy.json").read_text())
    meanings = defaultdict(set)
    for category in taxonomy["categories"]:
        said = " ".join(v for k, v in category.items() if k.startswith(("name_", "synonyms_")))
        for word in set(normalise(said).split()) - STOPWORDS:
            for stem in stems(word):
                meanings[stem].add((word, category["slug"]))
    shared = {
        stem
        for stem, uses in meanings.items()
        if len({w for w, _ in uses}) > 1 and len({c for _, c in uses}) > 1
    }
    assert shared <= set(SHARED_STEMS), sorted(shared - set(SHARED_STEMS))


def test_a_compound_typed_in_two_is_searched_as_one(own_vocabulary):
    make_service("Vrijwilligerswerk in de buurt", categories=["lien-social"])
    make_service("Werk zoeken", categories=["emploi-formation"])

    assert Query.parse("vrijwilligers werk").words == ["vrijwilligerswerk"]
    assert found("vrijwilligers werk") == ["Vrijwilligerswerk in de buurt"]


@pytest.mark.parametrize(
    ("text", "words", "place", "first"),
    [
        ("cpas ixelles", "cpas", "Ixelles", "CPAS d'Ixelles"),
        ("ocmw sint-jans-molenbeek", "ocmw", "Molenbeek", "CPAS de Molenbeek"),
        ("colis alimentaire 1080", "colis alimentaire", "Molenbeek", "CPAS de Molenbeek"),
        ("Laeken", "", "Laeken", "CPAS de Molenbeek"),
    ],
)
def test_a_place_among_the_words_is_where_to_search(client, reference, text, words, place, first):
    both = ["aide-sociale", "alimentation"]
    make_service("CPAS d'Ixelles", both, lat=50.8275, lon=4.3725, postcode="1050")
    make_service("CPAS de Molenbeek", both, lat=50.8549, lon=4.3200, postcode="1080")

    response = client.get(SEARCH, {"q": text})

    assert place in response.context["place"].label
    assert response.context["result"].query.words == words.split()
    assert response.context["cards"][0].service.name_fr == first


def test_a_place_typed_in_where_wins_over_one_in_the_words(client, reference):
    make_service("CPAS d'Ixelles", ["aide-sociale"], lat=50.8275, lon=4.3725, postcode="1050")

    response = client.get(SEARCH, {"q": "cpas ixelles", "near": "1080"})

    assert "Ixelles" not in response.context["place"].label
    assert response.context["result"].query.words == ["cpas", "ixelles"]
