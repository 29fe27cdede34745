"""An organisation registers; staff approve or reject; the applicant hears by e-mail and the
coordinator sets a password through a one-time invitation."""

import re

import pytest
from sqlalchemy import select

from partnernet.models import AuditEvent, Organisation, OrganisationStatus, Role, User
from tests import factories
from tests.html import error_summary, fresh, parse
from tests.partners.sample_forms import APPLICATION
from tests.support.smtp import delivered


def register(client, **changes):
    return client.post("/register?lang=en", data=fresh({**APPLICATION, **changes}))


def test_registration_creates_a_pending_organisation_and_tells_everyone(client, db,
                                                                        smtp_server):
    staff = factories.create_user(role=Role.STAFF)
    response = register(client)
    assert response.status_code == 302 and response.location == "/register/thanks"
    organisation = db.session.scalar(select(Organisation))
    assert organisation.status == OrganisationStatus.PENDING
    assert organisation.email == "sanne@example.org"
    mails = delivered(smtp_server)
    assert "Digihulp Vinkhuizen" in mails["sanne@example.org"][0]
    assert "/staff/registrations" in mails[staff.email][0]


def test_pending_and_rejected_organisations_stay_out_of_the_directory(client, db):
    register(client)
    organisation = db.session.scalar(select(Organisation))
    factories.create_offered_point(organisation=organisation, name="Nog niet zichtbaar")
    assert "Nog niet zichtbaar" not in client.get("/search?where=9712").get_data(as_text=True)


@pytest.mark.parametrize(("changes", "error"), [
    ({"name": ""}, "Enter the name of your organisation"),
    ({"email": "not-an-address"}, "Enter an e-mail address like name@example.org"),
    ({"phone": "12"}, "Enter a phone number like 050 123 4567"),
    ({"website": "javascript:alert(1)"}, "Enter a web address like https://www.example.org"),
    ({"description": "x" * 10_000}, "Use at most 1000 characters"),
    ({"kind": "municipality"}, "Not a valid choice."),
])
def test_bad_input_is_named_and_what_was_typed_is_kept(client, db, changes, error):
    response = register(client, **changes)
    assert response.status_code == 200
    assert error in error_summary(response)
    assert parse(response).select_one("#contact_name")["value"] == "Sanne de Vries"
    assert db.session.scalar(select(Organisation)) is None


def test_html_in_a_text_field_is_shown_as_text(client, auth, db):
    register(client, name="<script>alert(1)</script> Hulp")
    auth.login(as_="staff", user=factories.create_user(role=Role.STAFF))
    body = client.get("/staff/registrations").get_data(as_text=True)
    assert "<script>alert(1)" not in body and "&lt;script&gt;alert(1)" in body


def test_the_same_name_cannot_register_twice(client):
    register(client)
    response = register(client, name="digihulp vinkhuizen")
    assert error_summary(response) == ["An organisation with this name is already registered"]


def test_honeypot_is_thanked_but_nothing_is_stored(client, db):
    response = register(client, fax="http://spam.example")
    assert response.status_code == 302
    assert db.session.scalar(select(Organisation)) is None


@pytest.mark.app_config(RATELIMIT_ENABLED=True)
def test_registration_is_rate_limited(client):
    for n in range(5):
        register(client, name=f"Organisatie {n}")
    assert register(client, name="Nog een").status_code == 429


def test_approval_invites_the_coordinator_who_sets_a_password(client, auth, db, smtp_server):
    register(client)
    organisation = db.session.scalar(select(Organisation))
    auth.login(user=factories.create_user(role=Role.STAFF))
    page = parse(client.get("/staff/registrations"))
    assert page.find("h2", string="Digihulp Vinkhuizen")
    response = client.post(f"/staff/registrations/{organisation.id}/approve")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).status == OrganisationStatus.APPROVED
    coordinator = db.session.scalar(select(User).where(User.email == "sanne@example.org"))
    assert coordinator.role == Role.COORDINATOR and coordinator.password_hash is None
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "organisation_approved"))

    auth.logout()
    invitation = next(body for body in delivered(smtp_server)["sanne@example.org"]
                      if "/invite/" in body)
    path = re.search(r"https?://[^/\s]+(/invite/\S+)", invitation).group(1)
    password = "een goed wachtwoord voor sanne"
    client.post(path, data={"new_password": password, "confirm_password": password})
    assert client.get("/dashboard").status_code == 200
    auth.logout()
    auth.login(user=coordinator, password=password)


def test_a_second_approval_changes_nothing(client, auth, db):
    register(client)
    organisation = db.session.scalar(select(Organisation))
    auth.login(user=factories.create_user(role=Role.STAFF))
    client.post(f"/staff/registrations/{organisation.id}/approve")
    again = client.post(f"/staff/registrations/{organisation.id}/approve?lang=en",
                        follow_redirects=True)
    assert "already decided" in again.get_data(as_text=True)
    assert len(db.session.scalars(select(User).where(User.role == Role.COORDINATOR)).all()) == 1


def test_rejection_needs_a_reason_and_tells_the_applicant(client, auth, db, smtp_server):
    register(client)
    organisation = db.session.scalar(select(Organisation))
    auth.login(user=factories.create_user(role=Role.ADMIN))
    url = f"/staff/registrations/{organisation.id}/reject?lang=en"
    assert error_summary(client.post(url, data={"reason": ""})) == [
        "Give the reason for rejecting"]
    assert client.post(url, data={"reason": "Geen hulp bij digitale zaken."}).status_code == 302
    db.session.expire_all()
    rejected = db.session.get(Organisation, organisation.id)
    assert rejected.status == OrganisationStatus.REJECTED
    assert any("Geen hulp bij digitale zaken." in body
               for body in delivered(smtp_server)["sanne@example.org"])
    assert db.session.scalar(select(User).where(User.role == Role.COORDINATOR)) is None


@pytest.mark.parametrize("role", [Role.VOLUNTEER, Role.COORDINATOR])
def test_partners_cannot_decide_on_registrations(client, auth, db, role):
    register(client)
    organisation = db.session.scalar(select(Organisation))
    auth.login(user=factories.create_user(role=role))
    assert client.get("/staff/registrations").status_code == 403
    assert client.post(f"/staff/registrations/{organisation.id}/approve").status_code == 403
    assert client.post(f"/staff/registrations/{organisation.id}/reject",
                       data={"reason": "x"}).status_code == 403
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).status == OrganisationStatus.PENDING


@pytest.mark.parametrize("decision", ["approve", "reject"])
def test_a_registration_without_an_address_is_decided_without_mail(client, auth, db, decision):
    """Organisations added by hand or imported may have no e-mail address."""
    organisation = factories.create_organisation(status=OrganisationStatus.PENDING, email=None)
    auth.login(as_=Role.STAFF)
    response = client.post(f"/staff/registrations/{organisation.id}/{decision}",
                           data={"reason": "Geen hulp bij de overheid."})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).status != OrganisationStatus.PENDING
    assert db.session.scalar(select(User).where(User.organisation_id == organisation.id)) is None


@pytest.mark.parametrize("public", [False, True])
def test_the_contact_address_is_shown_to_residents_only_when_marked_public(
        client, auth, db, public):
    register(client, **({"email_is_public": "y"} if public else {}))
    organisation = db.session.scalar(select(Organisation))
    organisation.status = OrganisationStatus.APPROVED
    point = factories.create_support_point(organisation=organisation, email=None)
    db.session.commit()
    page = parse(client.get(f"/points/{point.public_id}"))
    shown = [a["href"] for a in page.select("main a[href^='mailto:']")]
    assert shown == (["mailto:sanne@example.org"] if public else [])


def test_the_form_says_what_residents_see(client):
    page = parse(client.get("/register?lang=en"))
    assert page.select_one("label[for=email_is_public]").get_text(strip=True) == (
        "Residents may see this e-mail address")
    assert "Residents see this number" in page.select_one("#phone-hint").get_text()
    assert page.select_one("#email_is_public")["aria-describedby"] == "email_is_public-hint"
