"""Error pages in the visitor's language, rendered without touching the database.

A coordinator refused or lost inside the admin stays in the admin: the page is the
admin's, with its menu and a way back to its home, not the residents' site.
"""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.urls import reverse

# Error pages show no alert banner: it would need the database, which may be the error.
NO_ALERTS = {"alerts": ()}


def _admin_context(request):
    """The admin's page context if a staff account erred inside /admin/, else None.

    Anyone else (a visitor, a worker) gets the public page: the admin's menu is only for
    those the admin would let in.
    """
    user = getattr(request, "user", None)
    in_admin = request.path.startswith(reverse("admin:index"))
    if not (in_admin and user is not None and user.is_active and user.is_staff):
        return None
    return admin.site.each_context(request)


def not_found(request, exception=None):
    if (context := _admin_context(request)) is not None:
        return render(request, "admin/404.html", context, status=404)
    return render(request, "404.html", NO_ALERTS, status=404)


def permission_denied(request, exception=None):
    reason = {"exception": str(exception or "")}
    if (context := _admin_context(request)) is not None:
        return render(request, "admin/403.html", context | reason, status=403)
    return render(request, "403.html", NO_ALERTS | reason, status=403)


def server_error(request):
    return render(request, "500.html", status=500)


def locked_out(request, original_response=None, credentials=None):
    """The page django-axes shows a locked-out login (AXES_LOCKOUT_CALLABLE)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "lockout.html", {"minutes": minutes}, status=429)
