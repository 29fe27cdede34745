"""Reference data (topics) and the Groningen demo. Both are idempotent: run them twice, and
the second run changes nothing."""

import csv
import json
import random
from dataclasses import dataclass
from datetime import time, timedelta
from importlib import resources

from sqlalchemy import select

from partnernet.clock import local_today, utcnow
from partnernet.extensions import db
from partnernet.geo import geocode_point
from partnernet.models import (
    AssistanceLog,
    AssistanceLogObstacle,
    AssistanceOutcome,
    Channel,
    MunicipalService,
    Obstacle,
    Offer,
    OfferLanguage,
    OpeningPeriod,
    Organisation,
    OrganisationStatus,
    Role,
    SupportPoint,
    Topic,
    User,
)

DEMO_PASSWORD = "demo-Groningen-2026"  # printed by seed-demo; seed-demo refuses production


def _data_file(name: str):
    return resources.files("partnernet.data").joinpath(name)


def load_topics() -> int:
    """Create missing topics and refresh their names; returns how many were added."""
    existing = {topic.code: topic for topic in db.session.scalars(select(Topic))}
    added = 0
    with _data_file("topics.csv").open(encoding="utf-8") as rows:
        for position, row in enumerate(csv.DictReader(rows)):
            topic = existing.get(row["code"])
            if topic is None:
                topic = Topic(code=row["code"])
                db.session.add(topic)
                added += 1
            topic.name_nl, topic.name_en, topic.position = row["name_nl"], row["name_en"], position
            topic.keywords = row["keywords"]
            topic.digital_government = row["digital_government"] == "1"
    return added


def load_municipal_services() -> int:
    """Create the starting list of municipal and government services (staff keep it after
    that: existing entries are left as they are); returns how many were added."""
    existing = set(db.session.scalars(select(MunicipalService.code)))
    added = 0
    with _data_file("municipal_services.csv").open(encoding="utf-8") as rows:
        for position, row in enumerate(csv.DictReader(rows)):
            if row["code"] not in existing:
                db.session.add(MunicipalService(code=row["code"], name_nl=row["name_nl"],
                                                name_en=row["name_en"], position=position))
                added += 1
    return added


@dataclass(frozen=True)
class DemoUser:
    email: str
    name: str
    role: Role
    organisation: str | None = None


DEMO_USERS = (
    DemoUser("admin@example.org", "Demo beheerder", Role.ADMIN),
    DemoUser("staff@example.org", "Demo medewerker gemeente", Role.STAFF),
    DemoUser("coordinator@example.org", "Demo coördinator WIJS", Role.COORDINATOR,
             "WIJS - studenten helpen met brieven en formulieren"),
    DemoUser("volunteer@example.org", "Demo vrijwilliger WIJS", Role.VOLUNTEER,
             "WIJS - studenten helpen met brieven en formulieren"),
    # Forum and a WIJ team answer referrals too; the example organisations have no account,
    # so staff see which help cannot receive referrals.
    DemoUser("forum@example.org", "Demo coördinator Forum", Role.COORDINATOR,
             "Forum Groningen - Forumbibliotheken"),
    DemoUser("wij@example.org", "Demo coördinator WIJ", Role.COORDINATOR, "WIJ Groningen"),
)


def seed_demo() -> list[DemoUser]:
    """Load the demo partners and one user of each role; returns the users created now."""
    load_topics()
    load_municipal_services()
    data = json.loads(_data_file("demo_partners.json").read_text(encoding="utf-8"))
    topics = {topic.code: topic for topic in db.session.scalars(select(Topic))}
    for entry in data["organisations"]:
        if db.session.scalar(select(Organisation).where(Organisation.name == entry["name"])):
            continue
        _add_organisation(entry, data["hours"][entry["hours"]], topics)
    created = [user for user in DEMO_USERS if _add_user(user)]
    _add_demo_logs()
    return created


DEMO_LOGS = 400
DEMO_POSTCODE_AREAS = ("9711", "9712", "9715", "9716", "9718", "9721", "9722", "9725", "9726",
                       "9731", "9733", "9736", "9742", "9743", "9746", "9747", "9751", "9752")
DEMO_FOLLOW_UP_NOTES = (
    "Aanslag gemeentelijke belastingen lijkt te hoog; bewoner wil kwijtschelding vragen.",
    "Formulier bijzondere bijstand is online niet te vinden; graag terugbellen via het WIJ-team.",
)


def _add_demo_logs() -> None:
    """Example logs of help over the last four months, so figures and lists show something;
    added once (a second run finds them)."""
    if db.session.scalar(select(AssistanceLog.id).limit(1)) is not None:
        return
    rng = random.Random(2026)
    points = list(db.session.scalars(select(SupportPoint).order_by(SupportPoint.id)))
    topics = list(db.session.scalars(select(Topic).order_by(Topic.position)))
    services = list(db.session.scalars(select(MunicipalService.id)))
    loggers = {user.organisation_id: user.id for user in db.session.scalars(
        select(User).where(User.role == Role.VOLUNTEER))}
    today = local_today()
    for n in range(DEMO_LOGS):
        point = rng.choice(points)
        outcome = rng.choices(list(AssistanceOutcome), weights=(60, 20, 12, 8))[0]
        log = AssistanceLog(
            organisation_id=point.organisation_id, support_point_id=point.id,
            volunteer_id=loggers.get(point.organisation_id),
            given_on=today - timedelta(days=rng.randrange(120)),
            minutes=rng.choice((15, 30, 30, 45, 60, 90)),
            channel=rng.choices(list(Channel), weights=(60, 25, 5, 10))[0], outcome=outcome,
            municipal_service_id=rng.choice(services) if rng.random() < 0.6 else None,
            postcode_area=rng.choice(DEMO_POSTCODE_AREAS) if rng.random() < 0.8 else None,
            topics=rng.sample(topics, rng.choice((1, 1, 2))),
            obstacles=[AssistanceLogObstacle(code=code) for code in
                       rng.sample(list(Obstacle), rng.choice((0, 1, 1, 2)))],
            note=DEMO_FOLLOW_UP_NOTES[n % 2]
            if outcome == AssistanceOutcome.MUNICIPAL_FOLLOW_UP else None,
        )
        if outcome == AssistanceOutcome.MUNICIPAL_FOLLOW_UP and log.given_on < today - timedelta(
                days=14):
            log.follow_up_handled_at = utcnow()  # the older ones were picked up long ago
        db.session.add(log)


def _add_organisation(entry, hours, topics) -> None:
    organisation = Organisation(
        name=entry["name"], kind=entry["kind"], description=entry["description"],
        website=entry.get("website"), phone=entry.get("phone"), status=OrganisationStatus.APPROVED,
        is_example=entry.get("is_example", False),
    )
    db.session.add(organisation)
    points = {p["name"]: _support_point(p, hours) for p in entry["points"]}
    organisation.support_points = list(points.values())
    for offer_entry in entry["offers"]:
        organisation.offers.append(_offer(offer_entry, points, topics))


def _support_point(entry, hours) -> SupportPoint:
    point = SupportPoint(
        name=entry["name"], street=entry["street"], house_number=entry.get("house_number"),
        postcode=entry.get("postcode"), city=entry.get("city", "Groningen"),
        has_digital_government_desk=entry.get("digital_government_desk", False),
        wheelchair_accessible=entry.get("wheelchair"), source=entry["source"],
        hours_are_example=True,
    )
    if "lat" in entry:  # verified coordinates, as a partner may correct them by hand
        point.latitude, point.longitude = entry["lat"], entry["lon"]
    elif not geocode_point(point, area=entry.get("area")):
        raise ValueError(f"demo support point {entry['name']!r} cannot be placed on the map")
    point.opening_periods = [
        OpeningPeriod(weekday=day, opens=time.fromisoformat(start), closes=time.fromisoformat(end))
        for day, start, end in hours
    ]
    return point


def _offer(entry, points, topics) -> Offer:
    places = points.values() if entry["at"] == "all" else [points[name] for name in entry["at"]]
    return Offer(
        title=entry["title"], description=entry["description"],
        audience=entry.get("audience", ""),
        walk_in=entry.get("walk_in", False), by_appointment=entry.get("by_appointment", False),
        by_phone=entry.get("by_phone", False), home_visit=entry.get("home_visit", False),
        free_of_charge=entry.get("free", True), cost_note=entry.get("cost_note"),
        accepts_referrals=entry.get("accepts_referrals", False),
        weekly_referral_capacity=entry.get("capacity"), is_example=True,
        topics=[topics[code] for code in entry["topics"]],
        languages=[OfferLanguage(code=code) for code in entry["languages"]],
        support_points=list(places),
    )


def _add_user(demo: DemoUser) -> bool:
    if db.session.scalar(select(User).where(User.email == demo.email)):
        return False
    organisation = None
    if demo.organisation:
        organisation = db.session.scalar(
            select(Organisation).where(Organisation.name == demo.organisation)
        )
    user = User(email=demo.email, name=demo.name, role=demo.role, organisation=organisation)
    user.set_password(DEMO_PASSWORD)
    db.session.add(user)
    return True
