"""The directory a resident can act on, in a real Chromium: on a phone the first result is in
the first screen, the search folds into a line, the map orients without tiles and its pins carry
the numbers of the list, and a place outside the municipality is told so plainly."""

from urllib.parse import urlsplit

import pytest

from tests.factories import CENTRE, create_offered_point
from tests.support.browser import axe_violations, screenshot, wait_until

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(chromium):
    context = chromium.new_context(viewport={"width": 360, "height": 640}, locale="nl-NL",
                                   has_touch=True, is_mobile=True)
    yield context.new_page()
    context.close()


def test_on_a_phone_the_first_result_is_in_the_first_screen(demo, live_server, phone):
    phone.goto(live_server + "/search?where=9741&topic=digid")
    first = phone.locator(".pn-result__name a").first.bounding_box()
    assert first["y"] + first["height"] <= 640, first
    assert not phone.get_by_label("Waar zoekt u hulp?").is_visible()  # folded away
    summary = phone.locator("details.pn-search-summary > summary")
    assert summary.inner_text().startswith("DigiD bij 9741 (Groningen)")
    map_box = phone.locator(".pn-map").bounding_box()
    list_box = phone.locator(".pn-result-list").bounding_box()
    assert map_box["y"] > list_box["y"] + list_box["height"] - 1  # the map follows the list
    screenshot(phone, "results-phone-360")
    summary.click()
    phone.get_by_label("Waar zoekt u hulp?").fill("Haren")
    phone.get_by_role("button", name="Zoeken").click()
    phone.wait_for_url("**where=Haren**")
    assert "Haren" in phone.locator("h1").inner_text()


def test_touch_targets_on_the_results_page_are_at_least_44_pixels(demo, live_server, phone):
    phone.goto(live_server + "/search?where=9741&topic=digid")
    phone.locator(".pn-map").scroll_into_view_if_needed()  # the map loads when it comes near
    wait_until(phone, "document.querySelectorAll('.leaflet-control-zoom a').length === 2")
    for selector in (".leaflet-control-zoom-in", ".leaflet-control-zoom-out",
                     "details.pn-search-summary > summary", ".pn-skip-map"):
        box = phone.locator(selector).bounding_box()
        assert box["height"] >= 44 or selector == ".pn-skip-map" and box["height"] >= 40, (
            selector, box)
        if selector.startswith(".leaflet"):
            assert box["width"] >= 44, (selector, box)


def test_the_map_orients_without_tiles_and_numbers_its_pins(demo, live_server, page):
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server + "/search?where=9741&topic=digid&lang=nl")
    wait_until(page, "document.querySelectorAll('.pn-area-label').length > 10")
    wait_until(page, "document.querySelectorAll('.pn-pin__number').length > 0")
    labels = page.evaluate(
        "[...document.querySelectorAll('.pn-area-label')].map(label => label.textContent)")
    assert "Oosterparkwijk" in labels and "Centrum" in labels  # wijk names at city zoom
    assert page.locator(".leaflet-overlay-pane path").count() >= 170  # 150 buurten, 20 wijken
    attribution = page.locator(".leaflet-control-attribution").inner_text()
    assert "Centraal Bureau voor de Statistiek" in attribution and "Leaflet" not in attribution
    listed = page.evaluate("""Object.fromEntries([...document.querySelectorAll('.pn-result')]
        .map(item => [item.id.replace('result-', ''),
                      item.querySelector('.pn-result__name a').textContent.trim()]))""")
    pins = page.evaluate("""[...document.querySelectorAll(
        '.leaflet-marker-icon')].map(pin => [pin.textContent, pin.title])""")
    assert pins
    for number, name in pins:
        assert listed[number] == name, (number, name)
    # The search location sits above the pins.
    here = page.evaluate("getComputedStyle(document.querySelector('.leaflet-pnHere-pane')).zIndex")
    assert int(here) > 600
    assert hosts == {urlsplit(live_server).netloc}
    screenshot(page, "results-map-offline")


def test_places_on_the_same_spot_stand_side_by_side(app, live_server, page):
    """No pin hides another: two organisations in one building show two numbers."""
    create_offered_point(CENTRE, "Bibliotheek")
    create_offered_point(CENTRE, "Taalhuis")
    page.goto(live_server + "/search?where=9712")
    page.locator(".pn-map").scroll_into_view_if_needed()
    wait_until(page, "document.querySelectorAll('.pn-pin__number').length === 2")
    pins = page.locator(".leaflet-marker-icon")
    first, second = pins.nth(0).bounding_box(), pins.nth(1).bounding_box()
    assert abs(first["x"] - second["x"]) >= first["width"], (first, second)
    assert sorted(pins.all_inner_texts()) == ["1", "2"]
    pins.nth(1).click()
    assert page.locator(".leaflet-popup-content a").is_visible()


@pytest.mark.parametrize(("where", "lang", "expected"), [
    ("Amsterdam", "nl", "partnernet is voor de gemeente Groningen"),
    ("Utrecht", "en", "partnernet covers the municipality of Groningen"),
    ("1012 AB", "en", "partnernet covers the municipality of Groningen"),
])
def test_a_place_outside_the_municipality_is_told_plainly(demo, live_server, page, where, lang,
                                                           expected):
    page.goto(f"{live_server}/search?where={where}&lang={lang}")
    notice = page.locator(".pn-notice")
    assert expected in notice.inner_text()
    assert notice.locator("a[href='tel:14050']").is_visible()
    assert not page.locator(".pn-places ul").is_visible()  # the list of names stays closed
    assert axe_violations(page) == []


def test_slip_prints_with_a_button(demo, live_server, page):
    page.goto(live_server + "/search?where=Haren")
    page.locator(".pn-result__name a").first.click()
    page.get_by_role("link", name="Print een briefje met het adres").click()
    button = page.get_by_role("button", name="Afdrukken")
    button.wait_for(state="visible")  # shown by a deferred script, which may not have run yet
    assert not page.locator(".pn-slip__printed").is_visible()  # on paper only
    page.emulate_media(media="print")
    assert page.locator(".pn-slip__printed").is_visible()
    assert not button.is_visible()
    page.emulate_media(media="screen")
    assert axe_violations(page) == []


def test_on_a_phone_leaflet_loads_only_when_the_map_comes_near(demo, live_server, phone):
    requested: list[str] = []
    errors: list[str] = []
    phone.on("request", lambda request: requested.append(request.url))
    phone.on("pageerror", lambda error: errors.append(str(error)))
    phone.goto(live_server + "/search?where=9741&topic=digid")
    phone.wait_for_timeout(500)
    assert not [url for url in requested if "leaflet" in url]  # the list never waits for it
    phone.locator(".pn-map").scroll_into_view_if_needed()
    wait_until(phone, "document.querySelectorAll('.pn-pin__number').length > 0")
    assert [url for url in requested if "leaflet.js" in url or "leaflet." in url]
    assert errors == []


SMALL_TARGETS = """() => {
  const small = [];
  for (const el of document.querySelectorAll('a, button, input, select, textarea, summary')) {
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height || el.closest('.pn-honeypot')) continue;
    if (el.closest('.leaflet-container') && !el.closest('.leaflet-control-zoom')) continue;
    // A link inside a sentence is exempt (WCAG 2.5.8); a box in a 44-pixel row is the row.
    const sentence = el.closest('p, li, dd, td');
    const inline = el.tagName === 'A' && getComputedStyle(el).display === 'inline' && sentence
      && sentence.textContent.trim().length > el.textContent.trim().length + 3;
    const row = el.closest('.pn-check');
    const target = row ? row.getBoundingClientRect() : box;
    if (!inline && (target.height < 44 || (!row && target.width < 44))) {
      small.push(`${el.tagName} "${(el.textContent || el.name).trim().slice(0, 40)}" `
                 + `${Math.round(target.width)}x${Math.round(target.height)}`);
    }
  }
  return small;
}"""


def test_every_target_on_resident_pages_is_44_pixels_on_a_phone(demo, live_server, phone):
    phone.goto(live_server + "/search?where=Haren")
    point = phone.locator(".pn-result__name a").first.get_attribute("href")
    phone.goto(live_server + point)
    offer = phone.locator("a[href^='/offers/']").first.get_attribute("href")
    organisation = phone.locator("a[href^='/organisations/']").first.get_attribute("href")
    for path in ("/", "/search?where=9741&topic=digid", "/search?where=Amsterdam", point,
                 f"{point}/slip", f"{point}/report", offer, organisation, "/help", "/status",
                 "/about", "/privacy", "/toegankelijkheid", "/embed",
                 "/embed/search?where=9741&topic=digid", f"/embed{point}"):
        phone.goto(live_server + path)
        phone.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        assert phone.evaluate(SMALL_TARGETS) == [], path
