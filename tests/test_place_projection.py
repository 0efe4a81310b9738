"""Places are read through their public projection (directory/places.py), and only so.

A lint over directory/ and templates/: outside the few modules allowed below, no code
reads a place's own columns (street, postcode, point, name, quartier) or its
`address_hidden` flag; it reads `location.public` (a PublicPlace) or the SQL lookups of
`places`. So a future view or template that prints `location.street` fails here before
it can show a refuge's street. It follows names, not types (`location`, `loc`,
`locations`, what `.locations` or `Location.objects` return), so it is a lint, not a
proof: tests/test_confidential_twins.py is the proof.
"""

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Where a place's own columns may be read, and why. Keep it short.
ALLOWED = {
    # The model and its projection: the projection is built from the columns here.
    "directory/models/locations.py": "defines Location; save() locates a place from its own point",
    "directory/places.py": "the public projection itself",
    # Coordinators see and edit every column of a place.
    "directory/admin/listings.py": "the admin",
    "directory/admin/places.py": "the admin",
    # The HSDS importer reads files into places' columns and locates them.
    "directory/hsds/apply.py": "the importer",
    "directory/hsds/apply_places.py": "the importer",
    "directory/hsds/reverse.py": "the importer",
    "directory/hsds/reverse_locations.py": "the importer",
    # Looks for a refuge's street and point in an export, so it must know them.
    "directory/hsds/integrity.py": "the integrity check",
    # Recomputes every place's commune and quartier from its point after an import of
    # boundaries: geometry, as geo.py.
    "directory/boundaries.py": "geometry",
    # Locates each place from its own point and postcode as it is written, and all of
    # them after boundaries change; the service's point goes through places.sort_point.
    "directory/derived/": "geometry",
    # The schema's history.
    "directory/migrations/": "migrations",
}

# Names only a place has: never read outside ALLOWED, whatever holds them.
PLACE_ONLY = {"street", "street_fr", "street_nl", "postcode", "address_hidden"}
# Names a place shares with other objects (a commune's centre, a service's name): read
# on something that is a place (Location) they are its own, secret for a refuge.
SHARED = {"latitude", "longitude", "lat", "lon", "has_point", "name", "quartier", "quartier_id"}
COLUMNS = PLACE_ONLY | SHARED
# A variable, parameter or function named so holds or returns places.
PLACE_NAME = re.compile(r"(^|_)(loc|location|locations)($|_)")
# Query methods: on places, their arguments name columns (filter(latitude=...)).
QUERY_METHODS = {
    "filter",
    "exclude",
    "get",
    "values",
    "values_list",
    "only",
    "defer",
    "order_by",
    "annotate",
    "alias",
    "aggregate",
    "distinct",
    "in_bulk",
    "with_location",
}
# Relations that lead from a service (or anything) to its places in a lookup string.
RELATED = re.compile(r"(^|__)locations?__(\w+)")


def related(lookup):
    """Does a lookup ("service__locations__postcode") reach a place's own column?"""
    return any(match.group(2) in COLUMNS for match in RELATED.finditer(lookup))


def is_allowed(path):
    return any(path == name or name.endswith("/") and path.startswith(name) for name in ALLOWED)


def source_files(folder, suffix):
    for path in sorted((ROOT / folder).rglob(f"*{suffix}")):
        relative = path.relative_to(ROOT).as_posix()
        if not is_allowed(relative):
            yield relative, path.read_text("utf-8")


class PlaceReads(ast.NodeVisitor):
    """Collects (line, what) for every read of a place's own column in one module."""

    def __init__(self, tree):
        self.found = []
        self.places = self._place_names(tree)

    def _place_names(self, tree):
        """Names bound to places in the module (scopes aside, as a lint may): by their
        name, or assigned from an expression that holds places."""
        names = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.arg) and PLACE_NAME.search(node.arg):
                names.add(node.arg)
        changed = True
        while changed:
            changed = False
            for node in ast.walk(tree):
                pairs = []
                if isinstance(node, ast.Assign):
                    pairs = [(target, node.value) for target in node.targets]
                elif isinstance(node, ast.For | ast.comprehension):
                    pairs = [(node.target, node.iter)]
                elif isinstance(node, ast.NamedExpr | ast.AnnAssign) and node.value:
                    pairs = [(node.target, node.value)]
                for target, value in pairs:
                    if isinstance(target, ast.Name) and target.id not in names:
                        if PLACE_NAME.search(target.id) or self._is_place(value, names):
                            names.add(target.id)
                            changed = True
        return names

    def _is_place(self, node, names=None):
        """Does this expression hold places (a Location, or a queryset or list of them)?"""
        names = self.places if names is None else names
        if isinstance(node, ast.Name):
            return node.id in names or node.id == "Location" or bool(PLACE_NAME.search(node.id))
        if isinstance(node, ast.Attribute):
            if node.attr in ("location", "locations"):
                return True
            if node.attr in QUERY_METHODS | {"objects", "all", "first", "last", "iterator"}:
                return self._is_place(node.value, names)
            return False
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in ("next", "iter", "list", "min", "max"):
                return any(self._is_place(arg, names) for arg in node.args)
            return self._is_place(func, names)
        if isinstance(node, ast.Subscript):
            return self._is_place(node.value, names)
        return False

    def visit_Attribute(self, node):
        read = isinstance(node.ctx, ast.Load)  # writing a place's columns tells nobody
        if read and (node.attr in PLACE_ONLY or node.attr in SHARED and self._is_place(node.value)):
            self.found.append((node.lineno, f".{node.attr}"))
        self.generic_visit(node)

    def visit_Call(self, node):
        func = node.func
        writes = isinstance(func, ast.Name) and func.id == "Location"
        if writes or getattr(func, "attr", "") in ("create", "update"):
            self.generic_visit(node)  # a write: its keywords are values, not lookups
            return
        on_places = (
            isinstance(func, ast.Attribute)
            and func.attr in QUERY_METHODS
            and self._is_place(func.value)
        )
        for keyword in node.keywords:
            lookup = keyword.arg or ""
            column = lookup.split("__")[0]
            if column in PLACE_ONLY or on_places and column in COLUMNS or related(lookup):
                self.found.append((node.lineno, f"{lookup}="))
        if on_places:
            for arg in node.args:
                if isinstance(arg, ast.Constant) and str(arg.value).split("__")[0] in COLUMNS:
                    self.found.append((node.lineno, repr(arg.value)))
        self.generic_visit(node)

    def visit_Constant(self, node):
        if isinstance(node.value, str) and related(node.value):
            self.found.append((node.lineno, repr(node.value)))


def python_reads(source):
    tree = ast.parse(source)
    visitor = PlaceReads(tree)
    visitor.visit(tree)
    return sorted(set(visitor.found))


# In templates: a variable path through a place, or a name only places have.
TEMPLATE_TAG = re.compile(r"{{.*?}}|{%.*?%}", re.S)
TEMPLATE_PATH = re.compile(r"[A-Za-z_][\w]*(?:\.\w+)+|\b[A-Za-z_]\w*\b")


def template_reads(source):
    found = []
    for tag in TEMPLATE_TAG.finditer(source):
        line = source.count("\n", 0, tag.start()) + 1
        text = re.sub(r"\"[^\"]*\"|'[^']*'", "", tag.group())  # not inside strings
        for path in TEMPLATE_PATH.findall(text):
            parts = path.split(".")
            through_place = any(PLACE_NAME.search(part) for part in parts)
            if through_place or PLACE_ONLY & set(parts[1:]):
                found.append((line, path))
    return found


def violations():
    found = []
    for path, source in source_files("directory", ".py"):
        found += [f"{path}:{line}: reads {what}" for line, what in python_reads(source)]
    for path, source in source_files("templates", ".html"):
        found += [f"{path}:{line}: reads {what}" for line, what in template_reads(source)]
    return found


def test_only_the_projection_reads_a_places_own_columns():
    assert violations() == []


def test_the_lint_finds_the_reads_it_is_meant_to_find():
    leaks = python_reads(
        "def card(service, place):\n"
        "    location = service.nearest_place(place)\n"
        "    first = service.locations.first()\n"
        "    rows = Location.objects.filter(address_hidden=True).values_list('latitude')\n"
        "    ids = Service.objects.filter(locations__postcode='1080')\n"
        "    names = [loc.name for loc in service.locations.all()]\n"
        "    return location.street, first.quartier, first.public.name, place.lat\n"
    )
    assert [what for _, what in leaks] == [
        "'latitude'",
        "address_hidden=",
        "locations__postcode=",
        ".name",
        ".quartier",
        ".street",
    ]
    assert python_reads("Location(street_fr='Rue 1')\nlocation.street_nl = 'Straat 1'\n") == []
    assert template_reads('{% include "a.html" with place=card.place %}{{ place.name }}') == []
    assert [path for _, path in template_reads("{{ card.location.name }}{{ x.postcode }}")] == [
        "card.location.name",
        "x.postcode",
    ]
    assert template_reads("{% for location in service.locations.all %}") != []
