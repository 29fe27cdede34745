"""The coordinator invites volunteers, sees who is active and takes access away; volunteers
keep their own name and password."""

import re
from datetime import timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import func, select

from partnernet.clock import LOCAL_TIMEZONE, utcnow
from partnernet.models import AuditEvent, OutboxMessage, Role, User
from tests import factories
from tests.html import error_summary, fresh, parse
from tests.support.smtp import delivered

PASSWORD = "een lang wachtwoord voor vrijwilligers"


@pytest.fixture
def coordinator(db):
    return factories.create_user(role=Role.COORDINATOR)


def invite(client, name="Fatima Yilmaz", email="Fatima@Example.org", **fields):
    return client.post("/partner/volunteers?lang=en",
                       data=fresh({"name": name, "email": email, **fields}))


def volunteer_named(db, name):
    return db.session.scalar(select(User).where(User.name == name))


def test_an_invited_volunteer_sets_a_password_and_reads_the_overview(
        client, auth, db, smtp_server, coordinator):
    auth.login(user=coordinator)
    assert invite(client).status_code == 302
    volunteer = volunteer_named(db, "Fatima Yilmaz")
    assert (volunteer.role, volunteer.organisation_id) == (Role.VOLUNTEER,
                                                           coordinator.organisation_id)
    page = parse(client.get("/partner/volunteers?lang=en"))
    assert "Invited, has not set a password yet" in page.get_text()
    auth.logout()

    [mail] = delivered(smtp_server)["fatima@example.org"]
    path = re.search(r"https?://[^/\s]+(/invite/\S+)", mail).group(1)
    client.post(path, data={"new_password": PASSWORD, "confirm_password": PASSWORD})
    assert client.get("/partner").status_code == 200
    assert client.get("/partner/organisation").status_code == 403
    assert client.get("/partner/volunteers").status_code == 403


def test_the_list_shows_when_each_member_was_last_active(client, auth, db, coordinator):
    volunteer = factories.create_user(role=Role.VOLUNTEER, name="Jan",
                                      organisation=coordinator.organisation,
                                      last_login_at=utcnow() - timedelta(days=30))
    point = factories.create_support_point(organisation=coordinator.organisation)
    factories.create_assistance_log(support_point=point, volunteer_id=volunteer.id,
                                    created_at=utcnow() - timedelta(days=2))
    factories.create_user(role=Role.VOLUNTEER, name="Other organisation's volunteer")
    auth.login(user=coordinator)
    page = parse(client.get("/partner/volunteers?lang=en"))
    rows = {row.find("td").contents[0].strip(): row for row in page.select("tbody tr")}
    assert set(rows) == {"Jan", coordinator.name}
    two_days_ago = format_date((utcnow() - timedelta(days=2)).astimezone(LOCAL_TIMEZONE),
                               "long", locale="en")
    assert two_days_ago in rows["Jan"].get_text()


def test_taking_access_away_ends_the_volunteers_sessions(app, client, auth, db, coordinator):
    volunteer = factories.create_user(role=Role.VOLUNTEER, organisation=coordinator.organisation)
    volunteer_client = app.test_client()
    volunteer_client.post("/login", data={"email": volunteer.email,
                                          "password": factories.DEFAULT_PASSWORD})
    assert volunteer_client.get("/partner").status_code == 200

    auth.login(user=coordinator)
    for _twice in range(2):
        client.post(f"/partner/volunteers/{volunteer.id}/access", data={"switch_to": "off"})
    assert volunteer_client.get("/partner").status_code == 302
    response = volunteer_client.post("/login", data={"email": volunteer.email,
                                                     "password": factories.DEFAULT_PASSWORD})
    assert response.status_code == 200  # the login form again, with the usual message
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.action == "user_deactivate")) == 1

    client.post(f"/partner/volunteers/{volunteer.id}/access", data={"switch_to": "on"})
    db.session.expire_all()
    assert db.session.get(User, volunteer.id).active


def test_the_coordinator_acts_only_on_own_volunteers(client, auth, db, coordinator):
    stranger = factories.create_user(role=Role.VOLUNTEER)
    colleague = factories.create_user(role=Role.COORDINATOR,
                                      organisation=coordinator.organisation)
    auth.login(user=coordinator)
    for user in (stranger, colleague, coordinator):
        for action in ("access", "invitation"):
            response = client.post(f"/partner/volunteers/{user.id}/{action}",
                                   data={"switch_to": "off"})
            assert response.status_code == 404, (user.name, action)
    db.session.expire_all()
    assert all(db.session.get(User, user.id).active for user in (stranger, colleague))


def test_inviting_a_known_address_tells_its_holder_not_the_coordinator(
        client, auth, db, smtp_server, coordinator):
    known = factories.create_user(role=Role.STAFF, email="bekend@example.org", name="Kees")
    auth.login(user=coordinator)
    unknown = invite(client, name="Nieuw", email="nieuw@example.org")
    assert flashes(client, unknown) == ["Nieuw is invited by e-mail. The link works for 7 days."]
    response = invite(client, name="Bekend", email="Bekend@example.org")
    assert response.status_code == unknown.status_code == 302
    assert flashes(client, response) == ["Bekend is invited by e-mail. The link works for 7 days."]
    assert volunteer_named(db, "Bekend") is None
    assert db.session.get(User, known.id).role == Role.STAFF
    [mail] = delivered(smtp_server)["bekend@example.org"]
    assert "Beste Kees" in mail and "al een account" in mail and "/invite/" not in mail


def flashes(client, response) -> list[str]:
    page = parse(client.get(response.location))
    return [p.get_text(strip=True) for p in page.select(".pn-flashes p")]


@pytest.mark.parametrize(("fields", "error"), [
    ({"email": "geen-adres"}, "Enter an e-mail address like name@example.org"),
    ({"name": ""}, "Enter the volunteer's name"),
    ({"name": "x" * 10_000}, "Use at most 200 characters"),
])
def test_bad_input_is_named_and_kept(client, auth, db, coordinator, fields, error):
    auth.login(user=coordinator)
    response = invite(client, **fields)
    assert error_summary(response) == [error]
    assert db.session.scalar(select(func.count()).select_from(User)) == 1


def test_a_double_submit_invites_once(client, auth, db, coordinator):
    auth.login(user=coordinator)
    form = fresh({"name": "Twee keer", "email": "twee@example.org"})
    first = client.post("/partner/volunteers", data=form)
    second = client.post("/partner/volunteers", data=form)
    assert first.status_code == second.status_code == 302
    assert db.session.scalar(select(func.count()).select_from(User).where(
        User.name == "Twee keer")) == 1
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 1


def test_an_invitation_can_be_sent_again_until_it_is_accepted(client, auth, db, coordinator):
    auth.login(user=coordinator)
    invite(client)
    volunteer = volunteer_named(db, "Fatima Yilmaz")
    client.post(f"/partner/volunteers/{volunteer.id}/invitation")
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2
    volunteer.set_password(PASSWORD)
    db.session.commit()
    client.post(f"/partner/volunteers/{volunteer.id}/invitation")
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 2


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.COORDINATOR, Role.STAFF])
def test_everyone_changes_their_own_name(client, auth, db, role):
    user = auth.login(as_=role)
    response = client.post("/account/name", data={"name": "  Nieuwe Naam  ",
                                                    "role": Role.ADMIN})
    assert response.status_code == 302
    db.session.expire_all()
    changed = db.session.get(User, user.id)
    assert (changed.name, changed.role) == ("Nieuwe Naam", role)


def test_an_empty_name_is_refused(client, auth, db):
    auth.login(as_=Role.VOLUNTEER)
    assert error_summary(client.post("/account/name?lang=en", data={"name": " "})) == [
        "Enter your name"]
