"""A coordinator's offers: the form's data in and out."""

from datetime import date

from sqlalchemy import select

from partnernet.extensions import db
from partnernet.models import Offer, OfferLanguage, SupportPoint, Topic
from partnernet.models.organisations import OFFER_MODES
from partnernet.vocabulary import language_choices

TEXT_FIELDS = ("title", "description", "audience", "cost_note")


def set_form_choices(form, organisation, locale: str) -> None:
    points = db.session.scalars(select(SupportPoint).where(
        SupportPoint.organisation_id == organisation.id).order_by(SupportPoint.name)).all()
    form.set_choices(Topic.choices(locale), language_choices(), points)


def form_data(offer: Offer) -> dict:
    return {
        **{name: getattr(offer, name) for name in TEXT_FIELDS},
        "topics": [topic.code for topic in offer.topics],
        "languages": offer.language_codes,
        "modes": offer.modes,
        "support_points": [point.id for point in offer.support_points],
        "free_of_charge": offer.free_of_charge,
        "accepts_referrals": offer.accepts_referrals,
        "weekly_referral_capacity": offer.weekly_referral_capacity,
    }


def fill_from(offer: Offer, form, today: date) -> None:
    for name in TEXT_FIELDS:
        setattr(offer, name, getattr(form, name).data or ("" if name != "cost_note" else None))
    offer.topics = list(db.session.scalars(select(Topic).where(Topic.code.in_(form.topics.data))))
    offer.languages = [OfferLanguage(code=code) for code in dict.fromkeys(form.languages.data)]
    for mode in OFFER_MODES:
        setattr(offer, mode, mode in form.modes.data)
    offer.support_points = list(db.session.scalars(select(SupportPoint).where(
        SupportPoint.id.in_(form.support_points.data or []),
        SupportPoint.organisation_id == offer.organisation_id)))  # never another's point
    offer.free_of_charge = form.free_of_charge.data
    offer.accepts_referrals = form.accepts_referrals.data
    offer.weekly_referral_capacity = form.weekly_referral_capacity.data
    offer.assured_date = today
