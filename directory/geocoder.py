"""Street addresses to points, through a geocoder the deployment already runs.

Off unless GEOCODER_URL names a Nominatim-compatible search (its own Nominatim, or
Photon): https://nominatim.example.org/search?format=jsonv2&countrycodes=be, say. Only
the text the resident typed is sent, as `q`, added to that URL: no address of theirs, no
cookie, no language. Answers (found or not) are kept in the cache for CACHE_SECONDS, so a
street asked again costs nothing. A geocoder that is slow, down, or answers nonsense is
the same as none: the caller tells the resident it does not know the street.
"""

import hashlib
import json
import logging
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.cache import cache

from . import geo

logger = logging.getLogger(__name__)

# Past this many seconds the resident gets the page, with "try a postcode".
TIMEOUT_SECONDS = 2
CACHE_SECONDS = 30 * 24 * 3600
# An answer outside the Region (a Rue Haute elsewhere in Belgium) is not the street meant.
REGION = geo.Box(south=50.76, north=50.92, west=4.24, east=4.49)
_NOT_FOUND = "-"


def _cache_key(text):
    return "geocoder:" + hashlib.sha256(text.strip().lower().encode()).hexdigest()


def _first_point(body):
    """(lat, lon) of the first result in the Region, from a Nominatim list or a Photon
    GeoJSON FeatureCollection; None when there is none."""
    if isinstance(body, dict):  # Photon
        candidates = [
            (f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0])
            for f in body.get("features") or []
        ]
    else:  # Nominatim
        candidates = [(row["lat"], row["lon"]) for row in body]
    for lat, lon in candidates:
        lat, lon = float(lat), float(lon)
        if REGION.holds(lat, lon):
            return lat, lon
    return None


def _ask(url, text):
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query) + [("q", text)]
    request = urllib.request.Request(
        urllib.parse.urlunsplit(parts._replace(query=urllib.parse.urlencode(query))),
        headers={"User-Agent": f"Quartier ({settings.SITE_URL})", "Accept": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
        return _first_point(json.load(response))


def _cache(method, *args):
    try:
        return getattr(cache, method)(*args)
    except Exception:  # a cache that is down is no cache
        logger.warning("geocoder cache unavailable", exc_info=True)
        return None


def geocode(text):
    """A point for a street address typed by a resident, or None (no geocoder, not
    found, outside the Region, or the geocoder failed)."""
    url = getattr(settings, "GEOCODER_URL", "")
    text = text.strip()
    if not url or not text:
        return None
    key = _cache_key(text)
    cached = _cache("get", key)
    if cached is not None:
        return None if cached == _NOT_FOUND else geo.Point(*cached, text)
    try:
        found = _ask(url, text)
    except Exception:  # timeouts, refusals, HTTP errors, answers of another shape
        logger.warning("geocoder failed", exc_info=True)
        return None  # not cached: the next resident asks again
    _cache("set", key, found or _NOT_FOUND, CACHE_SECONDS)
    return geo.Point(*found, text) if found else None
