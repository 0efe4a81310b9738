"""Every official HSDS example, its places moved into Brussels and nothing else changed, is
imported then read back through the API; what comes back unchanged is counted leaf by
leaf (tests/test_hsds_roundtrip.py's measure), and the table printed (issue 17)."""

import json
from copy import deepcopy

import pytest

from directory.hsds.importer import import_hsds
from tests.test_hsds_roundtrip import flatten, kept_share

pytestmark = pytest.mark.django_db

EXAMPLES = "hsds-3.0/examples"
# Where each example's object is read back, and the share of its values kept at least.
READ_BACK = {
    "service_full": ("services", 0.95),
    "organization_full": ("organizations", 0.95),
    "service_at_location_full": ("service_at_locations", 0.95),
}


def in_brussels(node):
    """The example with every point moved to the Grand-Place."""
    if isinstance(node, dict):
        if "latitude" in node and "longitude" in node:
            node |= {"latitude": 50.8467, "longitude": 4.3525}
        for value in node.values():
            in_brussels(value)
    elif isinstance(node, list):
        for item in node:
            in_brussels(item)
    return node


def load(shared_data, name):
    return in_brussels(json.loads((shared_data / EXAMPLES / f"{name}.json").read_text()))


def read_back(client, endpoint, record_id):
    response = client.get(f"/api/v1/{endpoint}/{record_id}")
    assert response.status_code == 200, (endpoint, record_id)
    return response.json()


def test_each_official_example_comes_back_with_its_values_and_ids(
    reference, shared_data, tmp_path, client
):
    rows = []
    for name, (endpoint, at_least) in READ_BACK.items():
        record = load(shared_data, name)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(record))
        import_hsds(path)
        back = read_back(client, endpoint, record["id"])
        if name == "organization_full":  # its services in full, as their own endpoint gives
            # them (the organisation's endpoint lists them in their summary form)
            back["services"] = [read_back(client, "services", s["id"]) for s in back["services"]]
        share, lost = kept_share(record, back)
        rows.append((name, len(flatten(record)), share, lost))
        assert share >= at_least, (name, lost)
    for name in ("service_list", "service_at_location_list"):
        page = load(shared_data, name)
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(page))
        import_hsds(path)
        endpoint = "services" if name == "service_list" else "service_at_locations"
        given = deepcopy(page["contents"])
        back = [read_back(client, endpoint, item["id"]) for item in given]
        share, lost = kept_share(given, back)
        rows.append((name, len(flatten(given)), share, lost))
        assert share >= 0.95, (name, lost)
    print("\nexample | values in | kept | lost")
    for name, count, share, lost in rows:
        print(f"{name} | {count} | {share:.1%} | {', '.join(lost) or '-'}")
