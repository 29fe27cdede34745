"""Geography: geocoders (geopy), nearest-help search and maps (folium). geopy is loaded with
the first search or address, not when a worker starts."""

import threading
from typing import TYPE_CHECKING

from flask import current_app, url_for
from flask_babel import gettext as _

from partnernet.geo.maps import MapLabels, MapSettings

if TYPE_CHECKING:
    from partnernet.geo.geocoders import Locator

# What the CBS asks a map that shows its 2022 boundaries to state (shared/data/README.md).
BOUNDARIES_CREDIT = "Kadaster / Centraal Bureau voor de Statistiek, 2022 (Bron: CBS)"


_LOCATOR_LOCK = threading.Lock()


def init_geo(app) -> None:
    from partnernet.geo.maps import tile_hosts

    app.config["MAP_TILE_HOSTS"] = tile_hosts(app.config["MAP_TILES"])


def locator() -> "Locator":
    """The app's locator, made on first use (one per app, shared by its threads)."""
    extensions = current_app.extensions
    if "partnernet.locator" not in extensions:
        from partnernet.geo.geocoders import Locator

        with _LOCATOR_LOCK:
            if "partnernet.locator" not in extensions:
                extensions["partnernet.locator"] = Locator.from_config(current_app.config)
    return extensions["partnernet.locator"]


def geocode_point(point, area: str | None = None) -> bool:
    """Place a support point at its address (see geocoders.geocode_support_point)."""
    from partnernet.geo.geocoders import geocode_support_point

    return geocode_support_point(point, locator(), area=area)


def map_settings() -> MapSettings:
    """Local Leaflet, the configured tiles and the texts, for a map on the current page."""
    home = locator().locate_centre()
    return MapSettings(
        asset_url=lambda path: url_for("static", filename=path),
        labels=MapLabels(_("Zoom in"), _("Zoom out"),
                         boundaries_credit=BOUNDARIES_CREDIT),
        tiles=current_app.config["MAP_TILES"],
        attribution=current_app.config["MAP_ATTRIBUTION"],
        home=(home.latitude, home.longitude),
    )
