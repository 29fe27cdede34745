"""A partner's writes: registering an organisation and deciding on it, its profile, its
support points and offers, and its team. Each function takes plain values and commits once,
with the e-mails it causes (outbox), so a change and its messages stand or fall together."""

import hashlib
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, time

from sqlalchemy import func, or_, select, update

from partnernet.clock import local_today, utcnow
from partnernet.extensions import db, rows_changed
from partnernet.geo import geocode_point
from partnernet.models import (
    ClaimStatus,
    Closure,
    FormSubmission,
    InformationReport,
    ListingClaim,
    Offer,
    OfferLanguage,
    OfferStatus,
    OpeningPeriod,
    Organisation,
    OrganisationStatus,
    Role,
    SupportPoint,
    Topic,
    User,
)
from partnernet.models.organisations import OFFER_MODES, REMIND_AFTER, normalise_postcode
from partnernet.models.people import normalise_email
from partnernet.notify import accounts, listings, registrations
from partnernet.partners.stale import shown_and_unconfirmed
from partnernet.privacy.audit import record_event
from partnernet.submit_once import change_once, switch_and_record
from partnernet.tokens import ADDRESS_CHECK, make_signed


class AlreadyDecided(Exception):
    """Someone else approved or rejected this registration first."""


@dataclass(frozen=True, kw_only=True)
class OrganisationDetails:
    """What a coordinator keeps up to date about their organisation."""

    name: str
    description: str
    contact_name: str
    email: str
    phone: str
    website: str | None = None
    email_is_public: bool = False


@dataclass(frozen=True, kw_only=True)
class Application(OrganisationDetails):
    """What an organisation tells when it registers (from the form, an import or the API)."""

    kind: str
    help_offered: str
    language: str = "nl"  # the one it registers in: its e-mails are written in it


def register_organisation(application: Application) -> Organisation:
    """A pending organisation; its contact and the municipality's staff hear of it."""
    organisation = Organisation(
        status=OrganisationStatus.PENDING, kind=application.kind,
        help_offered=application.help_offered, language=application.language)
    _copy_details(organisation, application)
    db.session.add(organisation)
    registrations.received(organisation)
    db.session.commit()
    return organisation


def _copy_details(organisation: Organisation, details: OrganisationDetails) -> None:
    organisation.name, organisation.description = details.name, details.description
    organisation.website = details.website or None
    organisation.contact_name, organisation.phone = details.contact_name, details.phone
    organisation.email = normalise_email(details.email)
    organisation.email_is_public = details.email_is_public


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
    if organisation.email is None or organisation.imported_at is not None:
        # Added by hand or imported: nobody there asked for an account (they claim it).
        db.session.commit()
        return None
    if not db.session.scalar(select(User.id).where(User.email == organisation.email)):
        coordinator = User(email=organisation.email, name=organisation.contact_name or "",
                           role=Role.COORDINATOR, organisation=organisation,
                           language=organisation.language)
        db.session.add(coordinator)
        accounts.invitation(coordinator, organisation.name)
    registrations.approved(organisation, invited=coordinator is not None)
    db.session.commit()
    return coordinator


@dataclass
class ImportApproval:
    organisations: int = 0
    places: int = 0
    offers: int = 0


def awaiting_import_approval() -> ImportApproval:
    """What imports added that residents do not see yet: organisations still pending, and
    places and offers of approved organisations."""
    def count(query) -> int:
        return db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    return ImportApproval(
        count(select(Organisation.id).where(Organisation.status == OrganisationStatus.PENDING,
                                            Organisation.imported_at.is_not(None))),
        count(select(SupportPoint.id).where(SupportPoint.awaiting_approval.is_(True))),
        count(select(Offer.id).where(Offer.awaiting_approval.is_(True))))


def approve_imported() -> ImportApproval:
    """Approve everything imports added at once (staff checked the imports' dry runs):
    pending imported organisations, and places and offers waiting for approval. Nobody is
    invited."""
    approved = ImportApproval(
        organisations=rows_changed(
            update(Organisation)
            .where(Organisation.status == OrganisationStatus.PENDING,
                   Organisation.imported_at.is_not(None))
            .values(status=OrganisationStatus.APPROVED, status_reason=None)
            .execution_options(synchronize_session=False)),
        places=rows_changed(update(SupportPoint).where(
            SupportPoint.awaiting_approval.is_(True)).values(awaiting_approval=False)
            .execution_options(synchronize_session=False)),
        offers=rows_changed(update(Offer).where(
            Offer.awaiting_approval.is_(True)).values(awaiting_approval=False)
            .execution_options(synchronize_session=False)))
    record_event("import_approve", object_type="organisation",
                 object_id=approved.organisations)
    db.session.commit()
    return approved


def reject(organisation: Organisation, reason: str) -> None:
    _decide(organisation, OrganisationStatus.REJECTED, reason)
    registrations.rejected(organisation)
    db.session.commit()


def invite_volunteer(organisation: Organisation, name: str, email: str,
                     language: str = "nl") -> None:
    """A volunteer account for the organisation, with an invitation by e-mail in `language`
    (the one the coordinator uses, until the volunteer chooses). Whose address already has an
    account is not the coordinator's to learn: nothing changes for them, and the account
    holder hears of the attempt instead. The caller claimed the form's key."""
    _invite(organisation, name, email, language, Role.VOLUNTEER)


def invite_coordinator(organisation: Organisation, name: str, email: str,
                       language: str = "nl") -> None:
    """Staff give an organisation (one made by seed or import, or one whose coordinator left) a
    coordinator, by the same invitation partners use; the same rule for a known address."""
    _invite(organisation, name, email, language, Role.COORDINATOR)


def _invite(organisation: Organisation, name: str, email: str, language: str,
            role: Role) -> None:
    address = normalise_email(email)
    existing = db.session.scalar(select(User).where(User.email == address))
    if existing is not None:
        accounts.invitation_to_existing_account(existing, organisation.name)
    else:
        invited = User(email=address, name=name, role=role, organisation_id=organisation.id,
                       language=language)
        db.session.add(invited)
        accounts.invitation(invited, organisation.name)
        record_event("user_invite", object_type="user", object_id=invited.id)
    db.session.commit()


def invite_again(volunteer: User, organisation: Organisation) -> None:
    accounts.invitation(volunteer, organisation.name)
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


def update_organisation(organisation: Organisation, details: OrganisationDetails) -> None:
    if normalise_email(details.email) != organisation.email:
        organisation.email_verified_at = None  # a new address is confirmed afresh
    _copy_details(organisation, details)
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


class AddressNotFound(Exception):
    """The geocoder cannot place this address, and no coordinates were given by hand."""


@dataclass(frozen=True)
class Closed:
    """A closure: a holiday or a date range, both days included."""

    starts_on: date
    ends_on: date
    reason: str = ""


@dataclass(frozen=True)
class PointDetails:
    """A support point as a coordinator describes it. `hours` holds each weekday's opening
    periods, Monday first (empty = closed); latitude and longitude, when given, are the point's
    place set by hand, which wins over the geocoder."""

    name: str
    street: str
    house_number: str
    postcode: str
    city: str
    hours: Sequence[Sequence[tuple[time, time]]] = ((),) * 7
    closures: Sequence[Closed] = ()
    latitude: float | None = None
    longitude: float | None = None
    wheelchair_accessible: bool | None = None
    accessibility_note: str | None = None
    has_digital_government_desk: bool = False
    phone: str | None = None
    email: str | None = None


def save_point(point: SupportPoint, details: PointDetails, claim: FormSubmission | None = None,
               result_path: Callable[[SupportPoint], str] | None = None) -> None:
    """Create or change a support point with its hours and closures, placed on the map: by the
    coordinates given by hand when they moved, else by geocoding a changed address. Raises
    AddressNotFound, changing nothing, when it cannot be placed. A create form's `claim` gets
    `result_path(point)`, where a second click of the same form is sent."""
    if len(details.hours) != 7:
        raise ValueError("hours: one entry per weekday")
    address_before, hours_before = _address(point), point.week
    placed_by_hand = _placed_by_hand(point, details)
    _copy_point(point, details)
    if point.id is not None and point.week != hours_before:
        point.updated_at = utcnow()  # only its hours changed: the open data must say so
    if placed_by_hand is not None:
        point.latitude, point.longitude = placed_by_hand
        point.location_is_approximate = False
    elif (_address(point) != address_before or point.latitude is None) and \
            not geocode_point(point):
        db.session.rollback()
        raise AddressNotFound
    _save_listing(point, "support_point", claim, result_path)


def _address(point: SupportPoint) -> tuple:
    return point.street, point.house_number, point.postcode, point.city


def _placed_by_hand(point: SupportPoint, details: PointDetails) -> tuple[float, float] | None:
    """The coordinates given, when they differ from the point's (the form shows them rounded)."""
    if details.latitude is None or details.longitude is None:
        return None
    given = details.latitude, details.longitude
    if point.latitude is not None and (round(given[0], 6), round(given[1], 6)) == (
            round(point.latitude, 6), round(point.longitude, 6)):
        return None
    return given


def _copy_point(point: SupportPoint, details: PointDetails) -> None:
    point.name, point.street, point.city = details.name, details.street, details.city
    point.house_number = details.house_number or None
    point.postcode = normalise_postcode(details.postcode)
    point.wheelchair_accessible = details.wheelchair_accessible
    point.accessibility_note = details.accessibility_note or None
    point.has_digital_government_desk = details.has_digital_government_desk
    point.phone, point.email = details.phone or None, details.email or None
    point.opening_periods = [OpeningPeriod(weekday=day, opens=opens, closes=closes)
                             for day, periods in enumerate(details.hours)
                             for opens, closes in periods]
    point.closures = [Closure(starts_on=closed.starts_on, ends_on=closed.ends_on,
                              reason=closed.reason or "") for closed in details.closures]
    point.hours_are_example = False
    point.assured_date = local_today()


@dataclass(frozen=True)
class OfferDetails:
    """An offer as a coordinator describes it. `topics` are topic codes and `support_points`
    ids of the organisation's own points; anything else in them is left out."""

    title: str
    description: str
    topics: Sequence[str]
    languages: Sequence[str]
    modes: Sequence[str]
    support_points: Sequence[int] = ()
    audience: str = ""
    free_of_charge: bool = True
    cost_note: str | None = None
    accepts_referrals: bool = False
    weekly_referral_capacity: int | None = None


def save_offer(offer: Offer, details: OfferDetails, claim: FormSubmission | None = None,
               result_path: Callable[[Offer], str] | None = None) -> None:
    """Create or change an offer; a create form's `claim` as for save_point."""
    unknown_modes = set(details.modes) - set(OFFER_MODES)
    if unknown_modes:
        raise ValueError(f"unknown modes: {sorted(unknown_modes)}")
    links_before = _links(offer)
    offer.title, offer.description = details.title, details.description
    offer.audience, offer.cost_note = details.audience or "", details.cost_note or None
    offer.topics = list(db.session.scalars(select(Topic).where(Topic.code.in_(details.topics))))
    offer.languages = [OfferLanguage(code=code) for code in dict.fromkeys(details.languages)]
    for mode in OFFER_MODES:
        setattr(offer, mode, mode in details.modes)
    offer.support_points = list(db.session.scalars(select(SupportPoint).where(
        SupportPoint.id.in_(details.support_points),
        SupportPoint.organisation_id == offer.organisation_id)))  # never another's point
    offer.free_of_charge = details.free_of_charge
    offer.accepts_referrals = details.accepts_referrals
    offer.weekly_referral_capacity = details.weekly_referral_capacity
    offer.assured_date = local_today()
    if offer.id is not None and _links(offer) != links_before:
        offer.updated_at = utcnow()  # only its topics, languages or places changed
    _save_listing(offer, "offer", claim, result_path)


def _links(offer: Offer) -> tuple:
    """What an offer names beyond its own row, as the open data shows it."""
    return ({topic.id for topic in offer.topics}, set(offer.language_codes),
            {point.id for point in offer.support_points})


def _save_listing(listing, object_type: str, claim: FormSubmission | None, result_path) -> None:
    db.session.add(listing)
    db.session.flush()
    if claim is not None and result_path is not None:
        claim.result_path = result_path(listing)
    record_event(f"{object_type}_save", object_type=object_type, object_id=listing.id)
    db.session.commit()


@dataclass
class ReminderReport:
    organisations: int = 0
    listings: int = 0


def remind_stale(today: date) -> ReminderReport:
    """Remind each organisation's coordinators of listings unconfirmed for 90 days, in one
    e-mail per person. A listing is claimed with a conditional UPDATE, so running the job twice,
    or twice at once, reminds once; confirming the listing makes it due again 90 days later."""
    due_by_organisation: dict[int, list[str]] = defaultdict(list)
    for model, name in ((SupportPoint, SupportPoint.name), (Offer, Offer.title)):
        claimed = db.session.execute(
            update(model)
            .where(*shown_and_unconfirmed(model, today - REMIND_AFTER),
                   or_(model.stale_reminder_on.is_(None),
                       model.stale_reminder_on <= model.assured_date))
            .values(stale_reminder_on=today)
            .returning(model.organisation_id, name)
            .execution_options(synchronize_session=False)
        )
        for organisation_id, listing_name in claimed:
            due_by_organisation[organisation_id].append(listing_name)
    for organisation_id, names in sorted(due_by_organisation.items()):
        listings.confirm_reminder(db.session.get_one(Organisation, organisation_id),
                                  sorted(names))
    db.session.commit()
    return ReminderReport(organisations=len(due_by_organisation),
                          listings=sum(len(names) for names in due_by_organisation.values()))


def request_address_check(organisation: Organisation) -> bool:
    """Ask the organisation, at its own address, to confirm that referrals may go there (with a
    signed link to answer them) while no coordinator can sign in. False: it has no address."""
    if not organisation.email:
        return False
    registrations.address_check(organisation, make_signed(ADDRESS_CHECK, {
        "o": organisation.id, "e": address_mark(organisation.email)}))
    record_event("organisation_address_check", object_type="organisation",
                 object_id=organisation.id)
    db.session.commit()
    return True


def address_mark(email: str) -> str:
    """Ties a confirmation link to the address it was sent to: changed since, it stops."""
    return hashlib.sha256(email.encode()).hexdigest()[:16]


def confirm_address(organisation: Organisation) -> None:
    if organisation.email_verified_at is None:
        organisation.email_verified_at = utcnow()
        record_event("organisation_address_confirm", object_type="organisation",
                     object_id=organisation.id)
    db.session.commit()


def ask_to_claim(organisation: Organisation, name: str, email: str, message: str | None,
                 language: str = "nl") -> ListingClaim:
    """Someone asks to manage an organisation's listing: they and the staff hear of it."""
    claim = ListingClaim(organisation_id=organisation.id, name=name,
                         email=normalise_email(email), message=message or "", language=language)
    db.session.add(claim)
    db.session.flush()
    registrations.claim_received(claim, organisation)
    record_event("listing_claim", object_type="listing_claim", object_id=claim.id)
    db.session.commit()
    return claim


def decide_claim(claim: ListingClaim, approve: bool) -> None:
    """Approve (the person is invited as coordinator, as partners invite theirs) or reject,
    once: a second click or a colleague at the same moment gets AlreadyDecided."""
    decided = rows_changed(
        update(ListingClaim)
        .where(ListingClaim.id == claim.id, ListingClaim.status == ClaimStatus.PENDING)
        .values(status=ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED,
                decided_at=utcnow())
        .execution_options(synchronize_session=False))
    if decided != 1:
        db.session.rollback()
        raise AlreadyDecided
    record_event("listing_claim_" + ("approve" if approve else "reject"),
                 object_type="listing_claim", object_id=claim.id)
    organisation = db.session.get_one(Organisation, claim.organisation_id)
    if approve:
        _invite(organisation, claim.name, claim.email, claim.language, Role.COORDINATOR)
    else:
        registrations.claim_rejected(claim, organisation)
        db.session.commit()
