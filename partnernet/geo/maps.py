"""folium maps, embedded in our own pages (not an iframe).

Leaflet and the marker-cluster plugin come from static/vendor: every map and plugin instance
gets its own default_js/default_css (the class attributes are shared by the whole process),
without jQuery, Bootstrap and awesome-markers, which we do not use. The page renders the
pieces itself so that the inline script carries the response's CSP nonce."""

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import folium
from branca.element import CssLink, JavascriptLink, MacroElement
from folium.plugins import FastMarkerCluster
from folium.template import Template
from markupsafe import escape

# Built from DOM nodes, never from HTML strings: a point's name cannot inject markup.
MARKER_CALLBACK = """function (row) {
    var marker = L.marker(new L.LatLng(row[0], row[1]), {title: row[2], alt: row[2]});
    var link = document.createElement("a");
    link.href = row[3];
    link.textContent = row[2];
    marker.bindPopup(link);
    return marker;
}"""
NAMED_TILES = {"nlmaps.standaard", "nlmaps.grijs", "nlmaps.pastel", "nlmaps.water", "OpenStreetMap"}


@dataclass(frozen=True)
class MapMarker:
    latitude: float
    longitude: float
    name: str
    url: str


@dataclass(frozen=True)
class MapLabels:
    """Texts on the map, in the resident's language."""

    search_location: str
    zoom_in: str
    zoom_out: str


class ZoomControl(MacroElement):
    """Leaflet's zoom buttons with titles in the page's language (Leaflet's own are English)."""

    _template = Template("""{% macro script(this, kwargs) %}
        L.control.zoom({{ this.options|tojavascript }}).addTo({{ this._parent.get_name() }});
    {% endmacro %}""")

    def __init__(self, zoom_in: str, zoom_out: str):
        super().__init__()
        self._name = "ZoomControl"
        self.options = {"zoom_in_title": zoom_in, "zoom_out_title": zoom_out}


@dataclass(frozen=True)
class EmbeddedMap:
    stylesheets: list[str]
    scripts: list[str]
    html: str
    script: str


VENDOR_ASSETS = {  # under static/, copied from npm at install
    "leaflet_js": "vendor/leaflet/leaflet.js",
    "leaflet_css": "vendor/leaflet/leaflet.css",
    "cluster_js": "vendor/leaflet.markercluster/leaflet.markercluster.js",
    "cluster_css": "vendor/leaflet.markercluster/MarkerCluster.css",
    "cluster_default_css": "vendor/leaflet.markercluster/MarkerCluster.Default.css",
}


@dataclass(frozen=True)
class MapSettings:
    asset_url: Callable[[str], str]  # a path under static/ -> its URL
    labels: MapLabels
    tiles: str = "none"
    attribution: str = ""


def _base_map(centre: tuple[float, float], settings: MapSettings, zoom: int) -> folium.Map:
    # markercluster needs the map's own maxZoom (folium's max_zoom only reaches the tiles).
    leaflet_map = folium.Map(location=centre, zoom_start=zoom, maxZoom=18, minZoom=7,
                             zoom_control=False,
                             **_tile_options(settings.tiles, settings.attribution))
    ZoomControl(settings.labels.zoom_in, settings.labels.zoom_out).add_to(leaflet_map)
    leaflet_map.default_js = [("leaflet", settings.asset_url(VENDOR_ASSETS["leaflet_js"]))]
    leaflet_map.default_css = [("leaflet_css", settings.asset_url(VENDOR_ASSETS["leaflet_css"]))]
    return leaflet_map


def single_point_map(latitude: float, longitude: float, name: str,
                     settings: MapSettings) -> EmbeddedMap:
    """Where a support point lies, for the partner who checks its address."""
    leaflet_map = _base_map((latitude, longitude), settings, zoom=16)
    folium.Marker((latitude, longitude), tooltip=folium.Tooltip(str(escape(name)))).add_to(
        leaflet_map)
    return _embed(leaflet_map)


def results_map(centre: tuple[float, float], markers: list[MapMarker],
                settings: MapSettings) -> EmbeddedMap:
    """A map of the results with the search location marked."""
    leaflet_map = _base_map(centre, settings, zoom=13)
    assets = {name: settings.asset_url(path) for name, path in VENDOR_ASSETS.items()}
    cluster = FastMarkerCluster(
        [[m.latitude, m.longitude, m.name, m.url] for m in markers], callback=MARKER_CALLBACK
    )
    cluster.default_js = [("markerclusterjs", assets["cluster_js"])]
    cluster.default_css = [("markerclustercss", assets["cluster_css"]),
                           ("markerclusterdefaultcss", assets["cluster_default_css"])]
    cluster.add_to(leaflet_map)
    folium.CircleMarker(
        centre, radius=9, weight=3, color="#b3003b", fill=True, fill_opacity=0.4,
        tooltip=folium.Tooltip(str(escape(settings.labels.search_location))),
    ).add_to(leaflet_map)
    points = [centre, *[(m.latitude, m.longitude) for m in markers]]
    leaflet_map.fit_bounds(_bounds(points), max_zoom=15, padding=(20, 20))
    return _embed(leaflet_map)


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
    url = folium.TileLayer(tiles, attr="-").tiles
    parts = urlsplit(url)
    host = parts.netloc.replace("{s}", "*")
    return f"{parts.scheme}://{host}"


def _bounds(points: list[tuple[float, float]]) -> list[list[float]]:
    lats = [lat for lat, _lon in points]
    lons = [lon for _lat, lon in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def _embed(leaflet_map: folium.Map) -> EmbeddedMap:
    figure = leaflet_map.get_root()
    figure.render()
    links = list(figure.header._children.values())
    return EmbeddedMap(
        stylesheets=[link.url for link in links if isinstance(link, CssLink)],
        scripts=[link.url for link in links if isinstance(link, JavascriptLink)],
        html=figure.html.render(),
        script=figure.script.render(),
    )
