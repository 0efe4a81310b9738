"""A worker makes a fiche de liaison: the receiving service's address, hours, phone and
access, in the resident's language, printable, with a one-time code; nothing about the
resident is stored."""

import re
from datetime import time
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from directory.models import Category, HandOver, Phone
from directory.staff import liaison
from directory.staff.liaison import Arrival
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db

CODE = re.compile(r'<p class="slip-code-value" dir="ltr">([A-Z0-9]{4}-[A-Z0-9]{4})</p>')


@pytest.fixture
def cpas(reference):
    return make_organisation("CPAS de Molenbeek")


@pytest.fixture
def awa(client, cpas):
    worker = make_worker("Awa Diallo", organisations=[cpas], username="awa")
    client.force_login(worker.user)
    return worker


@pytest.fixture
def grocery(reference):
    service = make_service(
        "Épicerie sociale de l'Ouest",
        name_nl="Sociale kruidenier West",
        categories=["alimentation", "administratif"],
        organisation=make_organisation("Asbl Épicerie"),
        hours=[(time(9), time(12, 30)), (time(13, 30), time(17))],
        how_to_access_fr="Sonnez à la porte verte. Apportez votre carte d'identité.",
        how_to_access_nl="Bel aan de groene deur. Breng uw identiteitskaart mee.",
        fees_nl="1 euro per bezoek",
        free=False,
        walk_in=True,
    )
    Phone.objects.create(service=service, number="02 512 34 56")
    return service


def make_slip(client, service, organisation, language="nl", **extra):
    data = {
        "from_organisation": organisation.pk,
        "category": service.categories.order_by("position").first().pk,
        "language": language,
    } | extra
    return client.post(f"/fr/staff/liaison/nouvelle/?service={service.slug}", data)


def test_a_worker_makes_a_slip_in_dutch_with_everything_the_resident_needs(
    client, awa, cpas, grocery
):
    form = client.get(f"/fr/staff/liaison/nouvelle/?service={grocery.slug}").content.decode()
    assert "Épicerie sociale de l&#x27;Ouest" in form
    assert '<option value="nl">Nederlands</option>' in form

    response = make_slip(client, grocery, cpas)

    handover = HandOver.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/fr/staff/liaison/{handover.pk}/?langue=nl"
    html = client.get(response["Location"]).content.decode()
    slip = html[html.index('<article class="slip') :]
    assert slip.startswith('<article class="slip slip-a5" lang="nl" dir="ltr">')
    for text in (
        "Verwijsbrief",
        "Sociale kruidenier West",
        "Teststraat 1, 1080",
        "Maandag",
        "09:00–12:30, 13:30–17:00",
        "02 512 34 56",
        "Bel aan de groene deur. Breng uw identiteitskaart mee.",
        "1 euro per bezoek",
        "Zonder afspraak",
        "CPAS de Molenbeek",
        "Voedselhulp",
    ):
        assert text in slip, text
    assert "Sonnez" not in slip and "Lundi" not in slip
    # The receiving desk reads its part in French and in Dutch.
    assert "/fr/arrivee/" in slip and "/nl/arrivee/" in slip
    assert "<svg" in slip and f"http://testserver/nl/services/{grocery.slug}/" in slip
    code = CODE.search(slip)[1]
    assert code.replace("-", "") not in str(HandOver.objects.values().get())


def test_a_slip_stores_from_where_to_where_the_day_and_the_need_and_nothing_else():
    stored = {f.name for f in HandOver._meta.get_fields() if f.concrete}

    assert stored == {
        "id",
        "from_organisation",
        "from_service",
        "to_service",
        "category",
        "date",
        "code_hash",
        "acknowledged_at",
        "created_by",
    }


def test_what_a_worker_adds_about_the_person_goes_nowhere(client, awa, cpas, grocery):
    make_slip(client, grocery, cpas, name="Fatima Zahra", birth_date="1980-01-01", note="ZQ-77")

    row = str(HandOver.objects.values().get())
    assert "Fatima" not in row and "1980" not in row and "ZQ-77" not in row
    assert "Fatima" not in str(client.session.items())


def test_the_slip_speaks_every_interface_language_each_named_in_its_own_script(
    client, awa, cpas, grocery
):
    form = client.get(f"/fr/staff/liaison/nouvelle/?service={grocery.slug}").content.decode()
    response = make_slip(client, grocery, cpas, language="ar")

    assert '<option value="ar">العربية</option>' in form
    assert '<option value="fa">دری</option>' in form  # Dari, not Django's "Persian"
    assert '<option value="uk">Українська</option>' in form
    html = client.get(response["Location"]).content.decode()
    assert '<article class="slip slip-a5" lang="ar" dir="rtl">' in html
    assert f"http://testserver/ar/services/{grocery.slug}/" in html


def test_an_unknown_language_in_the_address_falls_back_to_the_workers(client, awa, cpas, grocery):
    make_slip(client, grocery, cpas)
    handover = HandOver.objects.get()

    html = client.get(f"/fr/staff/liaison/{handover.pk}/?langue=xx").content.decode()

    assert 'lang="fr" dir="ltr"' in html


def test_the_slip_prints_on_a5_or_a4(client, awa, cpas, grocery):
    make_slip(client, grocery, cpas)
    handover = HandOver.objects.get()

    a5 = client.get(f"/fr/staff/liaison/{handover.pk}/?langue=nl").content.decode()
    a4 = client.get(f"/fr/staff/liaison/{handover.pk}/?langue=nl&format=a4").content.decode()

    assert 'class="slip slip-a5"' in a5 and 'class="slip slip-a4"' in a4
    assert "css/slip.css" in a5
    assert "?langue=nl&amp;format=a4" in a5
    css = re.sub(r"\s+", " ", open(finders.find("css/slip.css")).read())
    print_rules = css[css.index("@media print") :]
    assert "@page { size: A5 portrait;" in print_rules
    assert "@page slip-a4 { size: A4 portrait;" in print_rules
    assert ".slip-a4 { page: slip-a4;" in print_rules
    assert ".staff-nav" in print_rules and ".slip-tools" in print_rules


def twin_refuge(location, world):
    """The secret of a refuge: street, postcode, name and point, within one commune."""
    secrets = {
        "A": ("Rue Secrète 12", "Geheimstraat 12", "1080", "Maison Iris", "50.8549", "4.3200"),
        "B": ("Rue Cachée 200", "Verborgenstraat 200", "1080", "Maison Lys", "50.8620", "4.3300"),
    }
    street_fr, street_nl, postcode, name, lat, lon = secrets[world]
    location.street_fr, location.street_nl, location.postcode, location.name = (
        street_fr,
        street_nl,
        postcode,
        name,
    )
    location.latitude, location.longitude = Decimal(lat), Decimal(lon)
    location.address_hidden = True
    location.save()


def test_a_slip_for_a_refuge_is_the_same_wherever_the_refuge_really_is(client, awa, cpas):
    refuge = make_service(
        "Refuge pour femmes",
        categories=["violences"],
        how_to_access_fr="Téléphonez d'abord: nous vous donnons rendez-vous à la gare.",
    )
    location = refuge.locations.get()
    twin_refuge(location, "A")
    make_slip(client, refuge, cpas, language="fr")
    url = f"/fr/staff/liaison/{HandOver.objects.get().pk}/?langue=fr"
    noise = re.compile(r'(nonce|value)="[^"]*"')

    in_a = noise.sub("", client.get(url).content.decode())
    twin_refuge(location, "B")
    in_b = noise.sub("", client.get(url).content.decode())

    assert in_a == in_b
    assert "Adresse communiquée par téléphone, Molenbeek-Saint-Jean" in in_a
    assert "nous vous donnons rendez-vous à la gare" in in_a
    for secret in ("Secrète", "Geheim", "Maison Iris", "50.8549", "Cachée", "Maison Lys"):
        assert secret not in in_a + in_b


def test_the_code_shows_only_in_the_session_that_made_the_slip(client, awa, cpas, grocery):
    html = client.get(make_slip(client, grocery, cpas)["Location"]).content.decode()
    first = CODE.search(html)[1]
    handover = HandOver.objects.get()
    elsewhere = Client()
    elsewhere.force_login(awa.user)

    again = elsewhere.get(f"/fr/staff/liaison/{handover.pk}/?langue=nl").content.decode()
    assert CODE.search(again) is None
    assert "Imprimer avec un nouveau code" in again
    renewed = elsewhere.post(f"/fr/staff/liaison/{handover.pk}/nouveau-code/", {"langue": "nl"})
    second = CODE.search(elsewhere.get(renewed["Location"]).content.decode())[1]

    assert second != first
    assert liaison.acknowledge_by_code(first, "desk").outcome is Arrival.UNKNOWN
    assert liaison.acknowledge_by_code(second, "desk").outcome is Arrival.RECORDED


def test_a_slip_is_seen_by_its_author_only(client, awa, cpas, grocery):
    make_slip(client, grocery, cpas)
    handover = HandOver.objects.get()
    colleague = make_worker("Collègue", organisations=[cpas], username="collegue")
    client.force_login(colleague.user)

    assert client.get(f"/fr/staff/liaison/{handover.pk}/").status_code == 404
    assert client.post(f"/fr/staff/liaison/{handover.pk}/nouveau-code/").status_code == 404
    assert client.post(f"/fr/staff/liaison/{handover.pk}/supprimer/").status_code == 404
    assert "Sociale" not in client.get("/fr/staff/liaison/").content.decode()
    assert HandOver.objects.filter(pk=handover.pk).exists()


def test_a_worker_deletes_a_slip_made_by_mistake_but_not_an_arrival(client, awa, cpas, grocery):
    make_slip(client, grocery, cpas)
    make_slip(client, grocery, cpas)
    mistake, arrived = HandOver.objects.order_by("pk")
    liaison.acknowledge(arrived)

    assert client.post(f"/fr/staff/liaison/{mistake.pk}/supprimer/").status_code == 302
    assert client.post(f"/fr/staff/liaison/{arrived.pk}/supprimer/").status_code == 403
    assert list(HandOver.objects.all()) == [arrived]


def test_a_worker_without_an_organisation_is_told_whom_to_ask(client, reference, grocery):
    client.force_login(make_worker("Sans Organisation", username="seul").user)

    html = client.get(f"/fr/staff/liaison/nouvelle/?service={grocery.slug}").content.decode()
    client.post(f"/fr/staff/liaison/nouvelle/?service={grocery.slug}", {"language": "fr"})

    assert "demandez à votre coordination" in html and 'name="from_organisation"' not in html
    assert not HandOver.objects.exists()


def test_the_sending_service_belongs_to_the_sending_organisation(client, awa, cpas, grocery):
    other = make_service("Service d'ailleurs", organisation=make_organisation("Ailleurs"))
    own = make_service("Permanence énergie", organisation=cpas)

    refused = make_slip(client, grocery, cpas, from_service=other.pk)
    make_slip(client, grocery, cpas, from_service=own.pk)

    assert refused.status_code == 200 and "field-error" in refused.content.decode()
    assert HandOver.objects.get().from_service == own


def test_the_need_is_one_of_the_receiving_services(client, awa, cpas, grocery):
    housing = Category.objects.get(slug="logement")

    response = make_slip(client, grocery, cpas, category=housing.pk)

    assert response.status_code == 200 and not HandOver.objects.exists()


def test_the_receiving_service_is_chosen_by_words_or_by_organisation(client, awa, grocery):
    make_service("Maison médicale", categories=["sante"])

    by_words = client.get("/fr/staff/liaison/", {"q": "épicerie"}).content.decode()
    by_organisation = client.get(
        "/fr/staff/liaison/", {"organisation": grocery.organisation.slug}
    ).content.decode()

    link = f"/fr/staff/liaison/nouvelle/?service={grocery.slug}"
    assert link in by_words and "Maison médicale" not in by_words
    assert link in by_organisation and "Maison médicale" not in by_organisation


def test_workers_reach_the_slip_from_a_service_a_colleague_and_the_network(
    client, awa, cpas, grocery
):
    link = f"/fr/staff/liaison/nouvelle/?service={grocery.slug}"
    colleague = make_worker("Bram", organisations=[grocery.organisation], username="bram")

    assert link in client.get(grocery.get_absolute_url()).content.decode()
    colleague_page = client.get(colleague.get_absolute_url()).content.decode()
    assert f"/fr/staff/liaison/?organisation={grocery.organisation.slug}" in colleague_page
    assert "/fr/staff/liaison/" in client.get("/fr/staff/quartiers/marolles/").content.decode()
    assert link not in Client().get(grocery.get_absolute_url()).content.decode()


def test_the_pages_cost_the_same_queries_for_1_or_10_slips(client, awa, cpas, grocery):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    make_slip(client, grocery, cpas)
    awa.organisations.add(grocery.organisation)  # she expects the arrivals she sends too
    handover = HandOver.objects.get()
    slip = f"/fr/staff/liaison/{handover.pk}/?langue=nl"
    few = count("/fr/staff/liaison/"), count(slip)
    for n in range(9):
        other = make_service(f"Service {n}", organisation=make_organisation(f"Asbl {n}"))
        make_slip(client, other, cpas)
    awa.organisations.add(*[h.to_service.organisation for h in HandOver.objects.all()])

    assert (count("/fr/staff/liaison/"), count(slip)) == few
    assert max(few) <= 15
