"""The quartier page says who is present where this week, day by day."""

from datetime import date, datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from directory.models import Quartier
from directory.staff import network
from tests.factories import make_organisation
from tests.presence_factories import cpas_and_maison, make_slot, place_of, service_at
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db

# Wednesday 4 March 2026: the week runs from Monday 2 to Sunday 8 March.
NOW = datetime(2026, 3, 4, 10, 30, tzinfo=ZoneInfo("Europe/Brussels"))
MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY = range(7)
PAGE = "/fr/staff/quartiers/marolles/"


@pytest.fixture
def marolles(reference):
    return Quartier.objects.select_related("commune").get(slug="marolles")


@pytest.fixture
def frozen(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)


@pytest.fixture
def world(marolles, frozen):
    cpas, social, maison = cpas_and_maison(marolles)
    return {"cpas": cpas, "social": social, "maison": place_of(maison)}


@pytest.fixture
def viewer(client, reference):
    worker = make_worker("Lectrice", username="lectrice")
    client.force_login(worker.user)
    return worker


def week_section(client, url=PAGE):
    html = unescape(client.get(url).content.decode())
    start = html.index('<section aria-labelledby="presence-title"')
    return html[start : html.index("</section>", start)]


def days(section):
    """{heading: text of the day's list} in the page's order."""
    parts = section.split("<h3")[1:]
    return {part.split(">", 1)[1].split("</h3>")[0].split(" <")[0]: part for part in parts}


def test_the_week_shows_who_is_present_where_by_day_and_time(client, viewer, world):
    cpas, maison = world["cpas"], world["maison"]
    awa = make_worker("Awa Diallo", "assistante sociale", [cpas], username="awa")
    shy = make_worker("Nom Discret", "médiatrice de dettes", [cpas], consent=False)
    make_slot(maison, cpas, TUESDAY, (14, 16), worker=awa, note="Sans rendez-vous")
    make_slot(maison, cpas, TUESDAY, (9, 11), role="médiatrice de dettes", worker=shy)
    make_slot(maison, cpas, THURSDAY, (10, 12), role="permanence logement")

    section = week_section(client)

    by_day = days(section)
    assert list(by_day) == [
        "Lundi 2 mars",
        "Mardi 3 mars",
        "Mercredi 4 mars",
        "Jeudi 5 mars",
        "Vendredi 6 mars",
    ]
    tuesday = by_day["Mardi 3 mars"]
    assert tuesday.index("09:00–11:00") < tuesday.index("14:00–16:00")
    assert f'<a href="/fr/staff/collegues/{awa.pk}/">Awa Diallo</a>, assistante sociale' in tuesday
    assert "médiatrice de dettes · CPAS de Bruxelles" in tuesday
    assert "Nom Discret" not in section
    assert "Maison de quartier des Marolles, Rue de Test 1, 1000" in tuesday
    assert "Sans rendez-vous" in tuesday
    assert "permanence logement · CPAS de Bruxelles" in by_day["Jeudi 5 mars"]
    assert "Aucune permanence enregistrée ce jour-là." in by_day["Lundi 2 mars"]
    assert 'aria-current="date"' in section.split("Mercredi 4 mars")[0].rsplit("<h3", 1)[1]


def test_a_name_is_shown_only_while_the_worker_lets_colleagues_see_it(client, viewer, world):
    cpas, maison = world["cpas"], world["maison"]
    hidden = make_worker("Profil Masqué", organisations=[cpas], hidden=True, username="m")
    leaving = make_worker("Sur Le Départ", organisations=[cpas], username="d")
    leaving.request_deletion()
    make_slot(maison, cpas, MONDAY, worker=hidden)
    make_slot(maison, cpas, FRIDAY, worker=leaving)

    section = week_section(client)

    assert "Profil Masqué" not in section and "Sur Le Départ" not in section
    assert section.count("assistante sociale · CPAS de Bruxelles") == 2


def test_valid_from_and_until_limit_the_days_of_the_week(client, viewer, world):
    cpas, maison = world["cpas"], world["maison"]
    slots = {
        "starts after this tuesday": (TUESDAY, {"valid_from": date(2026, 3, 4)}),
        "starts this wednesday": (WEDNESDAY, {"valid_from": date(2026, 3, 4)}),
        "ends this monday": (MONDAY, {"valid_until": date(2026, 3, 2)}),
        "ended before friday": (FRIDAY, {"valid_until": date(2026, 3, 5)}),
        "only this thursday": (
            THURSDAY,
            {"valid_from": date(2026, 3, 5), "valid_until": date(2026, 3, 5)},
        ),
        "last week only": (THURSDAY, {"valid_until": date(2026, 2, 28)}),
        "next saturday": (SATURDAY, {"valid_from": date(2026, 3, 9)}),
        "this sunday": (SUNDAY, {"valid_until": date(2026, 3, 8)}),
    }
    for role, (weekday, dates) in slots.items():
        make_slot(maison, cpas, weekday, role=role, **dates)

    by_day = days(week_section(client))

    shown = {day: [r for r in slots if f"{r} ·" in text] for day, text in by_day.items()}
    assert shown == {
        "Lundi 2 mars": ["ends this monday"],
        "Mardi 3 mars": [],
        "Mercredi 4 mars": ["starts this wednesday"],
        "Jeudi 5 mars": ["only this thursday"],
        "Vendredi 6 mars": [],
        "Dimanche 8 mars": ["this sunday"],
    }


def test_only_places_the_public_knows_in_the_quartier_count(client, viewer, world, marolles):
    cpas = world["cpas"]
    far = place_of(service_at(marolles, "Antenne du Nord", north_km=3))
    closed = place_of(service_at(marolles, "Maison fermée", is_active=False))
    refuge = place_of(service_at(marolles, "Refuge", categories=["violences"]))
    refuge.address_hidden = True
    refuge.save()
    make_slot(far, cpas, MONDAY, role="loin")
    make_slot(closed, cpas, MONDAY, role="fermé")
    make_slot(refuge, cpas, MONDAY, role="refuge")

    section = week_section(client)

    assert "Aucune permanence enregistrée dans ce quartier cette semaine." in section
    for role in ("loin", "fermé", "refuge"):
        assert f"{role} ·" not in section


def test_the_week_in_dutch_names_the_days_in_dutch(client, viewer, world):
    make_slot(world["maison"], world["cpas"], TUESDAY)

    section = week_section(client, "/nl/staff/quartiers/marolles/")

    assert "Dinsdag 3 maart" in section and "14:00–16:00" in section


def test_the_week_is_read_in_one_query_whatever_the_number_of_slots(
    world, marolles, django_assert_num_queries
):
    for n in range(12):
        organisation = make_organisation(f"Organisation {n}")
        worker = make_worker(f"Personne {n}", organisations=[organisation], username=f"p{n}")
        make_slot(world["maison"], organisation, n % 7, worker=worker)

    with django_assert_num_queries(1):
        week = network.presence_week(marolles)
        names = [slot.shown_name for day in week for slot in day.slots]
        places = [(slot.place.name, slot.host.name) for day in week for slot in day.slots]

    assert len(names) == len(places) == 12 and all(names)
