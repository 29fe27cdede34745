"""A small world for referrals: a topic, staff, and a partner whose offer takes referrals."""

from dataclasses import dataclass

import pytest

from partnernet.models import OfferLanguage, Role, User
from partnernet.referrals import service
from tests import factories

RESIDENT = {
    "resident_name": "Jannie de Boer", "resident_phone": "06 1234 5678",
    "resident_email": "", "preferred_contact": "phone", "contact_time": "ochtend",
    "language": "nl", "postcode": "9712 KN", "topic": "digid",
    "need_description": "Hulp bij het aanvragen van DigiD.", "urgency": "normal",
    "consent": "y",
}


@dataclass
class Partner:
    coordinator: User
    volunteer: User
    offer: object
    point: object


def make_partner(topic, name="Digihulp", lat_lon=factories.CENTRE, capacity=5,
                 languages=("nl",), **offer_fields) -> Partner:
    organisation = factories.create_organisation(name=name)
    point = factories.create_support_point(organisation=organisation, latitude=lat_lon[0],
                                           longitude=lat_lon[1], name=f"{name} plek")
    offer = factories.create_offer(
        organisation=organisation, support_points=[point], title=f"{name} DigiD-hulp",
        topics=[topic], accepts_referrals=True, weekly_referral_capacity=capacity,
        languages=[OfferLanguage(code=code) for code in languages], **offer_fields)
    return Partner(
        coordinator=factories.create_user(role=Role.COORDINATOR, organisation=organisation,
                                          email=f"coordinator@{name.lower()}.example.org"),
        volunteer=factories.create_user(role=Role.VOLUNTEER, organisation=organisation),
        offer=offer, point=point)


@pytest.fixture
def topic(db):
    return factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD")


@pytest.fixture
def staff(db):
    return factories.create_user(role=Role.STAFF, email="medewerker@gemeente.example.org")


@pytest.fixture
def partner(topic) -> Partner:
    return make_partner(topic)


@pytest.fixture
def sent_referral(db, topic, staff, partner):
    referral = factories.create_referral(topic_id=topic.id, created_by_id=staff.id,
                                         postcode_area="9712", resident_postcode="9712KN")
    service.send_referral(referral, partner.offer, staff, referral.version)
    return referral
