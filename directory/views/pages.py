"""The pages a public service owes its readers: about, privacy, accessibility statement.

What the privacy page says it keeps, and for how long, is read from the settings that
decide it, so the page cannot drift from what the code does.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.shortcuts import render

from ..reports import REPORTS_PER_HOUR


def _context(**extra):
    return {"contact_email": settings.PRIVACY_CONTACT_EMAIL, **extra}


def about(request):
    return render(request, "directory/pages/about.html", _context())


def privacy(request):
    return render(
        request,
        "directory/pages/privacy.html",
        _context(
            search_counts_weeks=settings.SEARCH_COUNTS_WEEKS,
            reports_per_hour=REPORTS_PER_HOUR,
            map_tiles_host=urlsplit(settings.MAP_TILES_URL).hostname,
        ),
    )


def accessibility(request):
    return render(request, "directory/pages/accessibility.html", _context())
