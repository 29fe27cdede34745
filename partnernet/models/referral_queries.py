"""Whether the referral loop has a hole: an open request nobody answers for. The same SQL for
`flask partnernet check-loop` and the staff dashboard; its normal value is 0."""

from dataclasses import dataclass
from enum import StrEnum

from sqlalchemy import ColumnElement, and_, not_, or_, select
from sqlalchemy.orm import selectinload

from partnernet.extensions import db
from partnernet.models.organisations import Offer, Organisation
from partnernet.models.people import Role, User
from partnernet.models.referrals import (
    OPEN_STATES,
    WITH_PARTNER,
    Referral,
    ReferralSource,
    ReferralState,
)


class Hole(StrEnum):
    NO_DUE_MOMENT = "no_due_moment"
    NO_OWNER = "no_owner"  # with staff, and nobody (active) answers for it
    NOBODY_AT_PARTNER = "nobody_at_partner"  # with a partner nobody can be told at


@dataclass(frozen=True)
class OpenHole:
    referral_id: int
    reference: str
    hole: Hole


def organisations_someone_can_act_for():
    """Organisations where someone reads a referral and answers it: a coordinator who can sign
    in, or the organisation's confirmed address (which gets a signed link to answer)."""
    with_coordinator = select(User.organisation_id).where(
        User.organisation_id.is_not(None), User.role == Role.COORDINATOR, User.can_sign_in)
    return select(Organisation.id).where(or_(
        Organisation.id.in_(with_coordinator),
        and_(Organisation.email.is_not(None), Organisation.email_verified_at.is_not(None))))


def someone_can_act_for(organisation_id) -> ColumnElement[bool]:
    return organisation_id.in_(organisations_someone_can_act_for())


def can_receive_referrals(offer: Offer) -> bool:
    """Staff may send a referral to it: it takes referrals and someone can act on them."""
    return bool(offer.takes_referrals and db.session.scalar(
        select(organisations_someone_can_act_for()
               .where(Organisation.id == offer.organisation_id).exists())))


def offers_nobody_can_act_on() -> list[Offer]:
    """Offers that take referrals at organisations without a coordinator who can sign in:
    staff invite one, or the offers get no referrals."""
    return list(db.session.scalars(
        select(Offer).where(Offer.takes_referrals,
                            not_(someone_can_act_for(Offer.organisation_id)))
        .options(selectinload(Offer.organisation)).order_by(Offer.organisation_id, Offer.id)))


def _conditions() -> dict[Hole, ColumnElement[bool]]:
    """Each hole as a condition on the referral alone: who can act is asked once, in
    subqueries that do not depend on the row, so counting thousands of open requests stays
    one pass over them."""
    with_partner = Referral.state.in_(WITH_PARTNER)
    picked_up_by_duty = and_(Referral.state == ReferralState.NEW,
                             Referral.source == ReferralSource.RESIDENT)
    active_users = select(User.id).where(User.active.is_(True))
    return {
        Hole.NO_DUE_MOMENT: Referral.due_at.is_(None),
        Hole.NO_OWNER: and_(not_(with_partner), not_(picked_up_by_duty), or_(
            Referral.owner_id.is_(None), Referral.owner_id.not_in(active_users))),
        Hole.NOBODY_AT_PARTNER: and_(with_partner, or_(
            Referral.organisation_id.is_(None),
            Referral.organisation_id.not_in(organisations_someone_can_act_for()))),
    }


def loop_holes(limit: int = 1000) -> list[OpenHole]:
    """Every open request with a hole, once per hole, oldest first."""
    holes = []
    for hole, condition in _conditions().items():
        rows = db.session.execute(
            select(Referral.id, Referral.reference)
            .where(Referral.state.in_(OPEN_STATES), condition)
            .order_by(Referral.id).limit(limit))
        holes += [OpenHole(referral_id, reference, hole) for referral_id, reference in rows]
    return sorted(holes, key=lambda each: (each.referral_id, each.hole))[:limit]


def count_loop_holes() -> int:
    """How many open requests have a hole (one counted once, whatever it lacks)."""
    return db.session.scalar(
        select(db.func.count()).select_from(Referral)
        .where(Referral.state.in_(OPEN_STATES), or_(*_conditions().values()))) or 0
