import re
from functools import lru_cache
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.urls import reverse, translate_url
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from . import memo
from .alerts import alerts_for
from .http import own_path
from .phones import tel_uri


def site(request):
    """Language switch links to the same page, and the map settings every map needs."""
    current = get_language()
    path = own_path(request)
    return {
        "language_links": [
            {
                "code": code,
                "name": name,
                "url": in_language(path, code) if path else home_page(code),
                "current": code == current,
            }
            for code, name in settings.LANGUAGES
        ],
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_attribution": settings.MAP_ATTRIBUTION,
        "helpline": helpline(current),
        "quick_exit_url": settings.QUICK_EXIT_URL,
    }


# The paths whose translations a process keeps, the last used (each in every language).
PATHS_KEPT = 2000


def in_language(path, language):
    """translate_url(path, language) for a path of this site (with its query), the
    translations of its path part kept per process: resolving it again for each of the
    languages of the switch cost every page about a millisecond. They are kept per path,
    all languages at once: kept per path and language, the switch's twelve links of 400
    pages (a mix of service pages) overflowed the bound, and each page resolved them all."""
    parsed = urlsplit(path)
    translated = memo.remembered(
        "translated-paths",
        lambda: lru_cache(maxsize=PATHS_KEPT)(translations),
        per_language=False,
    )(parsed.path)[language]
    return urlunsplit(("", "", translated, parsed.query, parsed.fragment))


def translations(path):
    """{language: the path in that language}, for each of the site's languages."""
    return {code: translate_url(path, code) for code, _name in settings.LANGUAGES}


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
