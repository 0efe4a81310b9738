"""The tables of the demo data set, read once from fixtures/demo/*.yaml.

streets.yaml, hours.yaml, services.yaml and organisations.yaml say what the demo data set
is made of; directory/demo.py combines them.
"""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
FILES = ("streets", "hours", "services", "organisations")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Offer:
    """A kind of service (services.yaml, `offers`). Texts are (FR, NL, EN)."""

    category: str
    name: tuple
    text: tuple
    hours: tuple = ("office",)
    access: tuple = ("walk_in", "both")
    audiences: tuple = ("tout-public",)
    also: str = ""  # a second category
    fees: tuple = ()
    bring: tuple = ()
    area: str = ""  # "" means the neighbourhood, sometimes the whole commune
    languages: tuple = ()  # more languages this kind of service often speaks
    hidden_address: bool = False  # a confidential place: no street, no point


@dataclass(frozen=True)
class OrgKind:
    """A kind of organisation (organisations.yaml, `kinds`)."""

    name: tuple  # FR, NL, EN patterns with {name} (a fictional name) and {commune}
    text: tuple  # FR, NL, EN patterns with {commune} and {de_commune}
    offers: tuple  # each organisation takes the next ones, so they differ
    count: int = 0  # 0: one per commune
    services: tuple = (2, 3)  # fewest and most services per organisation
    core: str = ""  # an offer every organisation of the kind runs
    names: str = "general"  # the pool of fictional names
    one_commune: bool = False  # all its places are in its home commune


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # in C when PyYAML has it


def _tuples(value):
    """Lists as tuples and {fr, nl, en} texts as (FR, NL, EN) tuples, as demo.py reads them."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict) and value.keys() == {"fr", "nl", "en"}:
        return (value["fr"], value["nl"], value["en"])
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    return value


def read(folder=FIXTURES / "demo"):
    """{file name: table}, from the files in `folder`."""
    tables = {}
    for name in FILES:
        with (folder / f"{name}.yaml").open(encoding="utf-8") as stream:
            tables[name] = _tuples(yaml.load(stream, Loader=_LOADER))
    return tables


# The tables as directory/demo.py reads them.
_tables = read()
STREETS = _tables["streets"]
HOURS = {
    profile: [(tuple(map(DAYS.index, s["days"])), s["opens"], s["closes"]) for s in slots]
    for profile, slots in _tables["hours"]["profiles"].items()
}
BRANCH_HOURS = _tables["hours"]["branch"]
NEVER_CLOSED = frozenset(_tables["hours"]["never_closed"])
HOLIDAY_REASON = _tables["hours"]["exceptions"]["holiday"]
TRAINING_REASON = _tables["hours"]["exceptions"]["training"]
WORKS_REASON = _tables["hours"]["exceptions"]["works"]
ACCESS_TEXT = {mode: row["text"] for mode, row in _tables["services"]["access"].items()}
ACCESS_FLAGS = {
    mode: (row["walk_in"], row["by_appointment"])
    for mode, row in _tables["services"]["access"].items()
}
AREA_TEXT = _tables["services"]["area"]
LOCAL_LANGUAGES = _tables["services"]["languages"]["by_commune"]
COMMON_LANGUAGES = _tables["services"]["languages"]["common"]
MOBILE_PREFIXES = _tables["services"]["mobile_prefixes"]
OFFERS = {key: Offer(**row) for key, row in _tables["services"]["offers"].items()}
KINDS = {key: OrgKind(**row) for key, row in _tables["organisations"]["kinds"].items()}
PINNED_HOMES = _tables["organisations"]["pinned_homes"]
NAMES = _tables["organisations"]["names"]
