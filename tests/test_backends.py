"""What differs between PostgreSQL and SQLite lives in directory/backends.py, and only there."""

import re
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from directory.models import Service
from directory.search.engine import search
from directory.search.pages import Ranked
from tests.factories import make_service

ROOT = Path(__file__).resolve().parent.parent
# Migrations run once, on the database they were written for: they may ask it its name.
MAY_ASK = {"directory/backends.py", "directory/migrations"}


def test_only_the_backend_module_asks_which_database_it_runs_on():
    askers = set()
    for path in [*ROOT.glob("directory/**/*.py"), *ROOT.glob("quartier/**/*.py")]:
        name = path.relative_to(ROOT).as_posix()
        if not any(name.startswith(allowed) for allowed in MAY_ASK):
            if re.search(r"\.vendor\b", path.read_text()):
                askers.add(name)
    assert askers == set()


def seqscan():
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('enable_seqscan')")
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_index_hint_ends_with_each_query_that_needs_it(reference):
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

    # One round trip each, the count and the page's ids: the setting, the query, the
    # setting put back, in one message.
    hinted = [q["sql"] for q in run.captured_queries if "enable_seqscan" in q["sql"]]
    assert len(hinted) == 2
    assert hinted[0].startswith("SET LOCAL enable_seqscan = off; SELECT COUNT(*)")
    assert hinted[1].startswith('SET LOCAL enable_seqscan = off; SELECT "directory_service"."id"')
    assert all(sql.endswith("SET LOCAL enable_seqscan TO DEFAULT") for sql in hinted)


@pytest.mark.django_db
def test_a_new_postgresql_connection_accepts_one_typo_in_five_letters():
    if connection.vendor != "postgresql":
        pytest.skip("trigram similarity is PostgreSQL's")
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('pg_trgm.similarity_threshold')")
        assert float(cursor.fetchone()[0]) == pytest.approx(0.15)


PORTABLE_QUERIES = [
    "logement",
    "colis alimentaire",
    "avocat gratuit",
    "crèche pas chère",
    "enfant autiste",
    "huisvesting",
    "logemnt",
    "schuld hulp",
]


@pytest.mark.django_db
def test_the_portable_backend_finds_in_kept_documents_what_a_scan_finds(demo, monkeypatch):
    if connection.vendor == "postgresql":
        pytest.skip("the portable backend's")
    from directory import backends, memo

    def ranked(text):
        return [s.pk for s in search(Service.objects.public(), text).services]

    kept = {text: ranked(text) for text in PORTABLE_QUERIES}
    monkeypatch.setattr(backends, "KEPT_DOCUMENTS_UP_TO", 0)
    memo.forget()
    assert {text: ranked(text) for text in PORTABLE_QUERIES} == kept
    assert all(kept.values())


@pytest.mark.django_db
def test_the_portable_backend_reads_the_documents_once_not_for_each_search(reference):
    if connection.vendor == "postgresql":
        pytest.skip("the portable backend's")
    make_service("Permanence logement", categories=["logement"])
    make_service("Colis", categories=["alimentation"])
    first = search(Service.objects.public(), "colis logement")  # reads the words, once
    assert sorted(s.name_fr for s in first.services) == ["Colis", "Permanence logement"]

    with CaptureQueriesContext(connection) as run:
        result = search(Service.objects.public(), "colis logement")
        ranked = Ranked(result.services, lambda ids: dict.fromkeys(ids, 1), result, 1000)
        assert ranked.count() == 2 and len(ranked[0:20]) == 2
    # No service has both words (known without asking); how rare each is, the count, the
    # page: no document read again.
    assert len(run.captured_queries) == 3
    assert not [q for q in run.captured_queries if "search_document" in q["sql"]]


# Long words whose parts, stems and pairs the engine looks up in the vocabulary.
VOCABULARY_QUERIES = ["alcoholverslaving", "huisvestingsproblemen", "schuld hulp", "logemnt"]


@pytest.mark.django_db
def test_words_are_looked_up_in_the_vocabularys_own_index(demo):
    # pg_trgm's GIN index answers `=` as well, and the planner takes it for the few
    # hundred parts of a long word: 50 ms a lookup at the demo's size, 0.1 through the
    # B-tree of the unique terms.
    if connection.vendor != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's")
    with CaptureQueriesContext(connection) as run:
        found = [search(Service.objects.public(), text).services[:5] for text in VOCABULARY_QUERIES]
    assert all(found)

    lookups = [
        q["sql"]
        for q in run.captured_queries
        if 'FROM "directory_searchterm"' in q["sql"] and "%" not in q["sql"]
    ]
    assert len(lookups) >= len(VOCABULARY_QUERIES)
    for sql in lookups:
        *settings, select = [part for part in sql.split("; ") if not part.endswith("DEFAULT")]
        with transaction.atomic(), connection.cursor() as cursor:
            for setting in settings:
                cursor.execute(setting)
            cursor.execute("EXPLAIN " + select)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        assert "trigram" not in plan, plan
