"""Alembic environment for partnernet (through Flask-Migrate)."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

from partnernet.geo.schema_comparison import include_object
from partnernet.models.types import EncryptedText, UTCDateTime

config = context.config
if config.config_file_name:
    # Keep the app's loggers: tests capture them after migrating.
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

db = current_app.extensions["migrate"].db
config.set_main_option(
    "sqlalchemy.url", db.engine.url.render_as_string(hide_password=False).replace("%", "%%")
)


def render_item(type_, obj, autogen_context):
    """Migrations name plain SQL types, so they never depend on the app's column classes."""
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if type_ == "type" and isinstance(obj, EncryptedText):
        return "sa.Text()"
    return False


def skip_empty_revision(context_, revision, directives):
    if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
        directives[:] = []
        logger.info("No changes in schema detected.")


def configure_args() -> dict:
    args = dict(current_app.extensions["migrate"].configure_args)
    args.setdefault("process_revision_directives", skip_empty_revision)
    return {
        "target_metadata": db.metadata,
        "render_item": render_item,
        "render_as_batch": True,  # SQLite can only alter tables by copying them
        "compare_type": True,
        "include_object": include_object,
        **args,
    }


def run_migrations_offline() -> None:
    context.configure(url=config.get_main_option("sqlalchemy.url"), literal_binds=True,
                      **configure_args())
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    with db.engine.connect() as connection:
        context.configure(connection=connection, **configure_args())
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
