"""The colleague layer of the demo data set: fictional social workers in the demo
organisations, and the partnerships between those organisations (fixtures/demo/workers.yaml).

Each worker is flagged `is_demo`, their name ends in "(démo)", and their account cannot
log in; `remove_colleagues` erases them, their accounts and every past version of their
profiles. Part of `load_demo` (loader.py), with its own seed: the services stay the same
whatever changes here.
"""

import random
from dataclasses import dataclass, field
from datetime import time, timedelta
from itertools import cycle

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.utils import timezone
from django.utils.text import slugify

from .. import derived
from ..models import Location, Partnership, PresenceSlot, Worker
from ..models.areas import PLACE_AREAS, PLACE_AREAS_GEOMETRY
from ..models.staff import erase_workers
from ..staff import vocabulary
from .data import LOCAL_LANGUAGES, WORKERS

SEED = 1080
DEMO_MARK = " (démo)"
WRITTEN_IN = ("fr", "nl", "en")  # the order of `writes` and of texts in workers.yaml
SHARE_LOCAL_LANGUAGE = 0.4
SHARE_EXTRA_QUARTIER = 0.3
SHARE_WITHOUT_EMAIL = 0.2
SHARE_WITH_PERMANENCE = 0.5
PERMANENCE_STARTS = (9, 10, 13, 14)  # hours; each permanence lasts two


@dataclass
class Home:
    """A demo organisation, as its workers and partnerships need it."""

    organisation: object
    kind: str  # its key in organisations.yaml
    commune: object
    quartiers: list  # ids of the quartiers of its places in its commune
    colleagues: list = field(default_factory=list)


@dataclass
class Colleague:
    """A demo worker about to be created, with what goes in other tables."""

    worker: Worker
    home: Home
    username: str
    languages: list  # Language rows
    quartiers: list  # ids


@dataclass
class Context:
    """What every worker is made from."""

    ref: object
    now: object
    quartiers_of: dict  # commune id -> its quartiers' ids
    consents: object  # the consent states of workers.yaml, in turn
    functions_shown: set = field(default_factory=set)


def remove_colleagues():
    """Erases the demo workers, their accounts and every past version of their profiles.
    The demo partnerships go with the demo organisations."""
    demo = Worker.objects.filter(is_demo=True)
    accounts = list(demo.values_list("user_id", flat=True))
    erase_workers(demo)
    get_user_model().objects.filter(pk__in=accounts).delete()


def _names(rng):
    """Endless distinct (gender, first name, family name), in a shuffled order."""
    people = [
        (gender, first, last)
        for gender, firsts in WORKERS["first_names"].items()
        for first in firsts
        for last in WORKERS["last_names"]
    ]
    rng.shuffle(people)
    return iter(people)


def _languages(rng, index, writes, commune, ref):
    """The language they write in, often French or Dutch too, one of `more_languages` in
    turn, and sometimes a language common in their commune."""
    spoken = [writes]
    if writes == "en" or rng.random() < 0.5:
        spoken.append({"fr": "nl", "nl": "fr"}.get(writes) or rng.choice(["fr", "nl"]))
    more = WORKERS["more_languages"]
    spoken.append(more[index % len(more)])
    local = LOCAL_LANGUAGES.get(commune.slug, ())
    if local and rng.random() < SHARE_LOCAL_LANGUAGE:
        spoken.append(rng.choice(local))
    return [ref.languages[code] for code in dict.fromkeys(spoken)]


def _consent(worker, state, rng, now):
    worker.consent_given_at = (
        None if state == "withdrawn" else now - timedelta(days=rng.randint(3, 700))
    )
    worker.hidden = state == "hidden"
    if state == "deletion_requested":
        worker.deletion_requested_at = now - timedelta(days=rng.randint(0, 6))


def _colleague(rng, index, home, function_key, person, context):
    ref, now, quartiers_of = context.ref, context.now, context.quartiers_of
    gender, first, last = person
    writes = rng.choices(WRITTEN_IN, weights=WORKERS["writes"])[0]
    at = WRITTEN_IN.index(writes)
    function = next(f for f in vocabulary.functions() if f.key == function_key)
    form = function.names[writes][0 if gender == "m" else 1]
    domain = home.organisation.email.rpartition("@")[2]
    help_with = WORKERS["help"].get(function_key)
    worker = Worker(
        name=f"{first} {last}{DEMO_MARK}",
        function=form[0].upper() + form[1:],
        phone=f"{WORKERS['phone_prefix']}{index // 100} {index % 100:02d}",
        email=""
        if rng.random() < SHARE_WITHOUT_EMAIL
        else f"{slugify(first)}.{slugify(last)}@{domain}",
        can_help_with=help_with[at] if help_with else "",
        availability=rng.choice(WORKERS["availability"])[at],
        is_demo=True,
    )
    # The first worker of each function is always visible, so colleagues find them all.
    state = next(context.consents) if function_key in context.functions_shown else "given"
    context.functions_shown.add(function_key)
    _consent(worker, state, rng, now)
    places = home.quartiers[: rng.randint(1, 2)]
    others = [pk for pk in quartiers_of[home.commune.pk] if pk not in places]
    if others and rng.random() < SHARE_EXTRA_QUARTIER:
        places.append(rng.choice(others))
    return Colleague(
        worker=worker,
        home=home,
        username=f"demo-{slugify(first)}-{slugify(last)}",
        languages=_languages(rng, index, writes, home.commune, ref),
        quartiers=places,
    )


def _colleagues(rng, homes, ref, now):
    """Each organisation's workers, whose functions are the next ones of its kind."""
    quartiers_of = {}
    for quartier in sorted(ref.quartiers.values(), key=lambda q: q.code):
        quartiers_of.setdefault(quartier.commune_id, []).append(quartier.pk)
    staff = {
        kind: (cycle(row["functions"]), row.get("count", 1))
        for kind, row in WORKERS["staff"].items()
    }
    context = Context(ref, now, quartiers_of, cycle(WORKERS["consent"]))
    people, made = _names(rng), []
    for home in homes:
        functions, count = staff.get(home.kind, (None, 0))
        for _ in range(count):
            colleague = _colleague(rng, len(made), home, next(functions), next(people), context)
            home.colleagues.append(colleague)
            made.append(colleague)
    return made


def _partnerships(rng, homes, today):
    """Partnerships by the rules of workers.yaml; a worker of the partner then also works
    in a quartier of the organisation, so each link shows on a quartier's network page."""
    by_kind = {}
    for home in homes:
        by_kind.setdefault(home.kind, []).append(home)
    made, seen = [], set()
    for rule in WORKERS["partnerships"]:
        for home in by_kind.get(rule["from"], ()):
            partners = [h for h in by_kind.get(rule["to"], ()) if h is not home]
            near = [h for h in partners if h.commune == home.commune]
            far = [h for h in partners if h.commune != home.commune]
            pool = {"commune": near, "near": near or far, "elsewhere": far}[rule["where"]]
            if not pool:
                continue
            partner = rng.choice(pool)
            key = (home.organisation.pk, partner.organisation.pk, rule["kind"])
            if key in seen:
                continue
            seen.add(key)
            made.append(
                Partnership(
                    from_organisation=home.organisation,
                    to_organisation=partner.organisation,
                    kind=rule["kind"],
                    note=rule.get("note", ""),
                    start_date=today - timedelta(days=rng.randint(60, 1800)),
                )
            )
            if partner.colleagues and home.quartiers:
                present = partner.colleagues[len(made) % len(partner.colleagues)]
                present.quartiers = list(dict.fromkeys([*present.quartiers, home.quartiers[0]]))
    return made


def load_colleagues(homes, ref):
    """Creates the demo workers (with accounts that cannot log in) and the partnerships
    of `homes` ([Home]); their search texts are marked for `derived.flush`. Returns
    (workers, partnerships)."""
    rng = random.Random(SEED)
    now = timezone.now()
    colleagues = _colleagues(rng, homes, ref, now)
    partnerships = _partnerships(rng, homes, now.date())
    User = get_user_model()
    no_login = make_password(None)
    users = User.objects.bulk_create(
        [User(username=c.username, password=no_login) for c in colleagues]
    )
    for colleague, user in zip(colleagues, users, strict=True):
        colleague.worker.user = user
    workers = Worker.objects.bulk_create([c.worker for c in colleagues])
    links = (
        (Worker.organisations.through, "organisation_id", lambda c: [c.home.organisation.pk]),
        (Worker.quartiers.through, "quartier_id", lambda c: c.quartiers),
        (Worker.languages.through, "language_id", lambda c: [lang.pk for lang in c.languages]),
    )
    for through, column, ids in links:
        through.objects.bulk_create(
            [through(worker_id=c.worker.pk, **{column: pk}) for c in colleagues for pk in ids(c)]
        )
    Partnership.objects.bulk_create(partnerships)
    Partnership.history.bulk_history_create(partnerships)
    PresenceSlot.objects.bulk_create(_permanences(rng, colleagues))
    derived.mark("workers", [w.pk for w in workers])
    return workers, partnerships


def _permanences(rng, colleagues):
    """A weekly permanence for half the workers, at a public place of their organisation,
    so that the quartier pages show who is present where this week."""
    places = {}
    located = Location.objects.filter(service__is_active=True).select_related(
        "service", *PLACE_AREAS
    )
    for location in located.defer(*PLACE_AREAS_GEOMETRY).order_by("pk"):
        if not location.public.hidden:
            places.setdefault(location.service.organisation_id, location)
    slots = []
    for colleague in colleagues:
        place = places.get(colleague.home.organisation.pk)
        if place is None or rng.random() > SHARE_WITH_PERMANENCE:
            continue
        start = rng.choice(PERMANENCE_STARTS)
        slots.append(
            PresenceSlot(
                worker=colleague.worker,
                role=colleague.worker.function,
                organisation=colleague.home.organisation,
                service=place.service,
                location=place,
                weekday=rng.randrange(5),
                starts_at=time(start),
                ends_at=time(start + 2),
            )
        )
    return slots
