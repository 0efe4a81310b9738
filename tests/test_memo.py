"""What every search computes alike (the filter panel's options, the home page's figures)
is computed once, in the page's language, and again as soon as the directory changes."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import memo
from directory.models import Language, Service
from tests.factories import make_service

pytestmark = pytest.mark.django_db

SEARCH = "/fr/services/"


def selected(html):
    return re.findall(r'<option value="([^"]*)" selected>', html)


def reads_of(table, queries):
    return [q["sql"] for q in queries if f'FROM "{table}"' in q["sql"]]


def test_the_filter_panel_options_are_read_once_then_kept(client, reference):
    client.get(SEARCH, {"q": "colis"})
    with CaptureQueriesContext(connection) as second:
        html = client.get(SEARCH, {"q": "logement"}).content.decode()

    assert not reads_of("directory_language", second.captured_queries)
    assert not reads_of("directory_quartier", second.captured_queries)
    assert '<option value="nl">' in html
    assert 'value="alimentation" id="id_category_1"' in html


def test_the_chosen_values_are_marked_and_only_them(client, reference):
    # The options are kept unmarked: a choice must not stick to them.
    plain = client.get(SEARCH).content.decode()
    html = client.get(
        SEARCH,
        {"category": ["alimentation", "sante"], "audience": "femmes", "language": "ar"},
    ).content.decode()

    assert html.count(" checked id=") == 2
    assert 'value="alimentation" checked id="id_category_1"' in html
    assert 'value="sante" checked id=' in html
    # Each of the four selects has one option selected: the chosen one, else the empty one.
    assert sorted(selected(html)) == ["", "", "ar", "femmes"]
    # The next resident chose nothing.
    after = client.get(SEARCH, {"q": "colis"}).content.decode()
    assert selected(after) == selected(plain) == ["", "", "", ""]
    assert " checked" not in after


def test_each_language_has_its_own_options(client, reference):
    french = client.get(SEARCH).content.decode()
    dutch = client.get("/nl/services/").content.decode()

    assert "> Aide alimentaire</label>" in french
    assert "> Voedselhulp</label>" in dutch
    assert "Aide alimentaire</label>" not in dutch


def test_a_change_to_the_directory_shows_on_the_next_page(client, reference):
    client.get(SEARCH)
    Language.objects.create(code="xh", name_fr="Xhosa", name_nl="Xhosa", name_en="Xhosa")

    assert '<option value="xh">Xhosa</option>' in client.get(SEARCH).content.decode()


def test_the_home_page_count_follows_new_services(client, reference):
    make_service("Épicerie du Canal", categories=["alimentation"])
    first = client.get("/fr/").context["service_count"]
    make_service("Resto du Cœur", categories=["alimentation"])

    count = client.get("/fr/").context["service_count"]
    assert count == first + 1 == Service.objects.public().count()


def test_without_a_shared_cache_a_value_lives_a_minute_at_most(monkeypatch, settings):
    settings.MEMO_SHARED = False
    clock = [1000.0]
    monkeypatch.setattr(memo.time, "monotonic", lambda: clock[0])
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert memo.remembered("figure", compute) == 1
    clock[0] += memo.MAX_AGE_SECONDS - 1
    assert memo.remembered("figure", compute) == 1
    clock[0] += 2
    assert memo.remembered("figure", compute) == 2


def test_a_new_release_does_not_read_what_the_old_one_shared(monkeypatch):
    computed = []

    def compute():
        computed.append(1)
        return len(computed)

    assert memo.shared("release-figure", compute) == 1
    memo.forget()
    assert memo.shared("release-figure", compute) == 1  # read back: another process
    monkeypatch.setattr(memo, "release", lambda: "the-next-release")
    assert memo.shared("release-figure", compute) == 2


def test_a_release_is_its_code_templates_catalogues_and_static_files(tmp_path):
    made_of = ["directory/views.py", "templates/card.html", "locale/nl/django.mo", "static/a.js"]
    for name in [*made_of, "tests/test_views.py"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("first")
    first = memo.release_of(tmp_path)

    (tmp_path / "tests/test_views.py").write_text("not what a page is made from")
    assert memo.release_of(tmp_path) == first
    for name in made_of:
        (tmp_path / name).write_text("changed")
        assert memo.release_of(tmp_path) != first
        first = memo.release_of(tmp_path)
