"""A worker picks a quartier under its commune and a language by its name, in their language."""

from html.parser import HTMLParser

import pytest

from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db


class Options(HTMLParser):
    """The options of one <select> (or the labels of checkboxes) of a page, by group."""

    def __init__(self, select_name):
        super().__init__()
        self.name, self.inside, self.groups, self.text = select_name, False, [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "select":
            self.inside = attrs.get("name") == self.name
        elif self.inside and tag == "optgroup":
            self.groups.append((attrs["label"], []))
        elif self.inside and tag == "option" and attrs.get("value"):
            if not self.groups:
                self.groups.append((None, []))
            self.text = ""

    def handle_data(self, data):
        if self.text is not None:
            self.text += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.inside = False
        elif tag == "option" and self.text is not None:
            self.groups[-1][1].append(self.text.strip())
            self.text = None


def options(html, name):
    parser = Options(name)
    parser.feed(html)
    return parser.groups


@pytest.fixture
def me(reference, client):
    worker = make_worker("Moi Même", username="moi")
    client.force_login(worker.user)
    return worker


def test_quartiers_are_grouped_under_their_commune_with_their_accents(client, me):
    groups = dict(options(client.get("/fr/staff/").content.decode(), "quartier"))

    assert list(groups)[:5] == [
        "Anderlecht",
        "Auderghem",
        "Berchem-Sainte-Agathe",
        "Bruxelles",
        "Etterbeek",
    ]
    assert len(groups) == 19
    assert sum(len(quartiers) for quartiers in groups.values()) == 145
    # Accents as residents write them, and in alphabetical order, not after Z.
    assert groups["Ixelles"] == [
        "Boondael",
        "Brugmann - Lepoutre",
        "Châtelain",
        "Cimetière d'Ixelles",
        "Étangs d'Ixelles",
        "Flagey - Malibran",
        "Hôpital Etterbeek - Ixelles",
        "Louise - Longue Haie",
        "Matonge",
        "Université",
    ]


def test_dutch_pages_group_quartiers_under_dutch_commune_names(client, me):
    groups = dict(options(client.get("/nl/staff/").content.decode(), "quartier"))

    assert list(groups)[:5] == ["Anderlecht", "Brussel", "Elsene", "Etterbeek", "Evere"]
    assert "Vijvers van Elsene" in groups["Elsene"]


def test_a_quartier_chosen_in_the_select_finds_its_colleagues(client, me):
    make_worker("Awa Diallo", quartiers=["etangs-d-ixelles"])

    page = client.get("/fr/staff/?quartier=etangs-d-ixelles").content.decode()

    assert "Awa Diallo" in page
    assert '<option value="etangs-d-ixelles" selected>' in page


@pytest.mark.parametrize(
    "language, first",
    [
        ("fr", ["Albanais", "Allemand", "Anglais", "Arabe", "Bulgare", "Espagnol", "Français"]),
        ("nl", ["Albanees", "Arabisch", "Bulgaars", "Duits", "Engels", "Frans", "Italiaans"]),
        ("en", ["Albanian", "Arabic", "Bulgarian", "Dutch", "English", "French", "German"]),
    ],
)
def test_languages_are_sorted_by_name_in_the_pages_language(client, me, language, first):
    ((_group, names),) = options(client.get(f"/{language}/staff/").content.decode(), "language")

    assert names[:7] == first
    assert names == sorted(names, key=lambda name: name.casefold().replace("ï", "i"))


def test_my_profile_lists_languages_and_communes_by_name_in_the_pages_language(client, me):
    html = client.get("/nl/staff/mon-profil/").content.decode()
    form = html[html.index("<main") :]  # not the language list in the header

    summaries = [part.split("</summary>")[0] for part in form.split("<summary>")[1:]]
    assert summaries[:4] == ["Anderlecht", "Brussel", "Elsene", "Etterbeek"]
    languages = html[html.index('name="languages"') :]
    positions = [
        languages.index(f"> {name}</label>")
        for name in ("Albanees", "Arabisch", "Oekraïens", "Pasjtoe")
    ]
    assert positions == sorted(positions)


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_residents_filters_read_the_same_way(client, reference, language):
    """The public search's "Plus de filtres": the same order as the staff pages."""
    html = client.get(f"/{language}/services/", {"q": "colis"}).content.decode()
    staff = {"fr": ["Anderlecht", "Auderghem"], "nl": ["Anderlecht", "Brussel"]}[language]

    assert [name for name, _quartiers in options(html, "quartier")][:2] == staff
    ((_group, communes),) = options(html, "commune")
    assert communes[:2] == staff
    ((_group, languages),) = options(html, "language")
    assert (
        languages[:3]
        == {"fr": ["Albanais", "Allemand", "Anglais"], "nl": ["Albanees", "Arabisch", "Bulgaars"]}[
            language
        ]
    )
