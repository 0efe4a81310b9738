"""A free phone line is on every page, for people who would rather call than read."""

import pytest

from tests.factories import make_service

pytestmark = pytest.mark.django_db


def test_every_page_offers_the_free_helpline_as_a_tel_link(client, reference):
    service = make_service()

    for url in ["/fr/", "/fr/services/", service.get_absolute_url(), "/fr/staff/login/"]:
        html = client.get(url).content.decode()
        header = html.split('<header class="site-header">')[1].split("</header>")[0]
        assert 'href="tel:+3280035243">0800 35 243</a>' in header, url
        assert "Aide sociale, appel gratuit" in header, url


@pytest.mark.parametrize(
    "language, label", [("nl", "Sociale hulp, gratis bellen"), ("en", "Social help, free call")]
)
def test_the_helpline_label_is_in_the_visitors_language(client, reference, language, label):
    assert label in client.get(f"/{language}/").content.decode()


def test_a_deployment_sets_its_own_number_and_label(client, reference, settings):
    settings.HELPLINE_NUMBER = "0800 99 123"
    settings.HELPLINE_LABEL = "fr:Allô Quartier|nl:Hallo Wijk"

    assert 'href="tel:+3280099123">0800 99 123</a>' in client.get("/fr/").content.decode()
    assert "Allô Quartier" in client.get("/fr/").content.decode()
    assert "Hallo Wijk" in client.get("/nl/").content.decode()
    assert "Allô Quartier" in client.get("/en/").content.decode()

    settings.HELPLINE_LABEL = "Ligne: 24h/24"
    assert "Ligne: 24h/24" in client.get("/nl/").content.decode()


def test_a_deployment_labels_the_helpline_in_any_interface_language(client, reference, settings):
    settings.HELPLINE_LABEL = "fr:Allô Quartier|ar:مساعدة اجتماعية"

    arabic = client.get("/ar/").content.decode()

    assert "<span>مساعدة اجتماعية</span>" in arabic
    assert '<bdi dir="ltr">0800 35 243</bdi>' in arabic  # the number reads left to right
    assert "Allô Quartier" in client.get("/tr/").content.decode()


def test_no_helpline_when_the_number_is_empty(client, reference, settings):
    settings.HELPLINE_NUMBER = ""

    assert 'class="helpline"' not in client.get("/fr/").content.decode()
