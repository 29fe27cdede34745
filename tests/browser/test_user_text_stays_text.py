"""Criterion 26 in a real browser: names full of template syntax, script breakouts and quotes
show literally on every page with a map, and no dialog ever opens."""

import pytest
from sqlalchemy import select

from partnernet.extensions import db
from partnernet.models import SupportPoint
from tests import factories
from tests.factories import CENTRE, DEFAULT_PASSWORD
from tests.support.browser import sign_in, wait_until
from tests.support.payloads import INJECTION_PAYLOADS

pytestmark = pytest.mark.browser


@pytest.fixture
def organisation(app):
    organisation = factories.create_organisation(name="Org ${alert(9)} {{7*7}}")
    for n, payload in enumerate(INJECTION_PAYLOADS):
        point = factories.create_support_point(
            organisation=organisation, name=payload, street=f"Straat {payload}",
            # on a grid wide enough that no two pins overlap
            latitude=CENTRE[0] + n // 3 * 0.006, longitude=CENTRE[1] + n % 3 * 0.01)
        factories.create_offer(organisation=organisation, support_points=[point],
                               title=f"Aanbod {payload}")
    return organisation


def count_dialogs(page) -> list[str]:
    dialogs: list[str] = []

    def dismiss(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    return dialogs


MARKERS = "document.querySelectorAll('.leaflet-marker-icon')"


def marker_names(page) -> list[str]:
    wait_until(page, f"{MARKERS}.length > 0")
    return page.evaluate(f"[...{MARKERS}].map(marker => marker.title)")


def point_names(organisation) -> list[tuple[int, str]]:
    return list(db.session.execute(select(SupportPoint.id, SupportPoint.name).where(
        SupportPoint.organisation_id == organisation.id)))


def test_results_map_and_list_show_names_literally(organisation, live_server, page):
    dialogs = count_dialogs(page)
    page.goto(live_server + "/search?where=9712")
    page.locator(".pn-map .leaflet-container").wait_for()
    wait_until(page, "document.querySelector('.pn-map').pnLayers !== undefined")
    on_map = page.evaluate("""() => document.querySelector('.pn-map').pnLayers.pins
        .getLayers().map(marker => marker.options.title)""")
    assert sorted(on_map) == sorted(INJECTION_PAYLOADS)
    wait_until(page, f"{MARKERS}.length === {len(INJECTION_PAYLOADS)}")
    assert sorted(marker_names(page)) == sorted(INJECTION_PAYLOADS)
    listed = page.locator(".pn-result__name").all_inner_texts()
    assert sorted(name.strip() for name in listed) == sorted(INJECTION_PAYLOADS)
    for payload in INJECTION_PAYLOADS:
        page.locator(".leaflet-marker-icon").and_(page.get_by_title(payload, exact=True)).click()
        page.locator(".leaflet-popup-content").get_by_role("link", name=payload,
                                                           exact=True).wait_for()
    assert "49" not in page.locator(".pn-map").inner_text()
    assert dialogs == []


@pytest.mark.parametrize("role", ["coordinator", "staff"])
def test_point_page_map_shows_the_name_literally(organisation, live_server, page, role):
    user = factories.create_user(
        role=role, **({"organisation": organisation} if role == "coordinator" else {}))
    dialogs = count_dialogs(page)
    sign_in(page, live_server, user.email, DEFAULT_PASSWORD, factories.TOTP_SECRET)
    for point_id, name in point_names(organisation):
        page.goto(f"{live_server}/partner/points/{point_id}/edit")
        page.locator(".leaflet-marker-icon").wait_for()
        assert dialogs == []
        assert marker_names(page) == [name]
        page.locator(".leaflet-marker-icon").hover()
        tooltip = page.locator(".leaflet-tooltip")
        tooltip.wait_for()
        assert tooltip.inner_text() == name
    assert dialogs == []
