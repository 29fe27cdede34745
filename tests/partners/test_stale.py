"""Information that stays true: reminders after 90 days unconfirmed, a warning for residents
after 180 days, and staff's list of listings that may be outdated."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from partnernet.clock import local_today
from partnernet.models import OfferStatus, OrganisationStatus, OutboxMessage, Role
from partnernet.partners.service import remind_stale
from tests import factories
from tests.html import parse
from tests.support.concurrency import run_at_once
from tests.support.smtp import delivered


@pytest.fixture
def today():
    return local_today()


def days_ago(days: int):
    # The day is read when the test runs, never at import: a run can cross midnight.
    return local_today() - timedelta(days=days)


@pytest.fixture
def coordinator(db):
    return factories.create_user(role=Role.COORDINATOR, email="coordinator@example.org")


def listing(coordinator, point_name: str, offer_title: str, confirmed):
    point = factories.create_support_point(organisation=coordinator.organisation,
                                           name=point_name, assured_date=confirmed)
    factories.create_offer(organisation=coordinator.organisation, support_points=[point],
                           title=offer_title, assured_date=confirmed)
    return point


def test_coordinator_is_reminded_once_of_what_is_unconfirmed_for_90_days(
        db, runner, smtp_server, coordinator):
    listing(coordinator, "Oude plek", "Oude hulp", days_ago(90))
    listing(coordinator, "Verse plek", "Verse hulp", days_ago(89))

    result = runner.invoke(args=["partnernet", "remind-stale"])
    assert "Reminded 1 organisations of 2 listings." in result.output
    assert runner.invoke(args=["partnernet", "remind-stale"]).output.startswith(
        "Reminded 0 organisations of 0 listings.")

    [mail] = delivered(smtp_server)["coordinator@example.org"]
    assert "Oude plek" in mail and "Oude hulp" in mail and "/partner" in mail
    assert "Verse" not in mail


def test_confirming_makes_the_listing_due_again_90_days_later(db, coordinator, today):
    point = listing(coordinator, "Plek", "Hulp", days_ago(100))
    assert remind_stale(today).listings == 2
    point.assured_date = today
    db.session.commit()
    assert remind_stale(today + timedelta(days=89)).listings == 0
    assert remind_stale(today + timedelta(days=90)).listings == 1


def test_hidden_paused_and_unapproved_listings_are_not_reminded(db, coordinator, today):
    point = factories.create_support_point(organisation=coordinator.organisation,
                                           assured_date=days_ago(200), active=False)
    factories.create_offer(organisation=coordinator.organisation, assured_date=days_ago(200),
                           status=OfferStatus.PAUSED, support_points=[point])
    pending = factories.create_organisation(status=OrganisationStatus.PENDING)
    factories.create_support_point(organisation=pending, assured_date=days_ago(200))
    assert remind_stale(today).listings == 0


def test_without_a_coordinator_the_organisations_address_is_reminded(db, today):
    organisation = factories.create_organisation(email="info@buurthuis.example.org")
    factories.create_support_point(organisation=organisation, assured_date=days_ago(95))
    remind_stale(today)
    assert [m.recipient for m in db.session.scalars(select(OutboxMessage))] == [
        "info@buurthuis.example.org"]


def test_two_jobs_at_the_same_moment_remind_once(app, db, coordinator, today):
    for number in range(10):
        listing(coordinator, f"Plek {number}", f"Hulp {number}", days_ago(120))
    reports = run_at_once(app, lambda: remind_stale(today))
    assert sorted(report.listings for report in reports) == [0, 20]
    assert len(db.session.scalars(select(OutboxMessage)).all()) == 1


@pytest.mark.parametrize(("age", "warned"), [(179, False), (180, True)])
def test_residents_are_warned_after_180_days(client, db, age, warned):
    point = factories.create_offered_point(name="Buurthuis", assured_date=days_ago(age),
                                           offer={"assured_date": days_ago(age)})
    offer = point.offers[0]
    for url in (f"/points/{point.public_id}?lang=en", f"/offers/{offer.public_id}?lang=en",
                "/search?where=9712&lang=en"):
        page = client.get(url).get_data(as_text=True)
        assert ("This information may be outdated" in page) is warned, url


def test_staff_see_the_listings_that_may_be_outdated(client, auth, db, coordinator):
    listing(coordinator, "Heel oude plek", "Heel oude hulp", days_ago(400))
    listing(coordinator, "Wat oude plek", "Wat oude hulp", days_ago(100))
    auth.login(as_=Role.STAFF)
    page = parse(client.get("/staff/stale?lang=en"))
    names = [row.find("td").get_text(strip=True) for row in page.select("tbody tr")]
    assert names == ["Heel oude plek", "Heel oude hulp"]
    assert page.find("a", string=coordinator.organisation.name)


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.VOLUNTEER])
def test_partners_do_not_see_the_staff_list(client, auth, role):
    auth.login(as_=role)
    assert client.get("/staff/stale").status_code == 403


def test_the_overview_asks_to_confirm_what_is_unconfirmed(client, auth, db, coordinator):
    listing(coordinator, "Plek", "Hulp", days_ago(91))
    auth.login(user=coordinator)
    page = parse(client.get("/partner?lang=en"))
    assert len(page.find_all(string="Please confirm")) == 2
