"""What an import changes, in words a coordinator reads: the preview, the command's summary.

The applier (apply.py) tells a `ChangeLog` what it writes, row by row, in raw values;
this module names them: field labels, category, audience and language names, phone
numbers, places by their name and address, hours as "lundi 09:00–12:30". Only the
first SAMPLE_SIZE listings are described in full; removals are counted everywhere and
described up to MAX_REMOVALS, so a big import spends little on words.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    GEOMETRY_FIELDS,
    Category,
    Commune,
    Location,
    Organisation,
    Phone,
    Quartier,
    Schedule,
    Service,
)
from ..translation import FALLBACKS

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
ACTIONS = {
    ADDED: gettext_lazy("ajout"),
    CHANGED: gettext_lazy("modification"),
    REMOVED: gettext_lazy("suppression"),
}
SAMPLE_SIZE = 50
MAX_REMOVALS = 500
TEXT_SHOWN = 150  # characters of a long text shown, before and after
# Columns the import computes: they say nothing a coordinator typed.
UNSHOWN = {"id", "slug", "created", "modified", "search_document", "search_categories"}
UNSHOWN_OF = {Service: {"latitude", "longitude", "point_count"}, Location: {"service_id"}}


@dataclass(frozen=True)
class Change:
    """One thing added, changed or removed: `what` in words, the values as shown."""

    action: str  # ADDED, CHANGED or REMOVED
    what: str
    old: str = ""
    new: str = ""

    @property
    def removal(self):
        return self.action == REMOVED

    @property
    def label(self):
        return ACTIONS[self.action]

    def __str__(self):
        if self.action == ADDED:
            return f"{self.what}: + {self.new}"
        if self.action == REMOVED:
            return f"{self.what}: - {self.old}" + (f" ({self.new})" if self.new else "")
        return f"{self.what}: {self.old or '∅'} → {self.new or '∅'}"


@dataclass
class Listing:
    """A service or an organisation that an import creates or updates, and how."""

    model: str  # its verbose name: "service", "organisation"
    created: bool
    id: object
    name: str
    changes: list = field(default_factory=list)


def _action(old, new):
    return REMOVED if old and not new else ADDED if new and not old else CHANGED


def hours_text(slots):
    """Weekly hours in words: "lundi 09:00–12:30, jeudi 09:00–12:30"."""
    days = dict(Schedule.Weekday.choices)
    return ", ".join(
        f"{days[day]} {opens:%H:%M}–{closes:%H:%M}" for day, opens, closes, *_ in slots
    )


def phone_text(phone):
    """(number, kind, note) in words: "0470 12 34 56 – SMS – le matin"."""
    number, kind, note = phone[:3]
    kind = "" if kind == Phone.Kind.VOICE else str(Phone.Kind(kind).label)
    return " – ".join(filter(None, [number, kind, note]))


class ChangeLog:
    """The listings an import writes (a sample, in full) and every removal (counted)."""

    def __init__(self, vocabulary, lang):
        self.lang = lang
        self.listings, self.removals, self.removal_count = [], [], 0
        self.sampled = {}  # id -> Listing of the sample
        self.names = {
            Category: {c.pk: c for c in vocabulary.categories.values()},
            Commune: {c.pk: c for c in vocabulary.communes},
            Organisation: {},
        }

    def listing(self, model, pk, name, created):
        """The Description of one row; rows past the sample only count their removals."""
        listing = Listing(str(model._meta.verbose_name), created, pk, name)
        return Description(self, listing, full=len(self.listings) < SAMPLE_SIZE)

    def keep(self, description):
        """Keeps the description of a row that the import does write."""
        if description.full:
            self.listings.append(description.listing)
            self.sampled[description.listing.id] = description.listing

    def note(self, listing, change, full):
        """Files a change in words: in its listing if sampled, and among the removals."""
        if change.removal and len(self.removals) < MAX_REMOVALS:
            self.removals.append((listing.name, change))
        if full:
            listing.changes.append(change)

    def wants(self, action, full):
        """Whether a change is worth putting in words (counting removals needs none)."""
        return full or (action == REMOVED and len(self.removals) < MAX_REMOVALS)

    def removed_later(self, service_id, service_name, change):
        """A removal known once every batch is written (a place that no service keeps)."""
        self.removal_count += 1
        listing = self.sampled.get(service_id)
        self.note(listing or Listing("", False, service_id, service_name), change, bool(listing))

    # Words -----------------------------------------------------------------------------

    def name_of(self, model, pk):
        """A row's name in the active language, read once per model (organisations: per row)."""
        if model not in self.names:
            rows = model._base_manager.all()
            rows = rows.defer(*GEOMETRY_FIELDS) if model is Quartier else rows
            self.names[model] = rows.in_bulk()
        elif model is Organisation and pk not in self.names[model]:
            self.names[model] |= model._base_manager.filter(pk=pk).in_bulk()
        row = self.names[model].get(pk)
        return str(row) if row is not None else str(pk)

    def value(self, model, name, value):
        """A column's value as the admin shows it: names for ids, labels for choices."""
        if value is None or value == "":
            return ""
        column = model._meta.get_field(name)
        if column.is_relation:
            return self.name_of(column.related_model, value)
        if column.choices:
            return str(dict(column.flatchoices).get(value, value))
        if isinstance(value, bool):
            return _("oui") if value else _("non")
        if isinstance(value, date):
            return value.isoformat()
        return Truncator(str(value)).chars(TEXT_SHOWN)

    def place(self, values):
        """A place by its name and address; a confidential one by its commune only."""
        commune = self.name_of(Commune, values["commune_id"]) if values["commune_id"] else ""
        if values["address_hidden"]:
            return ", ".join(filter(None, [_("adresse confidentielle"), commune]))
        codes = FALLBACKS[self.lang]
        street = next((s for code in codes if (s := values.get(f"street_{code}"))), "")
        town = " ".join(filter(None, [values["postcode"], commune]))
        return ", ".join(filter(None, [values["name"], street, town])) or _("lieu sans adresse")


class Description:
    """What the import does to one row, told to the ChangeLog as the applier decides it."""

    def __init__(self, log, listing, full):
        self.log, self.listing, self.full = log, listing, full

    def tally(self, action, count=1):
        """Counts changes of one kind; True if they are worth putting in words."""
        if action == REMOVED:
            self.log.removal_count += count
        return self.log.wants(action, self.full)

    def add(self, action, what, old="", new=""):
        self.log.note(self.listing, Change(action, what, old, new), self.full)

    def fields(self, model, draft, prefix=""):
        """A change for each column of an existing row that the import changes."""
        if draft.new:
            return
        value = self.log.value
        for name in sorted(draft.changed - UNSHOWN - UNSHOWN_OF.get(model, set())):
            before, after = draft.old[name], draft.values[name]
            if before == after:
                continue
            action = CHANGED if isinstance(after, bool) else _action(before, after)
            if self.tally(action):
                what = f"{prefix}{model._meta.get_field(name).verbose_name}"
                self.add(action, what, value(model, name, before), value(model, name, after))

    def items(self, model, added, removed, text=None):
        """Categories, audiences, languages or phones added and removed."""
        label = str(model._meta.verbose_name)
        for action, items in ((REMOVED, removed), (ADDED, added)):
            if items and self.tally(action, len(items)):
                words = (text(i) if text else self.log.name_of(model, i) for i in items)
                for word in sorted(words):
                    self.add(action, label, *((word, "") if action == REMOVED else ("", word)))

    def place(self, draft, moved):
        """A place added to the service (`moved`: taken from another service), or changed."""
        label = Location._meta.verbose_name
        if draft.new or moved:
            if self.tally(ADDED):
                note = f" ({_('repris d’un autre service')})" if moved else ""
                self.add(ADDED, str(label), new=self.log.place(draft.values) + note)
        elif draft.changed - {"service_id"}:
            self.fields(Location, draft, f"{label} « {self.log.place(draft.values)} » : ")

    def hours(self, values, before, after):
        """A place's weekly hours, before and after; all of them gone is a removal."""
        action = _action(before, after)
        if self.tally(action):
            what = f"{Schedule._meta.verbose_name_plural} « {self.log.place(values)} »"
            self.add(action, what, hours_text(before), hours_text(after))
