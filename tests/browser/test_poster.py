"""Paper fits its sheet: the quartier poster on one A4 page in one language or two, with
its helpline, alerts and closures, and a service's door sticker on one A6 page."""

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from directory.models import Service
from directory.models.crisis import Alert, TemporaryStatus
from tests.browser.conftest import busiest_quartier
from tests.browser.test_accessibility import WCAG_21_AA

pytestmark = pytest.mark.django_db  # the demo, served for the module, in a crisis
A4 = (595.92, 842.88)
A6 = (297.6, 419.28)


def printed(page, url, **options):
    page.goto(url)
    page.emulate_media(media="print")
    return page.pdf(print_background=True, **options)


def pages(pdf):
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def media_box(pdf):
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    return float(box[1]), float(box[2])


@pytest.fixture(scope="module")
def in_crisis(demo_data, django_db_blocker):
    """The busiest quartier on a heavy day for the sheet: two alerts and three of its
    services closed, for the whole module (its server sees only what is committed)."""
    with django_db_blocker.unblock():
        quartier = busiest_quartier()
        make_crisis(quartier)
    return quartier


def make_crisis(quartier):
    today = timezone.localdate()
    Alert.objects.create(
        title_fr="Vague de chaleur : restez au frais, buvez de l'eau",
        title_nl="Hittegolf: blijf koel, drink water",
        message_fr="Les salles rafraîchies de la commune sont ouvertes de 10 à 20 heures. " * 3,
        starts_on=today,
    )
    Alert.objects.create(
        title_fr="Travaux rue Haute : arrêt de bus déplacé",
        title_nl="Werken Hoogstraat: bushalte verplaatst",
        commune=quartier.commune,
        starts_on=today,
    )
    for service in Service.objects.public().in_quartier(quartier)[:3]:
        TemporaryStatus.objects.create(
            service=service,
            kind=TemporaryStatus.Kind.CLOSED,
            starts_on=today,
            ends_on=today + timedelta(days=9),
        )


@pytest.fixture
def with_arabic(settings):
    settings.LANGUAGES = [
        ("fr", "Français"),
        ("nl", "Nederlands"),
        ("en", "English"),
        ("ar", "العربية"),
        ("tr", "Türkçe"),
    ]


@pytest.mark.parametrize("query", ["", "?bilingual=1"])
def test_busiest_quartier_poster_fits_one_a4_page_even_in_a_crisis(
    page, demo_server, in_crisis, query
):
    url = f"{demo_server.url}/fr/quartiers/{in_crisis.slug}/print/{query}"

    pdf = printed(page, url, format="A4")

    assert pages(pdf) == 1
    assert media_box(pdf) == pytest.approx(A4, abs=1)
    assert page.locator(".poster-entry").count() >= 6
    assert page.locator(".poster-helpline").is_visible()
    assert page.locator(".poster-alert").count() == 2
    assert page.locator(".poster-closed").count() >= 1
    if query:  # fewer services in two languages: the QR code leads to the others
        assert page.locator(".poster-more").is_visible()


@pytest.mark.parametrize("query", ["", "?also=ar"])
def test_door_sticker_fits_one_a6_page(page, demo_server, with_arabic, query):
    service = Service.objects.public().order_by("-name_fr").first()  # a long name
    url = f"{demo_server.url}/fr/services/{service.slug}/autocollant/{query}"

    pdf = printed(page, url, prefer_css_page_size=True)

    assert pages(pdf) == 1
    assert media_box(pdf) == pytest.approx(A6, abs=1)
    qr = page.locator(".sticker-qr svg").bounding_box()
    assert qr["width"] >= 180  # 55 mm at 96 dpi: read from a step back
    if query:
        assert page.locator('.sticker-question[lang="ar"][dir="rtl"]').is_visible()


def test_french_and_arabic_poster_fits_one_a4_page_with_arabic_right_to_left(
    page, demo_server, in_crisis, with_arabic
):
    page.set_viewport_size({"width": 800, "height": 1100})
    url = f"{demo_server.url}/fr/quartiers/{in_crisis.slug}/print/?also=ar"
    page.goto(url)
    assert page.locator(".sheet-choice").is_visible()  # the choice, on screen only
    axe = Axe().run(page, options=WCAG_21_AA)
    assert axe.violations_count == 0, axe.generate_report()

    pdf = printed(page, url, format="A4")

    assert pages(pdf) == 1
    assert media_box(pdf) == pytest.approx(A4, abs=1)
    assert not page.locator(".sheet-choice").is_visible()
    assert page.locator(".poster-entry").count() >= 6
    assert page.locator(".poster-alert").count() == 2
    heading = page.locator('h1[lang="ar"]')
    assert heading.evaluate("h => getComputedStyle(h).direction") == "rtl"
    # The Arabic lines run from the right edge, the French ones from the left.
    arabic = text_box(page.locator('.poster-note[lang="ar"]'))
    french = text_box(page.locator('.poster-note[lang="fr"]'))
    assert arabic["right"] == pytest.approx(arabic["box_right"], abs=2)
    assert arabic["left"] > arabic["box_left"] + 20
    assert french["left"] == pytest.approx(french["box_left"], abs=2)


def text_box(locator):
    """Where an element's text starts and ends, and where its box does."""
    return locator.evaluate(
        """element => {
            const range = document.createRange();
            range.selectNodeContents(element);
            const text = range.getBoundingClientRect(), box = element.getBoundingClientRect();
            return {left: text.left, right: text.right, box_left: box.left, box_right: box.right};
        }"""
    )
