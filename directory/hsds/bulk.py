"""Writing and locating many rows at once, for imports of 100 000 services.

`Writer` inserts rows (tuples of column values, by attname) and their history. On
PostgreSQL it sends them through COPY (backends.py), ten times faster than INSERT at this
volume, from a thread of its own on the import's connection: Python plans the next batch
while the server stores this one, so both cores work. Elsewhere it uses `bulk_create`,
in line.
History rows are copied by the database from the rows just written (INSERT ... SELECT).
The batch's points are located by geo.AreaLocator.
"""

import queue
import threading

from django.db import connection
from django.db.models import CharField, DateTimeField, IntegerField, Value

from ..backends import backend

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
