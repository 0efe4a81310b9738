"""How HSDS values are written: our ids (stable UUIDs) and the shape of each object.

`serialise` builds the objects, `locations` their places; the reader (`reverse`) and the
API parse ids back with these same rules.
"""

import re
import uuid
from datetime import UTC

from ..translation import active_language

HSDS_VERSION = "3.0"
# We publish no HSDS profile of our own: the base HSDS 3.0 applies.
PROFILE_URL = "https://docs.openreferral.org/en/3.0/"
# Namespace of every id we derive (uuid5) for rows that have no UUID of their own.
NAMESPACE = uuid.UUID("4606049c-ba8f-4427-a4be-2233f3cdc589")
TAXONOMY_NAME = "quartier"
TAXONOMY_ID = uuid.uuid5(NAMESPACE, f"taxonomy:{TAXONOMY_NAME}")
# A service_at_location id is its location id XOR this mask. The mask leaves the UUID
# version and variant bits alone, so the result is a valid UUID; XOR undoes itself, so
# `/service_at_locations/{id}` finds its location without a lookup table.
_SERVICE_AT_LOCATION_MASK = uuid.UUID("5a1c3e9b-7d24-0b6f-2c8e-41f0a7d39e65").int

# Service flags written as sentences at the start of `application_process`, and read back.
ACCESS_FLAGS = ("walk_in", "by_appointment", "remote_only")
COUNTRY = "BE"
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
REGION = {
    "fr": "Région de Bruxelles-Capitale",
    "nl": "Brussels Hoofdstedelijk Gewest",
    "en": "Brussels-Capital Region",
}


def derived_id(kind, key):
    """A stable UUID for a row without one (a schedule, a phone, a taxonomy term ...)."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def service_at_location_id(location_id):
    """The id of the service_at_location of one of our locations (see the mask above)."""
    return uuid.UUID(int=uuid.UUID(str(location_id)).int ^ _SERVICE_AT_LOCATION_MASK)


def location_id_of(service_at_location_id_):
    """The location behind a service_at_location id: the same XOR, undone."""
    return service_at_location_id(service_at_location_id_)


def taxonomy_term_id(slug):
    return derived_id("taxonomy_term", slug)


def compact(obj, required=()):
    """Leaves out empty optional values: HSDS fields are typed and never null."""
    return {k: v for k, v in obj.items() if k in required or v not in (None, "")}


def in_language(texts):
    return texts[active_language()]


def timestamp(moment):
    """An RFC 3339 UTC timestamp with milliseconds, as HSDS asks for last_modified."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def area_description(area, residents_only=""):
    """A service area's description: the area served ("Toute la commune"), then for a
    service reserved to its commune's residents the label that says so."""
    return ". ".join(filter(None, [area, residents_only]))


def label(model, field):
    """A boolean field's translated label, as a short sentence ("Sans rendez-vous")."""
    return str(model._meta.get_field(field).verbose_name).capitalize()


# A schedule's description as locations.schedule writes it: "jeudi 10:00–18:00, ...".
_DESCRIBED = re.compile(r"\w+ \d\d:\d\d–\d\d:\d\d(, \w+ \d\d:\d\d–\d\d:\d\d)*")


def described_hours(text):
    """True if the text is what our export writes of weekly hours (read back, not kept)."""
    return isinstance(text, str) and bool(_DESCRIBED.fullmatch(text))
