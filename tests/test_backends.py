"""What differs between PostgreSQL and SQLite lives in directory/backends.py."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from directory.models import Service
from directory.search.engine import search
from directory.search.pages import Ranked
from tests.factories import make_service


def seqscan():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_index_hint_ends_with_the_one_query_that_needs_it(reference):
    if connection.vendor != "postgresql":
        pytest.skip("the planner hint is PostgreSQL's")
    for i in range(3):
        make_service(f"Permanence logement {i}", categories=["logement"])

    with transaction.atomic():  # a caller's transaction, as in a test or a command
        result = search(Service.objects.public(), "logement")
        ranked = Ranked(result.services, Service.objects.all(), result, count_up_to=1000)
        with CaptureQueriesContext(connection) as run:
            assert ranked.count() == 3
            assert len(ranked[0:20]) == 3
        assert seqscan() == "on"  # later queries of the transaction plan as usual

    statements = [query["sql"] for query in run.captured_queries]
    assert [s for s in statements if "enable_seqscan" in s] == [
        "SET LOCAL enable_seqscan = off",
        "SET LOCAL enable_seqscan TO DEFAULT",
    ]
    assert "COUNT(*)" in statements[statements.index("SET LOCAL enable_seqscan = off") + 1]
