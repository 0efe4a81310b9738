"""Error pages in the visitor's language, rendered without touching the database."""

from django.conf import settings
from django.shortcuts import render

# Error pages show no alert banner: it would need the database, which may be the error.
NO_ALERTS = {"alerts": ()}


def not_found(request, exception=None):
    return render(request, "404.html", NO_ALERTS, status=404)


def permission_denied(request, exception=None):
    return render(request, "403.html", NO_ALERTS | {"exception": str(exception or "")}, status=403)


def server_error(request):
    return render(request, "500.html", status=500)


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows a locked-out login (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "lockout.html", {"minutes": minutes}, status=429)
