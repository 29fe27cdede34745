"""Which wijk (CBS neighbourhood) a four-digit postcode area belongs to, for figures per wijk.

Postcode areas and wijken do not share boundaries: an area is counted in the wijk its centre
lies in (the CBS outlines, bundled for the map). That is an approximation, said so wherever
figures per wijk are shown; it needs no address, so nothing more about a resident is kept."""

import csv
import json
from functools import cache
from importlib import resources
from pathlib import Path

BOUNDARIES = Path(__file__).resolve().parents[2] / "static" / "geo" / "boundaries_groningen.geojson"

Ring = list[tuple[float, float]]  # (longitude, latitude), as GeoJSON has them


def _inside(point: tuple[float, float], ring: Ring) -> bool:
    """Ray casting: a ray to the east crosses the ring's edges an odd number of times."""
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _in_polygon(point: tuple[float, float], rings: list[Ring]) -> bool:
    outer, *holes = rings
    return _inside(point, outer) and not any(_inside(point, hole) for hole in holes)


@cache
def wijken() -> tuple[tuple[str, list[Ring]], ...]:
    """(name, rings) of each wijk, in alphabetical order of name."""
    features = json.loads(BOUNDARIES.read_text(encoding="utf-8"))["features"]
    found = [(feature["properties"]["name"], [[tuple(position) for position in ring]
                                              for ring in feature["geometry"]["coordinates"]])
             for feature in features if feature["properties"]["level"] == "wijk"]
    return tuple(sorted(found))


def wijk_names() -> list[str]:
    return [name for name, _rings in wijken()]


@cache
def wijk_of_postcode_area() -> dict[str, str]:
    """{PC4: wijk name} for every postcode area of the municipality. An area whose centre lies
    outside every outline (GeoNames puts Winneweer's 9793 just outside) goes to the nearest wijk
    centre."""
    centres = {row["name"]: (float(row["lon"]), float(row["lat"]))
               for row in _rows("neighbourhoods_groningen.csv") if row["level"] == "wijk"}
    found = {}
    for row in _rows("postcode_areas_groningen.csv"):
        centre = (float(row["lon"]), float(row["lat"]))
        found[row["postcode"]] = next(
            (name for name, rings in wijken() if _in_polygon(centre, rings)), None) or min(
            centres, key=lambda name: _distance_squared(centre, centres[name]))
    return found


def _distance_squared(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Good enough to pick the nearest of a few wijk centres (a degree of longitude is 0.6 of
    one of latitude here)."""
    return ((a[0] - b[0]) * 0.6) ** 2 + (a[1] - b[1]) ** 2


def _rows(name: str):
    with resources.files("partnernet.data").joinpath(name).open(encoding="utf-8") as data:
        yield from csv.DictReader(data)
