"""The files the browser fetches from our server: present, and the boundaries we promise."""

import json
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[1] / "dashboard" / "static"


def _arcs(topo: dict) -> list[list[tuple[float, float]]]:
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    decoded = []
    for arc in topo["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        decoded.append(points)
    return decoded


def _ring(arcs, indices):
    points = []
    for i in indices:
        arc = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        points.extend(arc if not points else arc[1:])
    return points


def _inside(point, ring) -> bool:
    x, y = point
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            result = not result
    return result


def _country_at(topo: dict, point) -> set[str]:
    arcs = _arcs(topo)
    found = set()
    for geometry in topo["objects"]["countries"]["geometries"]:
        polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
        for polygon in polygons:
            if _inside(point, _ring(arcs, polygon[0])) and not any(
                _inside(point, _ring(arcs, hole)) for hole in polygon[1:]
            ):
                found.add(geometry.get("id"))
    return found


PLACES = [  # (place, lon, lat, the country its coordinates must fall in)
    ("Simferopol, Crimea", 34.10, 44.95, "UKR"),
    ("Sevastopol, Crimea", 33.52, 44.60, "UKR"),
    ("Donetsk", 37.80, 48.00, "UKR"),
    ("Kursk", 36.19, 51.73, "RUS"),
    ("Seoul", 126.98, 37.57, "KOR"),
    ("Pyongyang", 125.76, 39.04, "PRK"),
]


@pytest.mark.parametrize("name", ["world_50m.json", "world_110m.json"])
@pytest.mark.parametrize(("place", "lon", "lat", "country"), PLACES, ids=[p[0] for p in PLACES])
def test_shipped_topology_draws_each_place_in_its_recognised_country(
    name, place, lon, lat, country
):
    topo = json.loads((STATIC / "topojson" / name).read_text(encoding="utf-8"))
    assert _country_at(topo, (lon, lat)) == {country}


@pytest.mark.parametrize("path", ["vis/vis-network.min.js", "vis/vis-network.css", "favicon.png"])
def test_static_assets_are_present(path):
    assert (STATIC / path).stat().st_size > 0
