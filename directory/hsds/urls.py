"""/api/v1/: the HSDS 3.0 API. Every endpoint answers with or without a trailing slash."""

from django.urls import path, re_path

from . import api, api_taxonomies

app_name = "api"


def endpoint(route, view, name):
    """The route as HSDS writes it (no trailing slash), and the same with one."""
    return [path(route, view, name=name), path(f"{route}/", view)]


urlpatterns = [
    path("", api.root, name="root"),
    *endpoint("openapi.json", api.openapi, "openapi"),
    *endpoint("services", api.service_list, "service-list"),
    *endpoint("services/<str:id>", api.service_detail, "service-detail"),
    *endpoint("organizations", api.organization_list, "organization-list"),
    *endpoint("organizations/<str:id>", api.organization_detail, "organization-detail"),
    *endpoint("service_at_locations", api.service_at_location_list, "service-at-location-list"),
    *endpoint(
        "service_at_locations/<str:id>",
        api.service_at_location_detail,
        "service-at-location-detail",
    ),
    *endpoint("taxonomies", api_taxonomies.taxonomy_list, "taxonomy-list"),
    *endpoint("taxonomies/<str:id>", api_taxonomies.taxonomy_detail, "taxonomy-detail"),
    *endpoint("taxonomy_terms", api_taxonomies.taxonomy_term_list, "taxonomy-term-list"),
    *endpoint(
        "taxonomy_terms/<str:id>", api_taxonomies.taxonomy_term_detail, "taxonomy-term-detail"
    ),
    re_path(r"^(?P<path>.*)$", api.unknown),
]
