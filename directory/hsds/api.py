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
from django.db.models import Prefetch, Q
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.csrf import csrf_exempt

from ..models import GEOMETRY_FIELDS, Category, Location, Organisation, Service
from ..search import counts
from ..search.engine import MAX_QUERY_LENGTH, search
from ..search.pages import Ranked
from ..text import normalise
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

ALLOWED_METHODS = "GET, HEAD, OPTIONS"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 200
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


class PageForm(forms.Form):
    # Checked here for every list: a NUL byte would reach PostgreSQL, which refuses it.
    search = forms.CharField(required=False, strip=False)
    page = forms.IntegerField(min_value=1, required=False)
    per_page = forms.IntegerField(min_value=1, max_value=MAX_PER_PAGE, required=False)
    full = StrictBooleanField(required=False)
    full_service = StrictBooleanField(required=False)


def _field_errors(form, renamed=None):
    renamed = renamed or {}
    return {renamed.get(name, name): list(messages) for name, messages in form.errors.items()}


def check_params(request, services=None):
    """page, per_page and the `full` flags, after checking them and the search filters.

    Raises a 400 that lists every wrong parameter at once.
    """
    form = PageForm(request.GET)
    errors = {} if form.is_valid() else _field_errors(form)
    if services is not None and not services.is_valid():
        errors |= _field_errors(services.form, {"q": "search"})
    if errors:
        raise ApiError(400, "Invalid query parameters.", errors)
    data = form.cleaned_data
    data["page"] = data["page"] or 1
    data["per_page"] = data["per_page"] or DEFAULT_PER_PAGE
    return data


def parse_id(value, what):
    try:
        return uuid.UUID(value)
    except ValueError:
        raise not_found(what) from None


def page_response(items, params, serialise, total=None):
    """The HSDS Page envelope around one page of `items` (a queryset or a list), of
    `total` items in all if the caller knows it."""
    number, size = params["page"], params["per_page"]
    if total is None:
        total = len(items) if isinstance(items, list) else items.count()
    start = (number - 1) * size
    rows = list(items[start : start + size]) if start < total else []
    pages = math.ceil(total / size)
    return JsonResponse(
        {
            "total_items": total,
            "total_pages": pages,
            "page_number": number,
            "size": len(rows),
            "first_page": number == 1,
            "last_page": number >= pages,
            "empty": not rows,
            "contents": [serialise(row) for row in rows],
        },
        json_dumps_params={"ensure_ascii": False},
    )


def object_response(data):
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


def _matches(text, query):
    return normalise(query) in normalise(text)


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
    params = check_params(request, found)
    full = params["full"] or params["full_service"]
    as_object = serialise.service_full if full else serialise.service_summary
    listing = published_services() if full else summarised_services()
    ordered = in_stable_order(found.qs)
    total = exact_count(request, found, ordered)
    services = Ranked(ordered, listing, found.result)
    response = page_response(services, params, as_object, total=total)
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
    location_id = values.location_id_of(parse_id(id, "service_at_location"))
    service = published_services().filter(locations=location_id).first()
    if service is None:
        raise not_found("service_at_location")
    location = next(loc for loc in service.locations.all() if loc.id == location_id)
    return object_response(serialise.service_at_location(location, service, full=True))


@api_view
def taxonomy_list(request):
    params = check_params(request)
    taxonomies = [serialise.taxonomy()]
    if query := request.GET.get("search", ""):
        taxonomies = [t for t in taxonomies if _matches(f"{t['name']} {t['description']}", query)]
    return page_response(taxonomies, params, lambda taxonomy: taxonomy)


@api_view
def taxonomy_detail(request, id):
    if parse_id(id, "taxonomy") != values.TAXONOMY_ID:
        raise not_found("taxonomy")
    return object_response(serialise.taxonomy())


def _category_text(category):
    names = [category.slug, category.name_fr, category.name_nl, category.name_en]
    return " ".join(names + category.synonyms())


@api_view
def taxonomy_term_list(request):
    params = check_params(request)
    categories = list(Category.objects.all())
    if taxonomy_id := request.GET.get("taxonomy_id"):
        if parse_taxonomy_id(taxonomy_id) != values.TAXONOMY_ID:
            categories = []
    if query := request.GET.get("search", ""):
        categories = [c for c in categories if _matches(_category_text(c), query)]
    return page_response(categories, params, lambda c: serialise.taxonomy_term(c, detail=True))


def parse_taxonomy_id(value):
    try:
        return uuid.UUID(value)
    except ValueError:
        raise ApiError(
            400, "Invalid query parameters.", {"taxonomy_id": ["Enter a valid UUID."]}
        ) from None


@api_view
def taxonomy_term_detail(request, id):
    term_id = str(parse_id(id, "taxonomy_term"))
    category = next(
        (c for c in Category.objects.all() if values.taxonomy_term_id(c.slug) == term_id), None
    )
    if category is None:
        raise not_found("taxonomy_term")
    return object_response(serialise.taxonomy_term(category, detail=True))


@api_view
def unknown(request, path=""):
    raise ApiError(404, "No such endpoint: see openapi_url in /api/v1/.")
