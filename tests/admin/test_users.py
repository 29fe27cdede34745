"""Administrators manage accounts: invite someone of the municipality, change a role, take
access away and give it back, unlock, reset two-step verification. Each is audited; removing
the last administrator or one's own access is refused with a message and changes nothing."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from partnernet.clock import utcnow
from partnernet.models import AuditEvent, OutboxMessage, RecoveryCode, Role, User
from tests import factories
from tests.html import error_summary, heading, parse
from tests.support import signing_in
from tests.support.concurrency import run_at_once


def stored(db, user) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def actions(db) -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def flashed(response) -> str:
    return parse(response).select_one(".pn-flashes").get_text(" ", strip=True)


def test_the_list_shows_every_account_with_its_state(client, auth):
    auth.login(as_="admin")
    factories.create_user(role="volunteer", name="Vera Vrijwilliger",
                          locked_until=utcnow() + timedelta(minutes=5))
    page = client.get("/admin/users")
    assert page.status_code == 200 and heading(page) == "Accounts"
    text = parse(page).select_one("main table").get_text(" ", strip=True)
    assert "Vera Vrijwilliger" in text and "Geblokkeerd tot" in text
    only_locked = client.get("/admin/users?status=locked").get_data(as_text=True)
    assert "Vera Vrijwilliger" in only_locked and "1 account" in only_locked


@pytest.mark.parametrize("role", ["staff", "coordinator", "volunteer"])
def test_only_administrators_enter(client, auth, role):
    auth.login(as_=role)
    assert client.get("/admin/users").status_code == 403


def test_an_invited_staff_member_gets_an_e_mail_and_sets_up_everything_themselves(
        client, auth, db):
    auth.login(as_="admin")
    response = client.post("/admin/users/invite", data={
        "name": "Nieuwe Medewerker", "email": "Nieuw@Gemeente.example.org", "role": "staff",
        "submission_key": "0b6f4f0e-1d1c-4a8e-9d36-5d1a3cfb1a01"})
    invited = db.session.scalar(select(User).where(User.email == "nieuw@gemeente.example.org"))
    assert response.location == f"/admin/users/{invited.id}"
    assert invited.role == Role.STAFF and invited.is_invited and not invited.has_second_factor
    mail = db.session.scalar(select(OutboxMessage))
    assert mail.recipient == "nieuw@gemeente.example.org" and "/invite/" in mail.body
    assert actions(db)[-1] == "user_invite"


def test_an_address_with_an_account_is_not_invited_again(client, auth, db):
    auth.login(as_="admin")
    factories.create_user(role="staff", email="bekend@example.org")
    response = client.post("/admin/users/invite", data={
        "name": "Iemand", "email": "bekend@example.org", "role": "admin",
        "submission_key": "0b6f4f0e-1d1c-4a8e-9d36-5d1a3cfb1a02"})
    assert response.status_code == 200
    assert "al een account" in error_summary(response)[0]
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0
    assert db.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN)) == 1


def test_a_role_changes_and_is_audited(client, auth, db):
    auth.login(as_="admin")
    staff = factories.create_user(role="staff")
    client.post(f"/admin/users/{staff.id}/role", data={"role": "admin"})
    assert stored(db, staff).role == Role.ADMIN
    volunteer = factories.create_user(role="volunteer")
    client.post(f"/admin/users/{volunteer.id}/role", data={"role": "coordinator"})
    assert stored(db, volunteer).role == Role.COORDINATOR
    assert actions(db)[-2:] == ["user_role_change", "user_role_change"]


def test_a_partner_cannot_be_made_staff(client, auth, db):
    auth.login(as_="admin")
    volunteer = factories.create_user(role="volunteer")
    response = client.post(f"/admin/users/{volunteer.id}/role", data={"role": "admin"})
    assert response.status_code == 400 and stored(db, volunteer).role == Role.VOLUNTEER


def test_an_administrator_cannot_demote_or_deactivate_themselves(client, auth, db):
    admin = auth.login(as_="admin")
    demoted = client.post(f"/admin/users/{admin.id}/role", data={"role": "staff"},
                          follow_redirects=True)
    assert "uw eigen" in flashed(demoted)
    client.post(f"/admin/users/{admin.id}/access", data={"switch_to": "off"})
    assert stored(db, admin).role == Role.ADMIN and stored(db, admin).active
    assert "user_role_change" not in actions(db) and "user_deactivate" not in actions(db)


def test_deactivating_ends_every_session_at_once_and_reactivating_lets_them_back(
        app, client, auth, db):
    auth.login(as_="admin")
    staff = factories.create_user(role="staff")
    their_browser = app.test_client()
    signing_in.sign_in(their_browser, staff)
    assert their_browser.get("/dashboard").status_code == 200
    client.post(f"/admin/users/{staff.id}/access", data={"switch_to": "off"})
    assert their_browser.get("/dashboard").status_code == 302
    assert not stored(db, staff).active
    client.post(f"/admin/users/{staff.id}/access", data={"switch_to": "on"})
    assert signing_in.sign_in(their_browser, staff).location == "/dashboard"
    assert actions(db).count("user_deactivate") == actions(db).count("user_activate") == 1


def test_unlocking_lets_a_locked_account_sign_in_at_once(client, auth, db, app):
    auth.login(as_="admin")
    locked = factories.create_user(role="coordinator", failed_login_count=3,
                                   locked_until=utcnow() + timedelta(minutes=20))
    client.post(f"/admin/users/{locked.id}/unlock")
    assert stored(db, locked).locked_until is None
    assert signing_in.sign_in(app.test_client(), locked).location == "/dashboard"
    assert actions(db)[-2] == "user_unlock"


def test_a_reset_second_factor_ends_sessions_and_is_set_up_again(app, client, auth, db):
    auth.login(as_="admin")
    staff = factories.create_user(role="staff")
    their_browser = app.test_client()
    signing_in.sign_in(their_browser, staff)
    client.post(f"/admin/users/{staff.id}/second-factor")
    assert their_browser.get("/dashboard").status_code == 302
    assert not stored(db, staff).has_second_factor
    assert db.session.scalars(select(RecoveryCode).where(
        RecoveryCode.user_id == staff.id)).all() == []
    assert signing_in.sign_in(their_browser, staff).location == "/login/set-up"
    assert "second_factor_reset" in actions(db)


def test_two_administrators_removing_each_other_at_once_leave_one(app, db):
    first = factories.create_user(role="admin")
    second = factories.create_user(role="admin")
    clients = [app.test_client(), app.test_client()]
    signing_in.sign_in(clients[0], first)
    signing_in.sign_in(clients[1], second)
    work = iter([(clients[0], second), (clients[1], first)])

    def deactivate():
        client, other = next(work)
        return client.post(f"/admin/users/{other.id}/access", data={"switch_to": "off"})

    run_at_once(app, deactivate)
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(User).where(
        User.role == Role.ADMIN, User.active.is_(True))) == 1


def test_pages_speak_english(client, auth):
    admin = auth.login(as_="admin")
    assert heading(client.get("/admin/users?lang=en")) == "Accounts"
    assert heading(client.get(f"/admin/users/{admin.id}?lang=en")) == admin.name
    assert heading(client.get("/admin/users/invite?lang=en")) == \
        "Invite someone of the municipality"
