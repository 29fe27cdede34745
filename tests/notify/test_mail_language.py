"""Every e-mail is written in its recipient's language, and goes to whom one rule says."""

from pathlib import Path

import pytest
from sqlalchemy import select

from partnernet.models import Offer, Organisation, OutboxMessage, Role, User
from partnernet.notify.emails import write
from partnernet.referrals import service
from tests import factories
from tests.referrals.conftest import make_partner

TEMPLATES = sorted(path.name for path in (Path(__file__).resolve().parents[2] / "templates"
                                          / "email").glob("[!_]*.txt"))


def _mails(db, recipient: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == recipient)))


@pytest.fixture
def topic(db):
    return factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")


def _send(topic, partner):
    staff = factories.create_user(role=Role.STAFF)
    referral = factories.create_referral(topic_id=topic.id, created_by_id=staff.id)
    service.send_referral(referral, partner.offer, staff, referral.version)
    return referral


def test_a_coordinator_who_works_in_english_gets_the_referral_in_english(db, topic):
    english = make_partner(topic, name="Englishhelp")
    english.coordinator.language = "en"
    dutch = make_partner(topic, name="Digihulp")
    first, second = _send(topic, english), _send(topic, dutch)
    [mail_en] = _mails(db, english.coordinator.email)
    [mail_nl] = _mails(db, dutch.coordinator.email)
    assert mail_en.subject == "New referral in partnernet"
    assert "Dear coordinator," in mail_en.body and "Kind regards," in mail_en.body
    assert f"/partner/referrals/{first.id}?lang=en" in mail_en.body
    assert mail_nl.subject == "Nieuwe doorverwijzing in partnernet"
    assert "Beste coördinator," in mail_nl.body
    assert f"/partner/referrals/{second.id}?lang=nl" in mail_nl.body


def test_an_organisation_without_coordinators_hears_at_its_own_address(db, topic):
    partner = make_partner(topic)
    partner.coordinator.active = False
    partner.offer.organisation.email = "info@digihulp.example.org"
    _send(topic, partner)
    assert _mails(db, partner.coordinator.email) == []
    assert [m.subject for m in _mails(db, "info@digihulp.example.org")] == [
        "Nieuwe doorverwijzing in partnernet"]


def test_a_coordinator_who_has_not_accepted_the_invitation_yet_is_not_relied_on(db, topic):
    partner = make_partner(topic)
    partner.coordinator.password_hash = None
    partner.offer.organisation.email = "info@digihulp.example.org"
    _send(topic, partner)
    assert _mails(db, partner.coordinator.email) == []
    assert len(_mails(db, "info@digihulp.example.org")) == 1


def test_signing_in_in_english_makes_the_next_mails_english(client, db):
    user = factories.create_user(role=Role.STAFF)
    client.post("/login?lang=en", data={"email": user.email,
                                        "password": factories.DEFAULT_PASSWORD})
    client.post("/logout")
    client.post("/password/reset", data={"email": user.email})
    [mail] = _mails(db, user.email)
    assert mail.subject == "New password for partnernet"
    assert mail.body.startswith(f"Dear {user.name},")


def test_admins_hear_of_information_reports_like_staff(client, db):
    admin = factories.create_user(role=Role.ADMIN, email="admin@gemeente.example.org")
    point = factories.create_support_point()
    response = client.post(f"/points/{point.public_id}/report", data={
        "message": "De openingstijden op woensdag kloppen niet."})
    assert response.status_code == 302
    assert len(_mails(db, admin.email)) == 1


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_email_reads_in_dutch_and_in_english(app, template):
    context = {"user": User(name="Sanne", email="s@example.org"),
               "organisation": Organisation(name="WIJS", contact_name="Sanne",
                                                      status_reason="Buiten de gemeente"),
               "organisation_name": "WIJS", "names": ["Buurthuis"], "subject_name": "Buurthuis",
               "message": "Klopt niet", "offer": Offer(title="DigiD-hulp"),
               "urgent": True, "invited": True, "state": "declined", "step": "answer",
               "times": 1, "reference": "8DYPNMAM", "first_name": "Jannie",
               "partner": "WIJS", "due_at": None, "completed": True, "by_link": True}
    _, dutch = write("nl", "", template, **context)
    _, english = write("en", "", template, **context)
    assert dutch.rstrip().endswith("Met vriendelijke groet,\npartnernet") or \
        template == "registration_to_staff.txt"
    assert english != dutch
    assert "Beste" not in english and "Dear" not in dutch
