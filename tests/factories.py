"""Small factories: a service with a location and hours, in a few lines per test."""

from datetime import time
from decimal import Decimal

from directory.models import Category, Location, Organisation, Phone, Schedule, Service

WEEKDAYS = range(5)


def make_organisation(name="Asbl Essai", **fields):
    return Organisation.objects.create(name_fr=name, name_nl=fields.pop("name_nl", name), **fields)


def make_service(
    name="Colis du quartier",
    categories=("alimentation",),
    lat=50.8549,
    lon=4.3200,
    postcode="1080",
    hours=((time(9), time(17)),),
    weekdays=WEEKDAYS,
    organisation=None,
    phones=(),
    **fields,
):
    """A published service at one location (None for lat: no location), open on weekdays."""
    fields.setdefault("name_nl", name)
    fields.setdefault("description_fr", f"{name}: description.")
    fields.setdefault("description_nl", f"{name}: beschrijving.")
    service = Service.objects.create(
        organisation=organisation or make_organisation(), name_fr=name, **fields
    )
    service.categories.set(Category.objects.filter(slug__in=categories))
    if lat is not None:
        location = Location.objects.create(
            service=service,
            street_fr="Rue de Test 1",
            street_nl="Teststraat 1",
            postcode=postcode,
            latitude=Decimal(str(lat)),
            longitude=Decimal(str(lon)),
        )
        Schedule.objects.bulk_create(
            Schedule(location=location, weekday=day, opens_at=opens, closes_at=closes)
            for day in weekdays
            for opens, closes in hours
        )
    for number in phones:
        Phone.objects.create(service=service, number=number)
    return service
