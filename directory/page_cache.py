"""A short-lived cache of the public pages anonymous visitors read, shared by every node.

A search or a service page costs tens of milliseconds of Python, and most visits are the
same few searches. For `PAGE_CACHE_SECONDS` such a page is answered from the cache
(Redis, which every app node shares). Any change to the directory bumps a version kept
in the same cache, and pages are stored under it: after a save on one node, no node
serves the page as it was. Saves and deletes of the directory's models bump it through
signals; bulk writes (imports, demo data, boundaries) call `directory_changed()`.

A stored page keeps what its view left on the response for the middleware above the
cache (CARRIED: the search to count, search/counts.py), and every answer from the cache
carries it again: a page served from the cache is counted as one computed.

Nothing personal is stored: only anonymous GET requests (no session or messages
cookie) for public pages and the API, answered 200 with no cookie set (a page with a
form sets the CSRF cookie). Pages stored are read from the primary database, never from
a replica that may not have the change yet. Content-Security-Policy nonces stay unique:
a stored page keeps a marker where its nonce was, and each answer gets a fresh one.
"""

import base64
import hashlib
import logging
import os
import re

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse

from quartier.db_router import primary

from . import memo
from .transactions import on_commit_once
from .translation import requested_language

logger = logging.getLogger("quartier.page_cache")

VERSION_KEY = memo.VERSION_KEY
MARKER = "page-cache-nonce-0000000000"
# Every interface language's public pages (not the staff's), and the API.
PUBLIC = re.compile(
    rf"^/(?:(?:{'|'.join(code for code, _name in settings.LANGUAGES)})/(?!staff/)|api/v1/)"
)
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
NONCE = re.compile(r"'nonce-([^']+)'")
CSP_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
# Attributes a view sets on its response for the middleware above this one.
CARRIED = ("search_count",)


def directory_changed():
    """Every cached page, and every value memo.py keeps, is out of date once the current
    transaction commits.

    One bump per transaction, whatever it wrote: a second change registers nothing while
    the first one's bump is still waiting for the commit. This process forgets its values
    at once too: a request of its own reads them again inside the transaction.
    """
    memo.forget()
    on_commit_once(memo.CHANGE, _bump)


def _bump():
    memo.forget()  # a request may have read the old rows again before the commit
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:  # not there yet (or evicted)
            cache.set(VERSION_KEY, 1, timeout=None)
    except Exception:
        # Pages cached before the outage could outlive the change: by PAGE_CACHE_SECONDS.
        logger.error("page cache version not bumped", exc_info=True)


def _model_changed(sender, **kwargs):
    directory_changed()


def connect_signals():
    """Changes to what residents' pages and the API show make the cached pages old."""
    names = [
        "Commune", "Quartier", "Category", "Audience", "Language", "Organisation", "Service",
        "Phone", "Location", "Schedule", "ScheduleException", "Alert", "TemporaryStatus",
        "PresenceSlot", "CheckIn", "CheckInRequest", "CostOption", "RequiredDocument",
        "ForeignTerm",
    ]  # fmt: skip
    for name in names:
        model = apps.get_model("directory", name)
        post_save.connect(_model_changed, sender=model, dispatch_uid=f"page-cache-save-{name}")
        post_delete.connect(_model_changed, sender=model, dispatch_uid=f"page-cache-del-{name}")
    for field in ("categories", "audiences", "languages"):
        through = getattr(apps.get_model("directory", "Service"), field).through
        m2m_changed.connect(_model_changed, sender=through, dispatch_uid=f"page-cache-{field}")


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = stored = None
        if settings.PAGE_CACHE_SECONDS and self.cacheable(request):
            page = self.page(request)  # outside the try: a bad Host is a 400, as without us
            try:
                version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
                memo.saw_version(version)
                key = f"page-cache:{version}:{page}"
                stored = cache.get(key)
            except Exception:  # the cache is down: pages are computed, as without it
                logger.warning("page cache unavailable", exc_info=True)
                key = None
        if stored is not None:
            return self.answer(*stored)
        if key is None:
            return self.get_response(request)
        # Stored under the new version, a page must not come from a lagging replica.
        with primary():
            response = self.get_response(request)
        if self.storable(response):
            try:
                cache.set(key, self.stored(response), settings.PAGE_CACHE_SECONDS)
            except Exception:
                logger.warning("page cache unavailable", exc_info=True)
        return response

    def cacheable(self, request):
        return (
            request.method in ("GET", "HEAD")
            and PUBLIC.match(request.path)
            and not any(name in request.COOKIES for name in PRIVATE_COOKIES)
        )

    def page(self, request):
        """What tells one page from another: scheme, host, path and query, the API's language."""
        # The language the API itself answers in, never Django's guess from cookie or header.
        api = request.path.startswith("/api/")
        language = requested_language(request) if api else ""
        page = f"{request.scheme}://{request.get_host()}|{request.get_full_path()}|{language}"
        return hashlib.sha256(page.encode()).hexdigest()

    def storable(self, response):
        # Django sets the CSRF cookie again on every answer that used a token: a page
        # with a form always has a cookie, so it is never stored.
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    def stored(self, response):
        """(body, headers, carried attributes) with the page's nonce, if it has one,
        replaced by MARKER."""
        body, headers = response.content, dict(response.items())
        carried = {name: getattr(response, name) for name in CARRIED if hasattr(response, name)}
        csp = next((headers[h] for h in CSP_HEADERS if h in headers), "")
        if nonce := NONCE.search(csp):
            body = body.replace(nonce[1].encode(), MARKER.encode())
            for name in CSP_HEADERS:
                if name in headers:
                    headers[name] = headers[name].replace(nonce[1], MARKER)
        return body, headers, carried

    def answer(self, body, headers, carried=None):
        nonce = base64.b64encode(os.urandom(16)).decode()
        response = HttpResponse(body.replace(MARKER.encode(), nonce.encode()))
        for name, value in headers.items():
            response[name] = value.replace(MARKER, nonce)
        for name, value in (carried or {}).items():
            setattr(response, name, value)
        return response
