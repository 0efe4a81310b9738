"""Request middleware: a JSON log line per request, the 503 page, and security headers."""

import contextvars
import json
import logging
import re
import time
import uuid
from contextlib import ExitStack

from django.conf import settings
from django.db import InterfaceError, OperationalError, connections
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.functional import empty
from django.utils.log import log_response
from django.utils.translation import get_language

from .http import own_path

request_logger = logging.getLogger("quartier.requests")

# A proxy's request id is kept when it looks like one; anything else is replaced.
REQUEST_ID_PATTERN = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
current_request_id = contextvars.ContextVar("current_request_id", default=None)

RETRY_AFTER_SECONDS = 30


class QueryCounter:
    """An execute wrapper that counts the queries it sees, on any connection."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


class RequestLogMiddleware:
    """One `quartier.requests` record per request, with what an operator needs to see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.id = incoming if REQUEST_ID_PATTERN.match(incoming) else uuid.uuid4().hex
        token = current_request_id.set(request.id)
        queries = QueryCounter()
        started = time.perf_counter()
        try:
            with ExitStack() as stack:
                for connection in connections.all():
                    stack.enter_context(connection.execute_wrapper(queries))
                response = self.get_response(request)
            response["X-Request-ID"] = request.id
            request_logger.info(
                "%s %s %s",
                request.method,
                request.path,
                response.status_code,
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "db_queries": queries.count,
                    "user_id": known_user_id(request),
                    "request_id": request.id,
                },
            )
            return response
        finally:
            current_request_id.reset(token)


def known_user_id(request):
    """The user's id if the request already loaded its user; logging costs no query."""
    user = getattr(request, "user", None)
    if user is None or getattr(user, "_wrapped", None) is empty:
        return None
    return user.pk if user.is_authenticated else None


class JsonLogFormatter(logging.Formatter):
    """Formats a record as one JSON object: time, level, logger, message, its extra fields."""

    # What every record has; the rest came as `extra`. Django's `request` object is left out.
    STANDARD_ATTRIBUTES = frozenset(vars(logging.makeLogRecord({}))) | {
        "message",
        "asctime",
        "taskName",
        "request",
    }

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S%z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        entry.update(
            (key, value)
            for key, value in record.__dict__.items()
            if key not in self.STANDARD_ATTRIBUTES and not key.startswith("_")
        )
        if "request_id" not in entry and current_request_id.get():
            entry["request_id"] = current_request_id.get()
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class DatabaseUnavailableMiddleware:
    """A friendly 503 page, in the visitor's language, when the database cannot answer.

    The page renders from the template alone: no context processor, no query.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        # OperationalError includes the timeouts (settings.py): a connection not made in
        # time, a statement PostgreSQL cancelled, an answer that never came.
        if settings.DEBUG or not isinstance(exception, OperationalError | InterfaceError):
            return None
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"error": "The database is unavailable."}, status=503)
        else:
            html = render_to_string(
                "503.html",
                {"LANGUAGE_CODE": get_language(), "retry_url": own_path(request) or "/"},
            )
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        log_response(
            "Database unavailable: %s",
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` from settings.PERMISSIONS_POLICY (Django has no setting)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}={allowlist}" for feature, allowlist in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response
