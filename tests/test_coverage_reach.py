"""The coverage page reads what derived.py keeps (ServiceReach, QuartierCategory): the
same as the quartiers' network pages compute from the places, after any edit."""

import random
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import derived, memo
from directory.models import Category, Location, Quartier, QuartierCategory, ServiceReach
from directory.staff import network
from tests.test_staff_coverage import KM_LAT, service_at

pytestmark = pytest.mark.django_db


def from_table():
    """{quartier pk: category pks} as the coverage page shows them, computed afresh."""
    memo.forget()
    result = network.coverage()
    return {
        row.quartier.pk: {
            c.pk for c, present in zip(result.categories, row.present, strict=True) if present
        }
        for row in result.rows
    }


def from_places():
    """The same, computed from the places as each quartier's network page does."""
    quartiers = list(Quartier.objects.select_related("commune"))
    return network.categories_served(quartiers, list(Category.objects.values_list("pk", flat=True)))


def kept_rows():
    return (
        set(ServiceReach.objects.values_list("service_id", "quartier_id", "category_id")),
        set(QuartierCategory.objects.values_list("quartier_id", "category_id")),
    )


def assert_as_computed():
    table = from_table()
    assert table == from_places()
    kept = kept_rows()
    derived.refresh_reach()  # rebuilt from nothing, as the bulk paths and migration do
    assert kept_rows() == kept
    return table


@pytest.fixture
def marolles(reference):
    return Quartier.objects.select_related("commune").get(slug="marolles")


@pytest.fixture
def varied(marolles):
    """Services in, near and far from quartiers of several communes: confidential,
    unpublished, with several categories and several places."""
    rng = random.Random(7)
    slugs = list(Category.objects.values_list("slug", flat=True))
    quartiers = list(Quartier.objects.order_by("pk"))[::9] + [marolles]
    services = []
    for n in range(60):
        quartier = quartiers[n % len(quartiers)]
        service = service_at(
            quartier, f"Service {n}", rng.choice(slugs), north_km=rng.uniform(-2.5, 2.5)
        )
        if n % 5 == 0:
            service.categories.add(*Category.objects.filter(slug__in=rng.sample(slugs, 2)))
        if n % 7 == 0:
            Location.objects.filter(service=service).update(address_hidden=True)
            derived.mark("points", [service.pk])
        if n % 11 == 0:
            service.is_active = False
            service.save()
        if n % 13 == 0:
            other = rng.choice(quartiers)
            Location.objects.create(
                service=service,
                street_fr="Rue Seconde 2",
                postcode="1000",
                latitude=other.latitude + Decimal(str(round(rng.uniform(-0.01, 0.01), 6))),
                longitude=other.longitude,
            )
        services.append(service)
    return services


def test_the_kept_coverage_is_what_the_places_say(varied, marolles):
    table = assert_as_computed()

    assert any(table.values()) and not all(len(found) == 21 for found in table.values())
    hidden = [s for s in varied if s.locations.filter(address_hidden=True).exists()]
    unpublished = [s for s in varied if not s.is_active]
    assert hidden and unpublished
    assert not ServiceReach.objects.filter(service__in=unpublished).exists()


def test_a_cold_coverage_reads_neither_places_nor_services(varied):
    memo.forget()
    with CaptureQueriesContext(connection) as cold:
        network.coverage()

    read = " ".join(q["sql"] for q in cold.captured_queries)
    assert "directory_location" not in read and '"directory_service"' not in read
    assert len(cold.captured_queries) <= 3


def test_the_kept_coverage_follows_each_edit(marolles):
    colis = service_at(marolles, "Colis", "alimentation")
    avocat = service_at(marolles, "Avocat", "aide-juridique", north_km=0.5)
    food, legal, housing = (
        Category.objects.get(slug=slug).pk
        for slug in ("alimentation", "aide-juridique", "logement")
    )
    assert {food, legal} <= assert_as_computed()[marolles.pk]

    place = colis.locations.get()  # moved 20 km north: far from the Marolles
    place.latitude = marolles.latitude + Decimal(str(20 * KM_LAT))
    place.save()
    assert not ServiceReach.objects.filter(service=colis, quartier=marolles).exists()
    assert food not in assert_as_computed()[marolles.pk]

    place.latitude = marolles.latitude  # back, and a housing service too
    place.save()
    colis.categories.add(Category.objects.get(slug="logement"))
    assert {food, housing} <= assert_as_computed()[marolles.pk]
    colis.categories.remove(Category.objects.get(slug="logement"))
    assert housing not in assert_as_computed()[marolles.pk]

    place.address_hidden = True  # a refuge: its commune's centre, for its commune only
    place.save()
    reached = set(ServiceReach.objects.filter(service=colis).values_list("quartier_id", flat=True))
    communes = set(Quartier.objects.filter(pk__in=reached).values_list("commune", flat=True))
    assert marolles.pk not in reached and communes <= {marolles.commune_id}
    assert food not in assert_as_computed()[marolles.pk]

    avocat.is_active = False
    avocat.save()
    assert legal not in assert_as_computed()[marolles.pk]
    avocat.is_active = True
    avocat.save()
    assert legal in assert_as_computed()[marolles.pk]
    avocat.delete()
    assert not ServiceReach.objects.filter(service_id=avocat.pk).exists()
    assert legal not in assert_as_computed()[marolles.pk]


def test_the_kept_coverage_follows_edits_of_varied_places(varied):
    rng = random.Random(3)
    slugs = list(Category.objects.values_list("slug", flat=True))
    for service in varied[::4]:
        place = service.locations.order_by("pk").first()
        place.latitude += Decimal(str(round(rng.uniform(-0.02, 0.02), 6)))
        place.save()
    for service in varied[1::4]:
        service.categories.set(Category.objects.filter(slug__in=rng.sample(slugs, 2)))
    for service in varied[2::4]:
        service.is_active = not service.is_active
        service.save()
    for service in varied[3::8]:
        service.delete()
    assert_as_computed()
    for service in varied[7::8]:
        service.locations.all().delete()
    assert_as_computed()
