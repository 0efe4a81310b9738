"""Coordinators load official boundaries; locations get their commune and quartier."""

import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from shapely.geometry import shape

from directory import boundaries, derived, geo
from directory.models import Commune, Location, Quartier
from tests.factories import make_service

pytestmark = pytest.mark.django_db


def square(lon, lat, size=0.01):
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {"type": "Polygon", "coordinates": [ring]}


def feature_collection(tmp_path, features, name="areas.geojson"):
    path = tmp_path / name
    path.write_text(
        json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {"type": "Feature", "properties": props, "geometry": geometry}
                    for props, geometry in features
                ],
            }
        )
    )
    return str(path)


def test_small_polygons_set_the_commune_of_existing_and_new_locations(reference, tmp_path):
    service = make_service(lat=50.005, lon=4.005, postcode="1180")  # postcode says Uccle
    path = feature_collection(
        tmp_path,
        [
            ({"national_code": "21012"}, square(4.0, 50.0)),  # Molenbeek
            ({"national_code": "21001"}, square(4.01, 50.0)),  # Anderlecht, next door
        ],
    )

    call_command("import_boundaries", "communes", path, verbosity=0)

    assert service.locations.get().commune.nis_code == "21012"
    location = Location.objects.create(
        service=service, latitude=Decimal("50.005"), longitude=Decimal("4.015")
    )
    assert location.commune.nis_code == "21001"
    outside = Location.objects.create(
        service=service, latitude=Decimal("51.5"), longitude=Decimal("4.0")
    )
    assert outside.commune is None


def test_a_refuge_sorts_at_the_centre_of_the_commune_its_polygon_gives(reference, tmp_path):
    """Before boundaries the postcode names the commune; after, the polygon does. The
    service's sort point must follow, or "near" would reveal the postcode's commune."""
    service = make_service(lat=50.005, lon=4.005, postcode="1180")  # postcode says Uccle
    Location.objects.filter(service=service).update(address_hidden=True)
    derived.refresh_services(points=[service.pk])
    path = feature_collection(tmp_path, [({"national_code": "21012"}, square(4.0, 50.0))])

    call_command("import_boundaries", "communes", path, verbosity=0)

    service.refresh_from_db()
    molenbeek = Commune.objects.get(nis_code="21012")
    assert (service.latitude, service.longitude) == (molenbeek.latitude, molenbeek.longitude)


@pytest.mark.parametrize(
    "content, message",
    [
        ("{not json", "not a GeoJSON file"),
        ('{"type": "Feature"}', "expected a GeoJSON FeatureCollection"),
        (
            '{"type": "FeatureCollection", "features": [{"properties": {"national_code": "99999"},'
            ' "geometry": null}]}',
            "feature 0: nis_code 99999 is not a known commune",
        ),
        (
            '{"type": "FeatureCollection", "features": [{"properties": {"name": "x"},'
            ' "geometry": null}]}',
            "feature 0: no national_code",
        ),
    ],
)
def test_bad_files_are_refused_with_nothing_written(reference, tmp_path, content, message):
    path = tmp_path / "bad.geojson"
    path.write_text(content)

    with pytest.raises(CommandError, match=message):
        call_command("import_boundaries", "communes", str(path))

    assert not Commune.objects.filter(min_lat__isnull=False).exists()


def test_one_bad_geometry_aborts_the_whole_import(reference, tmp_path):
    bowtie = {
        "type": "Polygon",
        "coordinates": [[[4, 50], [4.1, 50.1], [4.1, 50], [4, 50.1], [4, 50]]],
    }
    path = feature_collection(
        tmp_path,
        [({"national_code": "21012"}, square(4.0, 50.0)), ({"national_code": "21001"}, bowtie)],
    )

    with pytest.raises(CommandError, match=r"feature 1 \(21001\): geometry: .*self-intersecting"):
        call_command("import_boundaries", "communes", path)

    assert not Commune.objects.filter(min_lat__isnull=False).exists()


def test_degrees_outside_the_world_are_refused(reference, tmp_path):
    path = feature_collection(tmp_path, [({"national_code": "21012"}, square(150000, 170000))])

    with pytest.raises(CommandError, match="not WGS84"):
        call_command("import_boundaries", "communes", path)


@pytest.fixture
def official_boundaries(reference, shared_data):
    call_command("import_boundaries", "communes", shared_data / "brussels-communes.geojson")
    call_command("import_boundaries", "quartiers", shared_data / "brussels-quartiers.geojson")
    return shared_data


def test_official_files_give_every_area_a_boundary(official_boundaries):
    assert Commune.objects.filter(min_lat__isnull=False).count() == 19
    assert Quartier.objects.filter(min_lat__isnull=False).count() == 145


def test_real_addresses_fall_in_the_right_commune_and_one_quartier(official_boundaries):
    """The AFMPS pharmacies: 585 of 592 match their official commune; 7 are postcode ≠ commune."""
    pharmacies = json.loads((official_boundaries / "brussels-pharmacies-afmps.json").read_text())
    names = {c.pk: {c.name_fr.lower(), c.name_nl.lower()} for c in Commune.objects.all()}
    matches = 0
    for pharmacy in pharmacies:
        point = next(g for g in pharmacy["geo"] if g["format"] == "epsg:4326")
        commune, quartier = geo.locate(point["latitude"], point["longitude"])
        assert quartier is not None, pharmacy["name"]
        matches += commune is not None and pharmacy["municipality"].lower() in names[commune.pk]
    assert matches == 585


def test_a_quartier_goes_to_the_commune_it_overlaps_most_whatever_is_imported_first(
    reference, tmp_path
):
    quartier = Quartier.objects.get(code=47)  # filed under Saint-Gilles
    quartiers = feature_collection(tmp_path, [({"mdrc": 47}, square(4.007, 50.0))], "q.geojson")
    communes = feature_collection(
        tmp_path,
        [
            ({"national_code": "21013"}, square(4.0, 50.0)),  # Saint-Gilles: 30% of it
            ({"national_code": "21007"}, square(4.01, 50.0)),  # Forest: 70%
        ],
    )

    call_command("import_boundaries", "quartiers", quartiers, verbosity=0)
    assert Quartier.objects.get(pk=quartier.pk).commune.nis_code == "21013"  # no communes yet
    call_command("import_boundaries", "communes", communes, verbosity=0)
    assert Quartier.objects.get(pk=quartier.pk).commune.nis_code == "21007"
    call_command("load_reference", verbosity=0)  # the shipped file does not undo it
    assert Quartier.objects.get(pk=quartier.pk).commune.nis_code == "21007"


def test_every_quartier_is_filed_under_the_commune_it_overlaps_most(reference, shared_data):
    """Checked against the UrbIS polygons with shapely alone, not with the importer."""
    features = json.loads((shared_data / "brussels-communes.geojson").read_text())["features"]
    communes = {f["properties"]["national_code"]: shape(f["geometry"]) for f in features}
    features = json.loads((shared_data / "brussels-quartiers.geojson").read_text())["features"]
    filed = dict(Quartier.objects.values_list("code", "commune__nis_code"))
    assert len(features) == len(filed) == 145
    for feature in features:
        quartier = shape(feature["geometry"])
        most = max(communes, key=lambda nis: quartier.intersection(communes[nis]).area)
        assert filed[feature["properties"]["mdrc"]] == most, feature["properties"]["name_fr"]


def test_the_issue_s_misfiled_quartiers_are_in_their_commune(reference):
    communes = dict(Quartier.objects.values_list("name_fr", "commune__name_fr"))
    assert communes["Haut Saint-Gilles"] == "Saint-Gilles"
    assert communes["Stockel"] == "Woluwe-Saint-Pierre"
    assert communes["Jette centre"] == "Jette"
    assert communes["Boondael"] == communes["Châtelain"] == "Ixelles"


def test_official_files_move_no_quartier_of_the_shipped_reference(official_boundaries):
    assert boundaries.file_quartiers_in_communes() == 0
