"""Information that stays true: listings carry the day they were last confirmed (HSDS
`assured_date`). After 90 days the coordinator is reminded (service.remind_stale), once per
confirmation; after 180 days the directory says the information may be outdated and staff see
it in their list."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from partnernet.extensions import db
from partnernet.models.organisations import OUTDATED_AFTER

LISTED_AT_MOST = 100


def shown_and_unconfirmed(model, since: date):
    """SQL: a listing residents see that nobody confirmed after `since`."""
    return model.is_shown, or_(model.assured_date.is_(None), model.assured_date <= since)


@dataclass
class StaleListings:
    items: list
    total: int


def stale_listings(model, today: date) -> StaleListings:
    """The oldest public listings of this kind that may be outdated, for staff."""
    conditions = shown_and_unconfirmed(model, today - OUTDATED_AFTER)
    total = db.session.scalar(select(func.count()).select_from(model).where(*conditions))
    items = db.session.scalars(
        select(model).where(*conditions).options(selectinload(model.organisation))
        .order_by(model.assured_date.is_not(None), model.assured_date, model.id)
        .limit(LISTED_AT_MOST)
    ).all()
    return StaleListings(items=list(items), total=total or 0)
