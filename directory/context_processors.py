from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def site(request):
    """Language switch links to the same page, and the map settings every map needs."""
    current = get_language()
    return {
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_ATTRIBUTION,
    }
