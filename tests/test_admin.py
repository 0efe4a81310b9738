"""Coordinators edit listings in the admin; every change is recorded with who and when."""

import pytest

from directory.locking import version_of
from directory.models import Commune, Location
from tests.factories import make_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(admin_client):
    return admin_client


def location_form(location, **changes):
    data = {
        "service": location.service.pk,
        "name": "",
        "street_fr": "Chaussée de Gand 10",
        "street_nl": "Gentsesteenweg 10",
        "postcode": "1080",
        "latitude": "50.854900",
        "longitude": "4.326000",
        "schedules-TOTAL_FORMS": "1",
        "schedules-INITIAL_FORMS": "0",
        "schedules-MIN_NUM_FORMS": "0",
        "schedules-MAX_NUM_FORMS": "1000",
        "schedules-0-weekday": "0",
        "schedules-0-opens_at": "09:00",
        "schedules-0-closes_at": "12:30",
        "exceptions-TOTAL_FORMS": "0",
        "exceptions-INITIAL_FORMS": "0",
        "exceptions-MIN_NUM_FORMS": "0",
        "exceptions-MAX_NUM_FORMS": "1000",
        "version": version_of(location.modified),
    }
    data.update(changes)
    return data


def test_coordinator_moves_a_location_and_its_commune_follows(coordinator, reference):
    service = make_service(lat=50.8549, lon=4.3260, postcode="1080")
    location = service.locations.get()

    response = coordinator.post(
        f"/admin/directory/location/{location.pk}/change/",
        location_form(location, latitude="50.799000", longitude="4.337000", postcode="1180"),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    location.refresh_from_db()
    assert location.commune == Commune.objects.get(nis_code="21016")  # Uccle
    assert location.schedules.filter(weekday=0, closes_at="12:30").exists()


def test_every_change_is_in_the_history_with_who_and_what(coordinator, reference):
    service = make_service(lat=50.8549, lon=4.3260, postcode="1080")
    location = service.locations.get()

    coordinator.post(
        f"/admin/directory/location/{location.pk}/change/",
        location_form(location, street_fr="Rue Nouvelle 5"),
    )

    record = location.history.latest()
    assert record.history_user.username == "admin"
    assert record.street_fr == "Rue Nouvelle 5"
    assert record.diff_against(record.prev_record).changed_fields
    page = coordinator.get(f"/admin/directory/location/{location.pk}/history/").content.decode()
    assert "admin" in page and "Rue Nouvelle 5" in page


def test_latitude_without_longitude_is_refused(coordinator, reference):
    location = make_service().locations.get()

    response = coordinator.post(
        f"/admin/directory/location/{location.pk}/change/", location_form(location, longitude="")
    )

    assert response.status_code == 200
    assert "Donnez la latitude et la longitude" in response.content.decode()


def test_location_form_has_the_map_picker(coordinator, reference):
    location = make_service().locations.get()

    html = coordinator.get(f"/admin/directory/location/{location.pk}/change/").content.decode()

    assert "js/latlon-picker.js" in html and "leaflet/leaflet.js" in html
    assert 'name="map-tiles"' in html


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?q=colis",
        "?categories__id__exact=1",
        "?locations__commune__id__exact=1",
        "?locations__quartier__id__exact=1",
    ],
)
def test_service_list_searches_and_filters_by_area_and_category(
    coordinator, reference, query, django_assert_max_num_queries
):
    for i in range(5):
        make_service(f"Colis {i}")

    with django_assert_max_num_queries(25):
        response = coordinator.get(f"/admin/directory/service/{query}")

    assert response.status_code == 200


def test_service_change_form_edits_hours_inline_through_locations(coordinator, reference):
    service = make_service()

    html = coordinator.get(f"/admin/directory/service/{service.pk}/change/").content.decode()

    assert 'name="locations-0-latitude"' in html
    assert 'name="phones-TOTAL_FORMS"' in html
    assert f"/admin/directory/location/{service.locations.get().pk}/change/" in html


def test_service_history_records_category_changes(reference):
    service = make_service(categories=["alimentation"])
    service.name_fr = "Nouveau nom"
    service.save()

    created, categorised, renamed = service.history.order_by("history_date")
    assert not created.categories.exists()
    assert [c.category.slug for c in categorised.categories.all()] == ["alimentation"]
    assert [c.category.slug for c in renamed.categories.all()] == ["alimentation"]
    assert (created.name_fr, renamed.name_fr) == ("Colis du quartier", "Nouveau nom")
    assert Location.history.count() == 1


def test_an_open_exception_without_hours_is_explained_once(coordinator, reference):
    service = make_service(lat=50.8549, lon=4.3260, postcode="1080")
    location = service.locations.get()

    response = coordinator.post(
        f"/admin/directory/location/{location.pk}/change/",
        location_form(
            location,
            **{
                "exceptions-TOTAL_FORMS": "1",
                "exceptions-0-start_date": "2026-12-24",
                "exceptions-0-end_date": "2026-12-24",
            },
        ),
    )

    assert response.status_code == 200
    assert response.content.decode().count("Indiquez les heures d&#x27;ouverture") == 1
    assert not location.exceptions.exists()
