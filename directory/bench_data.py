"""Many realistic services, fast, for benchmarks (`manage.py seed_bench --services N`).

Unlike the demo data set, these are generated in bulk: no signals, no history, search
documents and points computed here with the rules of derived.py.
"""

import random
import uuid
from datetime import time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from . import derived
from .models import Category, Location, Organisation, Quartier, Schedule, Service
from .page_cache import directory_changed
from .translation import all_languages

BATCH = 2000
ORG_WORDS_FR = ["Maison", "Centre", "Espace", "Atelier", "Service", "Antenne", "Relais", "Point"]
ORG_WORDS_NL = ["Huis", "Centrum", "Ruimte", "Atelier", "Dienst", "Antenne", "Steunpunt", "Punt"]
PLACES = [
    "du Canal",
    "des Tilleuls",
    "de la Gare",
    "du Parc",
    "des Marolles",
    "du Midi",
    "de la Senne",
    "des Étangs",
    "du Marché",
    "de la Chaussée",
    "du Moulin",
    "des Écoles",
]
PLACES_NL = [
    "aan het Kanaal",
    "De Linden",
    "bij het Station",
    "in het Park",
    "Marollen",
    "Zuid",
    "aan de Zenne",
    "De Vijvers",
    "op de Markt",
    "aan de Steenweg",
    "De Molen",
    "bij de Scholen",
]
HOURS = [
    [(time(9), time(12, 30)), (time(13, 30), time(17))],
    [(time(13), time(18))],
    [(time(9), time(16))],
    [(time(8, 30), time(12))],
]


def _text(rng, category, lang):
    synonyms = [s for s in getattr(category, f"synonyms_{lang}").splitlines() if s]
    picked = rng.sample(synonyms, k=min(3, len(synonyms)))
    intro = {"fr": "Nous proposons", "nl": "Wij bieden", "en": "We offer"}[lang]
    return f"{intro}: {', '.join(picked)}. {getattr(category, f'description_{lang}')}"


def _service(rng, index, organisation, categories):
    main = categories[0]
    place = rng.randrange(len(PLACES))
    service = Service(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        organisation=organisation,
        slug=f"bench-{index}",
        name_fr=f"{main.name_fr.split(' (')[0]} {PLACES[place]}",
        name_nl=f"{main.name_nl.split(' (')[0]} {PLACES_NL[place]}",
        description_fr=" ".join(_text(rng, c, "fr") for c in categories),
        description_nl=" ".join(_text(rng, c, "nl") for c in categories),
        free=rng.random() < 0.85,
        walk_in=rng.random() < 0.5,
        by_appointment=rng.random() < 0.5,
        area_served=rng.choices(["local", "commune", "region"], [80, 15, 5])[0],
        last_verified=timezone.localdate() - timedelta(days=rng.randrange(450)),
    )
    names = all_languages(service, "name") + all_languages(organisation, "name")
    words = [word for category in categories for word in derived.category_words(category)]
    service.search_document = derived.service_document(
        names, words, all_languages(service, "description")
    )
    service.search_categories = derived.category_list(c.slug for c in categories)
    return service


def _location(rng, service, quartier):
    jitter = lambda: Decimal(str(round(rng.uniform(-0.002, 0.002), 6)))  # noqa: E731
    return Location(
        id=uuid.UUID(int=rng.getrandbits(128), version=4),
        service=service,
        street_fr=f"Rue {PLACES[rng.randrange(len(PLACES))]} {rng.randrange(1, 200)}",
        street_nl=f"Straat {rng.randrange(1, 200)}",
        postcode=quartier.commune.postcodes[0],
        latitude=quartier.latitude + jitter(),
        longitude=quartier.longitude + jitter(),
        commune=quartier.commune,
        quartier=quartier,
        wheelchair_accessible=rng.random() < 0.4,
    )


@transaction.atomic
def seed_services(count, seed=1):
    """Adds `count` services (with organisations, locations, hours) and returns the total."""
    rng = random.Random(seed)
    categories = list(Category.objects.all())
    quartiers = list(Quartier.objects.filter(code__lt=700).select_related("commune"))
    if len(categories) < 21 or not quartiers:
        raise RuntimeError("Run `manage.py load_reference` first.")
    start = Service.objects.filter(slug__startswith="bench-").count()
    for offset in range(0, count, BATCH):
        size = min(BATCH, count - offset)
        organisations = [
            Organisation(
                name_fr=f"{rng.choice(ORG_WORDS_FR)} {rng.choice(PLACES)} {start + offset + i}",
                name_nl=f"{rng.choice(ORG_WORDS_NL)} {rng.choice(PLACES_NL)} {start + offset + i}",
                slug=f"bench-org-{start + offset + i}",
                is_demo=True,
            )
            for i in range(0, size, 5)
        ]
        Organisation.objects.bulk_create(organisations)
        services, links, locations, schedules, terms = [], [], [], [], set()
        for i in range(size):
            index = start + offset + i
            # Every category is used: the index walks through them, a second one at random.
            chosen = [categories[index % len(categories)]]
            if rng.random() < 0.3:
                chosen.append(rng.choice(categories))
            service = _service(rng, index, organisations[i // 5], chosen)
            services.append(service)
            terms.update(service.search_document.split())
            links += [Service.categories.through(service=service, category=c) for c in chosen]
            location = _location(rng, service, quartiers[index % len(quartiers)])
            service.latitude, service.longitude = derived.service_point([location])
            service.point_count = 1
            locations.append(location)
            for opens, closes in rng.choice(HOURS):
                schedules += [
                    Schedule(location=location, weekday=d, opens_at=opens, closes_at=closes)
                    for d in range(5)
                ]
        Service.objects.bulk_create(services)
        Service.categories.through.objects.bulk_create(links, ignore_conflicts=True)
        Location.objects.bulk_create(locations)
        Schedule.objects.bulk_create(schedules)
        derived.add_terms(terms)
    derived.refresh_reach()  # the quartiers each service covers, for the coverage page
    directory_changed()
    return Service.objects.count()
