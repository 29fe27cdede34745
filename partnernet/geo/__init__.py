"""Geography: geocoders (geopy), nearest-help search and maps (folium)."""

from flask import current_app, url_for
from flask_babel import gettext as _

from partnernet.geo.geocoders import Locator
from partnernet.geo.maps import MapLabels, MapSettings

# What the CBS asks a map that shows its 2022 boundaries to state (shared/data/README.md).
BOUNDARIES_CREDIT = "Kadaster / Centraal Bureau voor de Statistiek, 2022 (Bron: CBS)"


def init_geo(app) -> None:
    from partnernet.geo.maps import tile_hosts

    app.extensions["partnernet.locator"] = Locator.from_config(app.config)
    app.config["MAP_TILE_HOSTS"] = tile_hosts(app.config["MAP_TILES"])


def locator() -> Locator:
    return current_app.extensions["partnernet.locator"]


def map_settings() -> MapSettings:
    """Local Leaflet, the configured tiles and the texts, for a map on the current page."""
    return MapSettings(
        asset_url=lambda path: url_for("static", filename=path),
        labels=MapLabels(_("Zoom in"), _("Zoom out"),
                         boundaries_credit=BOUNDARIES_CREDIT),
        tiles=current_app.config["MAP_TILES"],
        attribution=current_app.config["MAP_ATTRIBUTION"],
    )
