"""Geocoders, all geopy Geocoder subclasses. The Gazetteer works offline from bundled data
(postcode areas, places and neighbourhoods of Groningen) and is the default; the PDOK
Locatieserver finds full addresses when configured. The rest of the app calls `Locator`,
never geopy itself."""

import csv
import difflib
import logging
import re
import unicodedata
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from importlib import resources
from urllib.parse import urlencode, urlsplit

from geopy.adapters import URLLibAdapter
from geopy.exc import GeopyError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from partnernet.geo.breaker import CircuitBreaker, MemoryState, breaker_from_config

log = logging.getLogger(__name__)

# Threads that wait for the online geocoder, apart from the app's own: a service that hangs
# ties up these, never a worker that serves pages.
ONLINE_CALLS = 4
POSTCODE = re.compile(r"^\s*([1-9]\d{3})\s*([a-zA-Z]{2})?\s*$")
POSTCODE_INSIDE = re.compile(r"\b([1-9]\d{3})\s?([a-zA-Z]{2})?\b")
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
        self._bounds = self._area_bounds()

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
            return self._location(label, lat, lon, "postcode", postcode.group(1))
        area = self.names.get(normalise(query))
        if area:
            return self._location(area[0], area[1], area[2], "area")
        return self._find_in_address(query)

    def _find_in_address(self, query: str) -> Location | None:
        """An address the gazetteer cannot place exactly: its postcode area, else its place."""
        for number, _letters in POSTCODE_INSIDE.findall(query):
            if number in self.postcodes:
                return self._find(number)
        for part in reversed(query.split(",")):
            words = re.sub(r"\d+\S*", " ", part).split()
            for size in range(min(len(words), 3), 0, -1):  # "Ten Boer", then "Boer"
                area = self.names.get(normalise(" ".join(words[-size:])))
                if area:
                    return self._location(area[0], area[1], area[2], "area")
        return None

    def covers(self, latitude: float, longitude: float, margin: float = 0.03) -> bool:
        """Whether a point lies in the area of the bundled data (the municipality)."""
        south, west, north, east = self._bounds
        return (south - margin <= latitude <= north + margin
                and west - margin <= longitude <= east + margin)

    def _area_bounds(self) -> tuple[float, float, float, float]:
        lats = [lat for _label, lat, _lon in self.names.values()]
        lons = [lon for _label, _lat, lon in self.names.values()]
        return min(lats), min(lons), max(lats), max(lons)

    def is_postcode(self, query: str) -> bool:
        return POSTCODE.match(query or "") is not None

    def knows_exactly(self, query: str) -> bool:
        """A four-digit postcode or a place or neighbourhood name of the area: the area is the
        answer, and no online geocoder places it better."""
        postcode = POSTCODE.match(query or "")
        if postcode:
            return postcode.group(2) is None and postcode.group(1) in self.postcodes
        return normalise(query or "") in self.names

    @staticmethod
    def _location(label: str, lat: float, lon: float, kind: str,
                  postcode: str | None = None) -> Location:
        return Location(label, Point(lat, lon),
                        {"kind": kind, "approximate": True, "postcode": postcode})

    def postcode_area(self, location: Location) -> str | None:
        """The four-digit postcode area of the municipality a found place lies in: the one
        the geocoder named, else the one whose centre is nearest. None outside the
        municipality."""
        named = (location.raw.get("postcode") or "")[:4]
        if named:
            return named if named in self.postcodes else None
        if not self.covers(location.latitude, location.longitude, margin=0):
            return None
        return min(self.postcodes, key=lambda area: (
            (self.postcodes[area][1] - location.latitude) ** 2
            + ((self.postcodes[area][2] - location.longitude) * 0.6) ** 2))

    def suggestions(self, query: str, limit: int = 5) -> list[str]:
        """Known names that look like what was typed ('Padepoel' -> 'Paddepoel')."""
        close = difflib.get_close_matches(normalise(query), self.names, n=limit, cutoff=0.75)
        return [self.names[key][0] for key in close]

    def place_names(self) -> list[str]:
        return sorted({label for label, _lat, _lon in self.names.values()})


class PdokLocatieserver(Geocoder):
    """The Dutch government's free geocoder (PDOK Locatieserver v3.1, `/free`): addresses,
    postcodes, streets, places and neighbourhoods of the whole country."""

    DEFAULT_URL = "https://api.pdok.nl/bzk/locatieserver/search/v3_1/free"
    TYPES = "type:(adres OR postcode OR weg OR woonplaats OR buurt OR wijk)"
    POINT = re.compile(r"POINT\(\s*(-?[\d.]+)\s+(-?[\d.]+)\s*\)")

    def __init__(self, url: str = DEFAULT_URL, *, timeout: float = 2, user_agent="partnernet"):
        parts = urlsplit(url)
        # urllib does not retry: a resident waits at most one timeout before the fall-back.
        super().__init__(scheme=parts.scheme, timeout=timeout, user_agent=user_agent,
                         adapter_factory=URLLibAdapter)
        self.api = f"{parts.scheme}://{parts.netloc}{parts.path}"

    def geocode(self, query: str, *, exactly_one: bool = True, timeout=None):
        params = {"q": query, "rows": 1 if exactly_one else 10, "fq": self.TYPES,
                  "fl": "weergavenaam type centroide_ll postcode"}
        url = f"{self.api}?{urlencode(params)}"
        callback = partial(self._parse, exactly_one=exactly_one)
        return self._call_geocoder(url, callback, timeout=timeout or self.timeout)

    def _parse(self, page: dict, exactly_one: bool):
        docs = (page or {}).get("response", {}).get("docs", [])
        locations = [location for location in map(self._location, docs) if location]
        if not locations:
            return None
        return locations[0] if exactly_one else locations

    def _location(self, doc: dict) -> Location | None:
        point = self.POINT.match(doc.get("centroide_ll", ""))
        if not point:
            return None
        longitude, latitude = float(point.group(1)), float(point.group(2))  # longitude first
        raw = {**doc, "kind": doc.get("type"), "approximate": doc.get("type") != "adres"}
        return Location(doc.get("weergavenaam", ""), Point(latitude, longitude), raw)


@dataclass(frozen=True)
class Place:
    """Where a resident searches from (never stored) or where a support point lies."""

    label: str
    latitude: float
    longitude: float
    approximate: bool
    in_area: bool = True
    fell_back: bool = False  # the online geocoder failed; the gazetteer answered
    postcode_area: str | None = None  # PC4 of the municipality, for counting searches per area


class Locator:
    """Finds places with the configured geocoder and falls back to the gazetteer when an
    online geocoder fails, answers later than `timeout` seconds in all, or is skipped by its
    circuit breaker. What the gazetteer knows exactly never waits for the online geocoder."""

    def __init__(self, gazetteer: Gazetteer, online: Geocoder | None = None,
                 breaker: CircuitBreaker | None = None, timeout: float = 2.0):
        self.gazetteer = gazetteer
        self.online = online
        self.breaker = breaker or CircuitBreaker(MemoryState())
        self.timeout = timeout
        self._calls = ThreadPoolExecutor(ONLINE_CALLS, thread_name_prefix="geocoder") \
            if online is not None else None

    @classmethod
    def from_config(cls, config) -> "Locator":
        online = None
        if config.get("GEOCODER") == "pdok":
            online = PdokLocatieserver(config["PDOK_URL"], timeout=config["GEOCODER_TIMEOUT"])
        return cls(Gazetteer(), online, breaker_from_config(config), config["GEOCODER_TIMEOUT"])

    def locate(self, query: str) -> Place | None:
        fell_back = False
        if self.online is not None and not self.gazetteer.knows_exactly(query):
            found, fell_back = self._ask_online(query)
            if found is not None:
                return self._place(found)
        found = self.gazetteer.geocode(query)
        return self._place(found, fell_back) if found is not None else None

    def _ask_online(self, query: str) -> tuple[Location | None, bool]:
        """The online geocoder's answer within the deadline (None: it found nothing), and
        whether it failed or was skipped."""
        assert self.online is not None and self._calls is not None
        if not self.breaker.allows():
            return None, True
        call = self._calls.submit(self.online.geocode, query)
        try:
            found = call.result(timeout=self.timeout)
        except (GeopyError, TimeoutError) as error:
            call.cancel()  # still queued behind calls that hang: never sent
            self.breaker.failed()
            log.warning("online geocoder failed (%s); using the gazetteer",
                        type(error).__name__)
            return None, True
        self.breaker.succeeded()
        return found, False

    def _place(self, found: Location, fell_back: bool = False) -> Place:
        return Place(found.address, found.latitude, found.longitude,
                     approximate=bool(found.raw.get("approximate")),
                     in_area=self.gazetteer.covers(found.latitude, found.longitude),
                     fell_back=fell_back, postcode_area=self.gazetteer.postcode_area(found))

    def locate_centre(self) -> Place:
        """The centre of the covered area, for searches from outside it."""
        return self._place(self.gazetteer.geocode("Groningen"))

    def suggestions(self, query: str) -> list[str]:
        return self.gazetteer.suggestions(query)

    def place_names(self) -> list[str]:
        return self.gazetteer.place_names()

    def is_postcode(self, query: str) -> bool:
        return self.gazetteer.is_postcode(query)


def geocode_support_point(point, locator: Locator, area: str | None = None) -> bool:
    """Set a support point's coordinates from its address (the area, a neighbourhood name, is a
    hint for addresses without postcode). Returns False, changing nothing, when nothing fits."""
    address = point.address_line
    queries = [address if point.postcode else None, area, address]
    first = None
    for query in filter(None, queries):
        place = locator.locate(query)
        if place is not None and not place.approximate:
            first = place
            break
        first = first or place
    if first is None:
        return False
    point.latitude, point.longitude = first.latitude, first.longitude
    point.location_is_approximate = first.approximate
    return True
