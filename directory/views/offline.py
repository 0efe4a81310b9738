"""Offline mode for outreach tablets: a web app manifest, a service worker, and the list
of what to keep to use a quartier's directory with no connection (see static/js/offline.js)."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.templatetags.static import static
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from ..models import Category, Quartier
from ..offline_pack import quartier_pack

# Every page of the site needs these; map tiles are left out (they are not ours to copy).
OFFLINE_ASSETS = [
    "css/quartier.css",
    "js/offline.js",
    "js/offline-app.js",
    "js/map.js",
    "js/service-page.js",
    "js/alerts.js",
    "js/listen.js",
    "js/quick-exit.js",
    "leaflet/leaflet.css",
    "leaflet/leaflet.js",
    "leaflet/images/marker-icon.png",
    "leaflet/images/marker-icon-2x.png",
    "leaflet/images/marker-shadow.png",
    "icons/categories.svg",
    "icons/quartier.svg",
    "icons/quartier-192.png",
    "icons/quartier-512.png",
]


@cache_control(max_age=86400, public=True)
def manifest(request):
    """The web app manifest: Quartier installs on a tablet's home screen."""
    data = {
        "name": _("Quartier – qui fait quoi à Bruxelles"),
        "short_name": "Quartier",
        "description": _("Les services sociaux près de chez vous à Bruxelles."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#083f78",
        "id": "/",
        "icons": [
            {"src": static("icons/quartier-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("icons/quartier-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("icons/quartier.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    return JsonResponse(data, content_type="application/manifest+json")


@cache_control(no_cache=True)
def service_worker(request):
    """Served from the root, so that its scope covers every language's pages."""
    return render(
        request,
        "offline/sw.js",
        {"static_url": settings.STATIC_URL},
        content_type="text/javascript",
    )


def offline_page(request):
    """Our page for anything not kept offline: search what is kept, count needs met."""
    return render(request, "directory/offline.html", {"categories": Category.objects.all()})


def quartier_offline(request, slug):
    """What "keep this quartier offline" saves: its pack (offline_pack.py) and the assets."""
    quartier = get_object_or_404(Quartier.objects.select_related("commune"), slug=slug)
    return JsonResponse(quartier_pack(quartier) | {"assets": [static(n) for n in OFFLINE_ASSETS]})
