"""Support point, offer and organisation pages, the printable slip and "Something wrong here?"."""

from datetime import UTC, date, datetime, time

import pytest
from freezegun import freeze_time
from sqlalchemy import select

from partnernet.models import (
    Closure,
    InformationReport,
    OpeningPeriod,
    OrganisationStatus,
    OutboxMessage,
    Role,
)
from tests import factories
from tests.html import error_summary, heading, parse, unhashed

MONDAY_NOON = datetime(2026, 11, 23, 11, 0, tzinfo=UTC)


@pytest.fixture
def point(db):
    organisation = factories.create_organisation(name="Bibliotheek Noord", phone="050 123 4567")
    point = factories.create_support_point(
        organisation=organisation, name="Bieb Paddepoel", street="Paddepoel", house_number="12",
        postcode="9742 AA", wheelchair_accessible=True, accessibility_note="Lift aanwezig",
        assured_date=date(2026, 10, 1),
        opening_periods=[OpeningPeriod(weekday=0, opens=time(9), closes=time(12)),
                         OpeningPeriod(weekday=0, opens=time(13), closes=time(17)),
                         OpeningPeriod(weekday=2, opens=time(9), closes=time(12))],
        closures=[Closure(starts_on=date(2026, 11, 25), ends_on=date(2026, 11, 25))],
    )
    factories.create_offer(organisation=organisation, support_points=[point],
                           title="Hulp met DigiD")
    factories.create_offer(organisation=organisation, support_points=[point],
                           title="Gepauzeerd", status="paused")
    return point


def test_point_page_has_what_a_resident_needs(client, point):
    with freeze_time(MONDAY_NOON):
        response = client.get(f"/points/{point.public_id}?lang=en")
    page = parse(response)
    assert heading(response) == "Bieb Paddepoel"
    text = page.get_text(" ", strip=True)
    assert "Paddepoel 12, 9742 AA Groningen" in text
    assert page.select_one('a[href^="https://www.openstreetmap.org/directions"]')
    assert page.select_one('a[href="tel:0501234567"]').get_text() == "050 123 4567"
    assert "Yes, wheelchair accessible. Lift aanwezig" in text
    assert [h.get_text() for h in page.select(".pn-card h3")] == ["Hulp met DigiD"]
    assert "Information last checked on October 1, 2026." in text
    assert page.find("a", string="Something wrong here? Let us know")


def test_point_page_shows_the_week_with_today_marked_and_closures(client, point):
    with freeze_time(MONDAY_NOON):
        page = parse(client.get(f"/points/{point.public_id}?lang=en"))
    rows = {row.th.get_text(" ", strip=True): row.td.get_text(" ", strip=True)
            for row in page.select(".pn-hours tr")}
    assert rows["Monday today"] == "9:00–12:00 and 13:00–17:00"
    assert rows["Wednesday"].startswith("Closed")  # closed that day
    assert rows["Sunday"] == "Closed"
    assert page.select_one(".pn-hours__today th").get_text(" ", strip=True) == "Monday today"


def test_print_slip_fits_a_desk(client, point):
    response = client.get(f"/points/{point.public_id}/slip?lang=en")
    page = parse(response)
    text = page.get_text(" ", strip=True)
    for expected in ("Bieb Paddepoel", "Paddepoel 12, 9742 AA Groningen", "050 123 4567",
                     "What to bring", "Opening hours"):
        assert expected in text
    assert [unhashed(link["href"]) for link in page.select("link")] == ["/static/css/slip.css"]
    # The one script is our own file behind the Print button: nothing inline, nothing remote.
    assert [unhashed(script.get("src")) for script in page.select("script")] == [
        "/static/js/print.js"]
    assert page.select_one("button[data-print]").get_text(strip=True) == "Print"
    assert page.select_one("a[href='tel:0501234567']").get_text() == "050 123 4567"
    # "Printed on" is for paper only (slip.css hides it on screen).
    assert page.select_one(".pn-slip__printed").get_text(strip=True).startswith("Printed on")


def test_offer_page(client, point):
    offer = point.offers[0]
    page = parse(client.get(f"/offers/{offer.public_id}?lang=en"))
    assert page.h1.get_text() == "Hulp met DigiD"
    assert page.find("a", string="Bieb Paddepoel")
    assert page.find("a", string="Bibliotheek Noord")


def test_organisation_page_lists_points_and_offers(client, point):
    page = parse(client.get(f"/organisations/{point.organisation.public_id}?lang=en"))
    links = [a.get_text() for a in page.select("main a")]
    assert "Bieb Paddepoel" in links and "Hulp met DigiD" in links and "Gepauzeerd" not in links


@pytest.mark.parametrize("status", [OrganisationStatus.PENDING, OrganisationStatus.REJECTED,
                                    OrganisationStatus.SUSPENDED])
def test_pages_of_unapproved_organisations_are_not_found(client, db, point, status):
    point.organisation.status = status
    db.session.commit()
    offer = point.offers[0]
    for url in (f"/points/{point.public_id}", f"/points/{point.public_id}/slip",
                f"/offers/{offer.public_id}", f"/organisations/{point.organisation.public_id}",
                f"/points/{point.public_id}/report"):
        assert client.get(url).status_code == 404, url


def test_inactive_point_and_paused_offer_are_not_found(client, db, point):
    paused = point.offers[1]
    assert client.get(f"/offers/{paused.public_id}").status_code == 404
    point.active = False
    db.session.commit()
    assert client.get(f"/points/{point.public_id}").status_code == 404


def test_report_reaches_coordinator_and_staff(client, db, point):
    coordinator = factories.create_user(role=Role.COORDINATOR, organisation=point.organisation)
    staff = factories.create_user(role=Role.STAFF)
    factories.create_user(role=Role.COORDINATOR)  # of another organisation
    factories.create_user(role=Role.STAFF, active=False)
    response = client.post(f"/points/{point.public_id}/report?lang=en",
                           data={"message": "De openingstijden op woensdag kloppen niet."})
    assert response.status_code == 302
    assert response.headers["Location"] == f"/points/{point.public_id}"
    report = db.session.scalar(select(InformationReport))
    assert report.organisation_id == point.organisation_id and report.handled_at is None
    mails = db.session.scalars(select(OutboxMessage)).all()
    assert sorted(m.recipient for m in mails) == sorted([coordinator.email, staff.email])
    assert "woensdag kloppen niet" in mails[0].body


@pytest.mark.parametrize(("message", "error"), [
    ("", "Describe what is wrong"),
    ("kort", "Use between 5 and 1,000 characters"),
    ("x" * 1001, "Use between 5 and 1,000 characters"),
])
def test_report_form_names_the_problem_and_keeps_the_text(client, db, point, message, error):
    response = client.post(f"/points/{point.public_id}/report?lang=en", data={"message": message})
    assert response.status_code == 200 and error_summary(response) == [error]
    # browsers drop the newline WTForms puts after <textarea>
    assert parse(response).select_one("#message").get_text().removeprefix("\r\n") == message
    assert db.session.scalar(select(InformationReport)) is None


def test_report_shows_html_as_text(client, db, point):
    response = client.post(f"/offers/{point.offers[0].public_id}/report",
                           data={"message": "<b>fout</b>", "website": ""})
    assert response.status_code == 302
    assert db.session.scalar(select(InformationReport.message)) == "<b>fout</b>"


def test_report_honeypot_is_thanked_but_dropped(client, db, point):
    response = client.post(f"/organisations/{point.organisation.public_id}/report",
                           data={"message": "Koop nu goedkope pillen", "website": "http://spam"})
    assert response.status_code == 302
    assert db.session.scalar(select(InformationReport)) is None


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_report_is_rate_limited(client, point):
    url = f"/points/{point.public_id}/report"
    for _ in range(5):
        assert client.post(url, data={"message": "Dit klopt niet meer."}).status_code == 302
    assert client.post(url, data={"message": "Dit klopt niet meer."}).status_code == 429


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_report_needs_the_csrf_token(client, db, point):
    response = client.post(f"/points/{point.public_id}/report",
                           data={"message": "Dit klopt niet meer."})
    assert response.status_code == 400
    assert db.session.scalar(select(InformationReport)) is None
