from sqlalchemy import func, select

from partnernet.models import (
    Offer,
    OpeningPeriod,
    Organisation,
    Role,
    SupportPoint,
    Topic,
    User,
)

COUNTED = (Organisation, SupportPoint, Offer, OpeningPeriod, Topic, User)


def counts(db):
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in COUNTED}


def test_load_topics_gives_dutch_and_english_names(runner, db):
    result = runner.invoke(args=["partnernet", "load-topics"])
    assert result.exit_code == 0
    digid = db.session.scalar(select(Topic).where(Topic.code == "digid"))
    assert digid.name("nl") == "DigiD"
    forms = db.session.scalar(select(Topic).where(Topic.code == "municipal_forms"))
    assert (forms.name("nl"), forms.name("en")) == (
        "Formulieren van de gemeente", "Forms of the municipality")


def test_seed_demo_is_idempotent(runner, db):
    first = runner.invoke(args=["partnernet", "seed-demo"])
    assert first.exit_code == 0, first.output
    after_first = counts(db)
    second = runner.invoke(args=["partnernet", "seed-demo"])
    assert second.exit_code == 0
    assert counts(db) == after_first
    assert after_first["Organisation"] >= 5 and after_first["SupportPoint"] >= 20


def test_seed_demo_has_one_user_per_role_and_prints_the_password(runner, db):
    result = runner.invoke(args=["partnernet", "seed-demo"])
    assert "demo-Groningen-2026" in result.output
    roles = set(db.session.scalars(select(User.role)))
    assert roles == {role.value for role in Role}


def test_demo_places_without_coordinates_are_marked_approximate(runner, db):
    runner.invoke(args=["partnernet", "seed-demo"])
    forum = db.session.scalar(select(SupportPoint).where(SupportPoint.postcode == "9712 KN"))
    assert forum.location_is_approximate is False
    haren = db.session.scalar(
        select(SupportPoint).where(SupportPoint.name == "Forumbibliotheek Haren"))
    assert haren.location_is_approximate and haren.has_digital_government_desk
    assert 53.1 < haren.latitude < 53.2
    assert all(point.hours_are_example for point in db.session.scalars(select(SupportPoint)))
    assert all(offer.is_example for offer in db.session.scalars(select(Offer)))


def test_seed_demo_refuses_production(runner, app):
    app.config["ENV_NAME"] = "production"
    result = runner.invoke(args=["partnernet", "seed-demo"])
    assert result.exit_code != 0 and "production" in result.output


def test_create_admin(runner, db):
    result = runner.invoke(
        args=["partnernet", "create-admin", "--email", "Beheer@Example.org", "--name", "Beheer",
              "--password", "a long enough passphrase"])
    assert result.exit_code == 0, result.output
    admin = db.session.scalar(select(User).where(User.email == "beheer@example.org"))
    assert admin.role == "admin" and admin.password_hash.startswith("$argon2id$")


def test_create_admin_refuses_a_weak_password(runner, db):
    result = runner.invoke(
        args=["partnernet", "create-admin", "--email", "b@example.org", "--name", "B",
              "--password", "password1"])
    assert result.exit_code != 0
    assert db.session.scalar(select(func.count()).select_from(User)) == 0


def test_demo_uses_every_address_the_reference_data_knows(runner, db):
    """Each street and house number of shared/data/support_points_groningen.csv (copied into
    demo_partners.json), with the coordinates where they are known."""
    runner.invoke(args=["partnernet", "seed-demo"])
    by_name = {point.name: point for point in db.session.scalars(select(SupportPoint))}
    expected = {
        "Forum Groningen (centrale Forumbibliotheek)": ("Nieuwe Markt", "1", False),
        "Forumbibliotheek Beijum": ("Ypemaheerd", "42", True),
        "WIJ Beijum (Heerdenhoes)": ("Isebrandtsheerd", "97", False),
        "WIJ Vinkhuizen ('t Vinkhuys)": ("Diamantlaan", "94", False),
        "WIJ Hoogkerk (dorpshuis Vensterschool)": ("Zuiderweg", "70", True),
        "Gemeente Groningen - Publiekszaken (Kreupelstraat)": ("Kreupelstraat", "1", True),
        "Ontwikkelplein Forum Groningen": ("Nieuwe Markt", "1", False),
    }
    for name, (street, number, approximate) in expected.items():
        point = by_name[name]
        assert (point.street, point.house_number) == (street, number), name
        assert point.has_street_address and point.location_is_approximate is approximate, name
    rivierenbuurt = by_name["WIJ Rivierenbuurt (MFC De Stroming)"]
    assert (rivierenbuurt.latitude, rivierenbuurt.longitude) == (53.20668, 6.56773)
    assert not rivierenbuurt.has_street_address
    assert by_name["Forumbibliotheek De Wijert (De Wiardt)"].street == "Van Lenneplaan"
    assert "WIJS 'de Ruimte' (winkelcentrum Paddepoel)" in by_name
    with_address = db.session.scalars(select(SupportPoint.name).where(
        SupportPoint.has_street_address)).all()
    assert sorted(with_address) == sorted(expected)


def test_topics_and_demo_offers_cover_entrepreneurs(runner, db):
    runner.invoke(args=["partnernet", "seed-demo"])
    topics = {topic.code: topic for topic in db.session.scalars(select(Topic))}
    for code, dutch, english in (
        ("eherkenning", "eHerkenning voor uw bedrijf", "eHerkenning for your business"),
        ("business_registration", "Vergunning of registratie voor uw bedrijf",
         "Permit or registration for your business"),
        ("entrepreneur_desk", "Ondernemersloket van de gemeente",
         "The municipality's desk for entrepreneurs"),
    ):
        assert (topics[code].name("nl"), topics[code].name("en")) == (dutch, english)
        offers = db.session.scalars(select(Offer).where(Offer.topics.contains(topics[code])))
        assert offers.all(), code
    assert topics["digid"].digital_government and not topics["housing"].digital_government
    assert "digid" in topics["digid"].naming_words
