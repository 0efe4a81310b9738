"""The reference data of Brussels loads with one command, and again without harm."""

import json
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from directory.models import Audience, Category, Commune, Language, Quartier
from directory.text import normalise
from directory.translation import INTERFACE_LANGUAGES
from tests.factories import make_service

pytestmark = pytest.mark.django_db


def test_reference_data_has_the_19_communes_their_quartiers_and_the_taxonomy(reference):
    assert Commune.objects.count() == 19
    assert Quartier.objects.count() == 145
    assert Category.objects.count() == 21
    assert Audience.objects.count() == 10
    assert Language.objects.filter(code__in=["fr", "nl", "en", "ar"]).count() == 4
    molenbeek = Commune.objects.get(nis_code="21012")
    assert (molenbeek.name_fr, molenbeek.name_nl, molenbeek.postcodes) == (
        "Molenbeek-Saint-Jean",
        "Sint-Jans-Molenbeek",
        ["1080"],
    )
    assert molenbeek.quartiers.filter(name_fr="Gare de l'Ouest").exists()


def test_every_category_is_named_in_three_languages_with_synonyms(reference):
    for category in Category.objects.all():
        assert category.name_fr and category.name_nl and category.name_en
        assert category.description_fr and category.description_nl and category.description_en
        assert category.synonyms_fr and category.synonyms_nl and category.synonyms_en
    food = Category.objects.get(slug="alimentation")
    assert {"colis alimentaire", "voedselpakket", "food bank"} <= set(food.synonyms())


def test_every_need_and_audience_is_named_in_every_interface_language(reference):
    for category in Category.objects.all():
        for code in INTERFACE_LANGUAGES:
            for field in ("name", "description", "synonyms"):
                assert getattr(category, f"{field}_{code}"), (category.slug, field, code)
    for row in [*Audience.objects.all(), *Language.objects.all()]:
        assert all(getattr(row, f"name_{code}") for code in INTERFACE_LANGUAGES), row


def test_a_need_is_named_in_the_page_language_else_in_french(reference):
    food = Category.objects.get(slug="alimentation")

    with translation.override("ar"):
        assert food.name == "مساعدة غذائية"
    with translation.override("uk"):
        assert food.name == "Продуктова допомога"
    food.name_uk = ""
    with translation.override("uk"):
        assert food.name == "Aide alimentaire"


def test_loading_again_changes_nothing_and_keeps_boundaries(reference):
    commune = Commune.objects.get(nis_code="21012")
    commune.set_boundary(
        {"type": "Polygon", "coordinates": [[[4, 50], [4.1, 50], [4.1, 50.1], [4, 50]]]}
    )
    commune.save()

    call_command("load_reference", verbosity=0)

    assert Commune.objects.count() == 19
    assert Commune.objects.get(nis_code="21012").boundary is not None


def test_loading_again_keeps_the_synonyms_coordinators_added(reference):
    food = Category.objects.get(slug="alimentation")
    shipped = food.synonyms_fr.splitlines()
    food.add_synonym("fr", "tartines du matin")
    food.add_synonym("fr", "Colis alimentaire!")  # one it has, as search reads it

    call_command("load_reference", verbosity=0)
    call_command("load_reference", verbosity=0)

    food.refresh_from_db()
    assert food.synonyms_fr.splitlines() == [*shipped, "tartines du matin"]


def test_loading_again_rewrites_no_service_and_no_reference_row(reference):
    make_service("Colis du Canal", categories=["alimentation"])

    with CaptureQueriesContext(connection) as run:
        call_command("load_reference", verbosity=0)

    # Run at each deploy: a category saved again made every service in it be derived
    # again, ten minutes at 100 000 services.
    written = [q["sql"] for q in run.captured_queries if q["sql"].startswith("UPDATE")]
    assert not [sql for sql in written if '"directory_service"' in sql.split(" SET ")[0]]
    reference_tables = ("commune", "quartier", "category", "audience", "language")
    assert not [sql for sql in written for t in reference_tables if f'"directory_{t}"' in sql]


# Names reworded, not only given their accents and capitals, when reviewed against UrbIS:
# the words people use for the place ("Porte de Tervueren", "Woluwepark", "NAVO").
REWORDED = {30, 81, 85, 700, 701, 702, 801, 900, 905, 908}


def test_quartier_names_are_written_as_people_write_them(reference, shared_data):
    """Accents, capitals and spacing over the UrbIS names (sentence case, no accents),
    and nothing else but a few reviewed rewordings."""
    features = json.loads((shared_data / "brussels-quartiers.geojson").read_text())["features"]
    urbis = {f["properties"]["mdrc"]: f["properties"] for f in features}
    for quartier in Quartier.objects.all():
        for lang in ("fr", "nl"):
            name = getattr(quartier, f"name_{lang}")
            assert name == name.strip() and "  " not in name and "\xa0" not in name, name
            assert name[0].isupper(), name
            if quartier.code not in REWORDED:
                spelled = normalise(urbis[quartier.code][f"name_{lang}"]).replace(" ", "")
                assert normalise(name).replace(" ", "") == spelled, name
    names = set(Quartier.objects.values_list("name_fr", flat=True))
    assert {"Université", "Forêt de Soignes", "Scheutbos", "Châtelain"} <= names
    assert {"Zoniënwoud", "Grote Markt"} <= set(Quartier.objects.values_list("name_nl", flat=True))
    assert not [n for n in names if re.search(r"\b(?:Cimetiere|Foret|Hopital|Etangs)\b", n)]
