"""The admin, by concern. Importing the package registers every model admin."""

from . import crisis, listings, places, reference, reports, scopes, staff  # noqa: F401
