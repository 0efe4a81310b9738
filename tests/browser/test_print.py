"""A worker prints a service's page for someone without a phone: it fits one A4 sheet."""

import re
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db.models import Count
from django.db.models.functions import Length
from django.utils import timezone

from directory.models import Location, Phone, Schedule, ScheduleException, Service
from directory.models.crisis import Alert, TemporaryStatus

# The test database must exist; `demo_data` loads the demo once for the module.
pytestmark = pytest.mark.django_db

CASES = ["most-locations", "longest-description", "busiest-listing"]


@pytest.fixture(scope="module")
def services(demo_data):
    """Demo services that make long pages, and a heavier one than any in the demo."""
    public = Service.objects.public()
    busiest = public.annotate(n=Count("locations")).order_by("-n", "slug").first()
    wordiest = public.annotate(n=Length("description_fr")).order_by("-n", "slug").first()
    heavy = public.exclude(pk__in=[busiest.pk, wordiest.pk]).order_by("slug").first()
    heavy.description_fr = " ".join([wordiest.description_fr] * 3)
    heavy.how_to_access_fr = "Venez avec une pièce d'identité et vos derniers extraits de compte."
    heavy.save()
    for n, (lat, postcode) in enumerate([("50.8466", "1000"), ("50.8350", "1060")]):
        location = Location.objects.create(
            service=heavy,
            name=f"Antenne {n + 2}",
            street_fr=f"Rue de l'Entraide {n + 10}",
            postcode=postcode,
            latitude=Decimal(lat),
            longitude=Decimal("4.3500"),
        )
        Schedule.objects.bulk_create(
            Schedule(location=location, weekday=day, opens_at=opens, closes_at=closes)
            for day in range(6)
            for opens, closes in [(time(9), time(12, 30)), (time(13, 30), time(17))]
        )
        ScheduleException.objects.create(
            location=location,
            start_date=timezone.localdate() + timedelta(days=5),
            end_date=timezone.localdate() + timedelta(days=9),
            reason_fr="Formation de l'équipe",
        )
    for number in ["02 600 11 22", "0470 12 34 56"]:
        Phone.objects.create(service=heavy, number=number, note="permanence du matin")
    today = timezone.localdate()
    TemporaryStatus.objects.create(
        service=heavy, kind="changed_hours", starts_on=today, note_fr="Fermé le mercredi."
    )
    Alert.objects.create(
        title_fr="Canicule", title_nl="Hittegolf", starts_on=today, ends_on=date(2099, 1, 1)
    )
    return {"most-locations": busiest, "longest-description": wordiest, "busiest-listing": heavy}


def printed_pages(page, url):
    page.goto(url)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("case", CASES)
def test_a_service_page_prints_on_one_a4_sheet(page, demo_server, services, case):
    service = services[case]
    url = f"{demo_server.url}/fr/services/{service.slug}/"

    assert printed_pages(page, url) == 1
    sheet = page.locator("body")
    assert service.name_fr in sheet.inner_text()
    assert "0800 35 243" in sheet.inner_text(), "the helpline is on the sheet"
    assert url in page.locator(".verified").inner_text(), "and the page's address"
    assert page.locator(".site-footer").is_hidden() and page.locator("#map").is_hidden()
    assert page.locator(".location").count() == service.locations.count()
