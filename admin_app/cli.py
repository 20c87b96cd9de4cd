"""Command-line tools: `flask --app admin_app db upgrade | create-user | seed | demo-logins`."""

import os
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from models import Person, User, db
from models.core import clock
from models.core.roles import Role

from .migrations import current_version, upgrade

db_cli = AppGroup("db", help="Database schema.")


@db_cli.command("upgrade")
def db_upgrade():
    """Create the database or bring it to the newest schema."""
    with db.connection_context():
        applied = upgrade(db.obj)
        click.echo(f"Schema version {current_version(db.obj)} (applied: {applied or 'none'}).")


@click.command("create-user")
@click.option("--username", prompt=True)
@click.option("--full-name", prompt=True)
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ADMIN.value)
@click.password_option()
@with_appcontext
def create_user(username, full_name, role, password):
    """Create a user, typically the first administrator."""
    from models.accounts.passwords import PasswordRejected, create_user_with_password

    problems = None
    with db.connection_context():
        user = User(username=username, full_name=full_name, role=role)
        try:
            create_user_with_password(user, password, None, clock.now(), must_change=False)
        except PasswordRejected as error:
            problems = error.problems
    if problems:
        raise click.ClickException(_german(problems))
    click.echo(f"User {username} ({role}) created.")


def _german(msgids) -> str:
    """The German messages of `msgids` (a request context gives Babel its locale)."""
    from flask_babel import gettext

    with current_app.test_request_context():
        return " ".join(gettext(m) for m in msgids)


@click.command("unlock-user")
@click.argument("username")
@click.option("--reset-second-factor", is_flag=True,
              help="Also remove the second factor (lost phone); set up again at next login.")
@with_appcontext
def unlock_user_command(username, reset_second_factor):
    """Unlock an account from the server, e.g. when every administrator is locked out."""
    from models.accounts.login import unlock_user
    from models.accounts.second_factor import reset_second_factor as reset

    with db.connection_context():
        user = User.get_or_none(User.username == username)
        if user is None:
            raise click.ClickException(f"No user {username}.")
        if user.is_locked:
            unlock_user(user, None, clock.now())
            click.echo(f"User {username} unlocked.")
        if reset_second_factor:
            reset(user, None, clock.now())
            click.echo(f"Second factor of {username} removed.")


@click.command("seed")
@with_appcontext
@click.option("--persons", default=200, show_default=True, help="Number of persons.")
@click.option("--if-empty", is_flag=True, help="Only when the database has no persons yet.")
@click.option("--bulk", default=0, show_default=True,
              help="Add this many persons in batches (volume for load and speed tests: a "
                   "participation, requests, delivered hours and history entries each, "
                   "without the per-record history of the demo persons).")
def seed(persons, if_empty, bulk):
    """Load demo data: providers, projects, funding bodies, persons, one user per role."""
    from seed.demo import load_demo

    with db.connection_context():
        if if_empty and Person.select().exists():
            click.echo("Database has data already; demo data not loaded.")
            return
        # The demo's data exports are produced into the app's export store.
        tasks = current_app.extensions.get("fallakte_tasks")
        summary = load_demo(persons=persons, export_store=tasks.store if tasks else None)
        click.echo(f"Demo data loaded: {summary}.")
        if bulk:
            click.echo(f"Bulk data added: {_bulk(bulk)}.")


def _bulk(count: int) -> dict:
    """`count` persons with their cases over the demo's projects and funding bodies."""
    from models import FundingBody, Project
    from seed.bulk import bulk_people

    return bulk_people(list(Project.select()), list(FundingBody.select()), count,
                       clock.today())


@click.command("demo-logins")
@with_appcontext
def demo_logins():
    """Print the demo users and their password."""
    from flask_babel import gettext

    from seed.demo import DEMO_PASSWORD, DEMO_USERS

    with current_app.test_request_context():
        host = os.environ.get("HOST", "127.0.0.1")
        host = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host  # noqa: S104  # nosec B104
        click.echo(f"\nFallakte: http://{host}:{os.environ.get('PORT', '5000')}/")
        click.echo(gettext("Demo logins (password for all: %(password)s):",
                           password=DEMO_PASSWORD))
        from models.accounts.second_factor import ROLES_REQUIRING

        for_all = current_app.config["SECOND_FACTOR_FOR_ALL"]
        for username, role, name in DEMO_USERS:
            mark = " *" if for_all or Role(role) in ROLES_REQUIRING else ""
            click.echo(f"  {username:<12} {gettext(Role(role).label)} – {name}{mark}")
        click.echo(gettext("* sets up a second factor at the first login: scan the QR code with "
                           "an authenticator app (e.g. FreeOTP) and enter its code."))
        click.echo("")


@click.command("backup")
@click.argument("target", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(target):
    """Back up the database and the documents into the new folder TARGET."""
    from models.core.storage import files

    from .backup import backup

    with db.connection_context():
        manifest = backup(db.obj, current_app.config["DATABASE_URL"], files.store, target)
    click.echo(f"Backup in {target}: {sum(manifest['rows'].values())} rows, "
               f"{manifest['files']} files.")


@click.command("restore")
@click.argument("source", type=click.Path(path_type=Path, exists=True, file_okay=False))
@with_appcontext
def restore_command(source):
    """Restore the backup in SOURCE into this instance's empty database and document store."""
    from models.core.storage import files

    from .backup import RestoreRefused, restore

    try:
        with db.connection_context():
            manifest = restore(db.obj, current_app.config["DATABASE_URL"], files.store,
                               source)
    except RestoreRefused as refused:
        raise click.ClickException(str(refused)) from None
    click.echo(f"Restored from {source}: {sum(manifest['rows'].values())} rows, "
               f"{manifest['files']} files, schema step {manifest['schema_version']}.")


def init_app(app) -> None:
    """Register the commands."""
    app.cli.add_command(db_cli)
    app.cli.add_command(create_user)
    app.cli.add_command(unlock_user_command)
    app.cli.add_command(seed)
    app.cli.add_command(demo_logins)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
