"""Coordinators keep their organisation and support points current; residents see it at once."""

from datetime import UTC, date, datetime

import pytest
from freezegun import freeze_time
from sqlalchemy import func, select

from partnernet.models import AuditEvent, InformationReport, Role, SupportPoint
from tests import factories
from tests.html import error_summary, fresh, parse
from tests.partners.sample_forms import POINT


@pytest.fixture
def coordinator(db):
    return factories.create_user(role=Role.COORDINATOR)


def test_coordinator_adds_a_point_that_residents_find(client, auth, db, coordinator):
    offer = factories.create_offer(organisation=coordinator.organisation)
    auth.login(user=coordinator)
    response = client.post("/partner/points/new", data=fresh(POINT))
    assert response.status_code == 302
    point = db.session.scalar(select(SupportPoint))
    assert point.postcode == "9712 KN" and point.location_is_approximate  # offline: PC4 centre
    assert [(p.weekday, p.opens.hour, p.closes.hour) for p in point.opening_periods] == [
        (0, 9, 12), (0, 13, 17), (2, 9, 12)]
    assert (point.closures[0].starts_on, point.closures[0].ends_on) == (
        date(2026, 12, 24), date(2026, 12, 26))
    assert point.assured_date is not None
    offer.support_points.append(point)
    db.session.commit()
    names = [a.get_text() for a in parse(client.get("/search?where=9712")).select(
        ".pn-result__name a")]
    assert names == ["Buurthuis De Kiel"]
    with freeze_time(datetime(2026, 12, 25, 10, tzinfo=UTC)):  # Friday, but closed for Christmas
        assert not parse(client.get("/search?where=9712&open_now=y")).select(".pn-result")


def test_the_edit_form_shows_what_is_stored(client, auth, db, coordinator):
    auth.login(user=coordinator)
    client.post("/partner/points/new", data=fresh(POINT))
    point = db.session.scalar(select(SupportPoint))
    page = parse(client.get(f"/partner/points/{point.id}/edit"))
    assert page.select_one("#hours-0")["value"] == "9:00-12:00, 13:00-17:00"
    assert page.select_one("#closures-0-reason")["value"] == "Kerst"
    assert page.select_one("#latitude")["value"]
    assert page.select_one(".pn-map .folium-map")


def test_coordinates_corrected_by_hand_win_over_the_geocoder(client, auth, db, coordinator):
    auth.login(user=coordinator)
    client.post("/partner/points/new", data=fresh({**POINT, "latitude": "53.2190",
                                                     "longitude": "6.5680"}))
    point = db.session.scalar(select(SupportPoint))
    assert (point.latitude, point.longitude) == (53.219, 6.568)
    assert point.location_is_approximate is False


@pytest.mark.parametrize(("changes", "error"), [
    ({"postcode": "12345"}, "Enter a postcode like 9711 AB"),
    ({"hours-0": "17:00-9:00"}, "The closing time must be after the opening time"),
    ({"hours-1": "morning"},
     "Write the hours like 9:00-12:00, 13:00-17:00, or leave empty when closed"),
    ({"hours-2": "9-13, 12-17"}, "The periods of one day must not overlap"),
    ({"closures-1-starts_on": "2027-01-05", "closures-1-ends_on": "2027-01-01"},
     "The last day must not be before the first day"),
    ({"latitude": "53.2"}, "Fill in both latitude and longitude, or neither"),
    ({"accessibility_note": "x" * 10_000}, "Use at most 500 characters"),
    ({"postcode": "1012 AB", "city": "Nergenshuizen", "street": "Geenstraat"},
     "We could not find this address. Check it, or fill in the latitude and longitude "
     "yourself."),
])
def test_bad_input_is_named_and_kept(client, auth, db, coordinator, changes, error):
    auth.login(user=coordinator)
    response = client.post("/partner/points/new?lang=en", data=fresh({**POINT, **changes}))
    assert response.status_code == 200
    assert error in error_summary(response)
    assert parse(response).select_one("#name")["value"] == "Buurthuis De Kiel"
    assert db.session.scalar(select(SupportPoint)) is None


def test_hiding_a_point_takes_it_out_of_the_directory(client, auth, db, coordinator):
    point = factories.create_offered_point(organisation=coordinator.organisation, name="Weg")
    auth.login(user=coordinator)
    for _twice in range(2):
        client.post(f"/partner/points/{point.id}/visibility", data={"switch_to": "off"})
        assert client.get(f"/points/{point.public_id}").status_code == 404


def test_profile_changes_show_at_once(client, auth, db, coordinator):
    auth.login(user=coordinator)
    organisation = coordinator.organisation
    client.post("/partner/organisation", data={
        "name": "Nieuwe naam", "description": "<b>Wij helpen</b>", "website": "",
        "contact_name": "Piet", "email": "piet@example.org", "phone": "050 765 4321"})
    page = client.get(f"/organisations/{organisation.public_id}").get_data(as_text=True)
    assert "Nieuwe naam" in page and "&lt;b&gt;Wij helpen&lt;/b&gt;" in page


def test_profile_refuses_a_very_long_description(client, auth, coordinator):
    auth.login(user=coordinator)
    response = client.post("/partner/organisation?lang=en", data={
        "name": "X", "description": "x" * 10_000, "contact_name": "Piet",
        "email": "piet@example.org", "phone": "050 765 4321"})
    assert error_summary(response) == ["Use at most 1000 characters"]


def test_a_coordinator_never_reaches_another_organisations_point(client, auth, db, coordinator):
    other = factories.create_support_point(name="Van een ander")
    auth.login(user=coordinator)
    assert client.get(f"/partner/points/{other.id}/edit").status_code == 404
    assert client.post(f"/partner/points/{other.id}/edit", data=POINT).status_code == 404
    assert client.post(f"/partner/points/{other.id}/visibility",
                       data={"switch_to": "off"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(SupportPoint, other.id).name == "Van een ander"


def test_a_volunteer_reads_but_changes_nothing(client, auth, db):
    volunteer = factories.create_user(role=Role.VOLUNTEER)
    point = factories.create_support_point(organisation=volunteer.organisation)
    auth.login(user=volunteer)
    assert client.get("/partner").status_code == 200
    for url in ("/partner/organisation", "/partner/points/new",
                f"/partner/points/{point.id}/edit"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/partner/points/{point.id}/visibility").status_code == 403


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.STAFF])
def test_a_handled_report_leaves_the_overview(client, auth, db, coordinator, role):
    organisation = coordinator.organisation
    report = InformationReport(organisation_id=organisation.id, subject="organisation",
                               subject_name=organisation.name, message="Telefoonnummer klopt niet")
    db.session.add(report)
    db.session.commit()
    auth.login(user=coordinator if role == Role.COORDINATOR else None, as_=role)
    overview = ("/partner" if role == Role.COORDINATOR
                else f"/staff/organisations/{organisation.id}")
    assert "Telefoonnummer klopt niet" in client.get(overview).get_data(as_text=True)
    for _twice in range(2):
        assert client.post(f"/partner/reports/{report.id}/handled").location == overview
    assert "Telefoonnummer klopt niet" not in client.get(overview).get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "information_report_handled")) == 1
