"""Crisis mode: a coordinator publishes an alert or marks a service temporarily closed,
and residents see it on the pages they open, and "open now" respects it."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from directory.models import Commune, Quartier, ScheduleException, Service
from directory.models.crisis import Alert, TemporaryStatus
from tests.factories import make_service

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")
WEDNESDAY_10AM = datetime(2026, 11, 25, 10, tzinfo=BRUSSELS)


@pytest.fixture
def wednesday(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: WEDNESDAY_10AM)


def heat_wave(**fields):
    return Alert.objects.create(
        title_fr="Canicule: fontaines et salles fraîches ouvertes",
        title_nl="Hittegolf: drinkfonteinen en koele zalen open",
        message_fr="Buvez de l'eau, passez voir vos voisins âgés.",
        level=Alert.Level.WARNING,
        starts_on=fields.pop("starts_on", date(2026, 11, 20)),
        ends_on=fields.pop("ends_on", date(2026, 11, 30)),
        **fields,
    )


def text(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_region_wide_alert_is_on_every_page_while_in_force(client, reference, wednesday):
    service = make_service()
    heat_wave()

    for url in ["/fr/", "/fr/services/", service.get_absolute_url(), "/fr/staff/login/"]:
        html = text(client, url)
        assert "Canicule: fontaines et salles fraîches ouvertes" in html, url
        assert "Jusqu'au 30 novembre 2026." in html, url
    assert "Hittegolf" in text(client, "/nl/")


@pytest.mark.parametrize(
    "starts_on, ends_on", [(date(2026, 11, 26), None), (date(2026, 11, 1), date(2026, 11, 24))]
)
def test_an_alert_is_not_shown_before_it_starts_or_after_it_ends(
    client, reference, wednesday, starts_on, ends_on
):
    heat_wave(starts_on=starts_on, ends_on=ends_on)

    assert "Canicule" not in text(client, "/fr/")


def test_a_commune_alert_shows_on_that_communes_pages_and_services_only(
    client, reference, wednesday
):
    molenbeek = Commune.objects.get(nis_code="21012")
    Alert.objects.create(
        title_fr="Distribution de colis déplacée au stade",
        title_nl="Pakketbedeling verplaatst naar het stadion",
        commune=molenbeek,
        starts_on=date(2026, 11, 25),
    )
    here = make_service("Colis de Molenbeek", lat=50.8549, lon=4.3260, postcode="1080")
    elsewhere = make_service("Colis d'Uccle", lat=50.7990, lon=4.3370, postcode="1180")
    quartier = here.locations.get().quartier

    for url in [molenbeek.get_absolute_url(), quartier.get_absolute_url(), here.get_absolute_url()]:
        html = text(client, url)
        assert "Distribution de colis déplacée au stade" in html, url
        assert "Jusqu'à nouvel ordre." in html, url
    for url in ["/fr/", elsewhere.get_absolute_url(), "/fr/communes/uccle/"]:
        assert "Distribution de colis déplacée" not in text(client, url), url


def test_alerts_cost_one_query_however_many_there_are(client, reference, wednesday):
    service = make_service()

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    pages = [
        "/fr/",
        "/fr/services/",
        service.get_absolute_url(),
        "/fr/communes/molenbeek-saint-jean/",
    ]
    before = [queries(url) for url in pages]
    heat_wave()
    for commune in Commune.objects.all()[:4]:
        heat_wave(commune=commune)
    heat_wave(commune=Commune.objects.get(nis_code="21012"))

    assert [queries(url) for url in pages] == before
    assert "Canicule" in text(client, "/fr/communes/molenbeek-saint-jean/")


def close(service, kind=TemporaryStatus.Kind.CLOSED, **fields):
    return TemporaryStatus.objects.create(
        service=service,
        kind=kind,
        starts_on=fields.pop("starts_on", date(2026, 11, 23)),
        ends_on=fields.pop("ends_on", date(2026, 11, 27)),
        **fields,
    )


def test_a_temporarily_closed_service_says_so_and_is_not_open_now(client, reference, wednesday):
    service = make_service("Resto du coeur")
    make_service("Resto ouvert")
    close(service, note_fr="Rénovation de la cuisine", note_nl="Renovatie van de keuken")

    results = client.get("/fr/services/", {"q": "resto"})
    card = results.content.decode().split("Resto du coeur</a></h3>")[1].split("</li>")[0]
    assert "Temporairement fermé" in card and "jusqu'au 27 novembre" in card
    assert "Rénovation de la cuisine" in card

    open_now = client.get("/fr/services/", {"q": "resto", "open_now": "on"})
    assert [c.service.name_fr for c in open_now.context["cards"]] == ["Resto ouvert"]

    page = text(client, service.get_absolute_url())
    assert ">Ouvert maintenant<" not in page  # the words the device may use offline aside
    assert 'class="badge badge-closed">Temporairement fermé' in page
    assert "Rénovation de la cuisine" in page
    assert "Renovatie van de keuken" in text(client, f"/nl/services/{service.slug}/")


@pytest.mark.parametrize(
    "kind, open_now",
    [
        (TemporaryStatus.Kind.CLOSED, False),
        (TemporaryStatus.Kind.REMOTE, False),
        (TemporaryStatus.Kind.CHANGED_HOURS, True),
    ],
)
def test_open_now_leaves_out_closed_and_remote_only_services(reference, wednesday, kind, open_now):
    service = make_service()
    close(service, kind=kind)

    assert Service.objects.open_at(WEDNESDAY_10AM).filter(pk=service.pk).exists() is open_now
    listed = Service.objects.for_cards().get(pk=service.pk)
    assert listed.is_open_at(WEDNESDAY_10AM) is open_now


def test_a_status_matters_only_on_the_days_it_covers(reference):
    service = make_service()
    close(service, starts_on=date(2026, 11, 26), ends_on=None)

    assert Service.objects.open_at(WEDNESDAY_10AM).filter(pk=service.pk).exists()
    listed = Service.objects.for_cards().get(pk=service.pk)
    assert listed.is_open_at(WEDNESDAY_10AM)
    thursday = datetime(2026, 11, 26, 10, tzinfo=BRUSSELS)
    assert not listed.is_open_at(thursday)
    assert not Service.objects.open_at(thursday).filter(pk=service.pk).exists()


def test_the_service_page_announces_a_coming_remote_only_period(client, reference, wednesday):
    service = make_service()
    close(
        service,
        kind=TemporaryStatus.Kind.REMOTE,
        starts_on=date(2026, 12, 1),
        ends_on=date(2026, 12, 15),
        note_fr="Permanence par téléphone uniquement",
    )

    page = text(client, service.get_absolute_url())

    assert "À distance uniquement" in page and "du 1 décembre au 15 décembre" in page
    assert "Ouvert maintenant" in page
    assert "Temporairement fermé" not in text(client, "/fr/services/")


def test_a_temporary_status_adds_no_query_per_result(client, reference, wednesday):
    services = [make_service(f"Service {i:02}") for i in range(6)]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            client.get("/fr/services/", {"q": "service"})
        return len(captured)

    before = queries()
    for service in services:
        close(service)
    assert queries() == before


def posted_back(response, **changes):
    """What an admin change page posts when saved as it is, with `changes`."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for name in form.fields:
            value = form[name].value()
            if isinstance(value, bool):
                value = "on" if value else None
            if value not in (None, ""):
                data[form.add_prefix(name)] = value
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_a_coordinator_marks_a_service_closed_from_its_admin_page(admin_client, reference):
    service = make_service()
    url = f"/admin/directory/service/{service.pk}/change/"

    page = admin_client.get(url)
    response = admin_client.post(
        url,
        posted_back(
            page,
            **{
                "temporary_statuses-TOTAL_FORMS": "1",
                "temporary_statuses-0-kind": "remote",
                "temporary_statuses-0-starts_on": "2026-11-23",
                "temporary_statuses-0-note_fr": "Par téléphone",
            },
        ),
    )

    assert response.status_code == 302, response.content.decode()[-3000:]
    status = service.temporary_statuses.get()
    assert (status.kind, status.ends_on, status.note_fr) == ("remote", None, "Par téléphone")


def test_a_coordinator_publishes_a_commune_alert(admin_client, reference, wednesday):
    molenbeek = Commune.objects.get(nis_code="21012")

    response = admin_client.post(
        "/admin/directory/alert/add/",
        {
            "title_fr": "Confinement",
            "title_nl": "Lockdown",
            "message_fr": "Les services reçoivent sur rendez-vous.",
            "level": "urgent",
            "commune": molenbeek.pk,
            "starts_on": "2026-11-24",
            "ends_on": "2026-11-23",
        },
    )
    assert "La fin doit suivre le début." in response.content.decode()

    response = admin_client.post(
        "/admin/directory/alert/add/",
        {
            "title_fr": "Confinement",
            "title_nl": "Lockdown",
            "level": "urgent",
            "commune": molenbeek.pk,
            "starts_on": "2026-11-24",
        },
    )
    assert response.status_code == 302
    quartier = Quartier.objects.filter(commune=molenbeek).first()
    assert "Confinement" in text(admin_client, quartier.get_absolute_url())
    assert "Confinement" not in text(admin_client, "/fr/communes/uccle/")
    assert "Molenbeek-Saint-Jean" in text(admin_client, "/admin/directory/alert/")


@pytest.mark.parametrize(
    "make_row",
    [
        lambda service: heat_wave(starts_on=date(2026, 11, 24), ends_on=date(2026, 11, 23)),
        lambda service: TemporaryStatus.objects.create(
            service=service, kind="closed", starts_on=date(2026, 11, 24), ends_on=date(2026, 11, 23)
        ),
        lambda service: ScheduleException.objects.create(
            location=service.locations.get(),
            start_date=date(2026, 11, 24),
            end_date=date(2026, 11, 23),
        ),
        lambda service: ScheduleException.objects.create(
            location=service.locations.get(),
            start_date=date(2026, 11, 24),
            end_date=date(2026, 11, 24),
            closed=False,
        ),
    ],
    ids=["alert", "status", "closure", "open-without-hours"],
)
def test_the_database_refuses_a_range_that_ends_before_it_starts(reference, make_row):
    """Imports, scripts and bulk paths skip the forms; the database still says no."""
    service = make_service()

    with pytest.raises(IntegrityError), transaction.atomic():
        make_row(service)
