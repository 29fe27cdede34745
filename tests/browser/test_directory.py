"""A resident finds help in a real Chromium: with the keyboard, without JavaScript, on a small
screen, and with the map making no request to any other host."""

import base64
from urllib.parse import urlencode, urlsplit

import pytest

from partnernet.geo.maps import tile_hosts
from tests.support.browser import axe_violations, screenshot, serving, wait_until

pytestmark = pytest.mark.browser
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
)


def hosts_requested(page) -> set[str]:
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    return hosts


def test_search_from_the_home_page_with_the_keyboard_only(demo, live_server, page):
    page.goto(live_server + "/")
    for _ in range(30):  # tab until the search field has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "where":
            break
    page.keyboard.type("Paddepoel")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "topic"
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Hulp in de buurt van Paddepoel").wait_for()
    # Keyboard order is visual order: past the folded search, straight into the results.
    page.locator("details.pn-search-summary > summary").focus()
    page.keyboard.press("Tab")
    first = page.locator(".pn-result__name a").first
    assert page.evaluate("document.activeElement.textContent") == first.inner_text()
    assert "WIJS" in first.inner_text()
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Openingstijden deze week").wait_for()


def test_whole_flow_works_without_javascript(demo, live_server, chromium):
    context = chromium.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        page.goto(live_server + "/")
        page.get_by_label("Waar zoekt u hulp?").fill("9741")
        page.get_by_role("button", name="Zoeken").click()
        page.wait_for_url("**/search?**")
        page.get_by_text("Zoekopdracht wijzigen").click()  # <details> opens without a script
        page.get_by_text("Meer filters").click()
        page.get_by_label("Hoe wilt u geholpen worden?").select_option("walk_in")
        page.get_by_label("Nu open").uncheck()
        page.get_by_role("button", name="Zoeken").click()
        page.wait_for_url("**mode=walk_in**")
        assert not page.locator(".pn-map").is_visible()  # no empty map box without JavaScript
        page.locator(".pn-result__name a").first.click()
        page.get_by_role("link", name="Print een briefje met het adres").click()
        page.get_by_role("heading", name="Hier kunt u hulp krijgen").wait_for()
        page.go_back()
        page.go_back()
        page.get_by_text("Zoekopdracht wijzigen").click()
        assert page.get_by_label("Hoe wilt u geholpen worden?").input_value() == "walk_in"
    finally:
        context.close()


def test_map_shows_markers_and_asks_no_other_host(demo, live_server, page):
    hosts = hosts_requested(page)
    violations: list[str] = []
    page.on("console", lambda message: violations.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.goto(live_server + "/search?where=9711+AB")
    wait_until(page, "document.querySelectorAll('.leaflet-marker-icon').length > 0")
    assert page.locator(".leaflet-interactive").count() >= 1  # the search location
    assert hosts == {urlsplit(live_server).netloc}
    assert violations == []
    screenshot(page, "results-9711")
    page.locator(".leaflet-marker-icon").first.click()
    popup_link = page.locator(".leaflet-popup-content a")
    popup_link.wait_for()
    assert "/points/" in popup_link.get_attribute("href")


@pytest.mark.parametrize("where", ["Haren", "Paddepoel", "9711 AB"])
def test_the_map_shows_each_search_with_its_places(demo, live_server, page, where):
    """The map's frame is the same for every search; map.js fits it to this one's places."""
    page.goto(live_server + "/search?" + urlencode({"where": where}))
    wait_until(page, "document.querySelector('.pn-map').pnLayers !== undefined")
    outside = page.evaluate("""() => {
        const data = JSON.parse(document.querySelector('.pn-map').dataset.map);
        const map = document.querySelector('.pn-map').pnLayers.map;
        return [data.here, ...data.markers.map(row => [row.lat, row.lon])]
            .filter(spot => !map.getBounds().contains(spot)); }""")
    assert outside == []
    assert page.evaluate("document.querySelector('.pn-map').pnLayers.map.getZoom()") <= 15


@pytest.fixture
def tile_server():
    with serving(PNG, "image/png") as port:
        yield f"http://127.0.0.1:{port}"


def test_with_tiles_only_the_tile_server_is_asked(demo, app, live_server, page, tile_server):
    app.config["MAP_TILES"] = tile_server + "/{z}/{x}/{y}.png"
    app.config["MAP_TILE_HOSTS"] = tile_hosts(app.config["MAP_TILES"])
    hosts = hosts_requested(page)
    page.goto(live_server + "/search?where=Haren")
    wait_until(page, "document.querySelectorAll('img.leaflet-tile-loaded').length > 0")
    assert hosts == {urlsplit(live_server).netloc, urlsplit(tile_server).netloc}


PAGES = ["/", "/search?where=9711+AB", "/search?where=Padepoel", "/search?where=",
         "/search?where=Haren&wheelchair=y&open_now=y&free=y&mode=online",
         "/search?where=Amsterdam", "/search?where=1012+AB", "/search?where=9741&topic=digid",
         "/about", "/embed", "/embed/search?where=9711+AB", "/embed/search?where="]


@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_directory_pages_have_no_accessibility_violations(demo, live_server, page, path, lang):
    separator = "&" if "?" in path else "?"
    page.goto(f"{live_server}{path}{separator}lang={lang}")
    assert axe_violations(page) == []


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_point_and_organisation_pages_have_no_accessibility_violations(demo, live_server, page,
                                                                       lang):
    page.goto(f"{live_server}/search?where=Haren&lang={lang}")
    page.locator(".pn-result__name a").first.click()
    page.locator("h1").wait_for()
    assert axe_violations(page) == []
    screenshot(page, f"point-{lang}")
    page.locator("main a[href^='/organisations/']").first.click()
    page.locator("h1").wait_for()
    assert axe_violations(page) == []
    page.locator("main a[href^='/offers/']").first.click()
    page.locator("h1").wait_for()
    assert axe_violations(page) == []
    page.go_back()
    page.locator("main a[href$='/report']").last.click()
    assert axe_violations(page) == []


@pytest.mark.parametrize(("name", "width", "zoom"), [("phone-360", 360, 1), ("zoom-200", 640, 2)])
def test_small_screen_and_200_percent_zoom(demo, chromium, live_server, name, width, zoom):
    # 200% zoom on a 1280-pixel screen leaves 640 CSS pixels: the same layout as zooming in.
    context = chromium.new_context(viewport={"width": width, "height": 800},
                                   device_scale_factor=zoom, locale="nl-NL")
    page = context.new_page()
    try:
        for path, shot in [("/", "home"), ("/search?where=Paddepoel", "results")]:
            page.goto(live_server + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {name}"
            screenshot(page, f"{shot}-{name}")
        page.locator(".pn-result__name a").first.click()
        screenshot(page, f"point-{name}")
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_markers_have_distinct_names_and_tab_leaves_the_map(demo, live_server, page):
    page.goto(live_server + "/search?where=Haren")
    wait_until(page, "document.querySelectorAll('.leaflet-marker-icon').length > 0")
    names = page.evaluate("""[...document.querySelectorAll(
        '.leaflet-marker-icon')].map(marker => marker.title)""")
    assert names and len(set(names)) == len(names) and all(names)
    assert page.get_by_role("button", name="Inzoomen").is_visible()
    page.locator(".folium-map").focus()
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("""document.activeElement !== document.body
                            && document.activeElement.closest('.pn-map') === null"""):
            break
    focused = page.evaluate("document.activeElement.outerHTML.slice(0, 300)")
    assert page.evaluate("document.activeElement.closest('main') !== null"), focused
    assert page.evaluate("""document.activeElement.compareDocumentPosition(
        document.querySelector('.pn-map')) & Node.DOCUMENT_POSITION_PRECEDING"""), focused
