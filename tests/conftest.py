import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

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
