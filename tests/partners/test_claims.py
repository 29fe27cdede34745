"""Someone from a listed organisation asks to manage its listing; staff decide (issue 14)."""

import re

from sqlalchemy import select

from partnernet.models import ListingClaim, OutboxMessage, Role, User
from tests import factories
from tests.html import error_summary, fresh, parse


def _mails_to(db, address) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient == address).order_by(OutboxMessage.id)))


def test_a_claim_approved_by_staff_invites_a_coordinator(client, auth, db):
    staff = factories.create_user(role=Role.STAFF)
    forum = factories.create_organisation(name="Forum Groningen")
    page = client.get(f"/organisations/{forum.public_id}?lang=en").get_data(as_text=True)
    assert f"/organisations/{forum.public_id}/claim" in page
    response = client.post(f"/organisations/{forum.public_id}/claim?lang=en", data=fresh({
        "name": "Fenna de Vries", "email": "Fenna@Forum.example.org",
        "message": "Ik coördineer het Informatiepunt."}))
    assert response.status_code == 302
    assert _mails_to(db, "fenna@forum.example.org")[0].subject == (
        "Your request to manage a listing")
    assert len(_mails_to(db, staff.email)) == 1
    auth.login(user=staff)
    listing = parse(client.get("/staff/registrations?lang=en")).get_text(" ", strip=True)
    assert "Forum Groningen" in listing and "Fenna de Vries" in listing
    claim = db.session.scalar(select(ListingClaim))
    for _twice in range(2):
        client.post(f"/staff/claims/{claim.id}/approve", data=fresh({}))
    invited = db.session.scalar(select(User).where(User.email == "fenna@forum.example.org"))
    assert (invited.role, invited.organisation_id) == (Role.COORDINATOR, forum.id)
    invitations = [m for m in _mails_to(db, invited.email) if "/invite/" in m.body]
    assert len(invitations) == 1 and re.search(r"/invite/\S+", invitations[0].body)


def test_a_rejected_claim_tells_the_person_and_changes_nothing(client, auth, db):
    staff = factories.create_user(role=Role.STAFF)
    forum = factories.create_organisation()
    client.post(f"/organisations/{forum.public_id}/claim", data=fresh({
        "name": "Iemand", "email": "iemand@example.org"}))
    claim = db.session.scalar(select(ListingClaim))
    auth.login(user=staff)
    client.post(f"/staff/claims/{claim.id}/reject", data=fresh({}))
    assert db.session.scalar(select(User).where(User.email == "iemand@example.org")) is None
    assert "niet goedgekeurd" in _mails_to(db, "iemand@example.org")[-1].body


def test_the_claim_form_names_what_is_wrong_and_keeps_what_was_typed(client, db):
    forum = factories.create_organisation()
    response = client.post(f"/organisations/{forum.public_id}/claim?lang=en", data=fresh({
        "name": "Fenna", "email": "geen-adres"}))
    assert response.status_code == 200
    assert "Enter an e-mail address like name@example.org" in error_summary(response)
    assert parse(response).select_one("#name")["value"] == "Fenna"
    assert db.session.scalar(select(ListingClaim)) is None


def test_a_pending_organisation_cannot_be_claimed(client, db):
    pending = factories.create_organisation(status="pending")
    assert client.get(f"/organisations/{pending.public_id}/claim").status_code == 404
