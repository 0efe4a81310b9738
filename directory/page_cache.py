"""A short-lived cache of the public pages anonymous visitors read, shared by every node.

A search or a service page costs tens of milliseconds of Python, and most visits are the
same few searches. For `PAGE_CACHE_SECONDS` such a page is answered from the cache
(Redis, which every app node shares). Any change to the directory bumps a version kept
in the same cache, and pages are stored under it: after a save on one node, no node
serves the page as it was. Saves and deletes of the directory's models bump it through
signals; bulk writes (imports, demo data, boundaries) call `directory_changed()`.

Nothing personal is stored: only anonymous GET requests (no session or messages
cookie) for public pages and the API, answered 200 with no cookie set and no CSRF token
used. Content-Security-Policy nonces stay unique: a stored page keeps a marker where its
nonce was, and each answer gets a fresh one.
"""

import base64
import hashlib
import os
import re

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse

VERSION_KEY = "page-cache:version"
MARKER = "page-cache-nonce-0000000000"
PUBLIC = re.compile(r"^/(?:(?:fr|nl|en)/(?!staff/)|api/v1/)")
PRIVATE_COOKIES = (settings.SESSION_COOKIE_NAME, "messages")
NONCE = re.compile(r"'nonce-([^']+)'")
CSP_HEADERS = ("Content-Security-Policy", "Content-Security-Policy-Report-Only")


def directory_changed():
    """Every cached page is out of date, once the current transaction commits."""
    if settings.PAGE_CACHE_SECONDS:
        transaction.on_commit(_bump)


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there yet (or evicted)
        cache.set(VERSION_KEY, 1, timeout=None)


@receiver(post_save)
@receiver(post_delete)
@receiver(m2m_changed)
def _model_changed(sender, **kwargs):
    if sender._meta.app_label == "directory":
        directory_changed()


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key(request) if settings.PAGE_CACHE_SECONDS else None
        if key is None:
            return self.get_response(request)
        stored = cache.get(key)
        if stored is not None:
            return self.answer(*stored)
        response = self.get_response(request)
        if self.storable(request, response):
            cache.set(key, self.stored(response), settings.PAGE_CACHE_SECONDS)
        return response

    def key(self, request):
        if request.method not in ("GET", "HEAD") or not PUBLIC.match(request.path):
            return None
        if any(name in request.COOKIES for name in PRIVATE_COOKIES):
            return None
        version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
        # The API speaks the language of Accept-Language when ?lang= is not given.
        language = request.headers.get("Accept-Language", "") if request.path[1:4] == "api" else ""
        page = f"{request.get_host()}|{request.get_full_path()}|{language}"
        return f"page-cache:{version}:{hashlib.sha256(page.encode()).hexdigest()}"

    def storable(self, request, response):
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    def stored(self, response):
        """(body, headers) with the page's nonce, if it has one, replaced by MARKER."""
        body, headers = response.content, dict(response.items())
        csp = next((headers[h] for h in CSP_HEADERS if h in headers), "")
        if nonce := NONCE.search(csp):
            body = body.replace(nonce[1].encode(), MARKER.encode())
            for name in CSP_HEADERS:
                if name in headers:
                    headers[name] = headers[name].replace(nonce[1], MARKER)
        return body, headers

    def answer(self, body, headers):
        nonce = base64.b64encode(os.urandom(16)).decode()
        response = HttpResponse(body.replace(MARKER.encode(), nonce.encode()))
        for name, value in headers.items():
            response[name] = value.replace(MARKER, nonce)
        return response
