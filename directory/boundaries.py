"""Importing official boundary files (UrbIS GeoJSON) onto the communes and quartiers."""

import json

from django.db import transaction

from . import derived, geo
from .models import Commune, Quartier
from .page_cache import directory_changed

# Property names under which the known files (UrbIS, BISA, Statbel) carry the join key.
KEYS = {
    "communes": (Commune, "nis_code", ("national_code", "nis_code", "nis", "NIS_CODE", "CODE_INS")),
    "quartiers": (Quartier, "code", ("mdrc", "mdzone", "MDRC", "code")),
}


class BoundaryError(Exception):
    """A file that cannot be imported; the message names the feature and the field."""


def read_features(path):
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except OSError as exc:
        raise BoundaryError(f"{path}: cannot read the file ({exc.strerror})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BoundaryError(f"{path}: not a GeoJSON file ({exc})") from exc
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        raise BoundaryError(f"{path}: expected a GeoJSON FeatureCollection")
    return data.get("features") or []


def feature_key(feature, index, candidates):
    properties = feature.get("properties") or {}
    for name in candidates:
        if properties.get(name) not in (None, ""):
            return str(properties[name])
    raise BoundaryError(f"feature {index}: no {' / '.join(candidates)} property to identify it")


@transaction.atomic
def import_boundaries(kind, path):
    """Sets the boundary of each area found in the file, then relocates every location.

    All or nothing: the first bad feature aborts the import with nothing written.
    Returns (areas updated, locations relocated).
    """
    model, field, candidates = KEYS[kind]
    areas = {str(getattr(a, field)): a for a in model.objects.all()}
    updated = []
    for index, feature in enumerate(read_features(path)):
        key = feature_key(feature, index, candidates)
        key = key.lstrip("0") if field == "code" else key
        area = areas.get(key)
        if area is None:
            raise BoundaryError(
                f"feature {index}: {field} {key} is not a known {model._meta.verbose_name}; "
                "run load_reference first"
            )
        try:
            geo.validate_geometry(feature.get("geometry"))
        except ValueError as exc:
            raise BoundaryError(f"feature {index} ({key}): geometry: {exc}") from exc
        area.set_boundary(feature["geometry"])
        updated.append(area)
    if not updated:
        raise BoundaryError(f"{path}: the file has no features")
    model.objects.bulk_update(
        updated, ["boundary", "boundary_display", "min_lat", "max_lat", "min_lon", "max_lon"]
    )
    file_quartiers_in_communes()
    # Every place is located again, and the services of those whose commune changed;
    # quartiers' centres and communes may have moved: what each service covers too.
    located = derived.relocate_places()
    derived.refresh_reach()
    directory_changed()
    return len(updated), located


def file_quartiers_in_communes():
    """Files each quartier under the commune it overlaps most, once both have boundaries
    (a quartier can cross a commune's border). Returns the number of quartiers moved."""
    communes = Commune._base_manager.filter(min_lat__isnull=False)
    quartiers = Quartier._base_manager.filter(min_lat__isnull=False)
    best = geo.largest_overlaps(
        dict(quartiers.values_list("pk", "boundary")), dict(communes.values_list("pk", "boundary"))
    )
    moved = [
        Quartier(pk=pk, commune_id=best[pk])
        for pk, commune_id in quartiers.values_list("pk", "commune_id")
        if pk in best and best[pk] != commune_id
    ]
    Quartier.objects.bulk_update(moved, ["commune"])
    return len(moved)
