"""Criterion 22: the retention job pseudonymises closed requests older than the period, removes
what else has had its time, and every figure still adds up; running it again changes nothing."""

import logging
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from partnernet.models import (
    AuditEvent,
    ImportFile,
    OutboxMessage,
    Referral,
    ReferralEvent,
    ResidentFeedback,
)
from partnernet.privacy.retention import months_before
from tests import factories
from tests.html import parse

NOW = datetime.now(UTC)
FIELDS = ("resident_name", "resident_phone", "resident_email", "resident_postcode",
          "contact_time", "need_description")


def closed_request(db, days_ago: int, **values) -> Referral:
    organisation = factories.create_organisation()
    topic = factories.create_topic(code=f"t{days_ago}", name_nl="Onderwerp", name_en="Topic")
    referral = factories.create_referral(
        state="completed", outcome="helped", topic_id=topic.id, organisation_id=organisation.id,
        postcode_area="9712", resident_email="jannie@example.org", resident_postcode="9712 KN",
        contact_time="ochtend", closed_at=NOW - timedelta(days=days_ago), **values)
    for to_state in ("sent", "accepted", "completed"):
        db.session.add(ReferralEvent(referral_id=referral.id, to_state=to_state,
                                     note="Mevrouw Testbewoner belt liever na tienen."))
    db.session.commit()
    return referral


def figures(db, client) -> tuple:
    """What the figures are made of: coded values per request, the history, the answers."""
    per_request = db.session.execute(
        select(Referral.state, Referral.outcome, Referral.topic_id, Referral.organisation_id,
               Referral.postcode_area, Referral.source, func.count())
        .group_by(Referral.state, Referral.outcome, Referral.topic_id, Referral.organisation_id,
                  Referral.postcode_area, Referral.source)
        .order_by(Referral.topic_id)).all()
    history = db.session.execute(select(ReferralEvent.referral_id, ReferralEvent.to_state,
                                        ReferralEvent.at).order_by(ReferralEvent.id)).all()
    answers = db.session.execute(select(ResidentFeedback.answer, ResidentFeedback.given_on,
                                        ResidentFeedback.organisation_id)
                                 .order_by(ResidentFeedback.id)).all()
    page = client.get(f"/staff/figures/feedback?start={date(2024, 1, 1)}&end={date.today()}")
    tables = [table.get_text(" ", strip=True) for table in parse(page).select("main table")]
    return per_request, history, answers, tables


def test_the_purge_wipes_old_closed_requests_and_the_figures_stay(app, client, auth, db,
                                                                   runner, caplog):
    old = closed_request(db, days_ago=400)
    recent = closed_request(db, days_ago=300)
    open_for_long = factories.create_referral(state="accepted",
                                              created_at=NOW - timedelta(days=900))
    db.session.add_all([
        ResidentFeedback(answer="yes", comment="Meneer Jansen was heel aardig",
                         given_on=(NOW - timedelta(days=400)).date()),
        ResidentFeedback(answer="partly", comment="Snel geholpen",
                         given_on=(NOW - timedelta(days=10)).date())])
    old_mail = factories.create_outbox_message(status="sent")
    old_mail.created_at = NOW - timedelta(days=400)
    factories.create_outbox_message(status="sent")
    db.session.add(AuditEvent(action="referral_view", at=NOW - timedelta(days=800)))
    db.session.commit()
    auth.login(as_="staff")
    before = figures(db, client)

    with caplog.at_level(logging.INFO):
        result = runner.invoke(args=["partnernet", "purge"])
    assert result.exit_code == 0, result.output
    assert "Pseudonymised 1 closed requests" in result.output
    db.session.expire_all()

    assert figures(db, client) == before
    wiped = db.session.get(Referral, old.id)
    assert all(getattr(wiped, name) is None for name in FIELDS)
    assert wiped.pseudonymised_at is not None and wiped.reference == old.reference
    assert db.session.scalars(select(ReferralEvent.note).where(
        ReferralEvent.referral_id == old.id)).all() == [None, None, None]
    kept = db.session.get(Referral, recent.id)
    assert kept.resident_name == "Jannie Testbewoner" and kept.pseudonymised_at is None
    assert db.session.get(Referral, open_for_long.id).resident_name == "Jannie Testbewoner"
    assert sorted(db.session.scalars(select(ResidentFeedback.comment)),
                  key=str) == [None, "Snel geholpen"]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.at < NOW - timedelta(days=760))) == 0
    assert db.session.scalar(select(AuditEvent.object_id).where(
        AuditEvent.action == "retention_purge")) == "1"
    logged = caplog.text
    assert "1 requests pseudonymised" in logged
    assert "Jannie" not in logged and "Jansen" not in logged

    again = runner.invoke(args=["partnernet", "purge"])
    assert "Pseudonymised 0 closed requests; removed 0 comments, 0 e-mails and 0 audit rows" \
        in again.output


def test_the_staff_page_of_a_pseudonymised_request_says_so(client, auth, db, runner):
    old = closed_request(db, days_ago=400)
    runner.invoke(args=["partnernet", "purge"])
    auth.login(as_="staff")
    page = client.get(f"/staff/referrals/{old.id}").get_data(as_text=True)
    assert "Jannie" not in page and old.reference in page


def test_the_period_is_the_administrator_s(client, auth, db, runner):
    old = closed_request(db, days_ago=100)
    auth.login(as_="admin")
    client.post("/admin/settings", data={
        "municipality_name": "Groningen", "municipality_phone": "14 050",
        "municipality_contact_url": "https://gemeente.groningen.nl/contact",
        "security_contact": "mailto:security@partnernet.invalid", "retention_months": "3",
        "audit_retention_months": "24", "consent_version": "partnernet-2026-11",
        "accessibility_status": "partial"})
    runner.invoke(args=["partnernet", "purge"])
    db.session.expire_all()
    assert db.session.get(Referral, old.id).pseudonymised_at is not None


def test_months_are_counted_as_calendar_months():
    assert months_before(datetime(2026, 3, 31, 12, tzinfo=UTC), 1) == \
        datetime(2026, 2, 28, 12, tzinfo=UTC)
    assert months_before(datetime(2026, 1, 15, tzinfo=UTC), 12) == datetime(2025, 1, 15,
                                                                            tzinfo=UTC)
    assert months_before(datetime(2024, 5, 31, tzinfo=UTC), 3) == datetime(2024, 2, 29,
                                                                           tzinfo=UTC)


def test_an_import_file_is_kept_a_week(db, runner):
    old = ImportFile(name="oud.csv", content=b"organisatie;aanbod\n",
                     created_at=NOW - timedelta(days=8))
    recent = ImportFile(name="nieuw.csv", content=b"organisatie;aanbod\n",
                        created_at=NOW - timedelta(days=6))
    db.session.add_all([old, recent])
    db.session.commit()
    result = runner.invoke(args=["partnernet", "purge"])
    assert result.exit_code == 0, result.output
    assert db.session.scalars(select(ImportFile.name)).all() == ["nieuw.csv"]
