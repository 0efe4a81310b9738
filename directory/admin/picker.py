"""The map picker of the place forms: where it opens, and the address search it offers.

The map opens on the place's point, else on the coordinator's commune. The address
search asks the geocoder of the residents' search (geocoder.py) through an admin
endpoint, for staff who edit places and a few times a minute each: the browser never
talks to the geocoder itself, and without GEOCODER_URL there is neither box nor endpoint.
"""

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import geo, geocoder, roles

# django-leaflet's bundled Leaflet and a few lines of our own.
PICKER_CSS = {"all": ["leaflet/leaflet.css", "css/admin-map.css"]}
PICKER_JS = ["leaflet/leaflet.js", "js/latlon-picker.js"]

SEARCHES_PER_MINUTE = 20
MAX_QUERY_LENGTH = 200
# Who may search: those who may place a place.
PERMISSIONS = ("directory.add_location", "directory.change_location")
NO_TEXT = gettext_lazy("Tapez une adresse.")
TOO_MANY = gettext_lazy("Trop de recherches d'adresse en une minute : patientez un instant.")


def geocoder_configured():
    return bool(getattr(settings, "GEOCODER_URL", ""))


def start_point(user):
    """(lat, lon) of the first commune of the coordinator's scope, or None (the Region)."""
    if user.is_superuser:
        return None
    commune = roles.communes_in_scope(user).defer("boundary", "boundary_display").first()
    return (float(commune.latitude), float(commune.longitude)) if commune else None


def picker_attrs(request):
    """What the picker script reads on a latitude field, asked once per request."""
    if "_picker_attrs" not in request.__dict__:
        attrs = {}
        if point := start_point(request.user):
            attrs["data-picker-start"] = f"{point[0]:.6f},{point[1]:.6f}"
        if geocoder_configured():
            attrs |= {
                "data-geocoder": reverse("admin:directory_location_geocode"),
                "data-geocoder-label": _("Chercher une adresse sur la carte"),
                "data-geocoder-button": _("Chercher"),
                "data-geocoder-found": _("Point placé à : %(label)s. Vérifiez-le sur la carte."),
                "data-geocoder-missing": _(
                    "Adresse introuvable : placez le point vous-même sur la carte."
                ),
                "data-geocoder-failed": _(
                    "La recherche d'adresse ne répond pas : placez le point sur la carte."
                ),
            }
        request._picker_attrs = attrs
    return request._picker_attrs


class MapPicker:
    """For the admins and inlines that edit places: the picker's script and settings."""

    class Media:
        css = PICKER_CSS
        js = PICKER_JS

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "latitude" and request is not None:
            kwargs["widget"] = forms.NumberInput(attrs=picker_attrs(request))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


def _allowed(user):
    """Counts the user's search; False past SEARCHES_PER_MINUTE in the current minute."""
    key = f"admin-geocode:{user.pk}"
    try:
        cache.add(key, 0, 60)
        return cache.incr(key) <= SEARCHES_PER_MINUTE
    except Exception:  # a cache that is down counts nothing; the geocoder's own cache is down too
        return True


def geocode(request):
    """{"found": true, "lat", "lon", "label"} for the address typed, or {"found": false}.

    Behind the admin's login (LocationAdmin.get_urls wraps it in admin_view)."""
    if not geocoder_configured():
        raise Http404
    if not any(request.user.has_perm(permission) for permission in PERMISSIONS):
        raise PermissionDenied
    text = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    if not text:
        return JsonResponse({"found": False, "error": str(NO_TEXT)}, status=400)
    if not _allowed(request.user):
        return JsonResponse({"found": False, "error": str(TOO_MANY)}, status=429)
    point = geocoder.geocode(text)
    if point is None:
        return JsonResponse({"found": False})
    commune = geo.commune_at(point.lat, point.lon)
    # Named only when its boundary holds the point: a nearest centre may be the neighbour's.
    inside = commune is not None and commune.min_lat is not None
    label = f"{text} ({commune.name})" if inside else text
    return JsonResponse({"found": True, "lat": point.lat, "lon": point.lon, "label": label})
