"""A coordinator keeps a place's hours: "13:30", and Monday to Friday in one step."""

from datetime import time
from html import unescape

import pytest

from directory.models import Schedule
from tests.admin_forms import admin_form
from tests.factories import make_service
from tests.staff_factories import make_coordinator
from tests.test_admin import location_form

pytestmark = pytest.mark.django_db


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
