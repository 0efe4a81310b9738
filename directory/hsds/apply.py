"""Import plans applied to the database, a batch at a time, writing only what changes.

For each batch: read the current rows of its services and of what hangs on them
(apply_children.py), compare them with the plans, then write the differences in bulk
with their history. A row that would not change is not written, so importing a file
twice leaves every row, `modified` date and history as the first import left them.

A plan holds only what its record gives (reverse.py): a column or a list it leaves
out keeps what the row has. Each change is told to a ChangeLog (changes.py), which
names it for the preview and counts what is removed.

Texts go to the columns of the import's language. A text equal to what the export
shows for the row (the language's column, or its fallback when that is empty) counts
as unchanged, so re-importing an export never copies a fallback into an empty column.
"""

from collections import Counter, defaultdict

from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from .. import derived
from ..models import ForeignTerm, Location, Organisation, Phone, Schedule, Service, ServicePoint
from ..search.engine import SECTION, document
from ..translation import CONTENT_LANGUAGES, all_languages
from . import apply_children as children
from .apply_children import CostOption, RequiredDocument
from .apply_kept import drop_our_alerts
from .apply_places import Places
from .bulk import Writer, among, check_as_written
from .changes import ChangeLog, phone_text
from .drafts import Draft, columns, document_parts
from .foreign_terms import store_terms, term_ids
from .messages import message
from .reverse_extras import updated_extra

REASON = "Import HSDS"
LINKS = {"categories": "category_id", "audiences": "audience_id", "languages": "language_id"}
LINKS["foreign_terms"] = "foreignterm_id"
SERVICE_CHILDREN = ("phones", "cost_options", "documents")
POINT_COLUMNS = ("service_id", "latitude", "longitude")
# What a new row gets where the file says nothing: a price not given is not "free".
NEW_ROW_DEFAULTS = {Service: {"free": False}}
# Foreign keys of rows only ever inserted after what they point to (see _write):
# PostgreSQL checks them as they are written. The others (a location or service moved
# to an owner created in the same batch) stay checked at commit.
CHECKED_AS_WRITTEN = [
    (Schedule, "location"),
    (Phone, "service"),
    (CostOption, "service"),
    (RequiredDocument, "service"),
    (Location, "commune"),
    (Location, "quartier"),
    *((getattr(Service, name).through, "service") for name in LINKS),
    *((getattr(Service, name).through, column[:-3]) for name, column in LINKS.items()),
    *((m.history.model, "history_user") for m in (Organisation, Service, Location, Phone)),
    (Schedule.history.model, "history_user"),
]


class Applier:
    """Applies batches of ServicePlans within the import's transaction; counts changes."""

    def __init__(self, vocabulary, lang="fr", user=None):
        self.vocabulary, self.lang = vocabulary, lang
        self.user_id = user.pk if user is not None else None
        self.now = timezone.now()
        self.counts = Counter()
        self.log = ChangeLog(vocabulary, lang)
        self.category_of = {c.pk: c for c in vocabulary.categories.values()}
        self.org_names = {}  # organisation id -> its names, once resolved
        self.renamed = set()
        self.places = Places(vocabulary, lang, self.log, self._new_row)
        self.writer, self.pending = Writer(), None
        check_as_written(CHECKED_AS_WRITTEN)
        self.slugs, self.suffixes, self.sections, self.templates = {}, Counter(), {}, {}
        self.terms = set()  # vocabulary added by this import so far

    # Helpers -------------------------------------------------------------------------

    def _new_row(self, model, pk):
        if model not in self.templates:
            self.templates[model] = {
                f.attname: f.get_default() for f in model._meta.concrete_fields
            }
        values = dict(self.templates[model])  # defaults are constants but for the id
        values |= NEW_ROW_DEFAULTS.get(model, {})
        values["id"] = pk
        for stamp in ("created", "modified"):
            if stamp in values:
                values[stamp] = self.now
        return values

    def _slug(self, model, text):
        """A slug no other row has, as `models.unique_slug` makes, without a query per row."""
        if model not in self.slugs:
            self.slugs[model] = set(model._base_manager.values_list("slug", flat=True))
        taken = self.slugs[model]
        base = slugify(text)[:80].strip("-") or "x"
        slug = base
        while slug in taken:
            self.suffixes[base] += 1
            slug = f"{base}-{self.suffixes[base] + 1}"
        taken.add(slug)
        return slug

    def _document(self, plan, categories, values, org_names):
        """`document` for the service; the category section is built once per set."""
        key = categories
        if key not in self.sections:
            categories = [self.vocabulary.categories[slug] for slug in key]
            words = [w for c in categories for w in derived.category_words(c)]
            self.sections[key] = document([], words, []).split(SECTION)[1]
        names = [values[f"name_{code}"] for code in CONTENT_LANGUAGES if values[f"name_{code}"]]
        texts = [
            values[f"description_{c}"] for c in CONTENT_LANGUAGES if values[f"description_{c}"]
        ]
        parts = plan.document_parts
        if parts is None or parts[:2] != (names + org_names, texts):
            parts = document_parts(names + org_names, texts)
        return SECTION.join([parts[2], self.sections[key], parts[3]])

    def _history(self, model, lookup, keys, kind="+"):
        self.writer.history(model, lookup, keys, kind, self.now, self.user_id, REASON)

    def _update(self, model, drafts):
        if not drafts:
            return
        fields = sorted(set().union(*(d.changed for d in drafts)) - {"id"})
        model._base_manager.bulk_update([model(**d.values) for d in drafts], fields, batch_size=500)
        self._history(model, "id", [d.values["id"] for d in drafts], "~")

    def _count(self, what, draft):
        if draft.new:
            self.counts[f"{what} created"] += 1
        elif draft.changed:
            self.counts[f"{what} updated"] += 1

    # Organisations -------------------------------------------------------------------

    def _organisations(self, plans):
        """Drafts of the organisations first met in this batch; errors go on the plans."""
        first = {}
        for plan in plans:
            org = plan.organisation
            if org.id in self.org_names:
                continue
            if org.id not in first or (org.complete and not first[org.id][0].complete):
                first[org.id] = (org, plan)
        rows = Organisation._base_manager.filter(among(Organisation, "id", first))
        rows = rows.values(*columns(Organisation))
        existing = {row["id"]: row for row in rows}
        drafts = []
        for org_id, (org, plan) in first.items():
            row = existing.get(org_id)
            if not org.complete:
                if row is None:
                    unknown = gettext_noop("%(id)s n'est ni dans le fichier ni chez nous")
                    plan.error("organization_id", message(unknown, id=str(org_id)))
                else:
                    self.org_names[org_id] = all_languages(Organisation(**row), "name")
                continue
            draft = Draft(row or self._new_row(Organisation, org_id), new=row is None)
            said = self.log.listing(Organisation, org_id, org.texts["name"], draft.new)
            for key, text in org.texts.items():
                draft.set_text(key, text, self.lang)
            for key, value in org.values.items():
                draft.set(key, value)
            if org.extra is not None:
                draft.set("hsds_extra", updated_extra(draft.values["hsds_extra"], *org.extra))
            if draft.new:
                draft.values["slug"] = self._slug(
                    Organisation, draft.values["name_fr"] or org.texts["name"]
                )
            elif draft.changed:
                draft.set("modified", self.now)
                if any(name.startswith("name_") for name in draft.changed):
                    self.renamed.add(org_id)
            self.org_names[org_id] = all_languages(Organisation(**draft.values), "name")
            self._count("organisations", draft)
            if draft.new or draft.changed:
                said.fields(Organisation, draft)
                self.log.keep(said)
            drafts.append(draft)
        return drafts

    # Services ------------------------------------------------------------------------

    def apply(self, plans):
        """Writes what the plans change; returns False (writing nothing) if one has errors.

        The writes of a batch go out once the next batch has read the rows it needs, and
        are stored while Python compares that next batch (see bulk.Writer). Reading
        before the previous batch is written is safe: no two batches share a service or
        a location, and organisations and slugs are tracked here.
        """
        self.writer.wait()
        self.log.names.setdefault(ForeignTerm, {}).update(store_terms(plans))
        organisations = self._organisations(plans)
        if any(plan.errors for plan in plans):
            return False
        ids = [plan.id for plan in plans]
        services = Service._base_manager.filter(among(Service, "id", ids)).values(*columns(Service))
        services = {row["id"]: row for row in services}
        drop_our_alerts(plans, services, self.lang)
        links = {name: defaultdict(set) for name in LINKS}
        for name, column in LINKS.items():
            through = getattr(Service, name).through
            rows = through.objects.filter(among(through, "service", services))
            for sid, other in rows.values_list("service_id", column):
                links[name][sid].add(other)
        owned = {name: children.read(name, services) for name in SERVICE_CHILDREN}
        location_ids = {loc.id for plan in plans for loc in plan.locations or ()}
        rows = Location._base_manager.filter(
            among(Location, "service", services) | among(Location, "id", location_ids)
        )
        locations = {row["id"]: row for row in rows.values(*columns(Location))}
        by_service = defaultdict(list)
        for row in locations.values():
            by_service[row["service_id"]].append(row["id"])
        hours = children.read("hours", locations)
        if self.pending:
            self._write(*self.pending)
            self.pending = None

        writes = defaultdict(list)
        drafts = [
            self.places.drafts(plan, locations, by_service[plan.id], location_ids) for plan in plans
        ]
        self.places.locate(drafts)
        for plan, plan_drafts in zip(plans, drafts, strict=True):
            self._service(plan, services.get(plan.id), plan_drafts, links, owned, hours, writes)
        self.pending = (organisations, writes)
        return True

    def _categories(self, plan, links):
        """The service's category slugs after the import, in taxonomy order."""
        if plan.categories is not None:
            return plan.categories
        kept = [self.category_of[pk] for pk in links["categories"].get(plan.id, ())]
        return tuple(c.slug for c in sorted(kept, key=lambda c: (c.position, c.slug)))

    def _links(self, plan, said, links, writes):
        """Categories, audiences and languages the plan gives; True if one changes."""
        changed = False
        for name, wanted in (
            ("categories", plan.categories),
            ("audiences", plan.audiences),
            ("languages", plan.languages),
            ("foreign_terms", term_ids(plan.foreign_terms)),
        ):
            if wanted is None:
                continue
            if name == "categories":
                wanted = {self.vocabulary.categories[slug].pk for slug in wanted}
            had = links[name].get(plan.id, set())
            if wanted != had:
                if had:  # a new service has nothing to delete
                    writes[f"{name} gone"].append(plan.id)
                writes[name] += [(plan.id, pk) for pk in wanted]
                model = getattr(Service, name).field.related_model
                said.items(model, wanted - had, had - wanted)
                changed = True
        return changed

    def _children(self, plan, said, owned, writes):
        """Phones, prices and documents the plan gives, where they differ; True if one does."""
        changed = False
        for name, model in (("phones", Phone), ("cost_options", CostOption), ("documents", None)):
            had = owned[name].get(plan.id, [])
            wanted, differ = children.compare(getattr(plan, name) or [], had)
            if getattr(plan, name) is not None and differ:
                writes[f"{name} gone"] += [p[0] for p in had]
                writes[name] += children.rows_to_write(plan.id, wanted)
                before, after = {tuple(p[1:]) for p in had}, set(wanted)
                text = {Phone: phone_text, CostOption: children.cost_text}.get(model)
                text = text or (lambda row: row[0])
                said.items(model or RequiredDocument, after - before, before - after, text)
                changed = True
        return changed

    def _service(self, plan, row, locations, links, owned, hours, writes):
        draft = Draft(row or self._new_row(Service, plan.id), new=row is None)
        said = self.log.listing(Service, plan.id, plan.texts["name"], draft.new)
        for key, text in plan.texts.items():
            draft.set_text(key, text, self.lang, strip=key == "how_to_access")
        for key, value in plan.values.items():
            draft.set(key, value)
        draft.set("organisation_id", plan.organisation.id)
        if plan.extra is not None:
            draft.set("hsds_extra", updated_extra(draft.values["hsds_extra"], *plan.extra))
        said.fields(Service, draft)
        changed = self._links(plan, said, links, writes)
        changed = self._children(plan, said, owned, writes) or changed or plan.lost_locations
        for location, place, _ in locations:
            self._count("locations", location)
            writes["locations new" if location.new else "locations changed"].append(location)
            said.place(location, "service_id" in location.changed)
            current = hours.get(place.id, [])
            before = tuple(sorted((tuple(h[1:]) for h in current), key=children.order))
            after, differ = before, False
            if place.hours is not None:
                after, differ = children.compare(place.hours, current)
            new_hours = location.new or differ
            if new_hours:
                writes["hours gone"] += [h[0] for h in current]
                writes["hours"] += children.rows_to_write(place.id, after)
                if differ:
                    said.hours(location.values, before, after)
                changed = True
            if new_hours or location.changed:
                location.set("modified", self.now)  # the place's version (locking.py)
            changed = changed or location.new or bool(location.changed)
        points = None
        if plan.locations is not None:
            points = self.places.points(locations)
            latitude, longitude = points[0] if points else (None, None)
            draft.set("latitude", latitude)
            draft.set("longitude", longitude)
            draft.set("point_count", len(points))
        if not (draft.new or draft.changed or changed):
            self.counts["services unchanged"] += 1
            return
        if draft.new:
            draft.values["slug"] = self._slug(
                Service, draft.values["name_fr"] or plan.texts["name"]
            )
        else:
            draft.set("modified", self.now)
        categories = self._categories(plan, links)
        text = self._document(plan, categories, draft.values, self.org_names[plan.organisation.id])
        draft.set("search_document", text)
        draft.set("search_categories", derived.category_list(categories))
        writes["terms"] += text.split()
        if points is not None:  # derived.write_points: a service's points, if several
            writes["points gone"].append(plan.id)
            writes["points"] += [(plan.id, *point) for point in points if len(points) > 1]
        self._count("services", draft)
        self.log.keep(said)
        writes["services new" if draft.new else "services changed"].append(draft)

    # Writing -------------------------------------------------------------------------

    def _write(self, organisations, writes):
        """Deletes and updates now (with their signals), queues the inserts and history."""
        for model, field, gone in [
            (Phone, "id", writes["phones gone"]),
            (CostOption, "id", writes["cost_options gone"]),
            (RequiredDocument, "id", writes["documents gone"]),
            (Schedule, "id", writes["hours gone"]),
            (ServicePoint, "service", writes["points gone"]),
            *(
                (getattr(Service, name).through, "service", writes[f"{name} gone"])
                for name in LINKS
            ),
        ]:
            if gone:
                model._base_manager.filter(among(model, field, gone)).delete()
        self._update(Organisation, [d for d in organisations if not d.new and d.changed])
        self._update(Location, [d for d in writes["locations changed"] if d.changed])
        self._update(Service, writes["services changed"])
        terms = set(writes["terms"]) - self.terms
        derived.add_terms(terms)
        self.terms |= terms
        self._insert(Organisation, [d for d in organisations if d.new])
        self._insert(Service, writes["services new"])
        for name, column in LINKS.items():
            self.writer.insert(getattr(Service, name).through, ("service_id", column), writes[name])
        self.writer.insert(Phone, children.columns_of("phones"), writes["phones"])
        self._history(Phone, "service_id", {row[0] for row in writes["phones"]})
        for name, model in (("cost_options", CostOption), ("documents", RequiredDocument)):
            self.writer.insert(model, children.columns_of(name), writes[name])
        self._insert(Location, writes["locations new"])
        self.writer.insert(Schedule, children.columns_of("hours"), writes["hours"])
        self.writer.insert(ServicePoint, POINT_COLUMNS, writes["points"])
        self._history(Schedule, "location_id", {row[0] for row in writes["hours"]})
        self.writer.flush()

    def _insert(self, model, drafts):
        names = columns(model)
        self.writer.insert(model, names, [tuple(d.values[n] for n in names) for d in drafts])
        self._history(model, "id", [d.values["id"] for d in drafts])

    def finish(self):
        """After the last batch: its writes, locations no service keeps, renamed owners."""
        self.writer.wait()
        if self.pending:
            self._write(*self.pending)
            self.pending = None
        self.writer.wait()
        self.writer.close()
        self.places.finish()
        derived.mark("organisations", self.renamed)
        derived.flush()
        derived.refresh_reach()  # written without signals: what every service covers

    def close(self):
        """Stops the writer thread, if the import ends early."""
        self.writer.close()
