"""Paper for the street: the quartier poster and QR codes to each service page."""

import pytest
import segno

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


def test_a_poster_printed_again_makes_no_qr_code_again(client, services, monkeypatch):
    quartier = services.locations.get().quartier
    first = client.get(f"/fr/quartiers/{quartier.slug}/print/").content.decode()
    made = []
    make = segno.make
    monkeypatch.setattr(
        segno, "make", lambda *args, **kwargs: made.append(args) or make(*args, **kwargs)
    )

    again = client.get(f"/fr/quartiers/{quartier.slug}/print/").content.decode()

    assert made == []
    assert again.count("<svg") == first.count("<svg") == 2


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


TWELVE = [
    ("fr", "Français"),
    ("nl", "Nederlands"),
    ("en", "English"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("fa", "دری"),
]


@pytest.fixture
def many_languages(settings):
    settings.LANGUAGES = TWELVE


def test_poster_in_french_and_arabic_runs_arabic_right_to_left(client, services, many_languages):
    quartier = services.locations.get().quartier

    html = client.get(f"/fr/quartiers/{quartier.slug}/print/?also=ar").content.decode()

    assert '<html lang="fr" dir="ltr">' in html
    assert '<h1 lang="ar" dir="rtl">إلى أين تتوجّه؟ ولماذا؟' in html
    assert "Où s'adresser ? Pour quoi ?" in html
    assert '<h2><span lang="fr" dir="ltr">Aide alimentaire</span>' in html
    # The listings stay in French: each service's name once, never marked as Arabic.
    assert html.count("Colis du quartier</span>") == 1
    assert '<span lang="fr">Colis du quartier</span>' in html


def test_arabic_page_prints_french_first_and_dutch_page_dutch_first(
    client, services, many_languages
):
    quartier = services.locations.get().quartier

    arabic = client.get(f"/ar/quartiers/{quartier.slug}/print/?also=ar").content.decode()
    dutch = client.get(f"/nl/quartiers/{quartier.slug}/print/?also=tr").content.decode()

    assert '<html lang="fr" dir="ltr">' in arabic and 'lang="ar" dir="rtl"' in arabic
    assert "lu–ve 09:00–17:00" in arabic  # the hours in the sheet's French
    assert '<html lang="nl" dir="ltr">' in dutch
    assert "Waar kunt u terecht? Waarvoor?" in dutch and "Nereye başvurulur? Ne için?" in dutch
    assert '<span lang="nl">Colis du quartier</span>' in dutch
    assert "ma–vr 09:00–17:00" in dutch


@pytest.mark.parametrize("also", ["xx", "de", "<script>", "ar"])
def test_poster_with_an_unknown_second_language_is_printed_in_one(client, services, settings, also):
    settings.LANGUAGES = [("fr", "Français"), ("nl", "Nederlands"), ("en", "English")]
    quartier = services.locations.get().quartier

    response = client.get(f"/fr/quartiers/{quartier.slug}/print/", {"also": also})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<h1 lang="fr" dir="ltr">' in html and html.count("<h1") == 1
    assert 'dir="rtl"' not in html and "<script>" not in html


def test_poster_offers_every_other_language_in_its_own_script(client, services, many_languages):
    quartier = services.locations.get().quartier

    html = client.get(f"/fr/quartiers/{quartier.slug}/print/?also=fa").content.decode()

    choice = html.split('<form class="sheet-choice"', 1)[1].split("</form>")[0]
    assert 'name="also"' in choice and "Imprimer aussi en" in choice
    assert '<option value="ar" lang="ar" dir="rtl">العربية</option>' in choice
    assert '<option value="tr" lang="tr" dir="ltr">Türkçe</option>' in choice
    assert '<option value="fa" lang="fa" dir="rtl" selected>دری</option>' in choice
    assert 'value="fr"' not in choice  # the sheet's first language already


def test_two_language_poster_queries_are_bounded(
    client, services, many_languages, django_assert_max_num_queries
):
    quartier = services.locations.get().quartier
    for i in range(10):
        make_service(f"Service {i}", categories=["sante"])

    with django_assert_max_num_queries(25):
        client.get(f"/fr/quartiers/{quartier.slug}/print/?also=ar")


def test_poster_names_each_need_in_the_second_language_or_says_it_is_french(
    client, services, many_languages
):
    from django.utils import translation

    quartier = services.locations.get().quartier
    food = services.categories.get()
    with translation.override("ar"):  # an Arabic name once the model has one, else French
        arabic = food.name

    english = client.get(f"/nl/quartiers/{quartier.slug}/print/?also=en").content.decode()
    both = client.get(f"/nl/quartiers/{quartier.slug}/print/?also=ar").content.decode()

    bar = '<span lang="nl" dir="ltr">Voedselhulp</span><span lang="en" dir="ltr">Food aid</span>'
    assert f"<h2>{bar}</h2>" in english
    bar = both.split('<span lang="nl" dir="ltr">Voedselhulp</span>', 1)[1].split("</h2>")[0]
    if arabic != food.name_fr:
        assert bar == f'<span lang="ar" dir="rtl">{arabic}</span>'
    else:  # French, and marked as French for screen readers and hyphenation
        assert bar == '<span lang="fr" dir="ltr">Aide alimentaire</span>'


def test_poster_qr_codes_let_the_scanners_phone_pick_the_language(
    client, services, many_languages, monkeypatch
):
    from directory.views import printing

    scanned = []
    monkeypatch.setattr(printing, "qr_svg", lambda url, scale: scanned.append(url) or "<svg/>")
    quartier = services.locations.get().quartier

    client.get(f"/fr/quartiers/{quartier.slug}/print/?also=ar")

    assert f"http://testserver/services/{services.slug}/" in scanned
    assert not [url for url in scanned if "/fr/" in url or "/ar/" in url]


def test_door_sticker_adds_a_third_language_to_french_and_dutch(client, services, many_languages):
    html = client.get(f"/fr/services/{services.slug}/autocollant/?also=ar").content.decode()
    unknown = client.get(f"/fr/services/{services.slug}/autocollant/?also=xx")

    assert '<p class="sticker-question" lang="fr" dir="ltr">Ouvert aujourd' in html
    assert '<p class="sticker-question" lang="nl" dir="ltr">Vandaag open?' in html
    assert '<p class="sticker-question" lang="ar" dir="rtl">مفتوح اليوم؟' in html
    assert html.count("Colis du quartier</span>") == 1  # the name in French and Dutch only
    assert '<option value="ar" lang="ar" dir="rtl" selected>العربية</option>' in html
    assert 'value="nl"' not in html.split('<form class="sheet-choice"', 1)[1].split("</form>")[0]
    assert unknown.status_code == 200
    sticker = unknown.content.decode().split("<main>", 1)[1]
    assert 'dir="rtl"' not in sticker and sticker.count('class="sticker-question"') == 2
