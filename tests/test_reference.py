"""The reference data of Brussels loads with one command, and again without harm."""

import pytest
from django.core.management import call_command

from directory.models import Audience, Category, Commune, Language, Quartier

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
    assert molenbeek.quartiers.filter(name_fr="Gare de l'ouest").exists()


def test_every_category_is_named_in_three_languages_with_synonyms(reference):
    for category in Category.objects.all():
        assert category.name_fr and category.name_nl and category.name_en
        assert category.description_fr and category.description_nl and category.description_en
        assert category.synonyms_fr and category.synonyms_nl and category.synonyms_en
    food = Category.objects.get(slug="alimentation")
    assert {"colis alimentaire", "voedselpakket", "food bank"} <= set(food.synonyms())


def test_loading_again_changes_nothing_and_keeps_boundaries(reference):
    commune = Commune.objects.get(nis_code="21012")
    commune.set_boundary(
        {"type": "Polygon", "coordinates": [[[4, 50], [4.1, 50], [4.1, 50.1], [4, 50]]]}
    )
    commune.save()

    call_command("load_reference", verbosity=0)

    assert Commune.objects.count() == 19
    assert Commune.objects.get(nis_code="21012").boundary is not None
