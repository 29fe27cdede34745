"""A resident's rights over their records (AVG articles 15 to 17; criterion 23): staff find
every request of a resident by its code, e-mail address or phone number (through the keyed
hashes, never by decrypting every row), export them with their history, the e-mails sent and
every access-log row about them, correct them, and erase them. Each is audited."""

from dataclasses import dataclass

from sqlalchemy import delete, or_, select

from partnernet.clock import utcnow
from partnernet.extensions import db
from partnernet.models import (
    AuditEvent,
    Organisation,
    OutboxMessage,
    Referral,
    Topic,
)
from partnernet.models.referrals import OPEN_STATES
from partnernet.models.types import lookup_hash
from partnernet.privacy.audit import record_event
from partnernet.privacy.retention import pseudonymise


class StillOpen(Exception):
    """A request of the resident is still open: close it before erasing (its reference)."""

    def __init__(self, reference: str):
        super().__init__(reference)
        self.reference = reference


class AlreadyErased(Exception):
    pass


def find(term: str) -> list[Referral]:
    """The requests a staff member's search term points to: a reference code, an e-mail
    address or a phone number."""
    term = term.strip()
    if "@" in term:
        condition = Referral.resident_email_hash == lookup_hash("email", term)
    else:  # a code may be mostly digits too, so both are asked
        condition = or_(Referral.reference == term.upper().replace(" ", ""),
                        Referral.resident_phone_hash == lookup_hash("phone", term))
    return list(db.session.scalars(select(Referral).where(condition)
                                   .order_by(Referral.created_at.desc())))


def records_of(referral: Referral) -> list[Referral]:
    """Every request of the resident this one belongs to: the same e-mail address or phone
    number (a request without either is the resident's only known one)."""
    conditions = [Referral.id == referral.id]
    if referral.resident_email_hash:
        conditions.append(Referral.resident_email_hash == referral.resident_email_hash)
    if referral.resident_phone_hash:
        conditions.append(Referral.resident_phone_hash == referral.resident_phone_hash)
    return list(db.session.scalars(select(Referral).where(or_(*conditions))
                                   .order_by(Referral.created_at)))


def _addresses(referrals: list[Referral]) -> set[str]:
    return {r.resident_email.strip().lower() for r in referrals if r.resident_email}


def messages_to(referrals: list[Referral]) -> list[OutboxMessage]:
    addresses = _addresses(referrals)
    if not addresses:
        return []
    return list(db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.recipient.in_(addresses)).order_by(OutboxMessage.created_at)))


def access_rows(referrals: list[Referral]) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "referral",
        AuditEvent.object_id.in_([str(r.id) for r in referrals])).order_by(AuditEvent.at)))


def audit_each(action: str, referrals: list[Referral]) -> None:
    """One audit row per request, committed at once: it stands even when a page fails."""
    for referral in referrals:
        record_event(action, object_type="referral", object_id=referral.id)
    db.session.commit()


def export(referrals: list[Referral], language: str) -> dict:
    """Everything partnernet holds about the resident, as plain data (for JSON and HTML)."""
    topics = {t.id: t.name(language) for t in db.session.scalars(select(Topic))}
    organisations = dict(db.session.execute(select(Organisation.id, Organisation.name)).all())
    return {
        "exported_at": utcnow().isoformat(),
        "requests": [_request(r, topics, organisations) for r in referrals],
        "messages": [{"created_at": m.created_at.isoformat(), "status": m.status,
                      "sent_at": m.sent_at.isoformat() if m.sent_at else None,
                      "recipient": m.recipient, "subject": m.subject, "body": m.body}
                     for m in messages_to(referrals)],
        "access_log": [{"at": row.at.isoformat(), "action": row.action,
                        "request": row.object_id, "role": row.actor_role,
                        "organisation": organisations.get(row.organisation_id or 0),
                        "result": row.result} for row in access_rows(referrals)],
    }


def _request(referral: Referral, topics: dict, organisations: dict) -> dict:
    def moment(value):
        return value.isoformat() if value else None

    return {
        "reference": referral.reference, "source": referral.source, "state": referral.state,
        "outcome": referral.outcome, "topic": topics.get(referral.topic_id),
        "organisation": organisations.get(referral.organisation_id),
        "name": referral.resident_name, "phone": referral.resident_phone,
        "email": referral.resident_email, "postcode": referral.resident_postcode,
        "postcode_area": referral.postcode_area, "contact_by": referral.preferred_contact,
        "contact_time": referral.contact_time, "language": referral.language,
        "need": referral.need_description, "urgency": referral.urgency,
        "e-mail_updates_in": referral.updates_language,
        "consent_given_at": moment(referral.consent_given_at),
        "consent_text_version": referral.consent_text_version,
        "created_at": moment(referral.created_at), "sent_at": moment(referral.sent_at),
        "closed_at": moment(referral.closed_at),
        "personal_details_removed_at": moment(referral.pseudonymised_at),
        "history": [{"at": moment(event.at), "from": event.from_state, "to": event.to_state,
                     "reason": event.reason, "note": event.note,
                     "alternative": event.alternative} for event in referral.events],
    }


@dataclass(frozen=True, kw_only=True)
class ResidentDetails:
    resident_name: str
    resident_phone: str | None
    resident_email: str | None
    resident_postcode: str
    contact_time: str | None
    need_description: str


def correct(referral: Referral, details: ResidentDetails) -> None:
    """The resident's details as they say they are (postcode area follows the postcode)."""
    for name, value in vars(details).items():
        setattr(referral, name, value or None)
    referral.postcode_area = details.resident_postcode.replace(" ", "")[:4]
    record_event("resident_correct", object_type="referral", object_id=referral.id)
    db.session.commit()


def erase(referrals: list[Referral]) -> None:
    """Remove every personal field of the resident's requests, the notes of their history and
    the e-mails sent to them; the requests' coded values and the audit trail stay. Refused
    (StillOpen) while a request is open, and (AlreadyErased) when there is nothing left."""
    still_open = next((r for r in referrals if r.state in OPEN_STATES), None)
    if still_open is not None:
        raise StillOpen(still_open.reference)
    if all(r.pseudonymised_at is not None for r in referrals):
        raise AlreadyErased
    addresses, ids, now = _addresses(referrals), [r.id for r in referrals], utcnow()
    if addresses:
        db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient.in_(addresses)))
    pseudonymise(ids, now)
    for referral_id in ids:
        record_event("resident_erase", object_type="referral", object_id=referral_id)
    db.session.commit()
