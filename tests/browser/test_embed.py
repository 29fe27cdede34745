"""The search in another site's page: a library's page on another origin frames it, a resident
searches inside the frame, axe finds nothing inside it, and a result opens the full site in a
new tab. A site not listed gets no frame at all."""

import re

import pytest

from tests.support.browser import axe_violations, screenshot, serving

pytestmark = pytest.mark.browser


@pytest.fixture
def library_site(live_server):
    """The library's own site, on another origin (localhost, not 127.0.0.1), with the search
    in a frame on its page."""
    page = (f'<!doctype html><html lang="nl"><head><title>Bibliotheek</title></head><body>'
            f'<h1>Bibliotheek: hulp bij de digitale overheid</h1>'
            f'<iframe src="{live_server}/embed/search?where=Paddepoel" title="Hulp zoeken"'
            f' width="100%" height="1200" style="border:0"></iframe></body></html>').encode()

    with serving(page, "text/html; charset=utf-8") as port:
        yield f"http://localhost:{port}"


def _search_frame(page):
    page.frame_locator("iframe").locator("h1").wait_for()
    return page.frame(url=re.compile(r".*/embed/search.*"))


def test_a_listed_site_shows_the_search_and_axe_finds_nothing_inside(demo, app, page,
                                                                     library_site):
    app.config["EMBED_ORIGINS"] = (library_site,)
    page.goto(library_site)
    frame = _search_frame(page)
    assert frame.locator("h1").inner_text() == "Hulp in de buurt van Paddepoel"
    assert frame.locator("header.pn-header").count() == 0
    assert axe_violations(frame) == []
    screenshot(page, "embedded-search")
    with page.context.expect_page() as opened:
        frame.locator(".pn-result__name a").first.click()
    full_page = opened.value
    full_page.locator("h1").wait_for()
    assert "/points/" in full_page.url and full_page.locator("header.pn-header").count() == 1
    frame.get_by_text("Zoekopdracht wijzigen").click()
    frame.get_by_label("Waar zoekt u hulp?").fill("9741")
    frame.get_by_role("button", name="Zoeken").click()
    frame.wait_for_url(re.compile(r".*/embed/search\?.*where=9741.*"))
    assert frame.locator("h1").inner_text().startswith("Hulp in de buurt van 9741")


def test_a_site_not_listed_gets_no_frame(demo, app, page, library_site):
    app.config["EMBED_ORIGINS"] = ("https://gemeente.example.nl",)
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text)
            if "frame-ancestors" in message.text else None)
    page.goto(library_site)
    page.wait_for_timeout(1000)
    frame = page.frame(url=re.compile(r".*/embed/search.*"))
    assert frame is None or frame.locator("h1").count() == 0
    assert refused, "the browser says why it refused the frame"


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_an_embedded_place_has_no_accessibility_violations(demo, live_server, page, lang):
    page.goto(f"{live_server}/search?where=Haren&lang={lang}")
    href = page.locator(".pn-result__name a").first.get_attribute("href")
    page.goto(f"{live_server}/embed{href}?lang={lang}")
    page.locator("h1").wait_for()
    assert page.locator("header.pn-header").count() == 0
    assert axe_violations(page) == []
    screenshot(page, f"embedded-point-{lang}")
