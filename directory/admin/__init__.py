"""The admin, by concern. Importing the package registers every model admin."""

from . import crisis, listings, reference, reports, scopes, search_counts, staff  # noqa: F401
