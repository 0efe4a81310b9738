"""The tables of the demo data set, read once from fixtures/demo/*.yaml and checked.

streets.yaml, hours.yaml, services.yaml, organisations.yaml and workers.yaml say what the
demo data set is made of; loader.py and colleagues.py combine them. Each file is checked against
fixtures/demo/schema.yaml, and each name it uses (an offer, an hours profile, a category,
a quartier...) must exist, so that whoever edits a file by hand is told, in one line,
which file and which key are wrong.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.conf import settings
from jsonschema import Draft202012Validator, ValidationError, validators
from jsonschema.exceptions import best_match

from ..staff import vocabulary

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
FILES = ("streets", "hours", "services", "organisations", "workers")
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class DemoDataError(RuntimeError):
    """A demo data file is malformed; the message names the file and the key."""


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
    residents_only: bool = False  # its services are for its commune's residents only


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML's safe loader (in C when PyYAML has it), refusing a key written twice in a
    mapping: YAML would keep the last one and lose the first without a word."""

    def construct_mapping(self, node, deep=False):
        seen = set()
        for key, _ in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise yaml.constructor.ConstructorError(
                        problem=f"{key.value!r} is written twice", problem_mark=key.start_mark
                    )
                seen.add(key.value)
        return super().construct_mapping(node, deep)


def _load(path):
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_Loader)
    except (OSError, ValueError, yaml.YAMLError) as exc:  # no file, not UTF-8, not YAML
        mark = getattr(exc, "problem_mark", None)
        if mark is None:
            raise DemoDataError(f"{path}: {exc}") from None
        context = ""
        if exc.context and exc.context_mark:
            context = f" ({exc.context}, line {exc.context_mark.line + 1})"
        raise DemoDataError(f"{path}, line {mark.line + 1}: {exc.problem}{context}") from None


def _check(folder, tables, schema):
    """DemoDataError for the first value that does not fit the schema."""
    areas, taxonomy = (
        json.loads((FIXTURES / name).read_text(encoding="utf-8"))
        for name in ("brussels.json", "taxonomy.json")
    )

    def names(table, key):
        found = tables[table].get(key) if isinstance(tables[table], dict) else None
        return set(found) if isinstance(found, dict) else set()

    known = {
        "commune": {row["slug"] for row in areas["communes"]},
        "quartier": {row["code"] for row in areas["quartiers"]},
        "category": {row["slug"] for row in taxonomy["categories"]},
        "audience": {row["slug"] for row in taxonomy["audiences"]},
        "language": {row["code"] for row in taxonomy["languages"]},
        "hours profile": names("hours", "profiles"),
        "access mode": names("services", "access"),
        "offer": names("services", "offers"),
        "kind of organisation": names("organisations", "kinds"),
        "pool of names": names("organisations", "names"),
        "function": {function.key for function in vocabulary.functions()},
    }

    def is_known(validator, what, instance, subschema):
        if not isinstance(instance, str | int) or instance not in known[what]:
            yield ValidationError(f"{instance!r} is not a known {what}")

    validator = validators.extend(Draft202012Validator, {"known": is_known})(schema)
    error = best_match(validator.iter_errors(tables))
    if error:
        table, *path = error.absolute_path
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)
        where = f" {where.removeprefix('.')}:" if where else ""
        described = isinstance(error.schema, dict) and "description" in error.schema
        hint = f"; {error.schema['description']}" if described else ""
        raise DemoDataError(f"{folder / table}.yaml:{where} {error.message}{hint}")


def _tuples(value):
    """Lists as tuples and {fr, nl, en} texts as (FR, NL, EN) tuples, as loader.py reads them."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    if isinstance(value, dict) and value.keys() == {"fr", "nl", "en"}:
        return (value["fr"], value["nl"], value["en"])
    if isinstance(value, dict):
        return {key: _tuples(item) for key, item in value.items()}
    return value


def read(folder=FIXTURES / "demo"):
    """{file name: table}, from the files in `folder`; DemoDataError if one is malformed."""
    tables = {name: _load(folder / f"{name}.yaml") for name in FILES}
    _check(folder, tables, _load(folder / "schema.yaml"))
    return {name: _tuples(table) for name, table in tables.items()}


# The tables as loader.py reads them.
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
    mode: {
        "walk_in": row["walk_in"],
        "by_appointment": row["by_appointment"],
        "remote_only": row.get("remote_only", False),
    }
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
WORKERS = _tables["workers"]
