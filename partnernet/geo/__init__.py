"""Geography: geocoders (geopy), nearest-help search and maps (folium)."""

from flask import current_app

from partnernet.geo.geocoders import Locator


def init_geo(app) -> None:
    from partnernet.geo.maps import tile_hosts

    app.extensions["partnernet.locator"] = Locator.from_config(app.config)
    app.config["MAP_TILE_HOSTS"] = tile_hosts(app.config["MAP_TILES"])


def locator() -> Locator:
    return current_app.extensions["partnernet.locator"]
