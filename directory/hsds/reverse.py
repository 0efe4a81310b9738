"""HSDS services read back into our terms: the reverse of `serialise.py`, one record at a time.

`plan_service` turns a record (already checked against the schema) into a ServicePlan:
the rows it asks for, every field checked, with errors and warnings naming the field.
It reads the reference tables once (`Vocabulary`) and never writes.

A plan holds only what the record gives: a field or a list the record leaves out
(the `service_list` form has no phones, locations or categories) is None or missing
from the plan, and the row keeps what it has; a list given, even empty, replaces it.

What `serialise.py` writes in words is read back from those words in any of our languages:
"Sans rendez-vous." at the start of application_process sets walk_in (and so on for
values.ACCESS_FLAGS), cost options that all cost 0 mean free, the service areas'
description gives `area_served` and `residents_only`, the
eligibility list gives the audiences, and the location description "Adresse
communiquée par téléphone" marks a confidential address (which an export never contains).
"""

import uuid
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import translation
from django.utils.translation import gettext, gettext_noop

from ..models import Audience, Category, Commune, Crosswalk, Language, Location, Phone, Service
from ..text import normalise
from ..translation import CONTENT_LANGUAGES
from . import values, verbatim
from .foreign_terms import is_ours, plan_attribute
from .messages import message
from .plans import OrganisationPlan, ServicePlan, max_length, read_text
from .reverse_extras import (
    canonical,
    organisation_extra,
    read_ages,
    read_cost_options,
    read_documents,
    service_extra,
    uid,
)
from .reverse_locations import plan_location

PHONE_KINDS = {"text": Phone.Kind.SMS, "fax": Phone.Kind.FAX}
WHATSAPP = "WhatsApp"
# ISO 639-3 codes of the languages we list (HSDS accepts 639-1 or 639-3).
ISO_639_3 = dict(
    pair.split(":")
    for pair in "fra:fr fre:fr nld:nl dut:nl eng:en ara:ar tur:tr spa:es por:pt ita:it deu:de "
    "ger:de pol:pl ron:ro rum:ro bul:bg rus:ru ukr:uk fas:fa per:fa pus:ps som:so tir:ti "
    "lin:ln sqi:sq alb:sq".split()
)


def _in_each_language(make):
    values = {}
    for lang in CONTENT_LANGUAGES:
        with translation.override(lang):
            values[lang] = make()
    return values


class Vocabulary:
    """Reference rows and translated labels, looked up by what an HSDS file says."""

    def __init__(self):
        categories = list(Category.objects.all())
        self.categories = {c.slug: c for c in categories}
        self.term_ids = {values.taxonomy_term_id(c.slug): c for c in categories}
        self.category_names = self._by_names(categories)
        self.audiences = {key: a.pk for key, a in self._by_names(Audience.objects.all()).items()}
        self.languages = {lang.code: lang.pk for lang in Language.objects.all()}
        self.communes = list(Commune.objects.all())
        self.commune_names = self._by_names(self.communes)
        label = values.label  # the labels the export writes
        self.access = {}
        for flag in values.ACCESS_FLAGS:
            for text in _in_each_language(lambda f=flag: label(Service, f) + ".").values():
                self.access[text] = flag
        self.free = set(_in_each_language(lambda: label(Service, "free")).values())
        self.areas = {}  # normalised description: (area served, residents only)
        residents = _in_each_language(lambda: label(Service, "residents_only"))
        for value, text in Service.AreaServed.choices:
            for lang, area in _in_each_language(lambda t=text: str(t).capitalize()).items():
                self.areas[normalise(area)] = (value, False)
                described = values.area_description(area, residents[lang])
                self.areas[normalise(described)] = (value, True)
        self.regions = {normalise(name) for name in values.REGION.values()}
        # What locations.location_object says in place of a confidential address.
        hidden = _in_each_language(lambda: gettext("Adresse communiquée par téléphone"))
        self.hidden = set(hidden.values())
        wheelchair = _in_each_language(lambda: label(Location, "wheelchair_accessible"))
        self.wheelchair = set(wheelchair.values())  # locations.accessibility writes it
        self.crosswalk = Crosswalk.objects.lookup()

    @staticmethod
    def _by_names(rows):
        found = {}
        for row in rows:
            for lang in CONTENT_LANGUAGES:
                if name := getattr(row, f"name_{lang}", ""):
                    found.setdefault(normalise(name), row)
        return found

    def language_code(self, row):
        """Our code of the language an HSDS language object names, or None."""
        code = str(row.get("code", "")).strip().lower()
        code = ISO_639_3.get(code, code)
        return code if code in self.languages else None

    def category(self, attribute):
        """The category an attribute's taxonomy term stands for: by code, name, then id."""
        term = attribute.get("taxonomy_term") or {}
        found = self.categories.get(term.get("code"))
        found = found or self.category_names.get(normalise(term.get("name", "")))
        term_id = term.get("id") or attribute.get("taxonomy_term_id")
        return found or self.term_ids.get(term_id)

    def commune_named(self, city):
        return self.commune_names.get(normalise(city)) if city else None


def _valid(validator, value):
    try:
        validator(value)
    except ValidationError:
        return False
    return True


def _email_and_website(plan, record, prefix, url_key):
    """The e-mail and website the record gives (a key it leaves out is not in the dict)."""
    values = {}
    if "email" in record:
        values["email"] = email = record["email"].strip()
        if email and not _valid(EmailValidator(), email):
            plan.error(
                f"{prefix}email",
                message(gettext_noop("%(value)s n'est pas une adresse e-mail"), value=repr(email)),
            )
    if url_key in record:
        values["website"] = url = record[url_key].strip()
        if url and (len(url) > 200 or not _valid(URLValidator(), url)):
            plan.error(
                f"{prefix}{url_key}",
                message(
                    gettext_noop("%(value)s n'est pas une adresse web (http ou https)"),
                    value=repr(url),
                ),
            )
    return values


def plan_organisation(plan, record):
    data = record.get("organization")
    org_id = record.get("organization_id") or (data or {}).get("id")
    if not org_id:
        plan.error(
            "organization",
            message(gettext_noop("manquante : donnez l'organisation ou son organization_id")),
        )
        return None
    if data and data.get("id") and data["id"] != org_id:
        plan.error("organization_id", message(gettext_noop("diffère de organization.id")))
    if not data:
        return OrganisationPlan(uuid.UUID(org_id), complete=False)
    texts = {"name": read_text(plan, data, "name", "organization.name", max_length("organisation"))}
    if "description" in data:
        texts["description"] = data["description"]
    places = {
        (link.get("location") or {}).get("id")
        for link in record.get("service_at_locations", ())
        if isinstance(link, dict)
    }
    return OrganisationPlan(
        uuid.UUID(org_id),
        complete=True,
        texts=texts,
        values=_email_and_website(plan, data, "organization.", "website"),
        extra=(organisation_extra(data, places - {None}), set(data)),
    )


def _access(vocabulary, text):
    """({flag: True or False} for values.ACCESS_FLAGS, how to access) from an
    application_process."""
    flags, rest, found = set(), text.strip(), True
    while found:
        found = next((s for s in vocabulary.access if rest.startswith(s)), None)
        if found:
            flags.add(vocabulary.access[found])
            rest = rest[len(found) :].lstrip()
    return {flag: flag in flags for flag in values.ACCESS_FLAGS}, rest


def _categories(plan, vocabulary, record, unknown_taxonomy, unmatched):
    """Our categories the attributes name or the crosswalk maps; other terms on the plan.
    Their attributes go to `unmatched`, kept (ids, values ...) and exported back."""
    found, foreign = [], {}
    for i, attribute in enumerate(record["attributes"]):
        term = attribute.get("taxonomy_term") or {}
        category = vocabulary.category(attribute) if is_ours(term) else None
        if category is None:
            where = f"attributes[{i}].taxonomy_term"
            slug, kept = plan_attribute(plan, vocabulary, attribute, where, unknown_taxonomy)
            category = vocabulary.categories.get(slug) if slug else None
            if kept is not None:
                foreign.setdefault(kept.id, kept)
                unmatched.append(_own_fields(attribute, kept))
            elif category is None:
                unmatched.append(attribute)  # skipped: kept as the file gave it
        if category is not None and category not in found:
            found.append(category)
    plan.foreign_terms = tuple(foreign.values())
    return tuple(c.slug for c in sorted(found, key=lambda c: (c.position, c.slug)))


# What an attribute says of its term and service, which the term and service say again.
DERIVED_ATTRIBUTE_FIELDS = ("taxonomy_term", "taxonomy_term_id", "link_id")


def _own_fields(attribute, term):
    """A foreign term's attribute as kept: its own fields (id, value ...), and its term's id."""
    own = {k: v for k, v in attribute.items() if k not in DERIVED_ATTRIBUTE_FIELDS}
    return own | {"taxonomy_term_id": str(term.id)}


def _audiences(plan, vocabulary, text):
    """Our audiences named in the text ("Familles, Seniors"); None if it is not such a list."""
    names = [normalise(part) for part in text.split(", ") if part.strip()]
    if all(name in vocabulary.audiences for name in names):
        return frozenset(vocabulary.audiences[name] for name in names)
    plan.warn(
        "eligibility_description",
        message(gettext_noop("pas une liste de nos publics : le service garde les siens")),
    )
    return None


def _languages(plan, vocabulary, record):
    found = set()
    for i, row in enumerate(record["languages"]):
        code = str(row.get("code", "")).strip().lower()
        code = ISO_639_3.get(code, code)
        if code in vocabulary.languages:
            found.add(vocabulary.languages[code])
        else:
            unknown = message(
                gettext_noop("%(value)s n'est pas dans notre liste"),
                value=repr(code or row.get("name")),
            )
            plan.warn(f"languages[{i}].code", unknown)
    return frozenset(found)


def _given_phones(record):
    """(where, phone) for the service's phones, then its places' (a place's phone is one
    way to reach the service: Quartier keeps phones on services); None if none is given."""
    given = [(f"phones[{i}]", row) for i, row in enumerate(record.get("phones", ()))]
    for i, link in enumerate(record.get("service_at_locations", ())):
        at = f"service_at_locations[{i}]"
        given += [(f"{at}.phones[{j}]", row) for j, row in enumerate(link.get("phones", ()))]
        location = link.get("location") if isinstance(link.get("location"), dict) else {}
        rows = location.get("phones", ())
        given += [(f"{at}.location.phones[{j}]", row) for j, row in enumerate(rows)]
    if "phones" in record or given:
        return given
    return None


def _phones(plan, given):
    phones, seen = [], {}
    for at, row in given:
        number = read_text(plan, row, "number", f"{at}.number", max_length("number")).strip()
        kind, note = PHONE_KINDS.get(row.get("type"), Phone.Kind.VOICE), row.get("description", "")
        extra = verbatim.kept(row, verbatim.PHONE)
        if row.get("type") == "cell" and note.startswith(WHATSAPP):
            kind, note = Phone.Kind.WHATSAPP, note.removeprefix(WHATSAPP).removeprefix(" – ")
        elif row.get("type") not in (None, *PHONE_KINDS, "voice"):
            extra["type"] = row["type"]  # "cell", "pager" ...: we call it a phone
        if len(note) > max_length("note"):
            cut = gettext_noop("coupée à %(limit)s caractères")
            plan.warn(f"{at}.description", message(cut, limit=max_length("note")))
            extra["description"] = row["description"]  # whole in the export
            note = note[: max_length("note") - 1] + "…"
        # A place's phone is often the service's: the same number once, unless both
        # have ids of their own.
        same = seen.get((number, kind, note))
        if same is not None and (uid(row) is None or same is None or same == uid(row)):
            continue
        seen[(number, kind, note)] = uid(row)
        phones.append((number, kind, note, uid(row), canonical(extra)))
    return phones


def _price(plan, vocabulary, record):
    """`free` and the fees text, as far as the record gives them (see serialise.cost_options).

    Free means that there are cost options and every one costs nothing: "Adults €5"
    beside "Children €0" is not free, nor is an option without an amount. A record
    without cost options (the list form) is free if its fees say so in the word our
    export writes ("Gratuit"); other words leave `free` as it was.
    """
    fees = record.get("fees_description")
    says_free = fees in vocabulary.free
    if "cost_options" in record:
        amounts = [option.get("amount") for option in record["cost_options"]]
        plan.values["free"] = bool(amounts) and all(amount == 0 for amount in amounts)
    elif says_free:
        plan.values["free"] = True
    if fees is not None:
        plan.texts["fees"] = "" if says_free and plan.values["free"] else fees
        if len(plan.texts["fees"]) > max_length("fees"):
            longer = gettext_noop("plus longue que %(limit)s caractères")
            plan.error("fees_description", message(longer, limit=max_length("fees")))


def plan_service(number, record, vocabulary, unknown_taxonomy="error"):
    """What one HSDS service asks of the directory, with its errors and warnings."""
    plan = ServicePlan(number, uuid.UUID(record["id"]))
    plan.organisation = plan_organisation(plan, record)
    plan.texts["name"] = read_text(plan, record, "name", "name", max_length("name"))
    if "description" in record:
        plan.texts["description"] = record["description"]
    plan.values = _email_and_website(plan, record, "", "url")
    plan.values["is_active"] = record["status"] == "active"
    if "application_process" in record:
        flags, how_to_access = _access(vocabulary, record["application_process"])
        plan.texts["how_to_access"] = how_to_access
        plan.values |= flags
    _price(plan, vocabulary, record)
    if "assured_date" in record:
        assured = record["assured_date"]
        try:
            plan.values["last_verified"] = date.fromisoformat(assured) if assured else None
        except ValueError:
            not_a_date = gettext_noop("%(value)s n'est pas une date (AAAA-MM-JJ)")
            plan.error("assured_date", message(not_a_date, value=repr(assured)))
    foreign_areas = []  # what the file says of the areas, but for ours read back
    for area in record.get("service_areas", []):
        value, residents_only = vocabulary.areas.get(
            normalise(area.get("description", "")), (None, None)
        )
        if normalise(area.get("name", "")) in vocabulary.regions:
            value = Service.AreaServed.REGION
        if value:
            plan.values["area_served"] = value
        if residents_only is not None:
            plan.values["residents_only"] = residents_only
        if not value and residents_only is None:
            foreign_areas.append(area)
    read_ages(plan, record)
    if "cost_options" in record:
        plan.cost_options = read_cost_options(plan, record)
    if "required_documents" in record:
        plan.documents = read_documents(plan, record)
    unmatched = []
    if "attributes" in record:
        plan.categories = _categories(plan, vocabulary, record, unknown_taxonomy, unmatched)
    if "eligibility_description" in record:
        plan.audiences = _audiences(plan, vocabulary, record["eligibility_description"])
    if "languages" in record:
        plan.languages = _languages(plan, vocabulary, record)
    if (given := _given_phones(record)) is not None:
        plan.phones = _phones(plan, given)
    if "service_at_locations" in record:
        plan.locations = []
        for i, link in enumerate(record["service_at_locations"]):
            if location := plan_location(plan, vocabulary, record, link, i):
                plan.locations.append(location)
    used = any(place.from_service_schedules for place in plan.locations or ())
    extra = service_extra(plan, record, unmatched, used, vocabulary.language_code)
    extra.pop("service_areas", None)
    if foreign_areas:
        extra["service_areas"] = foreign_areas
    plan.extra = (extra, set(record) | ({"_languages"} if "languages" in record else set()))
    return plan
