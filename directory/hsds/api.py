"""The read-only HSDS 3.0 (Open Referral) API under /api/v1/.

Content language: the `lang` parameter (fr, nl or en), else the `Accept-Language`
header, else French. Lists use the HSDS Page envelope; errors are JSON with a message
and, for bad parameters, the errors of each field.
"""

import json
import math
import uuid
from functools import wraps
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db.models import Prefetch, Q
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from ..models import GEOMETRY_FIELDS, Location, Organisation, Service
from ..search import counts
from ..search.engine import MAX_QUERY_LENGTH, search
from ..search.pages import Ranked, answer_key
from ..translation import CONTENT_LANGUAGES, DEFAULT_LANGUAGE, requested_language
from . import serialise, values
from .filters import locations_within
from .querysets import (
    exact_count,
    in_stable_order,
    published_services,
    published_services_of_organisations,
    search_services,
    summarised_services,
)
from .summaries import KeptSummaries, page_of_texts

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
# `minimal` lists (id and last_modified) aim at every service in one call (HSDS).
MAX_MINIMAL_PER_PAGE = 10_000
NDJSON_CHUNK = 200  # rows read (and prefetched) at a time when streaming every result
OPENAPI = json.loads((Path(__file__).resolve().parent / "openapi.json").read_text("utf-8"))


class ApiError(Exception):
    """Ends a request with a JSON error: a status, a message, and field errors if any."""

    def __init__(self, status, message, errors=None):
        super().__init__(message)
        self.status, self.message, self.errors = status, message, errors

    def response(self):
        body = {"status": self.status, "message": self.message}
        if self.errors:
            body["errors"] = self.errors
        return JsonResponse(body, status=self.status)


def not_found(what="resource"):
    return ApiError(404, f"No {what} with this id.")


# Request handling ------------------------------------------------------------------


def content_language(request):
    """The language the API answers in (see `requested_language`); 400 for a bad `lang`."""
    lang = requested_language(request)
    if lang is None:
        raise ApiError(
            400,
            "Invalid query parameters.",
            {"lang": [f"Choose one of {', '.join(CONTENT_LANGUAGES)}."]},
        )
    return lang


def api_view(view):
    """GET only; runs the view in the content language; turns ApiError into JSON.

    Exempt from CSRF checks, which protect writes made with a visitor's cookies: the API
    writes nothing, and a POST is told so in JSON rather than with Django's HTML 403.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        lang = DEFAULT_LANGUAGE
        try:
            if request.method == "OPTIONS":
                response = HttpResponse()
            elif request.method not in ("GET", "HEAD"):
                raise ApiError(405, "This API is read-only: use GET.")
            else:
                lang = content_language(request)
                with translation.override(lang):
                    response = view(request, *args, **kwargs)
        except ApiError as error:
            response = error.response()
        if request.method == "OPTIONS" or response.status_code == 405:
            response["Allow"] = ALLOWED_METHODS
        response["Content-Language"] = lang
        # Public open data: any site or tool may read it from a browser.
        response["Access-Control-Allow-Origin"] = "*"
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return csrf_exempt(wrapper)


class StrictBooleanField(forms.Field):
    """true/false (or 1/0, yes/no); anything else is an error, not a silent false."""

    def to_python(self, value):
        text = (value or "").strip().lower()
        if text in ("true", "1", "yes", "on"):
            return True
        if text in ("false", "0", "no", "off", ""):
            return False
        raise ValidationError("Use true or false.", code="invalid")


def _says_true(value):
    """Whether a flag is true; a wrong value is not (the form's field then says why)."""
    try:
        return StrictBooleanField().to_python(value) is True
    except ValidationError:
        return False


class PageForm(forms.Form):
    # Checked here for every list: a NUL byte would reach PostgreSQL, which refuses it.
    search = forms.CharField(required=False, strip=False)
    page = forms.IntegerField(min_value=1, required=False)
    per_page = forms.IntegerField(min_value=1, max_value=MAX_PER_PAGE, required=False)
    full = StrictBooleanField(required=False)
    full_service = StrictBooleanField(required=False)
    format = forms.ChoiceField(
        choices=[("json", "json"), ("ndjson", "ndjson")],
        required=False,
        error_messages={"invalid_choice": "Use json, or ndjson to stream every result."},
    )
    minimal = StrictBooleanField(required=False)

    def __init__(self, data, minimal_allowed=False):
        super().__init__(data)
        self.minimal_allowed = minimal_allowed
        if minimal_allowed and _says_true(data.get("minimal")):
            per_page = self.fields["per_page"]
            per_page.max_value = MAX_MINIMAL_PER_PAGE
            per_page.validators = [
                *(v for v in per_page.validators if not isinstance(v, MaxValueValidator)),
                MaxValueValidator(MAX_MINIMAL_PER_PAGE),
            ]

    def clean_minimal(self):
        minimal = self.cleaned_data["minimal"]
        if minimal and not self.minimal_allowed:
            raise ValidationError("minimal is only supported by /services.", code="unsupported")
        return minimal


def _field_errors(form, renamed=None):
    renamed = renamed or {}
    return {renamed.get(name, name): list(messages) for name, messages in form.errors.items()}


def check_params(request, services=None, minimal_allowed=False):
    """page, per_page, format and the `full` and `minimal` flags, after checking them and
    the search filters.

    Raises a 400 that lists every wrong parameter at once.
    """
    form = PageForm(request.GET, minimal_allowed)
    errors = {} if form.is_valid() else _field_errors(form)
    if services is not None and not services.is_valid():
        errors |= _field_errors(services.form, {"q": "search"})
    if errors:
        raise ApiError(400, "Invalid query parameters.", errors)
    data = form.cleaned_data
    data["page"] = data["page"] or 1
    default = MAX_MINIMAL_PER_PAGE if data["minimal"] else DEFAULT_PER_PAGE
    data["per_page"] = data["per_page"] or default
    return data


def parse_id(value, what):
    try:
        return uuid.UUID(value)
    except ValueError:
        raise not_found(what) from None


def page_response(items, params, serialise, total=None, encoded=False):
    """The HSDS Page envelope around one page of `items` (a queryset or a list), of
    `total` items in all if the caller knows it; with `format=ndjson`, every item instead,
    one JSON object a line, without pagination. `encoded`: the page's items are JSON text
    already (summaries.py), and `serialise` is not called."""
    if params.get("format") == "ndjson":
        return ndjson_response(items, serialise)
    number, size = params["page"], params["per_page"]
    if total is None:
        total = len(items) if isinstance(items, list) else items.count()
    start = (number - 1) * size
    rows = list(items[start : start + size]) if start < total else []
    pages = math.ceil(total / size)
    envelope = {
        "total_items": total,
        "total_pages": pages,
        "page_number": number,
        "size": len(rows),
        "first_page": number == 1,
        "last_page": number >= pages,
        "empty": not rows,
    }
    if encoded:
        return page_of_texts(envelope, rows)
    return JsonResponse(
        envelope | {"contents": [serialise(row) for row in rows]},
        json_dumps_params={"ensure_ascii": False},
    )


def ndjson_response(items, serialise):
    """Every item as a line of JSON, read a chunk at a time in the request's language."""
    lang = translation.get_language()
    total = len(items) if isinstance(items, list) else items.count()

    def lines():
        with translation.override(lang):
            for start in range(0, total, NDJSON_CHUNK):
                for row in items[start : start + NDJSON_CHUNK]:
                    yield json.dumps(serialise(row), ensure_ascii=False) + "\n"

    return StreamingHttpResponse(lines(), content_type="application/x-ndjson; charset=utf-8")


def object_response(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


# Views -----------------------------------------------------------------------------


@api_view
def root(request):
    return object_response(
        {
            "version": values.HSDS_VERSION,
            "profile": values.PROFILE_URL,
            "openapi_url": request.build_absolute_uri(reverse("api:openapi")),
            "content_language": {
                "languages": list(CONTENT_LANGUAGES),
                "default": DEFAULT_LANGUAGE,
                "current": translation.get_language(),
                "how": (
                    "HSDS has no translations: each response is in one language. Choose "
                    "it with ?lang=fr|nl|en, else the Accept-Language header; French by "
                    "default. A text missing in that language falls back to another."
                ),
            },
        }
    )


@api_view
def openapi(request):
    server = request.build_absolute_uri(reverse("api:root")).rstrip("/")
    document = OPENAPI | {"servers": [{"url": server}]}
    return object_response(document)


@api_view
def service_list(request):
    found = search_services(request)
    params = check_params(request, found, minimal_allowed=True)
    full = params["full"] or params["full_service"]
    as_object = serialise.service_full if full else serialise.service_summary
    if params["minimal"]:
        as_object = serialise.service_minimal
    listing = published_services() if full else summarised_services()
    # A page of list items is read from those this process keeps (a stream is not).
    encoded = as_object is serialise.service_summary and params["format"] != "ndjson"
    if encoded:
        listing = KeptSummaries()
    ordered = in_stable_order(found.qs)
    total = exact_count(request, found, ordered)
    # The ids of a page are kept per process for these filters, as the search page's are
    # (a stream reads them all, once: not kept).
    key = answer_key(found.form.cleaned_data) if params["format"] != "ndjson" else None
    services = Ranked(ordered, listing, found.result, key=key and ("api", key))
    response = page_response(services, params, as_object, total=total, encoded=encoded)
    # Only `search=` is counted: the list without a text is how other tools read the data.
    return counts.attach(response, counts.searched(request, found, total, needs_text=True))


@api_view
def service_detail(request, id):
    service = published_services().filter(pk=parse_id(id, "service")).first()
    if service is None:
        raise not_found("service")
    return object_response(serialise.service_full(service))


@api_view
def organization_list(request):
    params = check_params(request)
    organisations = Organisation.objects.all()
    if query := request.GET.get("search", "").strip()[:MAX_QUERY_LENGTH]:
        matching = search(Service.objects.public(), query).services
        organisations = organisations.filter(
            Q(name_fr__icontains=query)
            | Q(name_nl__icontains=query)
            | Q(name_en__icontains=query)
            | Q(pk__in=matching.values("organisation_id"))
        )
    if not (params["full"] or params["full_service"]):
        return page_response(organisations, params, serialise.organization_summary)
    organisations = organisations.prefetch_related(published_services_of_organisations())
    return page_response(
        organisations,
        params,
        lambda org: serialise.organization_full(org, org.published, params["full_service"]),
    )


@api_view
def organization_detail(request, id):
    params = check_params(request)
    organisation = (
        Organisation.objects.prefetch_related(published_services_of_organisations())
        .filter(pk=parse_id(id, "organization"))
        .first()
    )
    if organisation is None:
        raise not_found("organization")
    return object_response(
        serialise.organization_full(organisation, organisation.published, params["full_service"])
    )


def _locations_for_api():
    deferred = (f"{area}__{field}" for area in ("commune", "quartier") for field in GEOMETRY_FIELDS)
    return (
        Location.objects.select_related("commune", "quartier")
        .defer(*deferred)
        .prefetch_related("schedules", Prefetch("service", queryset=published_services()))
    )


@api_view
def service_at_location_list(request):
    services = search_services(request)
    params = check_params(request, services)
    locations = _locations_for_api().filter(service__in=services.qs.values("pk"))
    if services.proximity_search:
        nearby = locations_within(*services.proximity_search).values("pk")
        locations = locations.filter(pk__in=nearby)
    locations = locations.order_by("service__name_fr", "service_id", "id")
    return page_response(
        locations,
        params,
        lambda loc: serialise.service_at_location(loc, loc.service, full=params["full"]),
    )


@api_view
def service_at_location_detail(request, id):
    link_id = parse_id(id, "service_at_location")
    # The id a file gave it (kept by the import), else the one derived from the place's.
    kept = Location._base_manager.filter(link_id=link_id).values_list("pk", flat=True)
    location_id = kept.first() or values.location_id_of(link_id)
    service = published_services().filter(locations=location_id).first()
    if service is None:
        raise not_found("service_at_location")
    location = next(loc for loc in service.locations.all() if loc.id == location_id)
    return object_response(serialise.service_at_location(location, service, full=True))


@api_view
def unknown(request, path=""):
    raise ApiError(404, "No such endpoint: see openapi_url in /api/v1/.")
