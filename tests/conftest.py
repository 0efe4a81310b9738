import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from directory import memo

ROOT = Path(__file__).resolve().parent.parent
# ../shared/data next to the checkout; SHARED_DATA overrides it (a clone elsewhere).
SHARED_DATA = Path(
    os.environ.get("SHARED_DATA")
    or next(
        (p for p in (ROOT.parent / "shared" / "data", Path("/work/shared/data")) if p.is_dir()),
        ROOT.parent / "shared" / "data",
    )
)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Loads the reference data once; each test's transaction leaves it as it was."""
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)


@pytest.fixture
def reference(db):
    """The communes, quartiers and taxonomy, as `load_reference` installs them."""
    from directory.models import Category, Quartier

    # Transactional tests (the browser's live server) empty the tables when they end.
    if Quartier.objects.count() < 145 or Category.objects.count() < 21:
        call_command("load_reference", verbosity=0)


@pytest.fixture(scope="module")
def demo_once(django_db_setup, django_db_blocker):
    """The demo data set, loaded once per module for the tests that use `demo`.

    Each test's own transaction rolls back what it changes, so the next finds the demo as
    loaded. Removed at the end of the module with the history rows it made; the module's
    tests without `demo` run first (see pytest_collection_modifyitems) and find the
    directory without it, as they expect. Gives what `load_demo` printed.
    """
    from django.utils import timezone

    from directory.models import Location, Organisation, Phone, Schedule, ScheduleException, Service

    start = timezone.now()
    out = StringIO()
    with django_db_blocker.unblock():
        call_command("load_reference", verbosity=0)
        call_command("load_demo", stdout=out)
    yield out.getvalue()
    with django_db_blocker.unblock():
        from directory.demo.loader import remove_demo
        from directory.models import Partnership

        remove_demo()
        for model in (
            Organisation,
            Service,
            Location,
            Phone,
            Schedule,
            ScheduleException,
            Partnership,
        ):
            model.history.filter(history_date__gte=start).delete()


@pytest.fixture
def demo(demo_once, db):
    """The demo directory (loaded once per module, see `demo_once`)."""
    return demo_once


def pytest_collection_modifyitems(items):
    """Within each module, the tests that share the demo directory run last, so that the
    module's other tests find the directory without it."""
    first = {}
    for index, item in enumerate(items):
        first.setdefault(item.module, index)
    items.sort(key=lambda item: (first[item.module], "demo_once" in item.fixturenames))


@pytest.fixture
def shared_data():
    """The reference files of ../shared/data; they must be there under CI."""
    if not SHARED_DATA.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{SHARED_DATA} is missing under CI=true")
        pytest.skip(f"reference data folder {SHARED_DATA} is not present")
    return SHARED_DATA


@pytest.fixture(autouse=True)
def french_by_default():
    """Each test starts in French, whatever language the previous request activated."""
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def nothing_remembered():
    """Each test computes what memo.py keeps afresh, and counts again what it keeps in the
    cache: the rows of the test before it were rolled back without a signal."""
    memo.forget(lasting=True)
    cache.clear()


@pytest.fixture(autouse=True)
def searches_counted_at_once(settings, monkeypatch):
    """Each search is written as it is counted (a process otherwise writes them together:
    tests/test_search_counts.py tests that), without the purge of old weeks at a
    process's first count of a day: it would add a query to whichever test counts first in
    its worker, or first on a day its clock was set to (tests/test_search_counts.py tests
    the purge)."""
    from directory.search import counts

    settings.SEARCH_COUNTS_FLUSH_SECONDS = 0
    monkeypatch.setattr(counts, "purge", lambda today=None: 0)
    yield
    counts._pending["searches"].clear()
    counts._pending["since"] = None


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def derived_data_at_once(monkeypatch):
    """Recompute derived data (derived.py) on every mark, not when the transaction commits.

    A test runs inside a transaction that never commits (pytest-django's `db`), so the
    on-commit flush would never run and a service just made would not be found. Here each
    signal's mark is flushed right away, the behaviour of autocommit. tests/test_derived.py
    turns this off (`deferred_derived_data`) to test the real, once-per-transaction path.
    """
    from directory import derived

    monkeypatch.setattr(derived, "FLUSH_AT_ONCE", True)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Runs what changes the directory as a committed transaction would: what this
    process keeps is kept only once no change of its own waits for a commit."""

    def run(change):
        earlier = list(connection.run_on_commit)
        connection.run_on_commit.clear()
        for _savepoints, callback, _robust in earlier:
            callback()
        with django_capture_on_commit_callbacks(execute=True):
            result = change()
        connection.run_on_commit.clear()
        return result

    return run
