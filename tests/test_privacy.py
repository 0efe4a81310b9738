"""Worker data is personal data: no public page and no API response ever shows it.

Every route of the public site and of the API is requested, in every language, with a
worker whose name, e-mail and phone are strings that appear nowhere else.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from directory.hsds import values
from directory.models import Location, Partnership, Service
from tests.factories import make_organisation, make_service
from tests.staff_factories import make_worker

pytestmark = pytest.mark.django_db

SECRETS = {
    "name": "Zephyrine Qxworker",
    "email": "zq-private-7781@worker.example",
    "phone": "0499 77 66 55",
    "availability": "Jeudi-secret-4410",
    "can_help_with": "Aide-confidentielle-9932",
}
PHONE_FORMS = ["0499 77 66 55", "0499776655", "+32499776655", "499 77 66 55"]


@pytest.fixture
def worker_in_the_open(reference):
    """A consenting worker, member of an organisation with a service in their quartier."""
    organisation = make_organisation("Maison de quartier Sainte-Catherine")
    other = make_organisation("Asbl Voisine")
    service = make_service(
        "Permanence logement", categories=["logement"], organisation=organisation
    )
    quartier = service.locations.get().quartier
    worker = make_worker(
        SECRETS["name"],
        "assistant social",
        [organisation],
        [quartier.slug],
        ["fr", "ar"],
        phone=SECRETS["phone"],
        email=SECRETS["email"],
        availability=SECRETS["availability"],
        can_help_with=SECRETS["can_help_with"],
    )
    Partnership.objects.create(
        from_organisation=organisation, to_organisation=other, kind="referral", note="Orientation"
    )
    return worker


def route_kwargs(prefix, pattern, service):
    """Values for a route's parameters, chosen by what the route's first segment names."""
    location = service.locations.select_related("commune", "quartier").get()
    term = values.taxonomy_term_id(service.categories.first().slug)
    by_route = {
        ("public", "services"): service.slug,
        ("public", "organisations"): service.organisation.slug,
        ("public", "communes"): location.commune.slug,
        ("public", "quartiers"): location.quartier.slug,
        ("public", "verification"): None,  # a crisis check-in's answer page
        ("api", "services"): str(service.pk),
        ("api", "organizations"): str(service.organisation.pk),
        ("api", "service_at_locations"): None,
        ("api", "taxonomies"): str(values.TAXONOMY_ID),
        ("api", "taxonomy_terms"): term,
    }
    segment = str(pattern.pattern).split("/")[0]
    names = list(pattern.pattern.converters)
    if not names:
        return {}
    key = (prefix, segment)
    assert key in by_route, f"new route {pattern.pattern!r}: add it to tests/test_privacy.py"
    value = by_route[key]
    if key == ("api", "service_at_locations"):
        value = _service_at_location_id(location)
    if key == ("public", "verification"):
        value = _check_in_token(service)
    return {names[0]: value}


def _check_in_token(service):
    from directory.models import CheckIn, CheckInRequest

    check_in = CheckIn.objects.create(title_fr="Vague de froid", title_nl="Koudegolf")
    request = CheckInRequest(check_in=check_in, service=service)
    token = request.new_token()
    request.save()
    return token


def _service_at_location_id(location):
    from django.test import Client

    listing = Client().get("/api/v1/service_at_locations").json()
    ids = [item["id"] for item in listing["contents"]]
    assert ids, "the API lists no service_at_location"
    return ids[0]


def named_routes(urlconf_module):
    for pattern in get_resolver(urlconf_module).url_patterns:
        assert not isinstance(pattern, URLResolver)
        if isinstance(pattern, URLPattern) and pattern.name:
            yield pattern


def public_urls(service):
    urls = []
    for pattern in named_routes("directory.urls"):
        kwargs = route_kwargs("public", pattern, service)
        for lang in ("fr", "nl", "en"):
            path = reverse(f"directory:{pattern.name}", kwargs=kwargs)
            urls.append(f"/{lang}{path[3:]}")
    for pattern in named_routes("directory.hsds.urls"):
        urls.append(reverse(f"api:{pattern.name}", kwargs=route_kwargs("api", pattern, service)))
    searches = [
        "/fr/services/?q=logement",
        "/fr/services/?q=Qxworker",
        "/fr/services/?near=1000&language=ar",
        "/api/v1/services?search=logement&full=true",
        "/api/v1/service_at_locations?full=true",
        "/api/v1/organizations?full=true",
        "/api/v1/services?search=Qxworker",
    ]
    return urls + searches


def assert_no_worker_data(content, url):
    text = content.decode()
    for label, secret in SECRETS.items():
        assert secret not in text, f"the worker's {label} appears on {url}"
    for phone in PHONE_FORMS:
        assert phone not in text, f"the worker's phone appears on {url}"


def test_no_public_page_or_api_response_shows_a_workers_data(client, worker_in_the_open):
    service = Service.objects.get(name_fr="Permanence logement")
    urls = public_urls(service)
    assert any(url.startswith("/api/v1/services/") for url in urls)
    assert any("/quartiers/" in url for url in urls)

    for url in urls:
        # A form's address sends a GET on to its page (the today page's one-tap reports).
        response = client.get(url, follow=True)

        assert response.status_code == 200, url
        assert_no_worker_data(response.content, url)


def test_the_same_data_is_on_the_staff_pages_so_the_test_above_means_something(
    client, worker_in_the_open
):
    colleague = make_worker("Collègue Connectée")
    client.force_login(colleague.user)

    html = client.get(worker_in_the_open.get_absolute_url()).content.decode()

    assert SECRETS["email"] in html and SECRETS["phone"] in html


def test_a_logged_in_worker_sees_no_more_on_public_pages(client, worker_in_the_open):
    client.force_login(worker_in_the_open.user)
    service = Service.objects.get(name_fr="Permanence logement")
    quartier = Location.objects.get(service=service).quartier

    for url in (
        service.get_absolute_url(),
        service.organisation.get_absolute_url(),
        quartier.get_absolute_url(),
    ):
        assert_no_worker_data(client.get(url).content, url)
