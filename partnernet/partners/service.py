"""Registering an organisation and deciding on it. Each function commits once, with the
e-mails it causes (outbox), so a decision and its messages stand or fall together."""

from dataclasses import dataclass

from flask import render_template
from sqlalchemy import select, update

from partnernet.clock import local_today, utcnow
from partnernet.extensions import db, rows_changed
from partnernet.models import (
    InformationReport,
    Offer,
    OfferStatus,
    Organisation,
    OrganisationStatus,
    Role,
    SupportPoint,
    User,
)
from partnernet.models.people import normalise_email
from partnernet.notify.emails import send_invitation, tell_existing_account
from partnernet.notify.links import absolute_url
from partnernet.notify.outbox import queue_email
from partnernet.privacy.audit import record_event
from partnernet.submit_once import change_once, switch_and_record


class AlreadyDecided(Exception):
    """Someone else approved or rejected this registration first."""


@dataclass(frozen=True)
class Application:
    """What an organisation tells when it registers (from the form, an import or the API)."""

    name: str
    kind: str
    description: str
    help_offered: str
    contact_name: str
    email: str
    phone: str
    website: str | None = None
    email_is_public: bool = False


def register_organisation(application: Application) -> Organisation:
    """A pending organisation; its contact and the municipality's staff hear of it."""
    email = normalise_email(application.email)
    organisation = Organisation(
        status=OrganisationStatus.PENDING, email=email, name=application.name,
        kind=application.kind, description=application.description,
        help_offered=application.help_offered, website=application.website or None,
        contact_name=application.contact_name, phone=application.phone,
        email_is_public=application.email_is_public)
    db.session.add(organisation)
    queue_email(email, "Uw aanmelding bij partnernet",
                render_template("partners/email/registration_received.txt",
                                organisation=organisation))
    link = absolute_url("partners.registrations")
    for email in _staff_emails():
        queue_email(email, "Nieuwe aanmelding bij partnernet",
                    render_template("partners/email/registration_to_staff.txt",
                                    organisation=organisation, link=link))
    db.session.commit()
    return organisation


def _staff_emails() -> list[str]:
    return list(db.session.scalars(select(User.email).where(
        User.active.is_(True), User.role.in_([Role.STAFF, Role.ADMIN]))))


def _decide(organisation: Organisation, status: str, reason: str | None) -> None:
    """Move a pending registration on, once: a second click or a colleague acting at the same
    moment gets AlreadyDecided instead of a second decision."""
    decided = rows_changed(
        update(Organisation)
        .where(Organisation.id == organisation.id,
               Organisation.status == OrganisationStatus.PENDING)
        .values(status=status, status_reason=reason)
        .execution_options(synchronize_session=False)
    )
    if decided != 1:
        db.session.rollback()
        raise AlreadyDecided
    db.session.refresh(organisation)
    record_event(f"organisation_{status}", object_type="organisation", object_id=organisation.id)


def approve(organisation: Organisation) -> User | None:
    """Approve and invite the contact person as coordinator; returns the new user, or None
    when that address already has an account (staff then link it by hand)."""
    _decide(organisation, OrganisationStatus.APPROVED, None)
    coordinator = None
    if organisation.email is None:  # added by hand or imported: nobody to write to
        db.session.commit()
        return None
    if not db.session.scalar(select(User.id).where(User.email == organisation.email)):
        coordinator = User(email=organisation.email, name=organisation.contact_name or "",
                           role=Role.COORDINATOR, organisation=organisation)
        db.session.add(coordinator)
        send_invitation(coordinator, organisation.name)
    queue_email(organisation.email, "Uw organisatie staat in partnernet",
                render_template("partners/email/registration_approved.txt",
                                organisation=organisation, invited=coordinator is not None))
    db.session.commit()
    return coordinator


def reject(organisation: Organisation, reason: str) -> None:
    _decide(organisation, OrganisationStatus.REJECTED, reason)
    if organisation.email is not None:
        queue_email(organisation.email, "Uw aanmelding bij partnernet",
                    render_template("partners/email/registration_rejected.txt",
                                    organisation=organisation))
    db.session.commit()


def invite_volunteer(organisation: Organisation, name: str, email: str) -> None:
    """A volunteer account for the organisation, with an invitation by e-mail. Whose address
    already has an account is not the coordinator's to learn: nothing changes for them, and
    the account holder hears of the attempt instead. The caller claimed the form's key."""
    address = normalise_email(email)
    existing = db.session.scalar(select(User).where(User.email == address))
    if existing is not None:
        tell_existing_account(existing, organisation.name)
    else:
        volunteer = User(email=address, name=name, role=Role.VOLUNTEER,
                         organisation_id=organisation.id)
        db.session.add(volunteer)
        send_invitation(volunteer, organisation.name)
        record_event("user_invite", object_type="user", object_id=volunteer.id)
    db.session.commit()


def invite_again(volunteer: User, organisation: Organisation) -> None:
    send_invitation(volunteer, organisation.name)
    record_event("user_invite", object_type="user", object_id=volunteer.id)
    db.session.commit()


def set_access(volunteer: User, active: bool) -> None:
    """Give or take away a volunteer's access, once: taking it ends every session at once."""
    if change_once(User.active, volunteer.id, active):
        if not active:
            volunteer.end_all_sessions()
        record_event("user_" + ("activate" if active else "deactivate"),
                     object_type="user", object_id=volunteer.id)
    db.session.commit()


def mark_report_handled(report: InformationReport) -> None:
    """A "Something wrong here?" report is dealt with (once, also on a double click)."""
    if rows_changed(update(InformationReport)
                    .where(InformationReport.id == report.id,
                           InformationReport.handled_at.is_(None))
                    .values(handled_at=utcnow())):
        record_event("information_report_handled", object_type="information_report",
                     object_id=report.id)
    db.session.commit()


@dataclass(frozen=True)
class OrganisationDetails:
    """What a coordinator keeps up to date about their organisation."""

    name: str
    description: str
    contact_name: str
    email: str
    phone: str
    website: str | None = None
    email_is_public: bool = False


def update_organisation(organisation: Organisation, details: OrganisationDetails) -> None:
    organisation.name, organisation.description = details.name, details.description
    organisation.website = details.website or None
    organisation.contact_name, organisation.phone = details.contact_name, details.phone
    organisation.email = normalise_email(details.email)
    organisation.email_is_public = details.email_is_public
    record_event("organisation_update", object_type="organisation", object_id=organisation.id)
    db.session.commit()


def show_point(point: SupportPoint, shown: bool) -> None:
    """Show a place to residents again, or hide it; once per change (a double click)."""
    switch_and_record(SupportPoint.active, point.id, shown,
                      "support_point_" + ("activate" if shown else "deactivate"), "support_point")


def show_offer(offer: Offer, shown: bool) -> None:
    """Resume an offer, or pause it; once per change."""
    switch_and_record(Offer.status, offer.id, OfferStatus.ACTIVE if shown else OfferStatus.PAUSED,
                      "offer_" + ("resume" if shown else "pause"), "offer")


def confirm_listing(listing: SupportPoint | Offer) -> None:
    """"Still correct": confirmed today, without a change."""
    listing.assured_date = local_today()
    db.session.commit()
