"""`flask partnernet ...`: jobs for cron and commands for administrators."""

import sys
from collections.abc import Mapping
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from partnernet import seed
from partnernet.admin import service as admin_service
from partnernet.api import datapackage, import_report, imports
from partnernet.api.imports import Decision
from partnernet.auth import service as accounts
from partnernet.clock import local_today, utcnow
from partnernet.extensions import db, init_migrations
from partnernet.models import Referral, Role, User
from partnernet.models.people import normalise_email
from partnernet.models.referral_queries import loop_holes
from partnernet.models.types import INTERFACE_LANGUAGES
from partnernet.notify.sender import send_due_messages
from partnernet.partners.service import remind_stale
from partnernet.privacy.encryption import rotate_field_keys
from partnernet.privacy.retention import purge
from partnernet.referrals.service import escalate_overdue

cli = AppGroup("partnernet", help="partnernet jobs and administration.")


class AppCommands(AppGroup):
    """The app's `flask ...` commands. `flask db ...` (Flask-Migrate) is loaded, Alembic with
    it, only when it is asked for: a worker never migrates and starts faster without it."""

    def __init__(self, app, commands: Mapping[str, click.Command]):
        super().__init__()
        self.app = app
        self.commands.update(commands)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name == "db":
            init_migrations(self.app)
            from flask_migrate.cli import db as migration_commands

            return migration_commands
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), "db"})


@cli.command("export")
@click.argument("target", type=click.Path(dir_okay=False, writable=True, allow_dash=False))
@click.option("--language", type=click.Choice(INTERFACE_LANGUAGES), default="nl",
              show_default=True, help="The language of texts such as opening hours.")
def export_command(target, language):
    """Write the published directory to TARGET as an HSDS 3.0 tabular datapackage (a zip of
    CSV files with datapackage.json), as /api/v1/datapackage.zip gives it: for a nightly copy
    or a directory too large for one download. Links in it start with PARTNERNET_BASE_URL."""
    temporary = Path(f"{target}.partial")
    counted: dict[str, int] = {}
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]), \
            force_locale(language), temporary.open("wb") as written:
        for piece in datapackage.stream(progress=lambda table, rows: counted.update(
                {table: rows})):
            written.write(piece)
    temporary.replace(target)  # a reader never finds half a file
    click.echo(f"Exported to {target}: " + ", ".join(
        f"{rows} {table}" for table, rows in counted.items()))


@cli.command("import")
@click.argument("source", type=click.File("rb"))
@click.option("--apply", "apply_plan", is_flag=True,
              help="Write what the dry run shows (without it, nothing is written).")
@click.option("--duplicates", type=click.Choice([choice.value for choice in Decision]),
              default=Decision.ASK.value, show_default=True,
              help="What to do with likely duplicates of our records: ask (list them and "
                   "stop), skip them, merge them into ours, or create them anyway.")
@click.option("--language", type=click.Choice(INTERFACE_LANGUAGES), default="nl",
              show_default=True, help="The language of the report.")
def import_command(source, apply_plan, duplicates, language):
    """Import organisations, places and offers from SOURCE: an HSDS 3.0 JSON export, an HSDS
    datapackage (zip) or our CSV template (docs/import.md). First a dry run: what would happen
    to each record; with --apply, it is written, all or nothing. New organisations wait for
    approval by staff."""
    with force_locale(language):
        content = source.read(imports.MAX_BYTES + 1)
        try:
            bundle = imports.read(source.name, content)
        except imports.UnreadableFile as error:
            raise click.ClickException(str(error.args[0])) from None
        with click.progressbar(length=imports.record_count(bundle),
                               label=str(_l("Checking")), file=sys.stderr) as bar:
            plan = imports.plan(bundle, Decision(duplicates), _advance(bar))
        for line in import_report.lines(plan):
            click.echo(line)
        if not apply_plan:
            click.echo(str(_l("Dry run: nothing was written. Run again with --apply to "
                              "import.")))
        elif not plan.can_apply:
            raise click.ClickException(str(_l(
                "Nothing was imported: correct the errors, or choose what to do with the "
                "likely duplicates (--duplicates).")))
        else:
            with click.progressbar(length=imports.record_count(bundle),
                                   label=str(_l("Importing")), file=sys.stderr) as bar:
                imports.apply(plan, progress=_advance(bar))
            click.echo(str(_l("Imported. New organisations wait for approval: staff approve "
                              "them at once on the page of registrations to decide on "
                              "(/staff/registrations).")))
    if not plan.can_apply:
        sys.exit(1)


def _advance(bar):
    """Progress told as "this many done" moves a click progress bar to there."""
    state = {"done": 0}

    def advance(done: int) -> None:
        bar.update(max(0, min(done, bar.length) - state["done"]))
        state["done"] = max(state["done"], min(done, bar.length))
    return advance


@cli.command("load-topics")
def load_topics_command():
    """Load or refresh the topics of help, and add the starting list of municipal services."""
    added = seed.load_topics()
    services = seed.load_municipal_services()
    db.session.commit()
    click.echo(f"Topics loaded ({added} new); municipal services: {services} new.")


@cli.command("seed-demo")
@click.option("--allow-production", is_flag=True, help="Seed even in production mode.")
def seed_demo_command(allow_production):
    """Load the Groningen demo: partners, support points, offers and one user per role."""
    if current_app.config["ENV_NAME"] == "production" and not allow_production:
        raise click.ClickException(
            "seed-demo creates accounts with a published password; it does not run in "
            "production mode (use --allow-production for a demo server)."
        )
    created = seed.seed_demo()
    db.session.commit()
    click.echo(f"Demo data loaded ({len(created)} new users).")
    click.echo(f"Demo accounts (password for each: {seed.DEMO_PASSWORD}):")
    for user in seed.DEMO_USERS:
        click.echo(f"  {user.role:<12} {user.email}")
    click.echo("Staff and admin accounts set up two-step verification (an authenticator app) "
               "at their first sign-in.")


@cli.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin_command(email, name, password):
    """Create an administrator account."""
    try:
        accounts.create_account(email, name, Role.ADMIN, password)
    except accounts.PasswordRefused as refused:
        raise click.ClickException(str(refused)) from None
    except accounts.AccountExists:
        raise click.ClickException(
            "An account with this e-mail address exists already.") from None
    click.echo("Administrator created.")


def _account(email: str) -> User:
    user = db.session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise click.ClickException("No account with this e-mail address.")
    return user


@cli.command("deactivate-user")
@click.option("--email", required=True)
def deactivate_user_command(email):
    """Disable an account: it can no longer sign in and its sessions end at once."""
    accounts.deactivate(_account(email))
    click.echo("Account deactivated.")


@cli.command("reset-second-factor")
@click.option("--email", required=True)
def reset_second_factor_command(email):
    """Forget an account's two-step verification (a lost phone): its sessions end, and it sets
    up a new one at its next sign-in."""
    admin_service.reset_second_factor(_account(email))
    click.echo("Two-step verification reset; it is set up again at the next sign-in.")


@cli.command("purge")
def purge_command():
    """Keep nothing longer than its period: pseudonymise closed requests, remove old comments,
    e-mails and audit rows (run daily by cron; safe to run again)."""
    report = purge()
    click.echo(f"Pseudonymised {report.requests} closed requests; removed {report.comments} "
               f"comments, {report.emails} e-mails and {report.audit_rows} audit rows.")


@cli.command("rehash-lookups")
def rehash_lookups_command():
    """Recompute the hashes residents' records are found by, after PARTNERNET_LOOKUP_KEY (or,
    without it, PARTNERNET_SECRET_KEY) changed. Safe to run again."""
    count = 0
    for referral in db.session.scalars(select(Referral).execution_options(yield_per=500)):
        referral.resident_email = referral.resident_email  # the model's validator rehashes
        referral.resident_phone = referral.resident_phone
        count += 1
    db.session.commit()
    click.echo(f"Rehashed {count} requests.")


@cli.command("send-mail")
def send_mail_command():
    """Send the e-mail outbox (run by cron every minute; safe to run concurrently)."""
    report = send_due_messages()
    click.echo(
        f"Sent {report.sent}, will retry {report.retrying}, given up {report.given_up}."
    )


@cli.command("remind-stale")
def remind_stale_command():
    """Remind coordinators of listings unconfirmed for 90 days (run daily; safe to repeat)."""
    report = remind_stale(local_today())
    click.echo(f"Reminded {report.organisations} organisations of {report.listings} listings.")


@cli.command("escalate")
def escalate_command():
    """Tell staff and partners about referrals past their answer time (run by cron; safe to
    repeat and to run twice at once)."""
    count = escalate_overdue(utcnow())
    click.echo(f"Escalated {count} overdue referrals.")


@cli.command("check-loop")
def check_loop_command():
    """List every open request nobody answers for: no owner, no due moment, or a partner
    nobody can be told at. Exits with 1 when there is one (run it from monitoring)."""
    holes = loop_holes()
    for hole in holes:
        click.echo(f"{hole.reference}  {hole.hole}  /staff/referrals/{hole.referral_id}")
    click.echo(f"{len(holes)} open requests without someone who answers for them.")
    if holes:
        raise SystemExit(1)


@cli.command("rotate-field-key")
def rotate_field_key_command():
    """Re-encrypt all personal data with the first key in PARTNERNET_FIELD_KEY. Put the new key
    first, keep the old ones after it, run this, then remove the old keys."""
    count = rotate_field_keys(db.session, db.metadata)
    click.echo(f"Re-encrypted {count} values with the first key.")
