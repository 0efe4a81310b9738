"""Random and hostile values in every GET parameter of every public page and API endpoint.

Whatever arrives (unicode, NUL bytes, SQL, huge or negative numbers, broken `lat,lon`,
bytes that are not UTF-8, a parameter repeated), the answer is a page or a JSON error,
never a server error. The API's parameters are read from its OpenAPI document.
"""

from urllib.parse import quote_from_bytes, quote_plus

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory.hsds import values
from directory.hsds.api import OPENAPI
from tests.factories import make_service

EXAMPLES = settings(
    max_examples=30,
    deadline=None,
    database=None,  # leaves no .hypothesis folder in the checkout
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

NASTY = [
    "",
    " ",
    "\x00",
    "colis\x00alimentaire",
    "'; DROP TABLE directory_service; --",
    "' OR '1'='1",
    '" OR ""="',
    "%",
    "_",
    "\\",
    "%00",
    "<script>alert(1)</script>",
    "../../../etc/passwd",
    "NaN",
    "nan,nan",
    "inf",
    "-inf,inf",
    "1e309",
    "-1",
    "0",
    "99999999999999999999999999999",
    "-99999999999999999999999999999",
    "1.5",
    "0x10",
    "١٠٨٠",  # Arabic-Indic digits
    "１０８０",  # full-width digits
    "ǅ𝔘𝔫𝔦𝔠𝔬𝔡𝔢 ﷽ 😀‍👩",
    "\u202eevil",
    "true",
    "false",
    "null",
    "[]",
    "{}",
    "2026-02-30T25:61:00",
    "0000-00-00",
    "9999-12-31T23:59:59+99:00",
    "00000000-0000-0000-0000-000000000000",
    "50.85,4.35",
    "50.85;4.35",
    "50,85,4,35",
    "91,181",
    "-90.0000001,180.0000001",
    "50.85,",
    ",4.35",
    ",",
    "1080",
    "1000 Bruxelles",
    "colis " * 400,
    "a" * 5000,
]
lat_lon = st.builds(
    lambda lat, separator, lon: f"{lat}{separator}{lon}",
    st.one_of(st.floats(), st.integers(-(10**20), 10**20), st.text(max_size=5)),
    st.sampled_from([",", ";", " ", ", ", ",,", "", "\x00"]),
    st.one_of(st.floats(), st.integers(-(10**20), 10**20), st.text(max_size=5)),
)
hostile = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=60),
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(str),
    lat_lon,
    st.binary(max_size=24),  # sent as raw bytes: often not UTF-8
)


def valid_or_hostile(*valid):
    return st.one_of(st.sampled_from(valid), hostile) if valid else hostile


def encode(value):
    return quote_from_bytes(value) if isinstance(value, bytes) else quote_plus(value)


def query_string(chosen):
    """`chosen` ({name: [values]}) as a query string, bytes sent as they are."""
    return "&".join(
        f"{quote_plus(name)}={encode(value)}" for name, values in chosen.items() for value in values
    )


@st.composite
def query_strings(draw, parameters):
    """Any of `parameters` ({name: values}), each once or repeated, one of them hostile."""
    optional = {
        name: st.lists(values, min_size=1, max_size=3) for name, values in parameters.items()
    }
    chosen = draw(st.fixed_dictionaries({}, optional=optional))
    if parameters:
        target = draw(st.sampled_from(sorted(parameters)))
        chosen[target] = draw(st.lists(hostile, min_size=1, max_size=2))
    return query_string(chosen)


# Each of these, alone in each parameter, on every page and endpoint.
SWEEP = [
    "",
    "\x00",
    "' OR '1'='1",
    "%",
    "\\",
    "99999999999999999999999999999",
    "-1",
    "1e309",
    "nan,nan",
    "91,181",
    ",",
    "１０８０",
    "\u202eevil",
    "a" * 5000,
    b"\xff\xfe",
    b"caf\xe9 \xc0\xaf",
]


def one_at_a_time(parameters):
    """A query string per parameter and SWEEP value: that parameter alone, set to it."""
    return [query_string({name: [value]}) for name in parameters for value in SWEEP]


@pytest.fixture
def directory(reference):
    food = make_service("Colis du Canal", phones=["02 410 00 00"])
    make_service(
        "Avocat gratuit", categories=["aide-juridique"], postcode="1000", lat=50.84, lon=4.35
    )
    return {
        "service": food.slug,
        "service_id": str(food.pk),
        "organisation": food.organisation.slug,
        "organisation_id": str(food.organisation_id),
        "location_id": str(food.locations.get().pk),
    }


def assert_no_server_error(client, url):
    response = client.get(url)
    assert response.status_code < 500, f"{response.status_code} for {url[:300]!r}"


# Public pages

SEARCH = {
    "q": valid_or_hostile("colis alimentaire", "voedselpakket", "logment"),
    "near": valid_or_hostile("1080", "Molenbeek", "50.85,4.35", "Marolles"),
    "commune": valid_or_hostile("molenbeek-saint-jean", "ixelles"),
    "quartier": valid_or_hostile("marolles"),
    "category": valid_or_hostile("alimentation", "aide-juridique"),
    "audience": valid_or_hostile("familles", "sans-abri"),
    "language": valid_or_hostile("fr", "ar", "ZZ"),
    "open_now": valid_or_hostile("on", "1"),
    "free": valid_or_hostile("on", "1"),
    "walk_in": valid_or_hostile("on"),
    "accessible": valid_or_hostile("on"),
    "page": valid_or_hostile("1", "2", "last"),
}
PAGE = {"page": valid_or_hostile("1", "2", "last")}
PUBLIC_PAGES = {
    "/{lang}/": {"q": hostile},  # the home page reads no parameter: it must ignore them
    "/{lang}/services/": SEARCH,
    "/{lang}/services/{service}/": {"q": hostile},
    "/{lang}/services/{service}/qr.svg": {"size": hostile},
    "/{lang}/services/{service}/signaler/": {"sent": hostile},
    "/{lang}/organisations/{organisation}/": {"page": hostile},
    "/{lang}/communes/molenbeek-saint-jean/": PAGE,
    "/{lang}/quartiers/marolles/": PAGE,
    "/{lang}/quartiers/marolles/print/": {
        "bilingual": valid_or_hostile("1"),
        "also": valid_or_hostile("nl", "en"),
    },
    "/{lang}/services/{service}/autocollant/": {"also": valid_or_hostile("en")},
    "/healthz": {"verbose": hostile},
}


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_pages_take_each_nasty_value_in_each_parameter(client, directory, page):
    for query in one_at_a_time(PUBLIC_PAGES[page]):
        assert_no_server_error(client, page.format(lang="fr", **directory) + "?" + query)


@pytest.mark.parametrize("page", PUBLIC_PAGES)
@EXAMPLES
@given(data=st.data())
def test_public_pages_never_answer_a_server_error(client, directory, page, data):
    lang = data.draw(st.sampled_from(["fr", "nl", "en"]))
    query = data.draw(query_strings(PUBLIC_PAGES[page]))

    assert_no_server_error(client, page.format(lang=lang, **directory) + "?" + query)


@EXAMPLES
@given(slug=st.one_of(st.text(max_size=80), st.sampled_from(NASTY)))
def test_hostile_slugs_are_not_found_not_a_crash(client, directory, slug):
    for path in ("services", "organisations", "communes", "quartiers"):
        assert_no_server_error(client, f"/fr/{path}/{quote_plus(slug)}/")


# The API, as its OpenAPI document describes it


def resolve(parameter):
    if "$ref" in parameter:
        return OPENAPI["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
    return parameter


def values_for(schema, directory):
    """Values a client might send for a parameter of this schema, hostile ones among them."""
    schema = schema.get("items", schema) if schema.get("type") == "array" else schema
    valid = [str(v) for v in schema.get("enum", [])]
    if schema.get("type") in ("integer", "number"):
        valid += ["1", "2", "200", "201", "50000", "0.5"]
    if schema.get("type") == "boolean":
        valid += ["true", "false", "1", "0"]
    if schema.get("format") == "uuid":
        valid += [directory["service_id"], directory["organisation_id"]]
    if schema.get("format") == "date-time":
        valid += ["2026-01-31T10:00:00", "2026-01-31T10:00:00+01:00", "2026-01-31"]
    return valid_or_hostile(*valid)


API_OPERATIONS = [
    (path, operation)
    for path, operations in OPENAPI["paths"].items()
    for method, operation in operations.items()
    if method == "get"
]


def test_the_api_document_lists_the_endpoints_tested_here():
    paths = {path for path, _ in API_OPERATIONS}

    assert {"/services", "/services/{id}", "/organizations", "/taxonomy_terms"} <= paths
    assert len([p for _, op in API_OPERATIONS for p in op.get("parameters", [])]) > 40


def api_parameters(operation, directory):
    return {
        p["name"]: values_for(p.get("schema", {}), directory)
        for p in map(resolve, operation.get("parameters", []))
        if p["in"] == "query"
    }


def known_id(path, directory):
    """A real id for the `{id}` of a detail endpoint."""
    return {
        "/services/{id}": directory["service_id"],
        "/organizations/{id}": directory["organisation_id"],
        "/service_at_locations/{id}": str(values.service_at_location_id(directory["location_id"])),
        "/taxonomies/{id}": str(values.TAXONOMY_ID),
        "/taxonomy_terms/{id}": values.taxonomy_term_id("alimentation"),
    }.get(path, "")


def api_url(path, identifier):
    return "/api/v1" + path.replace("{id}", encode(identifier) or "x")


OPERATION_IDS = [path for path, _ in API_OPERATIONS]


@pytest.mark.parametrize(("path", "operation"), API_OPERATIONS, ids=OPERATION_IDS)
def test_api_endpoints_take_each_nasty_value_in_each_parameter(client, directory, path, operation):
    url = api_url(path, known_id(path, directory))
    for query in one_at_a_time(api_parameters(operation, directory)):
        assert_no_server_error(client, f"{url}?{query}")
    if "{id}" in path:
        for value in SWEEP:
            assert_no_server_error(client, api_url(path, value))


@pytest.mark.parametrize(("path", "operation"), API_OPERATIONS, ids=OPERATION_IDS)
@EXAMPLES
@given(data=st.data())
def test_api_endpoints_never_answer_a_server_error(client, directory, path, operation, data):
    identifier = data.draw(st.one_of(st.just(known_id(path, directory)), hostile))
    query = data.draw(query_strings(api_parameters(operation, directory)))

    assert_no_server_error(client, f"{api_url(path, identifier)}?{query}")


def test_a_nul_byte_in_an_organisation_search_is_refused_with_a_400(client, directory):
    response = client.get("/api/v1/organizations?search=colis%00")

    assert response.status_code == 400
    assert "search" in response.json()["errors"]
