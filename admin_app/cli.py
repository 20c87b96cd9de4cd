"""Command-line tools: `flask --app admin_app db upgrade | create-user | seed | demo-logins`."""

import datetime as dt
import os

import click
from flask import current_app
from flask.cli import AppGroup

from models import Person, User, db
from models.accounts import Role
from models.records import create_record

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
def create_user(username, full_name, role, password):
    """Create a user, typically the first administrator."""
    with db.connection_context():
        user = User(username=username, full_name=full_name, role=role)
        user.set_password(password)
        create_record(user, None, dt.datetime.now())
        click.echo(f"User {username} ({role}) created.")


@click.command("seed")
@click.option("--persons", default=200, show_default=True, help="Number of persons.")
@click.option("--if-empty", is_flag=True, help="Only when the database has no persons yet.")
def seed(persons, if_empty):
    """Load demo data: providers, projects, funding bodies, persons, one user per role."""
    from seed.demo import load_demo

    with db.connection_context():
        if if_empty and Person.select().exists():
            click.echo("Database has data already; demo data not loaded.")
            return
        summary = load_demo(persons=persons)
        click.echo(f"Demo data loaded: {summary}.")


@click.command("demo-logins")
def demo_logins():
    """Print the demo users and their password."""
    from flask_babel import gettext

    from models.accounts import ROLE_LABELS
    from seed.demo import DEMO_PASSWORD, DEMO_USERS

    with current_app.test_request_context():
        click.echo(f"\nFallakte: http://127.0.0.1:{os.environ.get('PORT', '5000')}/")
        click.echo(gettext("Demo logins (password for all: %(password)s):",
                           password=DEMO_PASSWORD))
        for username, role, name in DEMO_USERS:
            click.echo(f"  {username:<12} {gettext(ROLE_LABELS[Role(role)])} – {name}")
        click.echo("")


def init_app(app) -> None:
    """Register the commands."""
    app.cli.add_command(db_cli)
    app.cli.add_command(create_user)
    app.cli.add_command(seed)
    app.cli.add_command(demo_logins)
