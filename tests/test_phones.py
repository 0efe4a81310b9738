"""Phone numbers: a coordinator cannot save one nobody could call, and every link dials it."""

import pytest

from directory.models import Phone
from directory.phones import tel_uri
from tests.admin_forms import admin_form
from tests.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "written, link",
    [
        ("02 512 34 56", "tel:+3225123456"),
        ("+32 (0)2 512.34.56", "tel:+3225123456"),
        ("0032 470 12 34 56", "tel:+32470123456"),
        ("0800 35 243", "tel:+3280035243"),
        ("+33 1 42 68 53 00", "tel:+33142685300"),
        ("1712", "tel:1712"),
        ("112", "tel:112"),
    ],
)
def test_numbers_as_people_write_them_dial_the_right_line(written, link):
    assert tel_uri(written) == link


def service_phone_form(coordinator, service, number):
    form = admin_form(
        coordinator.get(f"/admin/directory/service/{service.pk}/change/"), "service_form"
    )
    form.update({"phones-TOTAL_FORMS": "1", "phones-0-number": number, "phones-0-kind": "voice"})
    return form


@pytest.mark.parametrize("number", ["02 512", "phone me", "0000 00 00 00 00 00"])
def test_the_admin_refuses_a_number_nobody_could_call(admin_client, reference, number):
    service = make_service()

    response = admin_client.post(
        f"/admin/directory/service/{service.pk}/change/",
        service_phone_form(admin_client, service, number),
    )

    assert response.status_code == 200
    assert "Écrivez un numéro de téléphone, par exemple 02 512 34 56." in response.content.decode()
    assert not Phone.objects.filter(service=service).exists()


def test_the_admin_keeps_a_belgian_number_as_written(admin_client, reference):
    service = make_service()

    response = admin_client.post(
        f"/admin/directory/service/{service.pk}/change/",
        service_phone_form(admin_client, service, "02 512 34 56"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert service.phones.get().number == "02 512 34 56"


def test_an_old_number_nobody_touched_does_not_block_a_save(admin_client, reference):
    service = make_service(phones=["02 111 11 11"])  # not a Belgian number, saved long ago
    form = admin_form(
        admin_client.get(f"/admin/directory/service/{service.pk}/change/"), "service_form"
    )
    form["name_fr"] = "Nouveau nom"

    response = admin_client.post(f"/admin/directory/service/{service.pk}/change/", form)

    assert response.status_code == 302, response.content.decode()[:2000]
    service.refresh_from_db()
    assert service.name_fr == "Nouveau nom"
