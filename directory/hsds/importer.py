"""Importing an HSDS 3.0 file: `import_hsds` writes it, `preview_import` says what it would do.

One path for the command, the admin page and the benchmark. A file is read a record at
a time (files.py), each record is checked against the HSDS schema (schema.py) and
turned into a plan (hsds_reverse), and plans are applied a batch at a time
(apply.py), all in one transaction: one bad record and nothing is written, and the
report names each bad record (its number in the file, from 1, and its id) and field.

Services are upserted by id and never deleted. A record changes what it gives and
nothing else: a field it leaves out keeps its value, and what hangs on a service
(categories, phones, locations, hours ...) is replaced only by a list the record gives,
even empty; the `service_list` form, which carries none, leaves them all alone. The
report names each change and counts what is removed (changes.py). Nothing is
geocoded: the commune and quartier come from the coordinates, else the city or postcode.

At 100 000 services both cores are kept busy: a forked process reads and checks the
file, the main process compares, and PostgreSQL stores the previous batch meanwhile
(bulk.Writer).
"""

import itertools
import multiprocessing
import time
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext_noop

from ..backends import backend
from ..page_cache import directory_changed
from ..translation import CONTENT_LANGUAGES
from .apply import Applier
from .drafts import prepare_document
from .file_kinds import NotAService
from .files import DEFAULT_MAX_SIZE, FileError, read_records
from .foreign_terms import UNKNOWN_TAXONOMY, CrosswalkError, load_crosswalk
from .messages import message
from .packages import PackageNotes
from .report import ImportFailed, ImportReport, Problem
from .reverse import Vocabulary, plan_service
from .schema import service_schema

BATCH_SIZE = 1000
MAX_ERRORS = 50
# Named by what the file calls them: nothing of a listing outside the scope is shown.
OUTSIDE_SCOPE = {
    "before": gettext_noop(
        "ce service est hors de votre périmètre de coordination : vous ne pouvez pas le modifier"
    ),
    "after": gettext_noop(
        "ce service ne serait pas dans votre périmètre de coordination (son organisation et "
        "ses lieux en sont hors)"
    ),
    "organisation": gettext_noop(
        "l'organisation « %(name)s » est hors de votre périmètre de coordination : vous ne "
        "pouvez pas la modifier"
    ),
    "place": gettext_noop(
        "le lieu « %(name)s » appartient à un service hors de votre périmètre de coordination"
    ),
}


MAX_WARNINGS = 200
CHUNK = 200  # plans per message from the planning process
PARALLEL_ABOVE = 5 * 1024 * 1024  # bytes


class _Rollback(Exception):
    pass


def _record_id(record):
    value = record.get("id") if isinstance(record, dict | NotAService) else None
    return str(value) if value else ""


def _record_name(record):
    value = record.get("name") if isinstance(record, dict | NotAService) else None
    return value[:100] if isinstance(value, str) else ""


def _plan_name(plan):
    return (plan.texts.get("name") or "")[:100]


def _plan(number, record, schema, vocabulary, unknown_taxonomy):
    """(plan or None, [(field, message)] errors) for one record."""
    if isinstance(record, NotAService):
        return None, [("", record.reason)]
    if not isinstance(record, dict):
        return None, [("", message(gettext_noop("pas un objet JSON")))]
    try:
        errors = schema.errors(record)
        if errors:
            return None, errors
        plan = plan_service(number, record, vocabulary, unknown_taxonomy)
    except RecursionError:  # explaining a value nested nearly as deep as Python can read
        return None, [("", message(gettext_noop("imbriquée trop profondément")))]
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        # The schema leaves some shapes open (an id that is not a UUID string ...).
        unreadable = gettext_noop("fiche illisible (%(error)s)")
        return None, [("", message(unreadable, error=f"{exc.__class__.__name__}: {exc}"))]
    return plan, plan.errors


def _planned(source, options, schema, vocabulary):
    """(number, record id, plan or None, errors) for each record of the file, in order."""
    for number, record in read_records(source, options.get("max_size", DEFAULT_MAX_SIZE)):
        if isinstance(record, PackageNotes):  # what the tables hold that no service took
            yield number, "", "", record, []
            continue
        plan, errors = _plan(number, record, schema, vocabulary, options["unknown"])
        if plan is not None and not errors:
            prepare_document(plan)
        yield number, _record_id(record), _record_name(record), plan, errors


def _produce(queue, *args):
    """The child process of `_planned_aside`: plans sent in chunks, then None or an error."""
    try:
        chunk = []
        for item in _planned(*args):
            chunk.append(item)
            if len(chunk) >= CHUNK:
                queue.put(chunk)
                chunk = []
        queue.put(chunk)
        queue.put(None)
    except Exception as exc:  # handed to the parent, which raises it
        queue.put(exc if isinstance(exc, FileError) else RuntimeError(repr(exc)))


def _planned_aside(*args):
    """`_planned`, run in a forked process so reading and checking use the second core.

    The child only reads the file and computes; it never touches the database.
    """
    context = multiprocessing.get_context("fork")
    queue = context.Queue(maxsize=50)  # the child may run ahead while we wait on the database
    child = context.Process(target=_produce, args=(queue, *args), daemon=True)
    child.start()
    try:
        while (chunk := queue.get()) is not None:
            if isinstance(chunk, Exception):
                raise chunk
            yield from chunk
    finally:
        child.terminate()
        child.join()


def _parallel(source, options):
    """Plan in a second process for big files on PostgreSQL (not worth it for small ones)."""
    if options.get("parallel") is not None:
        return options["parallel"]
    if not backend().parallel_writes or hasattr(source, "read"):
        return False
    path = Path(source)
    return path.is_file() and path.stat().st_size > PARALLEL_ABOVE


class _Import:
    """One run over a file; `report` fills as it goes."""

    def __init__(self, report, options):
        self.report, self.options = report, options
        self.schema = service_schema()
        report.schema = self.schema.source
        self.vocabulary = Vocabulary()
        self.applier = None
        self.service_ids, self.location_ids, self.names = {}, {}, {}

    def error(self, number, record_id, where, message, name=""):
        self.report.errors.append(Problem(number, record_id, where, message, name))

    def refuse(self, plan, where, message):
        self.error(plan.number, str(plan.id), where, message, _plan_name(plan))

    def warn(self, plan, where, message):
        self.report.warning_count += 1
        if len(self.report.warnings) < MAX_WARNINGS:
            problem = Problem(plan.number, str(plan.id), where, message, _plan_name(plan))
            self.report.warnings.append(problem)

    def check_duplicates(self, plan):
        first = self.service_ids.setdefault(plan.id, plan.number)
        self.names.setdefault(plan.id, _plan_name(plan))
        if first != plan.number:
            twice = gettext_noop("id en double : la fiche %(first)s l'a aussi")
            plan.error("id", message(twice, first=first))
        for i, location in enumerate(plan.locations or ()):
            first = self.location_ids.setdefault(location.id, plan.number)
            if first != plan.number:
                where = f"service_at_locations[{i}].location.id"
                twice = gettext_noop("id de lieu en double : la fiche %(first)s l'a aussi")
                plan.error(where, message(twice, first=first))

    def scope_user(self):
        """The coordinator whose scope the file must stay in; None for a superuser."""
        user = self.options.get("scope_user")
        return None if user is None or user.is_superuser else user

    def refuse_services_outside_scope(self, numbers, message):
        """An error for each service of `numbers` ({id: record number}) out of the scope."""
        from ..models import Service
        from ..roles import services_in_scope

        if (user := self.scope_user()) is None:
            return
        services = Service._base_manager.filter(pk__in=list(numbers))
        outside = services.exclude(pk__in=services_in_scope(user).values("pk"))
        for pk in sorted(outside.values_list("pk", flat=True), key=numbers.get):
            self.error(numbers[pk], str(pk), "id", message, self.names.get(pk, ""))

    def check_scope(self, plans):
        """A coordinator's file touches only their scope (roles.py): refused otherwise.

        Before a batch is written, the services it updates, the organisations it names
        and the places it lists must be theirs already (a place of another service
        would move); once all is written, every service of the file must be theirs.
        """
        from ..models import Location, Organisation
        from ..roles import organisations_in_scope, services_in_scope

        if (user := self.scope_user()) is None:
            return
        self.refuse_services_outside_scope(
            {plan.id: plan.number for plan in plans}, message(OUTSIDE_SCOPE["before"])
        )
        named = {plan.organisation.id: plan for plan in plans if plan.organisation}
        organisations = Organisation._base_manager.filter(pk__in=list(named))
        theirs = organisations_in_scope(user).values("pk")
        for pk in organisations.exclude(pk__in=theirs).values_list("pk", flat=True):
            plan = named[pk]
            name = plan.organisation.texts.get("name") or str(pk)
            self.refuse(plan, "organization.id", message(OUTSIDE_SCOPE["organisation"], name=name))
        listed = {loc.id: (loc, plan) for plan in plans for loc in plan.locations or ()}
        places = Location._base_manager.filter(pk__in=list(listed))
        outside = places.exclude(service__in=services_in_scope(user).values("pk"))
        for pk in outside.values_list("pk", flat=True):
            place, plan = listed[pk]
            name = place.name or (place.address or ("",))[0] or str(pk)
            self.refuse(plan, "service_at_locations", message(OUTSIDE_SCOPE["place"], name=name))

    def apply(self, batch):
        # A coordinator may update only listings of their scope (checked before), and
        # what they import must land in it (checked at the end, once written).
        if batch and not self.report.errors:
            self.check_scope(batch)
        if batch and not self.report.errors and not self.applier.apply(batch):
            for plan in batch:
                for where, problem in plan.errors:
                    self.refuse(plan, where, problem)

    def run(self, source):
        options, batch = self.options, []
        every, progress = options.get("progress_every", 10_000), options.get("progress")
        planned = _planned_aside if _parallel(source, options) else _planned
        # The child is forked before the applier starts its writer thread.
        plans = planned(source, options, self.schema, self.vocabulary)
        first = next(plans, None)
        self.applier = Applier(self.vocabulary, options["lang"], options.get("user"))
        for number, record_id, name, plan, errors in itertools.chain(
            [first] if first else [], plans
        ):
            if isinstance(plan, PackageNotes):
                for where, problem in plan.warnings:
                    self.report.warning_count += 1
                    self.report.warnings.append(Problem(0, "", where, problem))
                continue
            self.report.records = number
            if plan is not None:
                self.check_duplicates(plan)
                errors = plan.errors
                for where, problem in plan.warnings:
                    self.warn(plan, where, problem)
            for where, problem in errors:
                self.error(number, record_id, where, problem, name)
            if len(self.report.errors) >= MAX_ERRORS:
                break
            if not errors and not self.report.errors:
                batch.append(plan)
            if len(batch) >= options.get("batch_size", BATCH_SIZE):
                self.apply(batch)
                batch = []
            if progress and number % every == 0:
                progress(f"{number} services read; {self.status()}")
        self.apply(batch)
        if not self.report.errors:
            self.applier.finish()
            self.refuse_services_outside_scope(self.service_ids, message(OUTSIDE_SCOPE["after"]))

    def status(self):
        counts = self.applier.counts
        return ", ".join(
            f"{counts[f'services {kind}']} {kind}" for kind in ("created", "updated", "unchanged")
        )


def _load_crosswalk(crosswalk, report):
    """Reads the crosswalk file first, in the import's transaction, so the import uses it."""
    try:
        if hasattr(crosswalk, "read"):
            report.crosswalk = load_crosswalk(crosswalk)
        else:
            with Path(crosswalk).open("rb") as file:
                report.crosswalk = load_crosswalk(file)
    except CrosswalkError as exc:
        report.errors.append(Problem(0, "", "crosswalk", exc.args[0]))
    except (OSError, UnicodeDecodeError) as exc:
        unreadable = gettext_noop("correspondance illisible (%(error)s)")
        report.errors.append(Problem(0, "", "crosswalk", message(unreadable, error=str(exc))))


def _run(source, dry_run, lang, unknown_taxonomy, **options):
    if lang not in CONTENT_LANGUAGES:
        raise ValueError(f"lang must be one of {', '.join(CONTENT_LANGUAGES)}")
    if unknown_taxonomy not in UNKNOWN_TAXONOMY:
        raise ValueError(f"unknown_taxonomy must be one of {', '.join(UNKNOWN_TAXONOMY)}")
    name = getattr(source, "name", None) or str(source)
    report = ImportReport(source=str(name), lang=lang, dry_run=dry_run)
    started = time.perf_counter()
    run = None
    try:
        with transaction.atomic():
            if (crosswalk := options.get("crosswalk")) is not None:
                _load_crosswalk(crosswalk, report)
                if report.errors:
                    raise _Rollback
            run = _Import(report, options | {"lang": lang, "unknown": unknown_taxonomy})
            try:
                run.run(source)
            finally:
                if run.applier:
                    run.applier.close()  # before the transaction ends, whatever happened
            if report.errors or dry_run:
                raise _Rollback
            directory_changed()
    except _Rollback:
        pass
    except FileError as exc:
        report.errors.append(Problem(0, "", "", exc.args[0]))
    if run is not None and run.applier is not None:
        log = run.applier.log
        report.counts = dict(run.applier.counts) | {"removals": log.removal_count}
        report.changes, report.removals = log.listings, log.removals
    report.seconds = time.perf_counter() - started
    return report


def import_hsds(source, *, lang="fr", unknown_taxonomy="keep", **options):
    """Imports an HSDS file (a path, a folder, a zip, or an open JSON or zip file): all or nothing.

    unknown_taxonomy: what to do with a term that is none of our categories and that the
    crosswalk does not map: "keep" it as another classification, "skip" it, or refuse
    the file ("error"). Options: crosswalk (a CSV file or its path, see
    foreign_terms.load_crosswalk: read first, in the same transaction), max_size (bytes),
    batch_size, progress (a function given a line of text every `progress_every`
    records), user (for the history), parallel (read and check
    the file in a second process; by default for files over 5 MB on PostgreSQL).
    Returns the ImportReport; raises ImportFailed, having written nothing, if any
    record is wrong.
    """
    report = _run(source, False, lang, unknown_taxonomy, **options)
    if report.errors:
        raise ImportFailed(report)
    return report


def preview_import(source, *, lang="fr", unknown_taxonomy="keep", **options):
    """What `import_hsds` would do with the same file and options, without writing.

    Runs the whole import in a transaction and rolls it back, so the counts are exact.
    Returns the ImportReport, errors included.
    """
    return _run(source, True, lang, unknown_taxonomy, **options)
