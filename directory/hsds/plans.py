"""What one HSDS record asks of the directory, before anything is written (see reverse.py).

In the plans, None (or a key missing from `texts` and `values`) means that the record
does not give it: the row keeps what it has.
"""

import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext_noop

from ..models import Location, Organisation, Phone, Service
from .messages import message

TEXT_LIMITS = {  # (model, field) of each text with a maximum length
    "name": (Service, "name_fr"),
    "fees": (Service, "fees_fr"),
    "organisation": (Organisation, "name_fr"),
    "location": (Location, "name"),
    "street": (Location, "street_fr"),
    "postcode": (Location, "postcode"),
    "number": (Phone, "number"),
    "note": (Phone, "note"),
}


def max_length(what):
    model, name = TEXT_LIMITS[what]
    return model._meta.get_field(name).max_length


@dataclass
class OrganisationPlan:
    id: uuid.UUID
    complete: bool  # False when the record names only organization_id
    texts: dict = field(default_factory=dict)  # name, description
    values: dict = field(default_factory=dict)  # email, website
    extra: tuple | None = None  # (fields kept verbatim, every key of the record)


@dataclass
class LocationPlan:
    id: uuid.UUID
    hidden: bool
    name: str | None = None
    address: tuple | None = None  # (street, postcode, city)
    point: tuple | None = None  # (latitude, longitude), Decimals
    wheelchair_accessible: bool | None = None
    # sorted (weekday, opens_at, closes_at, valid_from, valid_to, uid or None, extra JSON)
    hours: tuple | None = None
    link_id: object = None  # the service_at_location's id in the file, if any
    # (the location's fields we do not model (verbatim.py), every key of the record)
    extra: tuple | None = None
    link_extra: tuple | None = None  # the same for its service_at_location
    from_service_schedules: bool = False  # its hours are the service's schedules

    @property
    def public_place(self):
        """True if the record says where the place is (so its address is not hidden)."""
        return self.name is not None or self.address is not None or self.point is not None


@dataclass
class ServicePlan:
    number: int  # the record's position in the file, from 1
    id: uuid.UUID | None
    organisation: OrganisationPlan | None = None
    texts: dict = field(default_factory=dict)  # name, description, how_to_access, fees
    values: dict = field(default_factory=dict)  # other Service fields
    categories: tuple | None = None  # category slugs, in taxonomy order
    foreign_terms: tuple | None = None  # foreign_terms.TermPlan, of other taxonomies
    audiences: frozenset | None = None
    languages: frozenset | None = None
    phones: list | None = None  # (number, kind, note, uid or None, extra JSON)
    cost_options: list | None = None  # tuples of offers.COST_COLUMNS but the service
    documents: list | None = None  # tuples of offers.DOCUMENT_COLUMNS but the service
    extra: tuple | None = None  # (fields kept verbatim, every key of the record)
    locations: list | None = None
    errors: list = field(default_factory=list)  # (field, message)
    warnings: list = field(default_factory=list)
    lost_locations: bool = False  # set when applied: the service loses some locations
    document_parts: tuple | None = None  # see drafts.prepare_document

    def error(self, where, message):
        self.errors.append((where, message))

    def warn(self, where, message):
        self.warnings.append((where, message))


def read_text(plan, record, key, where, limit=None):
    """The text at `key` of the record; an error on the plan if it is not text or too long."""
    value = record.get(key, "")
    if not isinstance(value, str):
        plan.error(where, message(gettext_noop("pas du texte")))
        return ""
    if limit and len(value) > limit:
        too_long = gettext_noop("%(length)s caractères, au plus %(limit)s")
        plan.error(where, message(too_long, length=len(value), limit=limit))
    return value
