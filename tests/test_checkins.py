"""Crisis check-in: a coordinator asks the services of their communes how they are today;
each answers by a one-tap link without a login, and residents see it at once; a service
full today sends residents to the nearest one of the same kind that has room."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory import checkins
from directory.models import CheckIn, CheckInRequest, Commune, Service, TemporaryStatus
from directory.page_cache import VERSION_KEY
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_coordinator

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
THURSDAY_9_40 = datetime(2026, 11, 26, 9, 40, tzinfo=BRUSSELS)
LINK = re.compile(r"https?://\S+/(fr|nl)/verification/([\w-]+)/")


@pytest.fixture
def thursday(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: THURSDAY_9_40)


@pytest.fixture
def molenbeek_services(reference):
    """Three services in Molenbeek (one reachable only by phone) and one in Uccle."""
    return {
        "colis": make_service("Colis du Canal", email="colis@example.org"),
        "resto": make_service(
            "Resto du Canal",
            lat=50.8560,
            organisation=make_organisation("Asbl Resto", email="asbl@example.org"),
        ),
        "phone": make_service("Épicerie sans e-mail", lat=50.8540),
        "uccle": make_service(
            "Colis d'Uccle", lat=50.7990, lon=4.3370, postcode="1180", email="uccle@example.org"
        ),
    }


@pytest.fixture
def coordinator(client, reference):
    user = make_coordinator(communes=["molenbeek-saint-jean"])
    client.force_login(user)
    return user


def start_for(client, *communes):
    return client.post(
        "/admin/directory/checkin/add/",
        {
            "title_fr": "Vague de froid",
            "title_nl": "Koudegolf",
            "communes": [commune.pk for commune in communes],
            "ends_on": "2026-11-28",
        },
        follow=True,
    )


def links(message):
    """{language: token} of the links in an e-mail."""
    return {language: token for language, token in LINK.findall(message.body)}


def token_for(service):
    message = next(m for m in mail.outbox if service.email in m.to)
    return links(message)["fr"]


def asked(service, check_in=None):
    """A check-in for the service's commune, and the token of its link."""
    check_in = check_in or CheckIn.objects.create(title_fr="Vague de froid", title_nl="Koudegolf")
    request = CheckInRequest(check_in=check_in, service=service, email="x@example.org")
    token = request.new_token()
    request.save()
    return request, token


def answer(client, token, answer, **fields):
    return client.post(f"/fr/verification/{token}/", {"answer": answer, **fields})


def test_a_coordinator_asks_the_services_of_their_commune_and_only_those(
    client, coordinator, molenbeek_services, thursday
):
    molenbeek = Commune.objects.get(slug="molenbeek-saint-jean")

    page = start_for(client, molenbeek).content.decode()

    assert sorted(address for m in mail.outbox for address in m.to) == [
        "asbl@example.org",  # the organisation's address when the service has none
        "colis@example.org",
    ]
    assert "Sans adresse e-mail, à téléphoner : Épicerie sans e-mail." in page
    message = next(m for m in mail.outbox if "colis@example.org" in m.to)
    assert "Vague de froid" in message.subject and "Koudegolf" in message.subject
    assert "Ouvert comme d'habitude" not in message.body  # the buttons are on the page
    assert "Bonjour," in message.body and "Goedendag," in message.body
    assert set(links(message)) == {"fr", "nl"}
    assert not CheckInRequest.objects.filter(service=molenbeek_services["uccle"]).exists()

    follow_up = client.get(f"/admin/directory/checkin/{CheckIn.objects.get().pk}/change/")
    html = follow_up.content.decode()
    assert "aucune adresse : à téléphoner" in html and "Colis d&#x27;Uccle" not in html


def test_a_coordinator_cannot_start_a_check_in_outside_their_scope(
    client, coordinator, molenbeek_services, thursday
):
    uccle = Commune.objects.get(slug="uccle")

    response = start_for(client, uccle)

    assert response.status_code == 200
    assert "communes" in response.context["adminform"].form.errors
    assert not CheckIn.objects.exists() and not mail.outbox


def test_a_service_answers_through_its_link_and_residents_see_it_at_once(
    client, coordinator, molenbeek_services, thursday
):
    start_for(client, Commune.objects.get(slug="molenbeek-saint-jean"))
    colis = molenbeek_services["colis"]
    visitor = Client()
    token = token_for(colis)

    form = visitor.get(f"/fr/verification/{token}/").content.decode()
    assert "« Colis du Canal » aujourd'hui" in form
    assert form.count('name="answer"') == 4
    assert "Koudegolf" in visitor.get(f"/nl/verification/{token}/").content.decode()

    response = answer(visitor, token, "closed")
    assert response.status_code == 302
    status = colis.temporary_statuses.get()
    thursday = date(2026, 11, 26)
    assert (status.kind, status.starts_on, status.ends_on) == ("closed", thursday, thursday)
    assert not Service.objects.open_now().filter(pk=colis.pk).exists()
    page = visitor.get(colis.get_absolute_url()).content.decode()
    assert "Temporairement fermé" in page
    assert "Confirmé par le service jeudi 26 novembre à 09:40" in page
    dutch = visitor.get(f"/nl/services/{colis.slug}/").content.decode()
    assert "donderdag 26 november" in dutch

    # The same link, the same day: the answer changes, and the closure goes.
    answer(visitor, token, "changed_hours", note="De 12 h à 14 h seulement")
    status = colis.temporary_statuses.get()
    assert (status.kind, status.note_fr) == ("changed_hours", "De 12 h à 14 h seulement")
    answer(visitor, token, "open")
    assert not colis.temporary_statuses.exists()
    assert Service.objects.open_now().filter(pk=colis.pk).exists()
    card = client.get("/fr/services/", {"q": "colis"}).content.decode()
    assert "Confirmé par le service jeudi 26 novembre à 09:40" in card


def test_a_forged_or_replaced_link_says_so_and_changes_nothing(
    client, coordinator, molenbeek_services, thursday
):
    start_for(client, Commune.objects.get(slug="molenbeek-saint-jean"))
    token = token_for(molenbeek_services["colis"])
    visitor = Client()

    for forged in [token[:-1] + ("A" if token[-1] != "A" else "B"), "x" * 500, "%00"]:
        response = answer(visitor, forged, "closed")
        assert response.status_code == 404
        assert "Ce lien ne fonctionne pas" in response.content.decode()
    assert not TemporaryStatus.objects.exists()

    # A reminder sends a new link: the first one no longer answers.
    client.post(
        "/admin/directory/checkin/",
        {"action": "remind", "_selected_action": [CheckIn.objects.get().pk]},
    )
    assert answer(visitor, token, "closed").status_code == 404


def test_a_link_no_longer_answers_once_its_check_in_is_over(reference, monkeypatch):
    service = make_service()
    request, token = asked(service)
    request.check_in.ends_on = timezone.localdate()  # the check-in's last day, today
    request.check_in.save()
    later = timezone.now() + timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)

    response = answer(Client(), token, "full")

    assert response.status_code == 410
    assert "Cette vérification est terminée" in response.content.decode()
    assert not TemporaryStatus.objects.exists()


def test_the_reminder_goes_only_to_those_who_did_not_answer(
    client, coordinator, molenbeek_services, thursday
):
    start_for(client, Commune.objects.get(slug="molenbeek-saint-jean"))
    answer(Client(), token_for(molenbeek_services["colis"]), "open")
    mail.outbox.clear()

    client.post(
        "/admin/directory/checkin/",
        {"action": "remind", "_selected_action": [CheckIn.objects.get().pk]},
    )

    assert [m.to for m in mail.outbox] == [["asbl@example.org"]]
    assert mail.outbox[0].subject.startswith("Rappel")
    resto = CheckInRequest.objects.get(service=molenbeek_services["resto"])
    assert resto.reminded_at == THURSDAY_9_40


def test_a_link_for_one_service_cannot_answer_for_another(reference, thursday):
    mine = make_service("Colis du Canal")
    theirs = make_service("Resto du Canal")
    _request, token = asked(mine)

    answer(Client(), token, "closed", service=theirs.pk, service_id=theirs.pk)

    assert mine.temporary_statuses.get().kind == "closed"
    assert not theirs.temporary_statuses.exists()


def test_the_answer_form_is_protected_against_cross_site_posts(reference, thursday):
    service = make_service()
    _request, token = asked(service)

    response = answer(Client(enforce_csrf_checks=True), token, "closed")

    assert response.status_code == 403
    assert not TemporaryStatus.objects.exists()


def test_full_today_through_the_link_points_search_to_the_next_service_with_room(
    client, reference, thursday
):
    """The issue's test: a service answers "full today" through its link and search
    points to the next one, in another commune, then in its own."""
    full = make_service("Colis du Canal", email="colis@example.org")
    make_service("Dîner solidaire", categories=("aide-sociale",), lat=50.8550)  # another kind
    shut = make_service("Colis fermé", lat=50.8551)
    TemporaryStatus.objects.create(
        service=shut, kind="closed", starts_on=date(2026, 11, 26), ends_on=date(2026, 11, 26)
    )
    make_service("Colis d'Uccle", lat=50.7990, lon=4.3370, postcode="1180")
    _request, token = asked(full)

    answer(Client(), token, "full")

    results = client.get("/fr/services/", {"q": "colis"}).content.decode()
    card = results.split("Colis du Canal</a></h3>")[1].split("</li>")[0]
    assert "Complet aujourd'hui</strong>, jeudi 26 novembre." in card
    assert "Le plus proche avec de la place :" in card
    assert "Colis d&#x27;Uccle</a> — dans une autre commune : Uccle" in card
    assert Service.objects.open_now().filter(pk=full.pk).exists()  # its doors are open
    page = client.get(full.get_absolute_url()).content.decode()
    assert "dans une autre commune : Uccle" in page

    make_service("Colis de la Gare", lat=50.8600)
    results = client.get("/fr/services/", {"q": "colis"}).content.decode()
    card = results.split("Colis du Canal</a></h3>")[1].split("</li>")[0]
    assert "Colis de la Gare</a> (Rue de Test 1)" in card
    assert "autre commune" not in card


def test_full_services_cost_the_same_queries_however_many(client, reference, thursday):
    services = [make_service(f"Colis {i:02}", lat=50.85 + i / 1000) for i in range(6)]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/fr/services/", {"q": "colis"})
        return len(captured)

    checkins.mark_full(services[0])
    one = queries()
    for service in services[1:5]:
        checkins.mark_full(service)
    assert queries() == one
    pointed = client.get("/fr/services/", {"q": "colis"}).context["cards"]
    assert {card.alternative.service.name_fr for card in pointed if card.full} == {"Colis 05"}


def test_a_worker_marks_their_service_full_today_and_takes_it_back(client, reference, thursday):
    from tests.staff_factories import make_worker

    organisation = make_organisation("Asbl Abri")
    shelter = make_service("Abri de nuit", categories=("sans-abri",), organisation=organisation)
    other = make_service("Abri voisin", categories=("sans-abri",))
    worker = make_worker(organisations=[organisation])
    client.force_login(worker.user)

    assert "Abri de nuit" in client.get("/fr/staff/nos-services/").content.decode()
    client.post(f"/fr/staff/nos-services/{shelter.pk}/complet/", {"full": "1"})
    client.post(f"/fr/staff/nos-services/{shelter.pk}/complet/", {"full": "1"})
    assert shelter.temporary_statuses.get().kind == "full"
    assert "Complet aujourd" in Client().get(shelter.get_absolute_url()).content.decode()

    response = client.post(f"/fr/staff/nos-services/{other.pk}/complet/", {"full": "1"})
    assert response.status_code == 403 and not other.temporary_statuses.exists()

    client.post(f"/fr/staff/nos-services/{shelter.pk}/complet/", {"full": "0"})
    assert not shelter.temporary_statuses.exists()


# Committed for real: the cached pages' version is bumped when the answer commits.
@pytest.mark.django_db(transaction=True)
def test_an_answer_renews_the_cached_pages(settings, reference, thursday):
    settings.PAGE_CACHE_SECONDS = 30
    cache.clear()
    service = make_service()
    _request, token = asked(service)
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)

    answer(Client(), token, "open")  # no status changes: the "confirmé" line does

    assert cache.get(VERSION_KEY) > version
    cache.clear()


def test_where_a_refuge_really_is_changes_nothing_in_the_pointer_to_it(client, reference):
    """Twin worlds differing only in a refuge's real address: the full service's card and
    page point to the same service, with the same words, in both."""
    full = make_service("Colis du Canal", lat=50.8549, lon=4.3200, postcode="1080")
    refuge = make_service("Colis du refuge", lat=50.8921, lon=4.4180, postcode="1130")
    refuge.locations.update(address_hidden=True)
    location = refuge.locations.get()
    location.save()  # derived data: the public point is now the commune's centre
    make_service("Colis de Saint-Gilles", lat=50.8270, lon=4.3450, postcode="1060")
    checkins.mark_full(full)

    def pages():
        search = client.get("/fr/services/", {"q": "colis"})
        card = search.content.decode().split("Colis du Canal</a></h3>")[1].split("</li>")[0]
        detail = client.get(full.get_absolute_url()).content.decode()
        pointer = re.search(r'<p class="full-alternative">.*?</p>', detail, re.S)[0]
        return card, pointer

    world_a = pages()
    # World B: the refuge at the other end of the same commune, moved by the save path.
    location.latitude, location.longitude, location.postcode = 50.8372, 4.3480, "1000"
    location.street_fr = "Rue Haute 200"
    location.save()

    assert pages() == world_a
    # Its public point, the City's centre (near Laeken), is further than Saint-Gilles; a
    # pointer that read real points would name the refuge in world B (the Marolles, 2.8 km
    # from the canal against 3.6 for Saint-Gilles) and Saint-Gilles in world A.
    assert "Colis de Saint-Gilles</a> — dans une autre commune : Saint-Gilles" in world_a[0]


def test_a_link_used_too_often_stops_answering(reference, thursday):
    service = make_service()
    request, token = asked(service)
    CheckInRequest.objects.filter(pk=request.pk).update(answers=checkins.MAX_ANSWERS)

    response = answer(Client(), token, "closed")

    assert response.status_code == 429
    assert "Trop de réponses avec ce lien" in response.content.decode()
    assert not TemporaryStatus.objects.exists()
