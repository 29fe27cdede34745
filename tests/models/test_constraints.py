"""The database refuses data the domain does not allow, whatever code tries to write it."""

from datetime import time

import pytest
from sqlalchemy.exc import IntegrityError

from partnernet.models import AssistanceLog, OpeningPeriod, Organisation, User
from tests import factories


def assert_refused(db, record):
    db.session.add(record)
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_email_is_unique(db):
    factories.create_user(role="staff", email="same@example.org")
    assert_refused(db, User(email="same@example.org", name="Twee", role="staff"))


def test_role_must_be_known(db):
    assert_refused(db, User(email="x@example.org", name="X", role="superuser"))


@pytest.mark.parametrize("role", ["volunteer", "coordinator"])
def test_partner_roles_need_an_organisation(db, role):
    assert_refused(db, User(email="p@example.org", name="P", role=role))


def test_organisation_kind_and_status_are_checked(db):
    assert_refused(db, Organisation(name="X", kind="bakery"))
    assert_refused(db, Organisation(name="X", kind="library", status="maybe"))


@pytest.mark.parametrize("minutes", [0, 481, -5])
def test_assistance_minutes_stay_within_a_working_day(db, minutes):
    point = factories.create_support_point()
    log = AssistanceLog(organisation_id=point.organisation_id, support_point_id=point.id,
                        given_on=factories.local_today(), minutes=minutes, channel="phone",
                        outcome="solved")
    assert_refused(db, log)


def test_opening_period_closes_after_it_opens(db):
    point = factories.create_support_point(opening_periods=[])
    assert_refused(db, OpeningPeriod(support_point=point, weekday=1, opens=time(17),
                                     closes=time(9)))


def test_weekday_is_within_the_week(db):
    point = factories.create_support_point(opening_periods=[])
    assert_refused(db, OpeningPeriod(support_point=point, weekday=7, opens=time(9),
                                     closes=time(17)))


def test_latitude_is_on_earth(db):
    organisation = factories.create_organisation()
    with pytest.raises(IntegrityError):
        factories.create_support_point(organisation=organisation, latitude=123.0)
    db.session.rollback()


def test_referral_state_is_checked(db):
    with pytest.raises(IntegrityError):
        factories.create_referral(state="lost")
    db.session.rollback()


def test_referral_needs_a_way_to_reach_the_resident(db):
    with pytest.raises(IntegrityError):
        factories.create_referral(resident_phone=None, resident_email=None)
    db.session.rollback()
