"""Criterion 17 and 26 for the text issue 14 brought in: a listing claim's name and message, an
alternative given through the answer link, and the e-mails that quote them."""

from markupsafe import escape
from sqlalchemy import select

from partnernet.models import ListingClaim, OutboxMessage, Role
from partnernet.partners import service as partners
from partnernet.referrals import service as referrals
from tests import factories
from tests.referrals.conftest import make_partner
from tests.support.payloads import INJECTION_PAYLOADS

PAYLOAD = " ".join(INJECTION_PAYLOADS)


def test_a_claims_text_shows_literally_to_staff(client, auth, db):
    organisation = factories.create_organisation(name="Forum")
    partners.ask_to_claim(organisation, "Naam " + INJECTION_PAYLOADS[6], "x@example.org",
                          PAYLOAD)
    auth.login(user=factories.create_user(role=Role.STAFF))
    page = client.get("/staff/registrations").get_data(as_text=True)
    for payload in INJECTION_PAYLOADS:
        assert str(escape(payload)) in page
    assert "<script>alert(3)</script>" not in page and "{{7*7}}" in page
    assert db.session.scalar(select(ListingClaim.message)) == PAYLOAD


def test_an_alternative_given_by_link_shows_literally_to_staff(client, auth, db):
    topic = factories.create_topic(code="digid")
    partner = make_partner(topic)
    staff = factories.create_user(role=Role.STAFF)
    referral = factories.create_referral(owner_id=staff.id)
    referrals.send_referral(referral, partner.offer, staff, referral.version)
    referrals.change_state(referral, "declined", None, referral.version, reason="other",
                           note=PAYLOAD, alternative=PAYLOAD)
    auth.login(user=staff)
    page = client.get(f"/staff/referrals/{referral.id}").get_data(as_text=True)
    assert page.count(str(escape(INJECTION_PAYLOADS[6]))) >= 2  # the notice and the history
    assert "<script>alert(3)</script>" not in page and "{{7*7}}" in page


def test_an_email_quoting_a_name_keeps_it_one_line_and_literal(db):
    organisation = factories.create_organisation(name="{{7*7}} Forum")
    partners.ask_to_claim(organisation, "Naam {{7*7}}", "x@example.org", "")
    bodies = db.session.scalars(select(OutboxMessage.body)).all()
    assert bodies and all("{{7*7}}" in body and "49 Forum" not in body for body in bodies)
