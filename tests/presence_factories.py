"""A quartier with a maison de quartier where a CPAS holds permanences, in a few lines."""

from datetime import time

from directory.models import PresenceSlot
from tests.factories import make_organisation, make_service

# One kilometre north is ~0.009° of latitude.
KM_LAT = 0.009


def service_at(quartier, name, north_km=0.0, place_name="", **fields):
    """A published service with one place near the quartier's centre, named `place_name`."""
    service = make_service(
        name,
        categories=fields.pop("categories", ["aide-sociale"]),
        lat=float(quartier.latitude) + north_km * KM_LAT,
        lon=float(quartier.longitude),
        postcode=fields.pop("postcode", "1000"),
        organisation=fields.pop("organisation", None) or make_organisation(f"Asbl {name}"),
        **fields,
    )
    if place_name:
        service.locations.update(name=place_name)
    return service


def place_of(service):
    return service.locations.get()


def make_slot(location, organisation, weekday=1, hours=(14, 16), role="assistante sociale", **f):
    """Tuesday 14:00–16:00 unless told otherwise."""
    return PresenceSlot.objects.create(
        location=location,
        organisation=organisation,
        role=role,
        weekday=weekday,
        starts_at=time(hours[0]),
        ends_at=time(hours[1]),
        **f,
    )


def cpas_and_maison(quartier):
    """The CPAS with its social service elsewhere, and a maison de quartier in `quartier`."""
    cpas = make_organisation("CPAS de Bruxelles")
    social = service_at(quartier, "Service social du CPAS", north_km=3, organisation=cpas)
    maison = service_at(
        quartier,
        "Maison de quartier",
        place_name="Maison de quartier des Marolles",
        categories=["lien-social"],
    )
    return cpas, social, maison
