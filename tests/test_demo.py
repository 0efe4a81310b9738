"""The demo data set covers all of Brussels, is clearly fictional and loads again safely."""

import json
import re
from datetime import time, timedelta
from io import StringIO
from urllib.parse import urlparse

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count
from django.utils import timezone
from shapely.geometry import Point, shape

from directory.models import (
    Category,
    Commune,
    Location,
    Organisation,
    Phone,
    Schedule,
    ScheduleException,
    Service,
)

pytestmark = pytest.mark.django_db

HISTORY_MODELS = (Organisation, Service, Location, Phone, Schedule, ScheduleException)
PHONE = re.compile(r"^(02 \d{3} \d{2} \d{2}|04\d{2} \d{2} \d{2} \d{2})$")


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Organisation,
            Service,
            Location,
            Phone,
            Schedule,
            ScheduleException,
            Service.categories.through,
            Service.audiences.through,
            Service.languages.through,
        )
    }


def is_example_org(host):
    return host == "example.org" or host.endswith(".example.org")


def test_load_demo_needs_the_reference_data(reference):
    Category.objects.filter(slug="violences").delete()
    before = Organisation.objects.count()
    with pytest.raises(CommandError, match="load_reference"):
        call_command("load_demo")
    assert Organisation.objects.count() == before


def test_load_demo_twice_gives_the_same_data_and_leaves_real_data_alone(reference):
    real = Organisation.objects.create(name_fr="Vraie asbl", name_nl="Echte vzw")
    real_service = Service.objects.create(
        organisation=real,
        name_fr="Vrai service",
        name_nl="Echte dienst",
        description_fr="x",
        description_nl="x",
    )
    Location.objects.create(service=real_service, street_fr="Rue Haute 1", postcode="1000")

    first = load_demo()
    counts, slugs = row_counts(), sorted(Service.objects.values_list("slug", flat=True))
    second = load_demo()

    assert second == first
    assert row_counts() == counts
    assert sorted(Service.objects.values_list("slug", flat=True)) == slugs
    real.refresh_from_db()
    assert not real.is_demo
    assert real.services.get().locations.count() == 1


def test_the_command_prints_its_counts_on_one_line(demo):
    assert demo.count("\n") == 1
    assert f"{Service.objects.count()} services" in demo
    assert f"{Organisation.objects.count()} organisations" in demo


def test_demo_covers_every_commune_and_every_category(demo):
    assert Service.objects.count() >= 150
    for commune in Commune.objects.all():
        services = Service.objects.filter(locations__commune=commune).distinct()
        assert services.count() >= 6, commune
        basics = services.filter(categories__slug__in=["alimentation", "aide-sociale"])
        assert basics.exists(), f"no food aid or social help in {commune}"
    for category in Category.objects.annotate(n=Count("services")):
        assert category.n >= 5, category.slug
    assert Service.objects.annotate(n=Count("categories")).filter(n=2).count() >= 10


def test_molenbeek_has_several_food_parcel_services(demo):
    food_parcels = Service.objects.filter(
        categories__slug="alimentation",
        locations__commune__slug="molenbeek-saint-jean",
        locations__postcode="1080",
        description_fr__icontains="colis alimentaire",
    ).distinct()
    assert food_parcels.count() >= 4


def test_demo_data_is_fictional_and_reachable_only_at_example_org(demo):
    organisations = Organisation.objects.all()
    assert 70 <= organisations.count() <= 90
    assert all(org.is_demo for org in organisations)
    assert all(org.name_fr.endswith("(démo)") and org.name_nl for org in organisations)
    services = Service.objects.all()
    for row in [*organisations, *services]:
        if row.email:
            assert is_example_org(row.email.rpartition("@")[2]), row.email
        if row.website:
            url = urlparse(row.website)
            assert url.scheme == "https" and is_example_org(url.hostname), row.website
    for service in services:
        assert service.name_fr and service.name_nl and service.description_nl, service
        assert service.languages.filter(code__in=["fr", "nl"]).exists(), service
        assert 1 <= service.phones.count() <= 2, service
    assert all(PHONE.match(phone.number) for phone in Phone.objects.all())
    assert services.exclude(name_en="").count() >= services.count() // 3


def test_demo_has_fresh_and_stale_entries_and_varied_access(demo):
    today = timezone.localdate()
    services = Service.objects.all()
    assert not services.filter(last_verified__gt=today).exists()
    assert not services.filter(last_verified__lt=today - timedelta(days=14 * 31)).exists()
    stale = services.filter(last_verified__lt=today - timedelta(days=183)).count()
    assert 0 < stale < services.count() / 2
    assert services.filter(free=True).count() > services.count() / 2
    assert services.filter(free=False).exclude(fees_fr="").exists()
    assert services.filter(walk_in=True).exists() and services.filter(by_appointment=True).exists()
    locations = Location.objects.all()
    assert 0.25 < locations.filter(wheelchair_accessible=True).count() / locations.count() < 0.55
    assert services.annotate(n=Count("locations")).filter(n=2).count() >= 10


def test_every_cpas_service_is_for_its_residents_and_helplines_are_reached_by_phone(demo):
    cpas = Service.objects.filter(organisation__name_fr__startswith="CPAS fictif")
    assert cpas.count() >= 19 * 2
    assert set(Service.objects.filter(residents_only=True)) == set(cpas)
    for service in cpas.prefetch_related("locations__commune"):
        assert len({place.commune for place in service.locations.all()}) == 1, service
    remote = Service.objects.filter(remote_only=True)
    assert remote.filter(name_fr__startswith="Ligne d'écoute").exists()
    assert not remote.filter(walk_in=True).exists()
    assert not remote.filter(by_appointment=True).exists()


def test_demo_opening_hours_include_nights_helplines_and_exceptions(demo):
    night = Schedule.objects.filter(opens_at=time(20), closes_at=time(8))
    shelter_nights = night.filter(location__service__categories__slug="sans-abri")
    assert set(shelter_nights.values_list("weekday", flat=True)) == set(range(7))
    around_the_clock = Schedule.objects.filter(opens_at=time(0), closes_at=time(0))
    assert around_the_clock.values("location").distinct().exists()
    refuges = Location.objects.filter(
        address_hidden=True,
        service__categories__slug="violences",
        service__name_fr__startswith="Refuge",
    )
    assert refuges.exists()
    for refuge in refuges:
        assert refuge.commune and not refuge.street_fr and not refuge.has_point
    assert ScheduleException.objects.filter(
        closed=True, start_date__month=12, start_date__day=24
    ).exists()
    changed = ScheduleException.objects.get(closed=False)
    assert changed.opens_at < changed.closes_at and changed.reason_fr and changed.reason_nl


def test_demo_points_lie_in_the_commune_of_their_address(demo, shared_data):
    features = json.loads((shared_data / "brussels-communes.geojson").read_text())["features"]
    communes = {f["properties"]["national_code"]: shape(f["geometry"]) for f in features}
    located = Location.objects.exclude(latitude=None).select_related("commune")
    assert located.count() >= 150
    for location in located:
        assert location.postcode in location.commune.postcodes, location
        point = Point(location.lon, location.lat)
        assert communes[location.commune.nis_code].contains(point), location
