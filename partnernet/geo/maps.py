"""folium maps, embedded in our own pages (not an iframe).

Leaflet comes from static/vendor: every map gets its own default_js/default_css (the class
attributes are shared by the whole process), without jQuery, Bootstrap and awesome-markers,
which we do not use. The page renders the
pieces itself so that the inline script carries the response's CSP nonce.

User text never passes through folium. branca turns each rendered piece into a Jinja template
of its own, so a name inside a marker or tooltip would be compiled and evaluated as template
source, and folium puts tooltips inside JavaScript template literals. folium draws only the
frame (map, tiles, bounds) from numbers and settings; markers, names and labels
travel as JSON in the container's `data-map` attribute, which static/js/map.js reads and turns
into markers with DOM text, never HTML."""

import functools
import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:  # folium and branca load with the first map, not with the app (0.2 s)
    import folium
    from branca.element import Element

NAMED_TILES = {"nlmaps.standaard", "nlmaps.grijs", "nlmaps.pastel", "nlmaps.water", "OpenStreetMap"}


@dataclass(frozen=True)
class MapMarker:
    latitude: float
    longitude: float
    name: str
    url: str | None = None  # a popup links here; without it the name is a tooltip
    number: int | None = None  # the entry's number in the list beside the map


@dataclass(frozen=True)
class MapLabels:
    """Texts on the map, in the resident's language."""

    zoom_in: str
    zoom_out: str
    boundaries_credit: str = ""  # the attribution the CBS asks for where its boundaries show


@dataclass(frozen=True)
class EmbeddedMap:
    html: str
    script: str  # folium's frame, wrapped in a function map.js calls: no user text in it
    data: str  # JSON for the container's data-map attribute: assets, markers, names, labels


VENDOR_ASSETS = {  # under static/, copied from npm at install
    "leaflet_js": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
}


@dataclass(frozen=True)
class MapSettings:
    asset_url: Callable[[str], str]  # a path under static/ -> its URL
    labels: MapLabels
    tiles: str = "none"
    attribution: str = ""
    home: tuple[float, float] = (53.2194, 6.5665)  # where a results map starts, before it fits


# The municipality's outline, wijken and buurten (CBS), drawn by static/js/map.js: without tiles
# they are the map; with tiles, a light overlay. A static file, so the browser caches it.
BOUNDARIES = "geo/boundaries_groningen.geojson"
RESULTS_MAX_ZOOM = 15  # fitted to a few places close together, a map still shows the streets


def _base_map(centre: tuple[float, float], settings: MapSettings, zoom: int) -> "folium.Map":
    import folium

    leaflet_map = folium.Map(location=centre, zoom_start=zoom, maxZoom=18, minZoom=7,
                             zoom_control=False,
                             **_tile_options(settings.tiles, settings.attribution))
    leaflet_map.default_js = [("leaflet", settings.asset_url(VENDOR_ASSETS["leaflet_js"]))]
    leaflet_map.default_css = [("leaflet_css", settings.asset_url(VENDOR_ASSETS["leaflet_css"]))]
    return leaflet_map


def single_point_map(marker: MapMarker, settings: MapSettings) -> EmbeddedMap:
    """Where a support point lies, for the partner who checks its address."""
    leaflet_map = _base_map((marker.latitude, marker.longitude), settings, zoom=16)
    frame = _frame(leaflet_map)
    return frame.embedded(_map_data(frame.name, settings, [marker]))


@functools.lru_cache(maxsize=16)
def _results_frame(tiles: str, attribution: str, leaflet_js: str, leaflet_css: str,
                   home: tuple[float, float]) -> "Frame":
    """Building a folium map compiles a template for each of its parts: 5 ms a search."""
    settings = MapSettings(asset_url={VENDOR_ASSETS["leaflet_js"]: leaflet_js,
                                      VENDOR_ASSETS["leaflet_css"]: leaflet_css}.__getitem__,
                           labels=MapLabels("", ""), tiles=tiles, attribution=attribution)
    return _frame(_base_map(home, settings, zoom=13))


def results_map(centre: tuple[float, float], markers: list[MapMarker],
                settings: MapSettings) -> EmbeddedMap:
    """A map of one page of results, pins numbered as in the list, with the search location
    marked. A page holds few enough places that every pin shows (no clustering plugin to load):
    map.js sets pins on the same spot side by side, and fits the map to them and the search
    location (`fit`), so the frame is the same for every search: built once per worker."""
    frame = _results_frame(settings.tiles, settings.attribution,
                           settings.asset_url(VENDOR_ASSETS["leaflet_js"]),
                           settings.asset_url(VENDOR_ASSETS["leaflet_css"]), settings.home)
    points = [centre, *[(m.latitude, m.longitude) for m in markers]]
    data = _map_data(frame.name, settings, markers, here=centre)
    data["fit"] = {"bounds": _bounds(points), "max_zoom": RESULTS_MAX_ZOOM, "padding": 20}
    return frame.embedded(data)


def _map_data(name: str, settings: MapSettings, markers: list[MapMarker],
              here: tuple[float, float] | None = None) -> dict:
    labels = settings.labels
    boundaries_url = settings.asset_url(BOUNDARIES)
    has_tiles = settings.tiles not in ("", "none")
    return {
        "map": name,
        "here": list(here) if here else None,
        "labels": asdict(labels),
        "boundaries": boundaries_url,
        "tiles": has_tiles,
        "markers": [{"lat": m.latitude, "lon": m.longitude, "name": m.name, "url": m.url,
                     "number": m.number} for m in markers],
    }


def _tile_options(tiles: str, attribution: str) -> dict:
    if tiles in ("", "none"):
        return {"tiles": None}
    if tiles in NAMED_TILES:
        return {"tiles": tiles}
    return {"tiles": tiles, "attr": attribution or "Map tiles"}


def tile_hosts(tiles: str) -> str:
    """The origin(s) the browser loads tiles from, for the Content-Security-Policy."""
    if tiles in ("", "none"):
        return ""
    import folium

    url = folium.TileLayer(tiles, attr="-").tiles
    parts = urlsplit(url)
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def _bounds(points: list[tuple[float, float]]) -> list[list[float]]:
    lats = [lat for lat, _lon in points]
    lons = [lon for _lat, lon in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


@dataclass(frozen=True)
class Frame:
    """folium's frame of a map, as our page embeds it: built from numbers and settings only."""

    name: str
    html: str
    script: str  # wrapped in a function map.js calls
    stylesheets: list[str]
    scripts: list[str]

    def embedded(self, data: dict) -> EmbeddedMap:
        data = {**data, "stylesheets": self.stylesheets, "scripts": self.scripts}
        return EmbeddedMap(html=self.html, script=self.script,
                           data=json.dumps(data, ensure_ascii=False, separators=(",", ":")))


def _frame(leaflet_map: "folium.Map") -> Frame:
    """The map's pieces for our own page. Leaflet is not loaded with the page: map.js loads the
    stylesheets and scripts named in the data once the map is about to be seen, then calls the
    frame, so the list of results never waits for the map."""
    from branca.element import CssLink, Figure, JavascriptLink

    # The map renders each of its elements once. figure.render() would then evaluate those
    # outputs a second time as templates, so the pieces are read as the strings they are.
    leaflet_map.render()
    figure = leaflet_map.get_root()
    assert isinstance(figure, Figure)
    links = list(figure.header._children.values())
    name = leaflet_map.get_name()
    script = (f'(window.pnMapFrames = window.pnMapFrames || {{}})["{name}"] = function () {{'
              f"{_rendered(figure.script)}\nreturn {name};\n}};")
    return Frame(name=name, html=_rendered(figure.html), script=script,
                 stylesheets=[link.url for link in links if isinstance(link, CssLink)],
                 scripts=[link.url for link in links if isinstance(link, JavascriptLink)])


def _rendered(part: "Element") -> str:
    return "".join(child._template_str or "" for child in part._children.values())
