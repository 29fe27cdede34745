"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""


import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from partnernet import create_app
from partnernet.extensions import db as _db
from partnernet.extensions import init_migrations
from partnernet.geo.schema_comparison import include_object
from partnernet.models import Referral
from tests import factories
from tests.conftest import app_settings, fresh_database


def test_models_and_migrations_agree(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={
            "compare_type": True, "include_object": include_object})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_every_table_exists_after_migrating(db):
    from sqlalchemy import inspect

    tables = set(inspect(db.engine).get_table_names())
    assert set(db.metadata.tables) <= tables
    assert "alembic_version" in tables


@pytest.fixture
def own_database(tmp_path):
    """A database of this test's own, to migrate up and down."""
    with fresh_database(tmp_path, prefix="partnernet_migrations") as url:
        yield url


def test_0009_encrypts_the_contact_times_already_stored(own_database):
    app = create_app(app_settings(own_database))
    init_migrations(app)
    with app.app_context():
        upgrade()
        referral_id = factories.create_referral(contact_time="Na 17 uur, niet op woensdag").id
        _db.session.remove()  # no open transaction may hold the table the migration alters
        downgrade(revision="0008")
        raw = select(text("contact_time")).select_from(text("referrals"))
        assert _db.session.scalar(raw) == "Na 17 uur, niet op woensdag"
        _db.session.remove()
        upgrade()
        assert _db.session.scalar(raw).startswith("gAAAA")  # a Fernet token
        _db.session.remove()
        assert _db.session.get(Referral, referral_id).contact_time == (
            "Na 17 uur, niet op woensdag")
        _db.session.remove()
        _db.engine.dispose()


def test_0028_gives_each_offer_already_at_a_place_its_own_id(own_database):
    from partnernet.models.organisations import offer_support_points

    app = create_app(app_settings(own_database))
    init_migrations(app)
    with app.app_context():
        upgrade()
        point = factories.create_support_point()
        for title in ("Brieven", "DigiD"):
            factories.create_offer(organisation=point.organisation, title=title,
                                   support_points=[point])
        _db.session.remove()
        downgrade(revision="0027")
        upgrade()
        ids = _db.session.scalars(select(offer_support_points.c.public_id)).all()
        assert len(ids) == 2 and len(set(ids)) == 2 and None not in ids
        _db.session.remove()
        _db.engine.dispose()


def test_0029_keeps_the_spatial_index_in_step_both_ways(own_database):
    """Its columns are added and dropped in place: copying support_points anew (SQLite's
    batch mode) would lose the triggers that keep the spatial index in step."""
    from partnernet.geo.spatial import within_km
    from partnernet.models import SupportPoint

    app = create_app(app_settings(own_database))
    init_migrations(app)
    with app.app_context():
        upgrade()
        _db.session.remove()
        downgrade(revision="0028")
        upgrade(revision="0028")
        upgrade()
        point = factories.create_support_point(name="Na de migratie", latitude=53.2,
                                               longitude=6.56)
        found = _db.session.scalars(select(SupportPoint.name).where(
            within_km(53.2, 6.56, 1))).all()
        assert found == [point.name]
        _db.session.remove()
        _db.engine.dispose()
