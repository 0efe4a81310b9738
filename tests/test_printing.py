"""Paper for the street: the quartier poster and QR codes to each service page."""

import pytest

from directory.printing import hours_summary
from tests.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def services(reference):
    food = make_service("Colis du quartier", categories=["alimentation"], phones=["02 512 34 56"])
    make_service(
        "Permanence juridique", categories=["aide-juridique"], name_nl="Juridisch spreekuur"
    )
    return food


def test_service_qr_code_is_an_svg_pointing_to_the_page(client, services):
    response = client.get(f"/fr/services/{services.slug}/qr.svg")

    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_unknown_service_has_no_qr_code(client, reference):
    assert client.get("/fr/services/nope/qr.svg").status_code == 404


def test_quartier_poster_groups_services_by_need_with_hours_phone_and_qr(client, services):
    quartier = services.locations.get().quartier

    html = client.get(f"/fr/quartiers/{quartier.slug}/print/").content.decode()

    assert "adresser ? Pour quoi ?" in html
    assert html.index("Aide alimentaire") < html.index("Aide juridique")
    assert "Colis du quartier" in html and "02 512 34 56" in html
    assert "lu–ve 09:00–17:00" in html
    assert html.count("<svg") == 2


def test_bilingual_poster_speaks_french_and_dutch(client, services):
    quartier = services.locations.get().quartier

    html = client.get(f"/fr/quartiers/{quartier.slug}/print/?bilingual=1").content.decode()

    assert "Aide alimentaire" in html and "Voedselhulp" in html
    assert "Permanence juridique" in html and "Juridisch spreekuur" in html
    assert "Waar kunt u terecht? Waarvoor?" in html


def test_hours_summary_joins_days_with_the_same_hours(reference):
    from datetime import time

    location = make_service(
        hours=[(time(9), time(12, 30)), (time(13, 30), time(17))]
    ).locations.get()

    assert hours_summary(location) == "lu–ve 09:00–12:30, 13:30–17:00"


def test_poster_queries_are_bounded(client, services, django_assert_max_num_queries):
    quartier = services.locations.get().quartier
    for i in range(10):
        make_service(f"Service {i}", categories=["sante"])

    with django_assert_max_num_queries(25):
        client.get(f"/fr/quartiers/{quartier.slug}/print/")


def test_poster_shows_the_helpline_and_each_services_organisation(client, reference):
    from tests.factories import make_organisation

    service = make_service("Colis du quartier", organisation=make_organisation("Asbl Le Pain"))
    quartier = service.locations.get().quartier

    french = client.get(f"/fr/quartiers/{quartier.slug}/print/").content.decode()
    both = client.get(f"/fr/quartiers/{quartier.slug}/print/?bilingual=1").content.decode()

    assert "0800 35 243" in french and "Aide sociale, appel gratuit" in french
    assert "Asbl Le Pain" in french
    assert "Aide sociale, appel gratuit" in both and "Sociale hulp, gratis bellen" in both


def test_poster_marks_a_closed_service_and_prints_the_communes_alerts(client, reference):
    from datetime import timedelta

    from django.utils import timezone

    from directory.models.crisis import Alert, TemporaryStatus

    closed = make_service("Resto du cœur", name_nl="Resto van het hart")
    open_ = make_service("Permanence juridique", categories=["aide-juridique"])
    quartier = closed.locations.get().quartier
    today = timezone.localdate()
    TemporaryStatus.objects.create(
        service=closed, kind=TemporaryStatus.Kind.CLOSED, starts_on=today - timedelta(days=1)
    )
    Alert.objects.create(title_fr="Vague de chaleur", title_nl="Hittegolf", starts_on=today)
    Alert.objects.create(
        title_fr="Travaux", commune=quartier.commune, starts_on=today - timedelta(days=1)
    )
    elsewhere = type(quartier.commune).objects.exclude(pk=quartier.commune_id).first()
    Alert.objects.create(title_fr="Ailleurs", commune=elsewhere, starts_on=today)

    html = client.get(f"/fr/quartiers/{quartier.slug}/print/?bilingual=1").content.decode()

    entries = {name: html.split(name, 1)[1].split("</article>")[0] for name in ["Resto du", "Perm"]}
    assert "TEMPORAIREMENT FERMÉ" in entries["Resto du"] and "TIJDELIJK" in entries["Resto du"]
    assert "FERMÉ" not in entries["Perm"]
    assert open_.organisation.name in entries["Perm"]
    assert "Vague de chaleur" in html and "Hittegolf" in html and "Travaux" in html
    assert "Ailleurs" not in html


def test_poster_sends_to_the_qr_code_for_services_it_leaves_out(client, reference):
    from directory.printing import BILINGUAL_MAX_SERVICES

    first = make_service("Service 0")
    for i in range(1, BILINGUAL_MAX_SERVICES + 3):
        make_service(f"Service {i}", categories=["alimentation", "sante", "logement"][i % 3 :][:1])
    quartier = first.locations.get().quartier

    html = client.get(f"/fr/quartiers/{quartier.slug}/print/?bilingual=1").content.decode()

    shown = html.count('class="poster-entry')
    assert shown <= BILINGUAL_MAX_SERVICES
    more = BILINGUAL_MAX_SERVICES + 3 - shown
    assert f"Et {more} autres services dans la commune : scannez ce code." in html
