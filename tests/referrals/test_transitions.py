"""Every transition of a referral, allowed or not, and its trace in the audit trail."""

import pytest
from sqlalchemy import select

from partnernet.models import AuditEvent, ReferralState
from partnernet.models.referrals import TRANSITIONS, IllegalTransition
from tests import factories

S = ReferralState
PAIRS = [(start, end) for start in S for end in S if start != end]


@pytest.mark.parametrize(("start", "end"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_only_the_allowed_transitions_happen(db, start, end):
    referral = factories.create_referral(state=start)
    if end in TRANSITIONS[start]:
        event = referral.move_to(end, actor_id=None)
        assert (referral.state, event.from_state, event.to_state) == (end, start, end)
        assert (referral.closed_at is not None) == (end in (S.COMPLETED, S.CANCELLED))
    else:
        with pytest.raises(IllegalTransition):
            referral.move_to(end, actor_id=None)
        assert referral.state == start and referral.events == []


@pytest.mark.parametrize("start", [S.NEW, S.SENT, S.ACCEPTED, S.DECLINED, S.UNREACHABLE])
def test_staff_can_cancel_from_every_open_state(client, auth, db, staff, start):
    referral = factories.create_referral(state=start)
    auth.login(user=staff)
    client.post(f"/staff/referrals/{referral.id}/cancel",
                data={"version": referral.version, "note": "Niet meer nodig"})
    db.session.expire_all()
    assert referral.state == S.CANCELLED


@pytest.mark.parametrize("start", [S.COMPLETED, S.CANCELLED])
def test_a_closed_referral_cannot_be_cancelled_or_sent(client, auth, db, staff, partner, start):
    referral = factories.create_referral(state=start)
    auth.login(user=staff)
    client.post(f"/staff/referrals/{referral.id}/cancel",
                data={"version": referral.version, "note": "Nog een keer"})
    client.post(f"/staff/referrals/{referral.id}/send",
                data={"version": referral.version, "offer": partner.offer.id})
    db.session.expire_all()
    assert referral.state == start and referral.offer_id is None


def test_every_change_and_view_is_in_the_audit_trail_without_personal_data(
        client, auth, db, staff, partner):
    """Criterion 19: create, view, send, accept, contact attempt, complete."""
    referral = factories.create_referral(resident_name="Jannie de Boer",
                                         resident_phone="06 1234 5678")
    auth.login(user=staff)
    client.get(f"/staff/referrals/{referral.id}")
    client.post(f"/staff/referrals/{referral.id}/send",
                data={"version": referral.version, "offer": partner.offer.id})
    auth.logout()
    auth.login(user=partner.coordinator)
    db.session.expire_all()
    for step, fields in (("accept", {}), ("contact-attempt", {"note": "Gebeld"}),
                         ("complete", {"outcome": "helped"})):
        db.session.expire_all()
        version = db.session.get(type(referral), referral.id).version
        url = (f"/partner/referrals/{referral.id}/contact-attempt" if step == "contact-attempt"
               else f"/partner/referrals/{referral.id}/{step}")
        client.post(url, data={f"{step}-version": version,
                               **{f"{step}-{k}": v for k, v in fields.items()}})
    rows = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "referral").order_by(AuditEvent.id)).all()
    assert [row.action for row in rows] == [
        "referral_view", "referral_send", "referral_accepted", "referral_contact_attempt",
        "referral_completed"]
    for row in rows:
        assert row.object_id == str(referral.id) and row.ip_address and row.actor_id
        assert row.at.tzinfo is not None and row.result == "success"
        # The phone number as typed and as digits: a bare "1234" also matched a timestamp's
        # microseconds (131234), one run in a few hundred.
        stored = repr(vars(row))
        assert not [data for data in ("Jannie", "1234 5678", "12345678") if data in stored]
    assert rows[-1].organisation_id == partner.coordinator.organisation_id
