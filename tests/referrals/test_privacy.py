"""Mail and logs around referrals: a referral sent while the mail server is down still reaches
the partner, and no resident's name or phone number ever reaches a log line."""

import logging
from datetime import timedelta

from sqlalchemy import select

from partnernet.clock import utcnow
from partnernet.models import Referral
from partnernet.notify.sender import send_due_messages
from partnernet.referrals import service
from tests import factories
from tests.html import fresh
from tests.referrals.conftest import RESIDENT


def test_a_referral_sent_while_the_mail_server_is_down_reaches_the_partner_later(
        db, topic, staff, partner, smtp_server):
    referral = factories.create_referral(topic_id=topic.id, created_by_id=staff.id)
    smtp_server.stop()
    service.send_referral(referral, partner.offer, staff, referral.version)
    assert send_due_messages().sent == 0
    smtp_server.start()
    assert send_due_messages(now=utcnow() + timedelta(minutes=2)).sent == 1
    [envelope] = smtp_server.messages
    assert envelope.rcpt_tos == [partner.coordinator.email]
    assert f"/partner/referrals/{referral.id}" in envelope.content.decode()


def test_the_whole_flow_leaves_no_personal_data_in_the_logs(client, auth, db, staff, partner,
                                                           caplog):
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")  # every statement is logged
    auth.login(user=staff)
    client.post("/staff/referrals/new", data=fresh(RESIDENT))
    referral = db.session.scalar(select(Referral))
    client.get(f"/staff/referrals/{referral.id}")
    client.post(f"/staff/referrals/{referral.id}/send",
                data={"version": referral.version, "offer": partner.offer.id})
    auth.logout()
    auth.login(user=partner.coordinator)
    client.get(f"/partner/referrals/{referral.id}")
    client.post(f"/partner/referrals/{referral.id}/accept", data={"accept-version": 2})
    logged = caplog.text
    assert "INSERT INTO referrals" in logged  # the flow was logged; none of it names anyone
    for personal in ("Jannie", "de Boer", "1234 5678", "12345678", "DigiD aanvragen"):
        assert personal not in logged
