"""Information that stays true: listings carry the day they were last confirmed (HSDS
`assured_date`). After 90 days the coordinator is reminded, once per confirmation; after 180 days
the directory says the information may be outdated and staff see it in their list."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from partnernet.extensions import db
from partnernet.models import (
    Offer,
    Organisation,
    SupportPoint,
)
from partnernet.models.organisations import OUTDATED_AFTER, REMIND_AFTER
from partnernet.notify import listings

LISTED_AT_MOST = 100


def _public_and_unconfirmed(model, since: date):
    return model.is_shown, or_(model.assured_date.is_(None), model.assured_date <= since)


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
            .where(*_public_and_unconfirmed(model, today - REMIND_AFTER),
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


@dataclass
class StaleListings:
    items: list
    total: int


def stale_listings(model, today: date) -> StaleListings:
    """The oldest public listings of this kind that may be outdated, for staff."""
    conditions = _public_and_unconfirmed(model, today - OUTDATED_AFTER)
    total = db.session.scalar(select(func.count()).select_from(model).where(*conditions))
    items = db.session.scalars(
        select(model).where(*conditions).options(selectinload(model.organisation))
        .order_by(model.assured_date.is_not(None), model.assured_date, model.id)
        .limit(LISTED_AT_MOST)
    ).all()
    return StaleListings(items=list(items), total=total or 0)
