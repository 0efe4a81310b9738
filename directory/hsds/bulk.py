"""Writing and locating many rows at once, for imports of 100 000 services.

`Writer` inserts rows (tuples of column values, by attname) and their history. On
PostgreSQL it sends them through COPY (backends.py), ten times faster than INSERT at this
volume, from a thread of its own on the import's connection: Python plans the next batch
while the server stores this one, so both cores work. Elsewhere it uses `bulk_create`,
in line.
History rows are copied by the database from the rows just written (INSERT ... SELECT).

`AreaLocator` answers `geo.locate` for a whole batch of points with vectorised shapely
calls on polygons read once. It belongs in geo.py; it lives here until that module's
owner takes it.
"""

import queue
import threading

import numpy
import shapely
from django.db import connection
from django.db.models import CharField, DateTimeField, IntegerField, Value
from shapely.geometry import shape

from .. import geo
from ..backends import backend
from ..models import Commune, Quartier

HISTORY_COLUMNS = ("history_date", "history_type", "history_user_id", "history_change_reason")


def among(model, field, values):
    """A filter: `field` is one of `values` (one array on PostgreSQL)."""
    return backend().among(model, field, values)


def check_as_written(fields):
    """Check the foreign keys of these (model, field name) pairs as each statement ends
    rather than at commit, where the database can (PostgreSQL)."""
    backend().check_as_written(fields)


def history_sql(model, lookup, values, kind, when, user_id, reason):
    """(sql, params) copying the rows whose `lookup` is in `values` into their history."""
    history = model.history.model
    tracked = [f.attname for f in history.tracked_fields]
    extra = {
        "history_date": Value(when, output_field=DateTimeField()),
        "history_type": Value(kind, output_field=CharField()),
        "history_user_id": Value(user_id, output_field=IntegerField()),
        "history_change_reason": Value(reason, output_field=CharField()),
    }
    aliases = {f"_{name}": value for name, value in extra.items()}
    rows = model._base_manager.filter(among(model, lookup, values)).order_by()
    select, params = rows.annotate(**aliases).values(*tracked, *aliases).query.sql_with_params()
    quote = connection.ops.quote_name
    names = [history._meta.get_field(n).column for n in tracked] + list(HISTORY_COLUMNS)
    columns = ", ".join(quote(n) for n in names)
    return f"INSERT INTO {quote(history._meta.db_table)} ({columns}) {select}", params


class Writer:
    """Queues inserts and history copies; `flush` sends them, `wait` until they are done.

    The caller must `wait` before its own queries: the connection is shared, and the
    order of the import's writes must stay the order they were queued in.
    """

    def __init__(self):
        self.pending, self.failure, self.stopping = [], None, False
        self.backend = backend()
        self.threaded = self.backend.parallel_writes
        if self.threaded:
            connection.ensure_connection()
            self.raw = connection.connection  # the same transaction as the caller's
            self.jobs = queue.Queue()
            self.thread = threading.Thread(target=self._work, name="hsds-writer", daemon=True)
            self.thread.start()

    def insert(self, model, columns, rows):
        if rows:
            self.pending.append(("copy", model, tuple(columns), rows))

    def history(self, model, lookup, values, kind, when, user_id, reason):
        if values:
            sql, params = history_sql(model, lookup, list(values), kind, when, user_id, reason)
            self.pending.append(("sql", sql, params))

    def flush(self):
        jobs, self.pending = self.pending, []
        if not jobs:
            return
        if self.threaded:
            self.jobs.put(jobs)
            return
        with connection.cursor() as cursor:
            for kind, *job in jobs:
                if kind == "sql":
                    cursor.execute(*job)
                else:
                    model, columns, rows = job
                    objects = [model(**dict(zip(columns, row, strict=True))) for row in rows]
                    model._base_manager.bulk_create(objects, batch_size=500)

    def wait(self):
        if self.threaded:
            self.jobs.join()
        if self.failure is not None:
            raise self.failure

    def close(self):
        """Stops the thread; jobs still queued are dropped (the caller is failing)."""
        if self.threaded and self.thread.is_alive():
            self.stopping = True
            self.jobs.put(None)
            self.thread.join()

    def _work(self):
        while (jobs := self.jobs.get()) is not None:
            try:
                if self.failure is None and not self.stopping:
                    with self.raw.cursor() as cursor:
                        for kind, *job in jobs:
                            if kind == "sql":
                                cursor.execute(*job)
                            else:
                                self.backend.copy(cursor, *job)
            except Exception as exc:  # handed to the caller's next wait()
                self.failure = exc
            finally:
                self.jobs.task_done()
        self.jobs.task_done()


class AreaLocator:
    """(commune id, quartier id) of many points at once, with the rules of `geo.locate`."""

    def __init__(self):
        self.communes = list(Commune.objects.all())
        self.quartiers = list(Quartier.objects.all())
        self.commune_shapes = self._shapes(Commune)
        self.quartier_shapes = self._shapes(Quartier)

    @staticmethod
    def _shapes(model):
        """[(pk, prepared polygon, bbox)] in the model's order, as `geo.area_at` tries them."""
        rows = model._base_manager.filter(min_lat__isnull=False).order_by(*model._meta.ordering)
        shapes = []
        for pk, boundary in rows.values_list("pk", "boundary"):
            polygon = shape(boundary)
            shapely.prepare(polygon)
            shapes.append((pk, polygon))
        return shapes

    @staticmethod
    def _first_containing(shapes, lats, lons):
        found = numpy.full(len(lats), None, dtype=object)
        for pk, polygon in shapes:
            free = numpy.equal(found, None)
            if not free.any():
                break
            inside = shapely.contains_xy(polygon, lons, lats) & free
            found[inside] = pk
        return found

    def locate(self, points):
        """[(commune id, quartier id)] for [(lat, lon, postcode)]."""
        if not points:
            return []
        lats = numpy.array([float(p[0]) for p in points])
        lons = numpy.array([float(p[1]) for p in points])
        communes = self._first_containing(self.commune_shapes, lats, lons)
        quartiers = self._first_containing(self.quartier_shapes, lats, lons)
        located = []
        for (lat, lon, postcode), commune_id, quartier_id in zip(
            points, communes, quartiers, strict=True
        ):
            if commune_id is None and not self.commune_shapes:
                commune_id = self.commune_by_postcode(postcode)
            if quartier_id is None and commune_id and not self.quartier_shapes:
                mine = [q for q in self.quartiers if q.commune_id == commune_id]
                nearest = geo.nearest_area(mine, float(lat), float(lon))
                quartier_id = nearest.pk if nearest else None
            located.append((commune_id, quartier_id))
        return located

    def commune_by_postcode(self, postcode):
        commune = geo.commune_with_postcode(postcode, self.communes)
        return commune.pk if commune else None
