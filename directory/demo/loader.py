"""The demo data set: fictional organisations and services in the 19 communes of Brussels.

Every organisation here is invented and flagged `is_demo`; its name ends in "(démo)".
Streets are real, so the addresses look right on a map; organisation names, phone
numbers, e-mails (example.org) and websites are made up. The same seed gives the same
data set, and running `load_demo()` again replaces the demo data and nothing else.

The tables (streets, opening hours, services, kinds of organisation, names) are the
files in fixtures/demo/, read once by data.py; here are the small functions that
combine them.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import cycle

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history

from .. import derived
from ..models import (
    Audience,
    Category,
    Commune,
    Language,
    Location,
    Organisation,
    Phone,
    Quartier,
    Schedule,
    ScheduleException,
    Service,
    unique_slug,
)
from ..page_cache import directory_changed
from .colleagues import Home, load_colleagues, remove_colleagues
from .data import (
    ACCESS_FLAGS,
    ACCESS_TEXT,
    AREA_TEXT,
    COMMON_LANGUAGES,
    KINDS,
    LOCAL_LANGUAGES,
    MOBILE_PREFIXES,
    NAMES,
    OFFERS,
    PINNED_HOMES,
    STREETS,
)
from .places import exceptions, locations

SEED = 2020
SHARE_WITH_ENGLISH = 0.5
SHARE_STALE = 0.3  # last verified more than six months ago
DEMO_SUFFIX = (" (démo)", " (demo)", " (demo)")


@dataclass
class Reference:
    communes: dict  # slug -> Commune
    quartiers: dict  # code -> Quartier
    categories: dict  # slug -> Category
    audiences: dict  # slug -> Audience
    languages: dict  # code -> Language


@dataclass
class Batch:
    """Rows created in bulk once every service and location exists."""

    categories: list = field(default_factory=list)
    audiences: list = field(default_factory=list)
    languages: list = field(default_factory=list)
    phones: list = field(default_factory=list)
    schedules: list = field(default_factory=list)
    exceptions: list = field(default_factory=list)


def _reference():
    """The reference rows the demo needs; RuntimeError if load_reference has not run."""
    ref = Reference(
        communes={c.slug: c for c in Commune.objects.all()},
        quartiers={q.code: q for q in Quartier.objects.all()},
        categories={c.slug: c for c in Category.objects.all()},
        audiences={a.slug: a for a in Audience.objects.all()},
        languages={lang.code: lang for lang in Language.objects.all()},
    )
    needed = [
        (ref.communes, STREETS),
        (ref.quartiers, {s[2] for streets in STREETS.values() for s in streets}),
        (
            ref.categories,
            {o.category for o in OFFERS.values()} | {o.also for o in OFFERS.values() if o.also},
        ),
        (ref.audiences, {a for o in OFFERS.values() for a in o.audiences}),
        (
            ref.languages,
            {"fr", "nl", *COMMON_LANGUAGES, *(c for cs in LOCAL_LANGUAGES.values() for c in cs)}
            | {c for o in OFFERS.values() for c in o.languages},
        ),
    ]
    if len(ref.communes) < 19 or any(set(keys) - set(rows) for rows, keys in needed):
        raise RuntimeError("Run `manage.py load_reference` first.")
    return ref


def _de(name):
    """French "de" before a commune name, elided before a vowel: d'Ixelles, de Jette."""
    return f"d'{name}" if name[0] in "AEIOUÉ" else f"de {name}"


def _commune_names(commune):
    """Format keys for each of FR, NL, EN."""
    return [
        {"commune": commune.name_fr, "de_commune": _de(commune.name_fr)},
        {"commune": commune.name_nl, "de_commune": commune.name_nl},
        {"commune": commune.name_en or commune.name_fr, "de_commune": commune.name_en},
    ]


def _plan(rng, ref):
    """[(kind key, kind, commune, fictional name, [offer keys])], one row per organisation.

    Homes go round the communes in a shuffled order so every commune gets its share;
    each organisation takes the next offers of its kind, so services vary.
    """
    communes = sorted(ref.communes)
    rng.shuffle(communes)
    next_home = cycle(communes)
    names = {pool: rng.sample(rows, len(rows)) for pool, rows in NAMES.items()}
    plan = []
    for kind_key, kind in KINDS.items():
        pinned = list(PINNED_HOMES.get(kind_key, ()))
        homes = (
            sorted(ref.communes)
            if not kind.count
            else [pinned.pop(0) if pinned else next(next_home) for _ in range(kind.count)]
        )
        cursor = 0
        others = [key for key in kind.offers if key != kind.core]
        for home in homes:
            n = rng.randint(*kind.services) - bool(kind.core)
            offers = [others[(cursor + i) % len(others)] for i in range(n)]
            cursor += n
            name = names[kind.names].pop() if kind.count else None
            core = [kind.core] * bool(kind.core)
            plan.append((kind_key, kind, ref.communes[home], name, core + offers))
    return plan


def _organisation(rng, kind, commune, name):
    keys = _commune_names(commune)
    if name:
        for lang_keys in keys:
            lang_keys.update(name=name[0], nl_name=name[1], en_name=name[2].removeprefix("The "))
    patterns = zip(kind.name, keys, DEMO_SUFFIX, strict=True)
    names = [pattern.format(**k) + suffix for pattern, k, suffix in patterns]
    domain = slugify(name[0] if name else f"cpas fictif {commune.name_fr}") + ".example.org"
    org = Organisation(
        name_fr=names[0],
        name_nl=names[1],
        name_en=names[2] if rng.random() < 0.4 else "",
        description_fr=kind.text[0].format(**keys[0]) + " Organisation de démonstration.",
        description_nl=kind.text[1].format(**keys[1]) + " Demo-organisatie.",
        description_en=kind.text[2].format(**keys[2]) + " Demo organisation.",
        email=f"info@{domain}",
        website=f"https://{domain}/",
        is_demo=True,
    )
    org.save_without_historical_record()
    return org


def _service_languages(rng, offer, commune, ref):
    base = rng.choices([("fr", "nl"), ("fr",), ("nl", "fr")], weights=[55, 38, 7])[0]
    pool = [
        c
        for c in (*LOCAL_LANGUAGES.get(commune.slug, ()), *offer.languages, *COMMON_LANGUAGES)
        if c not in base
    ]
    extra = rng.sample(pool, rng.choices([0, 1, 2], weights=[40, 40, 20])[0])
    return [ref.languages[code] for code in dict.fromkeys((*base, *extra))]


def _last_verified(rng, today):
    if rng.random() < SHARE_STALE:
        return today - timedelta(days=rng.randint(190, 425))
    return today - timedelta(days=rng.randint(0, 170))


def _phone_number(rng, mobile=False):
    pairs = " ".join(f"{rng.randint(0, 99):02d}" for _ in range(2 if not mobile else 3))
    if mobile:
        return f"0{rng.choice(MOBILE_PREFIXES)} {pairs}"
    return f"02 {rng.randint(210, 799)} {pairs}"


def _phones(rng, service, offer):
    phones = [Phone(service=service, number=_phone_number(rng))]
    if "phone" not in offer.access and rng.random() < 0.25:
        kind = rng.choice([Phone.Kind.SMS, Phone.Kind.WHATSAPP])
        phones.append(Phone(service=service, number=_phone_number(rng, mobile=True), kind=kind))
    return phones


def _service(rng, org, kind, key, commune, ref, today, batch):
    offer = OFFERS[key]
    area = offer.area or rng.choices(["local", "commune"], weights=[75, 25])[0]
    access = rng.choice(offer.access)
    languages = _service_languages(rng, offer, commune, ref)
    keys = _commune_names(commune)
    texts = [f"{offer.text[i]} {AREA_TEXT[area][i].format(**keys[i])}" for i in range(3)]
    access_texts = [" ".join([ACCESS_TEXT[access][i], *offer.bring[i : i + 1]]) for i in range(3)]
    english = rng.random() < SHARE_WITH_ENGLISH
    service = Service(
        organisation=org,
        name_fr=offer.name[0],
        name_nl=offer.name[1],
        name_en=offer.name[2] if english else "",
        description_fr=texts[0],
        description_nl=texts[1],
        description_en=texts[2] if english else "",
        how_to_access_fr=access_texts[0],
        how_to_access_nl=access_texts[1],
        how_to_access_en=access_texts[2] if english else "",
        fees_fr=offer.fees[0] if offer.fees else "",
        fees_nl=offer.fees[1] if offer.fees else "",
        fees_en=offer.fees[2] if offer.fees and english else "",
        free=not offer.fees,
        **ACCESS_FLAGS[access],
        area_served=area,
        residents_only=kind.residents_only,
        email=f"{key}@{org.email.split('@')[1]}" if rng.random() < 0.6 else "",
        website=org.website if rng.random() < 0.5 else "",
        last_verified=_last_verified(rng, today),
    )
    # The commune in the slug tells apart the many "Permanence sociale".
    service.slug = unique_slug(service, f"{offer.name[0]} {commune.name_fr}")
    service.save_without_historical_record()
    batch.categories += [
        Service.categories.through(service=service, category=ref.categories[slug])
        for slug in filter(None, [offer.category, offer.also])
    ]
    batch.audiences += [
        Service.audiences.through(service=service, audience=ref.audiences[slug])
        for slug in offer.audiences
    ]
    batch.languages += [
        Service.languages.through(service=service, language=lang) for lang in languages
    ]
    batch.phones += _phones(rng, service, offer)
    return service


def _home(kind_key, organisation, commune, located):
    places = [location.public for location, _ in located]
    quartiers = [p.quartier.pk for p in places if p.commune == commune and p.quartier]
    return Home(organisation, kind_key, commune, list(dict.fromkeys(quartiers)))


def remove_demo():
    """Removes the demo data set: its workers, their accounts and past versions, its
    organisations and, with them, their services and partnerships. Nothing else."""
    remove_colleagues()
    Organisation.objects.filter(is_demo=True).delete()


@transaction.atomic
@derived.batched()
def load_demo():
    """Replaces the demo organisations (their services, workers and partnerships) with a
    fresh demo data set.

    Never touches an organisation or a worker that is not `is_demo`. Returns the number
    of rows of each kind.
    """
    ref = _reference()
    remove_demo()
    rng = random.Random(SEED)
    today = timezone.localdate()
    plan = _plan(rng, ref)
    batch, organisations, services, located, homes = Batch(), [], [], [], []
    for kind_key, kind, commune, name, offer_keys in plan:
        org = _organisation(rng, kind, commune, name)
        organisations.append(org)
        placed = []
        for key in offer_keys:
            service = _service(rng, org, kind, key, commune, ref, today, batch)
            placed += locations(rng, service, OFFERS[key], commune, kind, ref, batch)
            services.append(service)
        located += placed
        homes.append(_home(kind_key, org, commune, placed))
    batch.exceptions = exceptions(rng, located, today)
    Service.categories.through.objects.bulk_create(batch.categories)
    Service.audiences.through.objects.bulk_create(batch.audiences)
    Service.languages.through.objects.bulk_create(batch.languages)
    for model, rows in (
        (Phone, batch.phones),
        (Schedule, batch.schedules),
        (ScheduleException, batch.exceptions),
    ):
        bulk_create_with_history(rows, model)
    # Rows were saved without history, so each model gets its history in one query.
    for model, rows in (
        (Organisation, organisations),
        (Service, services),
        (Location, [location for location, _ in located]),
    ):
        model.history.bulk_history_create(rows)
    workers, partnerships = load_colleagues(homes, ref)
    # The categories were added in bulk, without signals: their services are marked here,
    # and what every save marked is computed now, once, on the whole set.
    derived.mark("documents", [s.pk for s in services])
    derived.flush()
    directory_changed()
    return {
        "organisations": len(organisations),
        "services": len(services),
        "locations": len(located),
        "phones": len(batch.phones),
        "schedules": len(batch.schedules),
        "exceptions": len(batch.exceptions),
        "workers": len(workers),
        "partnerships": len(partnerships),
    }
