"""Queues say what needs doing now, and a referral's page why it is where it is (issue 14)."""

from datetime import timedelta

from partnernet.clock import utcnow
from partnernet.models import ReferralEvent, ReferralState
from tests import factories
from tests.html import parse


def _references(page) -> list[str]:
    return [row.find("a").get_text(strip=True) for row in page.select("tbody tr") if row.find("a")]


def test_the_partner_inbox_puts_overdue_then_new_first_and_closed_apart(client, auth, db,
                                                                        partner):
    organisation = partner.offer.organisation_id

    def referral(reference, state, due_in_hours):
        return factories.create_referral(reference=reference, state=state,
                                         organisation_id=organisation, offer_id=partner.offer.id,
                                         due_at=utcnow() + timedelta(hours=due_in_hours))

    referral("AANGENOMEN", ReferralState.ACCEPTED, 48)
    referral("NIEUW", ReferralState.SENT, 24)
    referral("TELAAT", ReferralState.ACCEPTED, -1)
    referral("AFGEWEZEN", ReferralState.DECLINED, 24)
    referral("KLAAR", ReferralState.COMPLETED, 0)
    auth.login(user=partner.coordinator)
    inbox = parse(client.get("/partner/referrals?lang=en"))
    assert _references(inbox) == ["TELAAT", "NIEUW", "AANGENOMEN"]
    assert "Overdue" in inbox.select("tbody tr")[0].get_text()
    closed = parse(client.get("/partner/referrals?show=closed&lang=en"))
    assert sorted(_references(closed)) == ["AFGEWEZEN", "KLAAR"]


def test_a_returned_referral_says_why_at_the_top(client, auth, db, staff, partner):
    referral = factories.create_referral(state=ReferralState.DECLINED, owner_id=staff.id,
                                         organisation_id=partner.offer.organisation_id,
                                         due_at=utcnow())
    referral.events.append(ReferralEvent(from_state="sent", to_state="declined",
                                         reason="no_capacity", note="Vol tot januari",
                                         alternative="Bibliotheek Vinkhuizen"))
    db.session.commit()
    auth.login(user=staff)
    page = parse(client.get(f"/staff/referrals/{referral.id}?lang=en"))
    why = page.select_one("h1 ~ .pn-notice").get_text(" ", strip=True)
    assert "Declined: No room this week" in why or why.startswith("Declined:")
    assert "Vol tot januari" in why and "Could help instead: Bibliotheek Vinkhuizen" in why
    assert "Next step:" in page.get_text()


def test_contact_attempts_are_counted_at_the_top(client, auth, db, partner, sent_referral):
    sent_referral.events.append(ReferralEvent(from_state="sent", to_state="sent",
                                              reason="contact_attempt", note="Voicemail"))
    sent_referral.events.append(ReferralEvent(from_state="sent", to_state="sent",
                                              reason="contact_attempt"))
    db.session.commit()
    auth.login(user=partner.coordinator)
    page = parse(client.get(f"/partner/referrals/{sent_referral.id}?lang=en"))
    assert "2 attempts to contact the resident" in page.select_one(".pn-notice").get_text()
