"""Pieces of pages that depend only on the directory (a service's name, badges and
categories on its card, the home page, the footer) are rendered once and kept; what
depends on the request (the clock, the resident's point, the user, the nonce) is not."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory import memo
from directory.models import Category, Service
from tests.factories import make_service
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db

SEARCH = "/fr/services/"
BRUSSELS = ZoneInfo("Europe/Brussels")


def at(monkeypatch, *moment):
    monkeypatch.setattr(timezone, "now", lambda: datetime(*moment, tzinfo=BRUSSELS))


def card(client, path=SEARCH, **params):
    """The first card of a search, as HTML."""
    html = client.get(path, params).content.decode()
    return html.split('<li class="service-card">')[1].split("</li>")[0]


def rendered(response):
    return {template.name for template in response.templates}


def test_a_card_shown_again_is_not_rendered_again(client, reference, committed):
    committed(lambda: make_service("Colis du Canal"))
    client.get(SEARCH)

    again = client.get(SEARCH)

    assert "Colis du Canal" in again.content.decode()
    assert "directory/_service_card.html" in rendered(again)
    assert "directory/_address.html" not in rendered(again)


def test_a_kept_card_follows_the_edits_of_its_service(client, reference, committed):
    service = committed(lambda: make_service("Colis du Canal", free=False, walk_in=False))
    before = card(client)
    assert "Gratuit" not in before and "Aide alimentaire" in before
    assert card(client) == before  # kept

    def edit():
        service.name_fr, service.free, service.walk_in = "Épicerie du Canal", True, True
        service.save()

    committed(edit)
    committed(lambda: service.categories.set(Category.objects.filter(slug="logement")))
    after = card(client)

    assert "Épicerie du Canal" in after and "Colis du Canal" not in after
    assert "Gratuit" in after and "Sans rendez-vous" in after
    assert "Logement" in after and "Aide alimentaire" not in after


def test_an_unpublished_service_leaves_the_list(client, reference, committed):
    service = committed(lambda: make_service("Colis du Canal"))
    assert "Colis du Canal" in client.get(SEARCH).content.decode()

    service.is_active = False
    committed(service.save)

    assert "Colis du Canal" not in client.get(SEARCH).content.decode()


def test_each_language_has_its_own_card(client, reference, committed):
    committed(lambda: make_service("Colis du Canal", name_nl="Voedselpakket Kanaal"))
    french = card(client)
    dutch = card(client, "/nl/services/")

    assert "Colis du Canal" in french and "Aide alimentaire" in french
    assert "Voedselpakket Kanaal" in dutch and "Voedselhulp" in dutch
    assert "Aide alimentaire" not in dutch and "Colis du Canal" not in dutch


def test_open_now_and_next_opening_follow_the_clock(client, reference, monkeypatch, committed):
    committed(lambda: make_service("Colis du Canal"))  # weekdays, 9:00 to 17:00
    at(monkeypatch, 2026, 3, 4, 10, 30)  # a Wednesday
    morning = card(client)
    at(monkeypatch, 2026, 3, 4, 20, 0)
    evening = card(client)

    assert "Ouvert maintenant" in morning and "Ouvre" not in morning
    assert "Ouvert maintenant" not in evening and "Ouvre jeudi à 09:00" in evening


def test_the_distance_follows_the_residents_point(client, reference, committed):
    committed(lambda: make_service("Colis du Canal", lat=50.8549, lon=4.3200))
    near = card(client, near="50.8550,4.3201")
    far = card(client, near="50.8000,4.3200")

    assert re.search(r'badge-distance">\d+ m<', near)
    assert re.search(r'badge-distance">\d+,\d km<', far)


def test_a_hidden_address_is_never_kept_on_a_card(client, reference, committed):
    service = committed(lambda: make_service("Refuge pour femmes", postcode="1080"))
    assert "Rue de Test 1" in card(client)

    location = service.locations.get()
    location.address_hidden = True
    committed(location.save)
    hidden = card(client)

    assert "Rue de Test 1" not in hidden
    assert "Adresse communiquée par téléphone" in hidden


def test_a_workers_links_never_reach_an_anonymous_resident(client, reference, committed):
    service = committed(lambda: make_service("Colis du Canal"))
    worker = committed(make_worker)
    page = f"/fr/services/{service.slug}/"
    handover = "Faire une fiche de liaison"

    anonymous_first = client.get(page).content.decode()
    client.force_login(worker.user)
    worker_page = client.get(page).content.decode()
    client.logout()
    anonymous_after = client.get(page).content.decode()

    assert handover not in anonymous_first and handover not in anonymous_after
    assert handover in worker_page
    assert "directory/_address.html" not in rendered(client.get(page))


def test_each_page_has_its_own_nonce(client, reference, committed):
    committed(lambda: None)  # the reference data's change, committed: the home is kept
    first, second = client.get("/fr/"), client.get("/fr/")

    nonces = [re.findall(r'nonce="([^"]+)"', r.content.decode()) for r in (first, second)]
    assert nonces[0] and nonces[1]
    assert set(nonces[0]) == {re.search(r"'nonce-([^']+)'", first["Content-Security-Policy"])[1]}
    assert set(nonces[1]) == {re.search(r"'nonce-([^']+)'", second["Content-Security-Policy"])[1]}
    assert nonces[0][0] != nonces[1][0]
    assert "directory/_search_form.html" not in rendered(second)


def test_the_home_page_follows_the_directory_and_the_language(client, reference, committed):
    client.get("/fr/")
    category = Category.objects.get(slug="alimentation")
    category.name_fr = "Colis et repas"
    committed(category.save)

    assert "Colis et repas" in client.get("/fr/").content.decode()
    assert "Voedselhulp" in client.get("/nl/").content.decode()


def test_a_piece_naming_something_of_the_request_does_not_compile():
    with pytest.raises(TemplateSyntaxError, match="CSP_NONCE"):
        Template('{% load remembered %}{% remembered "x" %}{{ CSP_NONCE }}{% endremembered %}')


def test_a_live_part_in_a_loop_does_not_compile():
    with pytest.raises(TemplateSyntaxError, match="loop"):
        Template(
            '{% load remembered %}{% remembered "x" %}{% for i in items %}'
            "{% live %}{{ i }}{% endlive %}{% endfor %}{% endremembered %}"
        )


def test_a_piece_carrying_a_token_is_never_kept():
    page = Template('{% load remembered %}{% remembered "x" %}{{ html|safe }}{% endremembered %}')

    first = page.render(Context({"html": '<input name="csrfmiddlewaretoken" value="a">'}))
    second = page.render(Context({"html": '<input name="csrfmiddlewaretoken" value="b">'}))

    assert 'value="a"' in first and 'value="b"' in second


def test_only_the_pieces_shown_last_are_kept(settings):
    settings.MEMO_KEPT_ITEMS = 2
    page = Template('{% load remembered %}{% remembered "s" pk %}<{{ draw }}>{% endremembered %}')
    drawn = []

    def show(pk):
        return page.render(Context({"pk": pk, "draw": lambda: drawn.append(pk) or pk}))

    assert [show(1), show(2), show(1), show(3)] == ["<1>", "<2>", "<1>", "<3>"]
    show(1)  # kept: shown after 2
    show(2)  # forgotten when 3 came
    assert drawn == [1, 2, 3, 2]


def test_a_live_part_of_a_kept_piece_is_rendered_for_each_request():
    page = Template(
        '{% load remembered %}{% remembered "s" pk %}<b>{{ name }}</b>'
        "{% live %}<i>{{ request.path }}</i>{% endlive %}{% endremembered %}"
    )

    first = page.render(Context({"pk": 1, "name": "Colis", "request": {"path": "/a"}}))
    second = page.render(Context({"pk": 1, "name": "Repas", "request": {"path": "/b"}}))

    assert first == "<b>Colis</b><i>/a</i>"
    assert second == "<b>Colis</b><i>/b</i>"  # the name kept, the live part of its own


def test_a_card_kept_whole_shows_the_days_full_status(client, reference, committed):
    service = committed(lambda: make_service("Colis du Canal"))
    assert "Complet aujourd'hui" not in card(client)

    committed(
        lambda: service.temporary_statuses.create(kind="full", starts_on=timezone.localdate())
    )

    assert "Complet aujourd'hui" in card(client)


def test_a_service_page_another_process_read_is_not_read_again(client, reference, committed):
    service = committed(lambda: make_service("Colis du Canal", phones=["02 512 34 56"]))
    page = f"/fr/services/{service.slug}/"
    client.get(page)
    memo.forget(lasting=True)  # as in another process of the node: its memory empty, the same cache

    with CaptureQueriesContext(connection) as queries:
        again = client.get(page).content.decode()
    read = " ".join(query["sql"] for query in queries.captured_queries)
    service.name_fr = "Épicerie du Canal"
    committed(service.save)
    memo.forget()
    edited = client.get(page).content.decode()

    assert "directory_phone" not in read and "directory_schedule" not in read
    assert "Colis du Canal" in again and "02 512 34 56" in again
    assert "Épicerie du Canal" in edited  # the change is a new version: read again


def test_twenty_cards_read_no_more_than_two(client, reference):
    """A card reads only what its row holds (a field left out of it would cost a query
    per card: search/pages.NOT_ON_CARDS)."""

    def read(count):
        for number in range(count):
            make_service(f"Colis {number}", categories=["alimentation"], phones=["02 512 34 56"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(SEARCH, {"q": "colis", "near": "1000"})
        assert response.content.decode().count('<li class="service-card">') == count
        return len(queries.captured_queries)

    two = read(2)
    Service.objects.all().delete()
    assert read(20) <= two


def test_cards_another_process_read_are_not_read_again(client, reference, committed):
    committed(lambda: make_service("Colis du Canal", phones=["02 512 34 56"]))
    first = card(client, q="colis")
    memo.forget(lasting=True)  # as in another process of the node: its memory empty, the same cache

    with CaptureQueriesContext(connection) as queries:
        again = card(client, q="colis")

    read = " ".join(query["sql"] for query in queries.captured_queries)
    assert "directory_phone" not in read and "directory_schedule" not in read
    assert again == first


def cards_rendered(monkeypatch):
    """The names of the services whose cards are rendered from here on (not given kept)."""
    from directory.templatetags.remembered import RememberedNode

    names, render = [], RememberedNode._render

    def counted(node, context, own):
        if node.name.resolve(context) == "card":
            names.append(context["card"].service.name)
        return render(node, context, own)

    monkeypatch.setattr(RememberedNode, "_render", counted)
    return names


def test_a_change_to_one_service_renders_only_its_card_again(
    client, reference, committed, monkeypatch
):
    canal = committed(lambda: make_service("Colis du Canal"))
    committed(lambda: make_service("Colis de la Senne"))
    client.get(SEARCH, {"q": "colis"})
    rendered = cards_rendered(monkeypatch)

    canal.name_fr = "Épicerie du Canal"
    committed(canal.save)  # the directory changed: the search is answered again
    after = client.get(SEARCH, {"q": "colis"}).content.decode()

    assert rendered == ["Épicerie du Canal"]
    assert "Épicerie du Canal" in after and "Colis de la Senne" in after
    assert "Colis du Canal" not in after


def test_a_card_kept_across_changes_is_the_card_rendered_afresh(client, reference, committed):
    """Two worlds: a process that kept its cards while the directory changed elsewhere,
    and one that renders them for the first time, show the same page."""
    committed(lambda: make_service("Colis du Canal", phones=["02 512 34 56"], walk_in=True))
    other = committed(lambda: make_service("Repas de la Senne", categories=["logement"]))
    client.get(SEARCH, {"q": "colis"})
    other.free = False
    committed(other.save)

    kept = card(client, q="colis")
    memo.forget(lasting=True)
    afresh = card(client, q="colis")

    assert kept == afresh and "Colis du Canal" in kept


def test_a_kept_card_follows_what_its_row_reads_elsewhere(client, reference, committed):
    """A card is named by all its row holds: its organisation's name, its place's commune
    and whether its address is hidden, its categories' names, not the service alone."""
    service = committed(lambda: make_service("Colis du Canal", postcode="1080"))
    before = card(client)
    assert "Rue de Test 1" in before and "Aide alimentaire" in before

    organisation = service.organisation
    organisation.name = "Asbl Les Colis Réunis"
    committed(organisation.save)
    category = Category.objects.get(slug="alimentation")
    category.name_fr = "Colis et repas"
    committed(category.save)
    location = service.locations.get()
    location.address_hidden = True
    committed(location.save)
    after = card(client)

    assert "Asbl Les Colis Réunis" in after and "Colis et repas" in after
    assert "Rue de Test 1" not in after and "Aide alimentaire" not in after


def test_a_block_made_from_a_row_that_is_not_kept_is_rendered_each_time():
    page = Template(
        '{% load remembered %}{% remembered "r" from row %}<{{ row.name }}>{% endremembered %}'
    )

    class Row:
        def __init__(self, name):
            self.name = name

    assert page.render(Context({"row": Row("a")})) == "<a>"
    assert page.render(Context({"row": Row("b")})) == "<b>"  # no digest: nothing kept


@pytest.fixture
def fragment_reads(settings, monkeypatch):
    """The node's processes share a cache (MEMO_SHARED); the lists of card names read
    from it (each one round trip) are gathered here."""
    from directory.templatetags import remembered

    settings.MEMO_SHARED = True
    reads, shared = [], remembered.cache

    class Counting:
        def __getattr__(self, name):
            return getattr(shared, name)

        def get_many(self, names):
            reads.append(names)
            return shared.get_many(names)

    monkeypatch.setattr(remembered, "cache", Counting())
    return reads


def test_cards_another_process_rendered_are_read_in_one_go(
    client, reference, committed, monkeypatch, fragment_reads
):
    committed(lambda: make_service("Colis du Canal", phones=["02 512 34 56"], walk_in=True))
    committed(lambda: make_service("Colis de la Senne", lat=None, postcode="1080"))
    first = client.get(SEARCH, {"q": "colis", "near": "1080"}).content.decode()
    memo.forget(lasting=True)  # as in another process of the node: its memory empty
    rendered = cards_rendered(monkeypatch)
    fragment_reads.clear()

    again = client.get(SEARCH, {"q": "colis", "near": "1080"}).content.decode()

    assert rendered == []
    assert [len(names) for names in fragment_reads] == [2]  # one read for both cards
    nonce = re.compile(r'nonce="[^"]+"')
    assert nonce.sub("", again) == nonce.sub("", first)
    assert "Colis du Canal" in again and "Colis de la Senne" in again
    assert re.search(r'badge-distance">[\d,]+ k?m<', again)  # the live parts, live


def test_a_process_never_takes_another_languages_card(client, reference, committed, fragment_reads):
    committed(lambda: make_service("Colis du Canal", name_nl="Voedselpakket Kanaal"))
    french = card(client)
    memo.forget(lasting=True)

    dutch = card(client, "/nl/services/")

    assert "Colis du Canal" in french and "Aide alimentaire" in french
    assert "Voedselpakket Kanaal" in dutch and "Voedselhulp" in dutch
    assert "Colis du Canal" not in dutch and "Aide alimentaire" not in dutch


def test_a_card_another_process_rendered_before_its_place_was_hidden_is_not_shown(
    client, reference, committed, fragment_reads
):
    """Two processes: the first rendered the card with its street; the address is then
    hidden; the second, which never saw the card, must not take the first one's."""
    service = committed(lambda: make_service("Colis du Canal", postcode="1080"))
    assert "Rue de Test 1" in card(client)
    location = service.locations.get()
    location.address_hidden = True
    committed(location.save)
    memo.forget(lasting=True)

    hidden = card(client)

    assert "Rue de Test 1" not in hidden and "Colis du Canal" in hidden


def test_cards_are_rendered_when_the_shared_cache_is_down(
    client, reference, committed, monkeypatch, fragment_reads
):
    from directory.templatetags import remembered

    committed(lambda: make_service("Colis du Canal"))
    client.get(SEARCH)
    memo.forget(lasting=True)

    def down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(remembered.cache, "get_many", down)
    monkeypatch.setattr(remembered.cache, "set_many", down)
    rendered = cards_rendered(monkeypatch)

    assert "Colis du Canal" in card(client)
    assert rendered == ["Colis du Canal"]


def test_two_templates_made_from_strings_keep_their_own_blocks():
    first = Template('{% load remembered %}{% remembered "s" %}<first>{% endremembered %}')
    second = Template('{% load remembered %}{% remembered "s" %}<second>{% endremembered %}')

    assert first.render(Context()) == "<first>"
    assert second.render(Context()) == "<second>"
