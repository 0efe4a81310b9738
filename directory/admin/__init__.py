"""The admin, by concern. Importing the package registers every model admin."""

from . import (  # noqa: F401
    checkins,
    crisis,
    listings,
    places,
    presence,
    reference,
    reports,
    scopes,
    search_counts,
    staff,
)
