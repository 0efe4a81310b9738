"""A coordinator keeps a place's hours and point: "13:30", Monday to Friday in one step,
a map that opens where they work, and a postcode that contradicts the pin questioned."""

from datetime import time
from html import unescape

import pytest
from django.core.management import call_command

from directory.models import Schedule
from tests.admin_forms import admin_form
from tests.factories import make_service
from tests.staff_factories import make_coordinator
from tests.test_admin import location_form

pytestmark = pytest.mark.django_db

MOLENBEEK_CENTRE = "50.855239,4.318447"
QUESTIONED = "Le point sur la carte est à"


@pytest.fixture
def molenbeek(client, reference):
    client.force_login(make_coordinator("molenbeek", communes=["molenbeek-saint-jean"]))
    return client


@pytest.fixture
def place(reference):
    """A place in Molenbeek open Monday 09:00–12:30 only."""
    return make_service(
        "Permanence sociale", lat=50.8549, lon=4.3260, weekdays=[0], hours=[(time(9), time(12, 30))]
    ).locations.get()


def url(place):
    return f"/admin/directory/location/{place.pk}/change/"


def page(response):
    return unescape(response.content.decode())


def week(place):
    return sorted(place.schedules.values_list("weekday", "opens_at", "closes_at"))


# Hours


def test_hours_are_shown_as_hours_and_minutes(molenbeek, place):
    html = page(molenbeek.get(url(place)))

    assert 'name="schedules-0-opens_at" value="09:00"' in html
    assert 'value="12:30"' in html and "09:00:00" not in html and "12:30:00" not in html


@pytest.mark.parametrize("typed", ["13:30", "13h30", "13.30"])
def test_hours_are_typed_as_at_a_counter(molenbeek, place, typed):
    place.schedules.all().delete()
    place.refresh_from_db()
    data = location_form(place, **{"schedules-0-opens_at": typed, "schedules-0-closes_at": "17h"})

    assert molenbeek.post(url(place), data).status_code == 302
    assert place.schedules.get().closes_at == time(17)
    assert place.schedules.get().opens_at == time(13, 30)


def test_a_slot_is_copied_to_monday_to_friday_without_a_script(molenbeek, place):
    form = admin_form(molenbeek.get(url(place)), "location_form")
    form["schedules-0-weekdays"] = "on"

    response = molenbeek.post(url(place), form, follow=True)

    assert week(place) == [(day, time(9), time(12, 30)) for day in range(5)]
    assert "4 créneaux ajoutés du lundi au vendredi." in page(response)
    assert place.schedules.first().history.exists()  # each copy is in the history


def test_a_copy_leaves_the_days_that_have_the_slot_and_the_other_slots(molenbeek, place):
    Schedule.objects.create(location=place, weekday=2, opens_at=time(9), closes_at=time(12, 30))
    Schedule.objects.create(location=place, weekday=3, opens_at=time(14), closes_at=time(16))
    form = admin_form(molenbeek.get(url(place)), "location_form")
    form["schedules-0-weekdays"] = "on"

    molenbeek.post(url(place), form)

    assert week(place) == sorted(
        [(day, time(9), time(12, 30)) for day in range(5)] + [(3, time(14), time(16))]
    )


def test_a_new_slot_typed_with_the_box_ticked_is_the_whole_week_in_one_save(molenbeek, place):
    place.schedules.all().delete()
    form = admin_form(molenbeek.get(url(place)), "location_form")
    form.update(
        {
            "schedules-0-weekday": "0",
            "schedules-0-opens_at": "13:30",
            "schedules-0-closes_at": "17:00",
            "schedules-0-weekdays": "on",
        }
    )

    assert molenbeek.post(url(place), form).status_code == 302
    assert week(place) == [(day, time(13, 30), time(17)) for day in range(5)]


def test_the_page_has_the_button_that_copies_before_saving(molenbeek, place):
    html = page(molenbeek.get(url(place)))

    assert "js/hours-copy.js" in html
    assert 'data-copy-label="Copier du lundi au vendredi"' in html


def test_hours_of_a_place_outside_the_scope_cannot_be_copied(molenbeek, reference):
    uccle = make_service("Guichet d'Uccle", lat=50.80, lon=4.37, postcode="1180", weekdays=[0])
    theirs = uccle.locations.get()
    data = location_form(theirs, postcode="1180", latitude="50.800000", longitude="4.370000")
    data.update({"schedules-0-weekday": "1", "schedules-0-weekdays": "on"})

    assert molenbeek.post(url(theirs), data).status_code == 403
    assert molenbeek.get(url(theirs)).status_code == 403
    assert week(theirs) == [(0, time(9), time(17))]


def test_the_service_page_sums_up_each_place_s_hours(molenbeek, reference):
    service = make_service("Colis du quartier", lat=50.8549, lon=4.3260)

    html = page(molenbeek.get(f"/admin/directory/service/{service.pk}/change/"))

    assert "lu–ve 09:00–17:00" in html


# The map picker


def test_the_map_opens_on_the_coordinator_s_commune(molenbeek, place):
    html = page(molenbeek.get(url(place)))

    assert f'data-picker-start="{MOLENBEEK_CENTRE}"' in html


def test_without_a_geocoder_there_is_no_address_search(molenbeek, place, settings):
    settings.GEOCODER_URL = ""

    assert "data-geocoder" not in page(molenbeek.get(url(place)))
    assert molenbeek.get("/admin/directory/location/geocode/?q=x").status_code == 404


@pytest.fixture
def geocoder(settings, monkeypatch):
    """A geocoder that knows one street; `asked` lists what it was asked."""
    from directory import geocoder as module

    settings.GEOCODER_URL = "https://geocoder.example/search"
    asked = []

    def ask(url, text):
        asked.append(text)
        return (50.8549, 4.3260) if "Chaussée de Gand" in text else None

    monkeypatch.setattr(module, "_ask", ask)
    return asked


def test_the_address_search_places_the_pin(molenbeek, place, geocoder):
    html = page(molenbeek.get(url(place)))
    assert 'data-geocoder="/admin/directory/location/geocode/"' in html

    found = molenbeek.get("/admin/directory/location/geocode/", {"q": "Chaussée de Gand 10"})
    missing = molenbeek.get("/admin/directory/location/geocode/", {"q": "Rue Imaginaire 1"})

    assert found.json() == {
        "found": True,
        "lat": 50.8549,
        "lon": 4.326,
        "label": "Chaussée de Gand 10",
    }
    assert missing.json() == {"found": False}
    assert geocoder == ["Chaussée de Gand 10", "Rue Imaginaire 1"]


def test_the_address_search_names_the_commune_only_inside_its_boundary(
    molenbeek, place, geocoder, shared_data
):
    call_command("import_boundaries", "communes", shared_data / "brussels-communes.geojson")

    found = molenbeek.get("/admin/directory/location/geocode/", {"q": "Chaussée de Gand 10"})

    assert found.json()["label"] == "Chaussée de Gand 10 (Molenbeek-Saint-Jean)"


def test_the_address_search_is_for_staff_who_edit_places(client, reference, geocoder):
    from django.contrib.auth import get_user_model

    search = "/admin/directory/location/geocode/?q=Chaussée de Gand 10"
    assert client.get(search).status_code == 302  # to the admin's login
    staff = get_user_model().objects.create_user("staff", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(search).status_code == 403
    assert geocoder == []


def test_the_address_search_is_throttled_per_coordinator(molenbeek, place, geocoder):
    from django.core.cache import cache

    from directory.admin import picker

    cache.clear()
    answers = [
        molenbeek.get("/admin/directory/location/geocode/", {"q": f"Chaussée de Gand {n}"})
        for n in range(picker.SEARCHES_PER_MINUTE + 1)
    ]

    assert [a.status_code for a in answers[:-1]] == [200] * picker.SEARCHES_PER_MINUTE
    assert answers[-1].status_code == 429
    assert len(geocoder) == picker.SEARCHES_PER_MINUTE
    cache.clear()


# A postcode against the pin


def test_a_postcode_of_another_commune_than_the_pin_is_questioned(molenbeek, place):
    data = location_form(place, latitude="50.800000", longitude="4.370000", postcode="1080")

    response = molenbeek.post(url(place), data)

    assert response.status_code == 200
    html = page(response)
    assert f"{QUESTIONED} Uccle, mais le code postal est 1080 Molenbeek-Saint-Jean." in html
    assert 'type="checkbox" name="confirm_place"' in html
    place.refresh_from_db()
    assert str(place.latitude) == "50.854900"

    confirmed = molenbeek.post(url(place), data | {"confirm_place": "on"})

    assert confirmed.status_code == 302
    place.refresh_from_db()
    assert str(place.latitude) == "50.800000" and place.postcode == "1080"


def test_the_confirmation_is_hidden_until_there_is_something_to_confirm(molenbeek, place):
    html = page(molenbeek.get(url(place)))

    assert 'type="hidden" name="confirm_place"' in html
    assert QUESTIONED not in html


def test_a_pin_near_a_border_is_not_questioned_without_boundaries(molenbeek, place):
    # Nearer Koekelberg's centre, 700 m from the centre of 1080.
    data = location_form(place, latitude="50.861500", longitude="4.327000", postcode="1080")

    assert molenbeek.post(url(place), data).status_code == 302


def test_an_old_disagreement_nobody_touches_does_not_block_a_save(molenbeek, reference):
    # Imported long ago: a pin in Uccle, the postcode of Molenbeek.
    place = make_service(lat=50.80, lon=4.37, postcode="1080").locations.get()
    data = location_form(place, latitude="50.800000", longitude="4.370000")
    data["street_fr"] = "Rue Nouvelle 5"

    assert molenbeek.post(url(place), data).status_code == 302


def test_with_boundaries_the_commune_of_the_pin_is_exact(molenbeek, place, shared_data):
    call_command("import_boundaries", "communes", shared_data / "brussels-communes.geojson")
    # The Bourse, in the City of Brussels, 1.4 km from the centre of 1080.
    data = location_form(place, latitude="50.848400", longitude="4.349600", postcode="1080")

    response = molenbeek.post(url(place), data)

    assert f"{QUESTIONED} Bruxelles, mais le code postal est 1080" in page(response)


def test_the_service_page_questions_its_places_too(molenbeek, reference):
    service = make_service("Colis du quartier", lat=50.8549, lon=4.3260)
    service_url = f"/admin/directory/service/{service.pk}/change/"
    form = admin_form(molenbeek.get(service_url), "service_form")
    form.update({"locations-0-latitude": "50.800000", "locations-0-longitude": "4.370000"})

    response = molenbeek.post(service_url, form)

    assert f"{QUESTIONED} Uccle" in page(response)
    assert service.locations.get().latitude is not None
    assert str(service.locations.get().latitude) == "50.854900"
