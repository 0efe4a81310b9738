"""Django's PostgreSQL backend, which stops waiting for a server that no longer answers.

PostgreSQL cancels a statement that runs too long itself (`statement_timeout`, set in
settings.py), but a frozen server (a stalled disk, a paused container, a stopped process)
cancels nothing, and psycopg would wait for its answer for ever: under gunicorn's threads,
each request would hold its thread until the server wakes up. With `answer_timeout` in the
database's OPTIONS, a connection waits that long at most for an answer (a health check
HEALTH_CHECK_TIMEOUT at most), then closes itself and raises OperationalError, which
directory.middleware turns into the 503 page. `Connection.wait(timeout=)` and
`errors._WaitTimeout` are psycopg 3.3's (pinned); tests/test_faults.py freezes a server.

Each new connection also sets what the directory's searches expect of the session.
"""

import psycopg
from django.db.backends.postgresql import base

# A pooled connection's check (SELECT 1) takes a millisecond on a server that answers.
HEALTH_CHECK_TIMEOUT = 0.5
TRIGRAM_THRESHOLD = 0.15


class Connection(psycopg.Connection):
    answer_timeout = None  # seconds; None waits as long as it takes

    def wait(self, gen, *args, timeout=None, **kwargs):
        if timeout is not None or not self.answer_timeout:
            return super().wait(gen, *args, timeout=timeout, **kwargs)
        try:
            return super().wait(gen, *args, timeout=self.answer_timeout, **kwargs)
        except psycopg.errors._WaitTimeout:
            # The query is still out: nothing else can go through this connection.
            self.close()
            raise psycopg.OperationalError(
                f"PostgreSQL did not answer within {self.answer_timeout} s"
            ) from None


class DatabaseWrapper(base.DatabaseWrapper):
    answer_timeout = None

    def init_connection_state(self):
        super().init_connection_state()
        # pg_trgm's `%` finds the vocabulary's terms one typo away from a query's word
        # (directory/backends.py): one typo in a five-letter word leaves a similarity
        # of 0.2, under the default threshold of 0.3.
        with self.connection.cursor() as cursor:
            cursor.execute(f"SET pg_trgm.similarity_threshold = {TRIGRAM_THRESHOLD}")

    def get_connection_params(self):
        params = super().get_connection_params()
        self.answer_timeout = params.pop("answer_timeout", None)
        return params

    def get_new_connection(self, conn_params):
        connection = super().get_new_connection(conn_params)
        # psycopg.connect() takes no connection class, and Django calls it for us.
        connection.__class__ = Connection
        connection.answer_timeout = self.answer_timeout
        return connection

    def is_usable(self):
        if self.connection is None or not self.answer_timeout:
            return super().is_usable()
        self.connection.answer_timeout = min(HEALTH_CHECK_TIMEOUT, self.answer_timeout)
        try:
            return super().is_usable()
        finally:
            self.connection.answer_timeout = self.answer_timeout
