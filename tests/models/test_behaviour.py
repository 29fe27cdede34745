from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import text
from sqlalchemy.orm.exc import StaleDataError

from partnernet.models import Closure, OpeningPeriod, Referral, ReferralState
from tests import factories

S = ReferralState


@pytest.mark.parametrize(
    ("start", "target", "allowed"),
    [
        (S.NEW, S.SENT, True), (S.SENT, S.ACCEPTED, True), (S.ACCEPTED, S.COMPLETED, True),
        (S.SENT, S.DECLINED, True), (S.DECLINED, S.SENT, True), (S.ACCEPTED, S.UNREACHABLE, True),
        (S.UNREACHABLE, S.SENT, True), (S.SENT, S.CANCELLED, True),
        (S.NEW, S.COMPLETED, False), (S.COMPLETED, S.SENT, False), (S.CANCELLED, S.SENT, False),
        (S.DECLINED, S.ACCEPTED, False), (S.NEW, S.ACCEPTED, False),
    ],
)
def test_referral_moves_only_along_its_states(start, target, allowed):
    assert Referral(state=start).can_move_to(target) is allowed


def test_support_point_is_open_by_amsterdam_time(db):
    point = factories.create_support_point(opening_periods=[
        OpeningPeriod(weekday=0, opens=time(9), closes=time(12)),
        OpeningPeriod(weekday=0, opens=time(13), closes=time(17)),
    ])
    monday = date(2026, 11, 23)
    assert point.is_open_at(datetime(2026, 11, 23, 9, 30, tzinfo=UTC))  # 10:30 in Amsterdam
    assert not point.is_open_at(datetime(2026, 11, 23, 11, 30, tzinfo=UTC))  # lunch
    assert not point.is_open_at(datetime(2026, 11, 23, 16, 30, tzinfo=UTC))  # 17:30
    point.closures.append(Closure(starts_on=monday, ends_on=monday, reason="Studiedag"))
    db.session.commit()
    assert not point.is_open_at(datetime(2026, 11, 23, 9, 30, tzinfo=UTC))


def test_personal_data_is_ciphertext_in_the_database(db):
    referral = factories.create_referral(resident_name="Jannie Testbewoner",
                                         resident_phone="06-12345678")
    row = db.session.execute(
        text("SELECT resident_name, resident_phone FROM referrals WHERE id = :id"),
        {"id": referral.id},
    ).one()
    assert "Jannie" not in row.resident_name and "12345678" not in row.resident_phone
    db.session.expire_all()
    assert db.session.get(Referral, referral.id).resident_name == "Jannie Testbewoner"


def test_timestamps_come_back_as_aware_utc(db):
    referral = factories.create_referral()
    db.session.expire_all()
    assert db.session.get(Referral, referral.id).created_at.tzinfo is not None


def test_a_lost_update_on_a_referral_is_refused(app, db):
    referral = factories.create_referral()
    db.session.execute(text("UPDATE referrals SET version = version + 1 WHERE id = :id"),
                       {"id": referral.id})
    referral.state = S.SENT
    with pytest.raises(StaleDataError):
        db.session.commit()
    db.session.rollback()
