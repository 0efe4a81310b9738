"""Request helpers: the visitor's address, a safe link back to the request."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def client_ip(request):
    """The visitor's address for login throttling, read behind settings.PROXY_COUNT proxies."""
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")]
        if len(forwarded) >= settings.PROXY_COUNT and forwarded[-settings.PROXY_COUNT]:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")


def own_path(request):
    """The request's path and query, to link back to it; None when a browser would read
    them as another site's address (a request for `//evil.example/`, `///evil.example`)."""
    path = request.get_full_path()
    return path if url_has_allowed_host_and_scheme(path, allowed_hosts=None) else None
