"""The admin, by concern. Importing the package registers every model admin."""

from . import (  # noqa: F401
    checkins,
    crisis,
    listings,
    places,
    reference,
    reports,
    scopes,
    search_counts,
    staff,
)
