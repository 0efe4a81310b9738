"""Street addresses through a deployment's own geocoder (Nominatim or Photon), here a
small fake one: off by default, only the typed text sent, answers cached, and a geocoder
that fails is the same as none, never a 500."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from directory import geocoder
from directory.search.filters import resolve_place
from tests.factories import make_service

pytestmark = pytest.mark.django_db

SEARCH = "/fr/services/"
RUE_HAUTE = (50.8402, 4.3488)  # Rue Haute, in the Marolles
UNKNOWN_STREET = "Nous ne connaissons pas cette rue"

NOMINATIM = [{"lat": str(RUE_HAUTE[0]), "lon": str(RUE_HAUTE[1]), "display_name": "Rue Haute"}]
PHOTON = {
    "type": "FeatureCollection",
    "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [5.57, 50.63]}},  # Liège
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": RUE_HAUTE[::-1]}},
    ],
}


class FakeGeocoder(BaseHTTPRequestHandler):
    """Answers what the test put in `server.answer`: a JSON body, a status, or silence."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.requests.append(
            {"path": self.path, "headers": dict(self.headers), "client": self.client_address}
        )
        answer = self.server.answer
        if answer == "slow":
            time.sleep(geocoder.TIMEOUT_SECONDS + 1)
            return
        status, body = (500, b"oops") if answer == "error" else (200, answer)
        if not isinstance(body, bytes):
            body = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_geocoder(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGeocoder)
    server.daemon_threads = True
    server.requests, server.answer = [], NOMINATIM
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.GEOCODER_URL = f"http://127.0.0.1:{server.server_port}/search?format=jsonv2"
    cache.clear()
    yield server
    server.shutdown()
    server.server_close()
    cache.clear()


def test_an_address_is_found_with_only_the_typed_text_sent(reference, fake_geocoder):
    point = resolve_place("Rue Haute 12, 1000 Bruxelles")

    assert (point.lat, point.lon) == RUE_HAUTE
    assert point.label == "Rue Haute 12, 1000 Bruxelles"
    [request] = fake_geocoder.requests
    url = urlsplit(request["path"])
    assert url.path == "/search"
    assert dict(parse_qsl(url.query)) == {"format": "jsonv2", "q": "Rue Haute 12, 1000 Bruxelles"}
    assert "Cookie" not in request["headers"] and "Accept-Language" not in request["headers"]


def test_answers_are_cached(reference, fake_geocoder):
    for _ in range(3):
        resolve_place("Rue Haute 12, 1000 Bruxelles")
    fake_geocoder.answer = []
    for _ in range(2):
        with pytest.raises(ValidationError, match=UNKNOWN_STREET):
            resolve_place("Rue Imaginaire 1")

    assert len(fake_geocoder.requests) == 2


def test_photon_answers_are_read_and_points_outside_the_region_skipped(reference, fake_geocoder):
    fake_geocoder.answer = PHOTON

    point = resolve_place("Rue Haute 12")

    assert (point.lat, point.lon) == RUE_HAUTE


@pytest.mark.parametrize("answer", ["slow", "error", b"<html>not json</html>", {"x": 1}, [{}]])
def test_a_failing_geocoder_is_the_same_as_none(client, reference, fake_geocoder, answer):
    fake_geocoder.answer = answer

    response = client.get(SEARCH, {"near": "Rue Haute 12"})

    assert response.status_code == 200
    assert UNKNOWN_STREET in response.content.decode()
    api = client.get("/api/v1/services", {"near": "Rue Haute 12"})
    assert api.status_code == 400


def test_without_a_geocoder_a_street_gets_the_same_message(client, reference, settings):
    settings.GEOCODER_URL = ""

    response = client.get(SEARCH, {"near": "Chaussée de Gand 100"})

    assert response.status_code == 200
    assert UNKNOWN_STREET in response.content.decode()
    assert "Nous ne trouvons pas" in client.get(SEARCH, {"near": "Atlantide"}).content.decode()


def test_a_search_near_an_address_lists_the_nearest_first(client, reference, fake_geocoder):
    make_service("Colis aux Marolles", lat=50.8395, lon=4.3480, postcode="1000")
    make_service("Colis à Laeken", lat=50.8830, lon=4.3480, postcode="1020")

    response = client.get(SEARCH, {"near": "Rue Haute 12, 1000 Bruxelles"})

    assert [c.service.name_fr for c in response.context["cards"]][0] == "Colis aux Marolles"


def test_a_street_with_a_postcode_is_the_street_or_else_the_postcode(
    reference, fake_geocoder, settings
):
    point = resolve_place("Rue Haute, 1000 Bruxelles")
    assert (point.lat, point.lon) == RUE_HAUTE
    settings.GEOCODER_URL = ""
    assert resolve_place("Rue Haute, 1000 Bruxelles").label == "1000 Bruxelles"
    assert resolve_place("1000Bruxelles").label == "1000 Bruxelles"
