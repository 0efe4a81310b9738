"""The distinct URLs of bench/load.py's mixes: what many residents send at once.

A shared page cache helps one URL hammered; residents in a crisis each send their own
words and postcode. Each mix is a list of distinct paths, the same on every run (a fixed
seed over the directory's own names, postcodes and slugs), that wrk draws from at random.
"""

import random
from dataclasses import dataclass
from urllib.parse import urlencode

SEED = 18
# What residents type, as they type it: accents left out, typos, one word or three.
WORDS = {
    "fr": [
        "colis alimentaire", "banque alimentaire", "épicerie sociale", "restaurant social",
        "logement", "logment", "expulsion", "loyer", "médecin", "medecin generaliste",
        "maison médicale", "dentiste", "psychologue", "santé mentale", "avocat gratuit",
        "aide juridique", "dettes", "facture energie", "cpas", "aide administrative",
        "cours de français", "alphabétisation", "école de devoirs", "aide aux devoirs",
        "violence conjugale", "sans papiers", "demande d'asile", "douche", "vestiaire",
        "sans abri", "emploi", "formation", "ordinateur", "internet", "crèche",
        "handicap", "seniors", "jeunes", "drogue", "permanence sociale",
    ],
    "nl": [
        "voedselpakket", "voedselbank", "sociale kruidenier", "huisvesting", "huur",
        "dokter", "huisarts", "wijkgezondheidscentrum", "tandarts", "psycholoog",
        "advocaat", "juridische hulp", "schulden", "energiefactuur", "ocmw",
        "nederlandse les", "huiswerkbegeleiding", "partnergeweld", "dakloos", "douche",
        "werk zoeken", "opleiding", "computer", "kinderopvang", "senioren",
        "jongeren", "verslaving", "papieren", "asielaanvraag", "sociale dienst",
    ],
    "en": [
        "food bank", "food parcel", "free meal", "housing", "rent", "doctor", "dentist",
        "mental health", "lawyer", "legal aid", "debt", "energy bill", "french classes",
        "dutch classes", "homework help", "domestic violence", "homeless", "shower",
        "job", "training", "computer help", "childcare", "disability", "undocumented",
        "asylum", "addiction", "social worker", "paperwork",
    ],
}  # fmt: skip
FLAGS = ["free", "open_now", "walk_in", "accessible"]
SPOKEN = ["ar", "en", "es", "tr", "pt", "ro", "pl"]
LANGUAGES = ["fr", "nl", "en"]


@dataclass(frozen=True)
class Directory:
    """What the mixes are drawn from: the directory's own names and slugs, sorted."""

    localities: list  # directory.localities.Locality
    categories: list  # slugs
    audiences: list  # slugs
    taxonomy_term_ids: list  # the HSDS ids of the categories
    services: list  # slugs of public services, spread over the whole table


def _search_params(rng, directory, language):
    """One resident's search: words in their language, where they are, now and then a
    filter or the next page."""
    params = {}
    if rng.random() < 0.9:
        params["q"] = rng.choice(WORDS[language])
    where = rng.random()
    locality = rng.choice(directory.localities)
    if where < 0.4:
        params["near"] = locality.code
    elif where < 0.7:
        names = [locality.name(language), *locality.also]
        params["near"] = rng.choice(names)
    if not params:
        params["near"] = locality.code
    if rng.random() < 0.3:
        kind = rng.choice(["category", "audience", "language", "flag"])
        if kind == "category":
            params["category"] = rng.choice(directory.categories)
        elif kind == "audience":
            params["audience"] = rng.choice(directory.audiences)
        elif kind == "language":
            params["language"] = rng.choice(SPOKEN)
        else:
            params[rng.choice(FLAGS)] = "on"
    if rng.random() < 0.2:
        params["page"] = "2"
    return params


def _distinct(size, draw):
    """`size` distinct paths from `draw()`, in the order first drawn."""
    paths = {}
    for _ in range(size * 50):
        paths.setdefault(draw(), None)
        if len(paths) == size:
            return list(paths)
    raise ValueError(f"only {len(paths)} distinct paths, {size} asked")


def search_mix(directory, size):
    rng = random.Random(SEED)

    def draw():
        language = rng.choices(LANGUAGES, [50, 35, 15])[0]
        return f"/{language}/services/?{urlencode(_search_params(rng, directory, language))}"

    return _distinct(size, draw)


def api_mix(directory, size):
    rng = random.Random(SEED + 1)

    def draw():
        params = {}
        if rng.random() < 0.7:
            params["search"] = rng.choice(WORDS[rng.choice(LANGUAGES)])
        if rng.random() < 0.4:
            params["taxonomy_term_id"] = rng.choice(directory.taxonomy_term_ids)
        if rng.random() < 0.5:
            params["postcode"] = rng.choice(directory.localities).code
        if rng.random() < 0.3:
            params["page"] = str(rng.randint(2, 4))
        return f"/api/v1/services?{urlencode(params)}" if params else "/api/v1/services"

    return _distinct(size, draw)


def home_mix():
    return [f"/{language}/" for language in LANGUAGES]


def service_mix(directory, size):
    rng = random.Random(SEED + 2)
    slugs = directory.services[:size]
    return [f"/{rng.choice(LANGUAGES)}/services/{slug}/" for slug in slugs]


def mixes(directory, size):
    """Each mix's name and distinct paths."""
    return {
        "search mix": search_mix(directory, size),
        "API mix": api_mix(directory, size),
        "home pages": home_mix(),
        "service pages": service_mix(directory, size),
    }
