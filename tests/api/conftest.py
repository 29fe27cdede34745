"""What the API's tests share: a listing with every kind of record residents may and may not
see."""

from datetime import time

import pytest
from sqlalchemy import select

from partnernet.extensions import db as _db
from partnernet.models import OfferLanguage, OpeningPeriod
from partnernet.models.organisations import offer_support_points
from tests import factories


@pytest.fixture
def listing(db):
    """An organisation with a fully described offer at two places (one closed down), a bare
    offer, a paused offer, and an offer of an organisation not yet approved."""
    digid = factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")
    money = factories.create_topic(code="money", name_nl="Geldzaken", name_en="Money matters")
    library = factories.create_organisation(
        name="Bibliotheek Groningen", contact_name="Jan Jansen", email="jan@example.org",
        email_is_public=False)
    forum = factories.create_support_point(
        organisation=library, name="Forum", street="Nieuwe Markt", house_number="1",
        postcode="9712 KN", city="Groningen", wheelchair_accessible=True,
        accessibility_note="Lift naar de derde verdieping", phone="050 368 3683",
        opening_periods=[OpeningPeriod(weekday=0, opens=time(9), closes=time(12, 30)),
                         OpeningPeriod(weekday=0, opens=time(13, 30), closes=time(17)),
                         OpeningPeriod(weekday=5, opens=time(10), closes=time(16))])
    wijkpost = factories.create_support_point(
        organisation=library, name="Wijkpost", street="", house_number=None, postcode=None,
        opening_periods=[])
    closed = factories.create_support_point(organisation=library, name="Oude vestiging",
                                            active=False)
    full = factories.create_offer(
        organisation=library, title="Hulp bij DigiD", description="Wij helpen met DigiD.",
        audience="Inwoners van Groningen", walk_in=True, by_appointment=True,
        free_of_charge=False, cost_note="5 euro per keer", topics=[digid, money],
        languages=[OfferLanguage(code="nl"), OfferLanguage(code="ar")],
        support_points=[forum, wijkpost, closed])
    bare = factories.create_offer(
        organisation=library, title="Koffie-uurtje", description="", walk_in=False,
        languages=[], topics=[], support_points=[])
    paused = factories.create_offer(organisation=library, title="Gepauzeerd", status="paused",
                                    support_points=[forum])
    pending = factories.create_organisation(name="Nieuw", status="pending")
    hidden = factories.create_offer(organisation=pending, title="Nog niet goedgekeurd",
                                    topics=[digid])
    return {"digid": digid, "money": money, "library": library, "forum": forum,
            "wijkpost": wijkpost, "closed": closed, "full": full, "bare": bare,
            "paused": paused, "hidden": hidden}


def link_id(offer, point) -> str:
    """The UUID of the offer as given at the place."""
    return str(_db.session.scalar(select(offer_support_points.c.public_id).where(
        offer_support_points.c.offer_id == offer.id,
        offer_support_points.c.support_point_id == point.id)))
