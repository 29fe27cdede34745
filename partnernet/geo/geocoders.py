"""Geocoders, all geopy Geocoder subclasses. The Gazetteer works offline from bundled data
(postcode areas, places and neighbourhoods of Groningen) and is the default."""

import csv
import difflib
import re
import unicodedata
from collections import defaultdict
from importlib import resources

from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

POSTCODE = re.compile(r"^\s*(\d{4})\s*([a-zA-Z]{2})?\s*$")
# Everyday names that cover several CBS areas (see shared/data/README.md).
ALIASES = {
    "Paddepoel": ("Paddepoel-Zuid", "Paddepoel-Noord"),
    "Vinkhuizen": ("Vinkhuizen-Noord", "Vinkhuizen-Zuid"),
    "Beijum": ("Beijum-West", "Beijum-Oost"),
    "Lewenborg": ("Lewenborg-Noord", "Lewenborg-Zuid", "Lewenborg-West"),
    "Haren": ("Haren-West e.o.", "Haren-Oost e.o."),
    "Hoogkerk": ("Hoogkerk Dorp",),
    "Ten Boer": ("Ten Boer Dorp",),
    "Meerstad": ("Meerstad e.o.",),
    "Oud-Oost": ("Oosterparkwijk",),
    "Korrewegwijk": ("Oud-Noord",),
}


def normalise(name: str) -> str:
    """Lower case, no accents, single spaces: 'Ten  Boer', 'ten-boer' and 'TEN BOER' match."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def _centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _rows(name: str):
    with resources.files("partnernet.data").joinpath(name).open(encoding="utf-8") as data:
        yield from csv.DictReader(data)


class Gazetteer(Geocoder):
    """Finds a postcode (9711 AB, 9711ab, 9711), a place or a neighbourhood without internet.
    Every result is the centre of an area, so it is marked approximate."""

    def __init__(self):
        super().__init__()
        self.postcodes = {row["postcode"]: (row["place"], float(row["lat"]), float(row["lon"]))
                          for row in _rows("postcode_areas_groningen.csv")}
        self.names = self._named_areas()

    def _named_areas(self) -> dict[str, tuple[str, float, float]]:
        areas: dict[str, list] = defaultdict(list)
        labels: dict[str, str] = {}
        for row in _rows("neighbourhoods_groningen.csv"):
            key = normalise(row["name"])
            areas[key].append((float(row["lat"]), float(row["lon"])))
            labels[key] = row["name"]
        neighbourhoods = set(areas)
        for place, lat, lon in self.postcodes.values():
            label = re.sub(r"\s+gn$", "", place, flags=re.IGNORECASE)  # "Haren Gn" -> "Haren"
            if normalise(label) not in neighbourhoods:  # a place spans all its postcode areas
                areas[normalise(label)].append((lat, lon))
                labels[normalise(label)] = label
        for alias, parts in ALIASES.items():
            points = [point for part in parts for point in areas[normalise(part)]]
            areas[normalise(alias)] = points
            labels[normalise(alias)] = alias
        return {key: (labels[key], *_centre(points)) for key, points in areas.items() if points}

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=None):
        found = self._find(query or "")
        if found is None:
            return None
        return found if exactly_one else [found]

    def _find(self, query: str) -> Location | None:
        postcode = POSTCODE.match(query)
        if postcode and postcode.group(1) in self.postcodes:
            place, lat, lon = self.postcodes[postcode.group(1)]
            label = f"{postcode.group(1)} ({place})"
            return self._location(label, lat, lon, "postcode")
        area = self.names.get(normalise(query))
        if area:
            return self._location(area[0], area[1], area[2], "area")
        return None

    @staticmethod
    def _location(label: str, lat: float, lon: float, kind: str) -> Location:
        return Location(label, Point(lat, lon), {"kind": kind, "approximate": True})

    def suggestions(self, query: str, limit: int = 5) -> list[str]:
        """Known names that look like what was typed ('Padepoel' -> 'Paddepoel')."""
        close = difflib.get_close_matches(normalise(query), self.names, n=limit, cutoff=0.75)
        return [self.names[key][0] for key in close]

    def place_names(self) -> list[str]:
        return sorted({label for label, _lat, _lon in self.names.values()})
