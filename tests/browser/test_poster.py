"""The quartier poster prints on exactly one A4 sheet, in one language or two."""

import re

import pytest

from directory.models import Quartier


def printed_pages(page, url):
    page.goto(url)
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


@pytest.mark.parametrize("query", ["", "?bilingual=1"])
def test_busiest_quartier_poster_fits_one_a4_page(page, demo_site, query):
    from django.db.models import Count

    busiest = Quartier.objects.annotate(n=Count("locations")).order_by("-n").first()
    url = f"{demo_site.url}/fr/quartiers/{busiest.slug}/print/{query}"

    assert printed_pages(page, url) == 1
    assert page.locator(".poster-entry").count() >= 6
