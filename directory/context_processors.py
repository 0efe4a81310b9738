import re

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from . import memo
from .alerts import alerts_for
from .http import own_path
from .phones import tel_uri

# The pages whose addresses in every language a process keeps, the last asked for.
PATHS_KEPT = 2000


def site(request):
    """Language switch links to the same page, and the map settings every map needs."""
    current = get_language()
    path = own_path(request)
    return {
        "language_links": [
            {"code": code, "name": name, "url": url, "current": code == current}
            for (code, name), url in zip(settings.LANGUAGES, page_in_languages(path), strict=True)
        ],
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_ATTRIBUTION,
        "helpline": helpline(current),
        "quick_exit_url": settings.QUICK_EXIT_URL,
    }


def page_in_languages(path):
    """The address of the page at `path` in each language (the home page's when `path`
    is None): resolving it once per language costs more than the rest of a kept page, so
    each process keeps those of the pages asked for last (memo.kept)."""

    def translated(paths):
        return {
            path: [
                translate_url(path, code) if path else home_page(code)
                for code, _name in settings.LANGUAGES
            ]
        }

    kept = memo.kept("language-links", [path], translated, per_language=False, most=PATHS_KEPT)
    return kept[path]


def home_page(language):
    with override(language):
        return reverse("directory:home")


def helpline(language):
    """The free phone line every page shows, or None when HELPLINE_NUMBER is empty.

    HELPLINE_LABEL replaces the default label, in every language or, written
    "fr:…|nl:…|ar:…", one per interface language (French for the others).
    """
    if not settings.HELPLINE_NUMBER:
        return None
    return {
        "number": settings.HELPLINE_NUMBER,
        "tel_uri": tel_uri(settings.HELPLINE_NUMBER),
        "label": helpline_label(settings.HELPLINE_LABEL, language)
        or _("Aide sociale, appel gratuit"),
    }


def helpline_label(text, language):
    codes = "|".join(code for code, _name in settings.LANGUAGES)
    parts = [re.match(rf"^\s*({codes})\s*:(.*)$", part, re.S) for part in text.split("|")]
    if not all(parts):
        return text.strip()
    labels = {match[1]: match[2].strip() for match in parts}
    return labels.get(language) or labels.get("fr") or next(iter(labels.values()), "")


def crisis(request):
    """The region-wide alerts in force, when a page shows them (read once per process until
    the directory changes: alerts.py).

    A commune's page, or a service located there, passes its own `alerts` (region-wide
    ones included, see Alert.objects.for_communes), which hide these.
    """
    return {"alerts": lambda: alerts_for([])}
