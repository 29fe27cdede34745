"""Extensions are created here and bound to the app in create_app()."""

from typing import TYPE_CHECKING, cast

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import CursorResult, MetaData
from sqlalchemy.orm import DeclarativeBase

# Named constraints keep Alembic migrations identical on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
# Models subclass Model. Type checkers cannot follow a class made at run time (db.Model);
# they see the declarative base it is built on.
if TYPE_CHECKING:
    Model = Base
else:
    Model = db.Model
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
limiter = Limiter(key_func=get_remote_address)


def init_migrations(app) -> None:
    """Alembic through Flask-Migrate, set up only where migrations run (the `flask db`
    commands, the tests, the benchmarks): importing it costs a worker a quarter of its
    start-up, and a worker never migrates."""
    if "migrate" not in app.extensions:
        from flask_migrate import Migrate

        from partnernet.config import PROJECT_ROOT

        Migrate(app, db, directory=str(PROJECT_ROOT / "migrations"))


def rows_changed(statement) -> int:
    """Run an UPDATE or DELETE; how many rows it changed (a conditional UPDATE claims a row
    when this is 1)."""
    result = db.session.execute(statement)
    return cast(CursorResult, result).rowcount
