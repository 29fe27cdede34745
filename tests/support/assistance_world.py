"""Two partner organisations with a coordinator, a volunteer and places each, and staff: the
world the tests of logged help and its figures run in."""

from dataclasses import dataclass
from datetime import date

import pytest
from sqlalchemy import select

from partnernet.models import (
    AssistanceLogObstacle,
    MunicipalService,
    Organisation,
    Role,
    SupportPoint,
    Topic,
    User,
)
from partnernet.seed import load_municipal_services
from tests import factories


@dataclass
class Partner:
    organisation: Organisation
    coordinator: User
    volunteer: User
    points: list[SupportPoint]


@dataclass
class World:
    a: Partner
    b: Partner
    staff: User
    digid: Topic
    housing: Topic
    service: MunicipalService


def make_partner(name: str, volunteer_name: str, *point_names: str) -> Partner:
    organisation = factories.create_organisation(name=name)
    return Partner(
        organisation,
        factories.create_user(role=Role.COORDINATOR, organisation=organisation,
                              name=f"Coördinator {name}"),
        factories.create_user(role=Role.VOLUNTEER, organisation=organisation,
                              name=volunteer_name),
        [factories.create_support_point(organisation=organisation, name=point)
         for point in point_names])


@pytest.fixture
def world(db) -> World:
    load_municipal_services()
    db.session.commit()
    return World(
        make_partner("Bibliotheek A", "Anna Vrijwilliger", "Bieb Noord", "Bieb Zuid"),
        make_partner("Buurthuis B", "Bert Vrijwilliger", "Buurthuis"),
        factories.create_user(role=Role.STAFF),
        factories.create_topic(code="digid", name_nl="DigiD", name_en="DigiD"),
        factories.create_topic(code="housing", name_nl="Wonen", name_en="Housing"),
        db.session.scalar(select(MunicipalService).where(
            MunicipalService.code == "municipal_taxes")),
    )


def log(partner: Partner, point: int = 0, *, on: date, topics=(), obstacles=(), **fields):
    """A log of help by the partner's volunteer at one of its places."""
    return factories.create_assistance_log(
        support_point=partner.points[point], volunteer_id=partner.volunteer.id, given_on=on,
        topics=list(topics),
        obstacles=[AssistanceLogObstacle(code=code) for code in obstacles], **fields)
