"""Checks that an imported record is an HSDS 3.0 service, fast enough for 100 000 of them.

The official compiled schema ships with the app (`directory/hsds/schemas/`, CC BY-SA,
credited there), so every installation checks files exactly as the tests do.

`jsonschema` takes about 3 ms per service, so the schema is first turned into plain
Python checks (it only uses `type`, `properties`, `items`, `required`, `enum` and
`format`), and `jsonschema` is asked only to explain a record that fails them.
"""

import json
import re
from functools import lru_cache
from pathlib import Path

from django.utils.translation import gettext_noop
from jsonschema import Draft202012Validator
from jsonschema.exceptions import best_match

from .messages import message

FORMATS = Draft202012Validator.FORMAT_CHECKER
MESSAGE_LENGTH = 300
# Keywords that describe without constraining: the compiler skips them.
ANNOTATIONS = {
    "$schema", "$id", "name", "title", "description", "example", "core", "constraints",
    "path", "datapackage_metadata", "datapackage_type", "tabular_required",
}  # fmt: skip
TYPES = {
    "string": lambda v: isinstance(v, str),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}

# Fast paths for common formats; anything they reject goes to jsonschema's own checker.
_UUID_RE = re.compile(
    r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
)
FAST_FORMATS = {"uuid": _UUID_RE.fullmatch, "email": lambda v: "@" in v}


def _format_check(name):
    if name not in FORMATS.checkers:
        return None  # a format jsonschema does not check (uri, date-time ...) is an annotation
    fast = FAST_FORMATS.get(name)
    if fast is None:
        return lambda v: FORMATS.conforms(v, name)
    return lambda v: bool(fast(v)) or FORMATS.conforms(v, name)


def _leaf(schema):
    """ "string", "number" or "uuid" for the plain leaves checked inline by their parent."""
    keys = set(schema) - ANNOTATIONS
    if schema.get("type") == "string" and keys == {"type"}:
        return "string"
    if schema.get("type") == "number" and keys == {"type"}:
        return "number"
    if schema.get("type") == "string" and keys == {"type", "format"} and schema["format"] == "uuid":
        return "uuid"
    return None


def _is_uuid(value):
    return isinstance(value, str) and (_UUID_RE.fullmatch(value) or FORMATS.conforms(value, "uuid"))


def compile_schema(schema):
    """A function `check(instance) -> bool` that accepts exactly what the schema accepts.

    Raises ValueError on a keyword it does not know, rather than ignoring a constraint.
    Plain leaves (a string, a number, a uuid) are checked inline by their parent, since
    they are most of the nodes and a call per node doubles the time.
    """
    unknown = set(schema) - ANNOTATIONS - {"type", "properties", "items", "required", "enum"}
    if unknown - {"format"}:
        raise ValueError(f"unsupported schema keywords: {sorted(unknown - {'format'})}")
    names = schema.get("type", [])
    tests = [TYPES[name] for name in (names if isinstance(names, list) else [names])]
    type_ok = tests[0] if len(tests) == 1 else (lambda v: any(t(v) for t in tests))
    if not tests:
        type_ok = None
    allowed = None
    if "enum" in schema:
        if not all(isinstance(value, str) for value in schema["enum"]):
            raise ValueError("only enums of strings are supported")
        allowed = frozenset(schema["enum"])
    format_ok = _format_check(schema["format"]) if isinstance(schema.get("format"), str) else None
    required = tuple(schema.get("required", ()))
    properties = schema.get("properties", {})
    leaves = {key: _leaf(sub) for key, sub in properties.items()}
    strings = frozenset(key for key, kind in leaves.items() if kind == "string")
    numbers = frozenset(key for key, kind in leaves.items() if kind == "number")
    uuids = frozenset(key for key, kind in leaves.items() if kind == "uuid")
    others = {key: compile_schema(sub) for key, sub in properties.items() if not leaves[key]}
    items = schema.get("items")
    item_ok = compile_schema(items) if isinstance(items, dict) else None

    def check(value):
        if type_ok is not None and not type_ok(value):
            return False
        if isinstance(value, str):
            if allowed is not None and value not in allowed:
                return False
            return format_ok is None or format_ok(value)
        if allowed is not None:
            return False
        if isinstance(value, dict):
            for key in required:
                if key not in value:
                    return False
            for key, item in value.items():
                if key in strings:
                    if not isinstance(item, str):
                        return False
                elif key in uuids:
                    if not _is_uuid(item):
                        return False
                elif key in numbers:
                    if not isinstance(item, int | float) or isinstance(item, bool):
                        return False
                elif (sub := others.get(key)) is not None and not sub(item):
                    return False
        elif item_ok is not None and isinstance(value, list):
            for item in value:
                if not item_ok(item):
                    return False
        return True

    return check


def field_path(parts):
    """["service_at_locations", 0, "location"] -> "service_at_locations[0].location"."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".")


class ServiceSchema:
    """Validates records against one schema: `errors(record)` -> [(field, message)]."""

    def __init__(self, schema, source):
        self.source = source
        self.check = compile_schema(schema)
        self.validator = Draft202012Validator(schema, format_checker=FORMATS)

    def errors(self, record):
        if self.check(record):
            return []
        error = best_match(self.validator.iter_errors(record))
        if error is None:  # cannot happen if the compiler is right; be explicit anyway
            return [("", message(gettext_noop("ne correspond pas au schéma HSDS des services")))]
        text = error.message  # quotes the value, which may be a megabyte long
        if len(text) > MESSAGE_LENGTH:  # the middle goes: it is in the value
            text = f"{text[: MESSAGE_LENGTH - 101]}…{text[-100:]}"
        return [(field_path(error.absolute_path), text)]


OFFICIAL_SERVICE_SCHEMA = Path(__file__).resolve().parent / "schemas/compiled/service.json"


@lru_cache(maxsize=1)
def service_schema():
    """The official compiled HSDS 3.0 service schema, shipped with the app."""
    schema = json.loads(OFFICIAL_SERVICE_SCHEMA.read_text("utf-8"))
    return ServiceSchema(schema, message(gettext_noop("le schéma officiel HSDS 3.0")))
