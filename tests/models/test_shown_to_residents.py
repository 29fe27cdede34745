""""Shown to residents" and "takes referrals" are one rule each, the same in Python and SQL."""

from itertools import product

from sqlalchemy import select

from partnernet.models import Offer, OfferStatus, OrganisationStatus, SupportPoint
from tests import factories


def _every_combination():
    for status, active, offer_status, accepts in product(
            OrganisationStatus, (True, False), OfferStatus, (True, False)):
        organisation = factories.create_organisation(status=status)
        factories.create_support_point(organisation=organisation, active=active)
        factories.create_offer(organisation=organisation, status=offer_status,
                               accepts_referrals=accepts)


def test_sql_and_python_agree_on_what_residents_see(db):
    _every_combination()
    for model in (SupportPoint, Offer):
        everything = db.session.scalars(select(model)).all()
        in_sql = set(db.session.scalars(select(model.id).where(model.is_shown)))
        assert in_sql == {record.id for record in everything if record.is_shown}
        assert in_sql  # some are shown, and not all
        assert len(in_sql) < len(everything)


def test_only_shown_offers_that_accept_referrals_take_them(db):
    _every_combination()
    offers = db.session.scalars(select(Offer)).all()
    in_sql = set(db.session.scalars(select(Offer.id).where(Offer.takes_referrals)))
    expected = {offer.id for offer in offers if offer.accepts_referrals
                and offer.status == OfferStatus.ACTIVE
                and offer.organisation.status == OrganisationStatus.APPROVED}
    assert in_sql == expected == {offer.id for offer in offers if offer.takes_referrals}
    assert len(expected) == 2  # approved, active and accepting, whatever its place


def test_the_rule_holds_in_a_query_that_joins_the_organisation(db):
    _every_combination()
    joined = select(Offer.id).join(Offer.organisation).where(Offer.takes_referrals)
    assert len(db.session.scalars(joined).all()) == 2
