"""Fixtures: one database per run (SQLite file, or a fresh PostgreSQL database), app, clients."""

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import Phase, settings

from admin_app import create_app
from admin_app.migrations import upgrade
from models import ALL_MODELS, db
from seed.factories import make_funding_body, make_project, make_user, seed_faker

# Property-based tests (hypothesis): few examples in `make test`, more on request
# (HYPOTHESIS_PROFILE=thorough); no example database in the work tree, the same examples on
# every run. The default run reports the first failing example as it is: shrinking it against
# a shared database takes minutes.
settings.register_profile("default", max_examples=10, derandomize=True, database=None,
                          deadline=None, print_blob=True,
                          phases=(Phase.explicit, Phase.reuse, Phase.generate))
settings.register_profile("thorough", max_examples=300, database=None, deadline=None,
                          print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _postgres_database(url: str):
    """Create a fresh database next to the one `url` names; return its URL and a dropper."""
    import psycopg2

    parts = urlsplit(url)
    name = f"fallakte_test_{uuid.uuid4().hex[:10]}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    connection.cursor().execute(f'CREATE DATABASE "{name}"')

    def drop():
        connection.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.close()

    return urlunsplit(parts._replace(path=f"/{name}")), drop


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashes():
    """Cheap argon2 parameters: the tests check behaviour, not hash strength."""
    from argon2 import PasswordHasher

    import models.accounts

    models.accounts._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        test_url, drop = _postgres_database(url)
        yield test_url
        db.close()
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    application = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        }
    )
    with db.connection_context():
        upgrade(db.obj)
    return application


@pytest.fixture(autouse=True)
def clean_database(request):
    """Every test starts with empty tables (the schema stays)."""
    if "app" not in request.fixturenames and "database_url" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("app")
    seed_faker(1234)
    yield
    _truncate()


def _truncate():
    db.connect(reuse_if_open=True)
    tables = [m._meta.table_name for m in reversed(ALL_MODELS)]
    if db.obj.__class__.__name__.startswith("Postgres"):
        quoted = ", ".join(f'"{t}"' for t in tables)
        db.execute_sql(f"TRUNCATE {quoted} RESTART IDENTITY CASCADE")
    else:
        with db.atomic():
            for table in tables:
                db.execute_sql(f'DELETE FROM "{table}"')  # noqa: S608
    db.close()


@pytest.fixture
def client(app):
    return app.test_client()


def login(client, user):
    """Give `client` a complete session of `user` (password and second factor passed, not
    idle) without the cost of a password check."""
    import time

    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["second_factor"] = user.get_id()
        session["last_seen"] = int(time.time())
    return client


@pytest.fixture
def project(app):
    return make_project()


@pytest.fixture
def other_project(app):
    return make_project()


@pytest.fixture
def admin(app):
    return make_user(role="admin")


@pytest.fixture
def staff(app, project):
    return make_user(role="staff_write", projects=[project])


@pytest.fixture
def clerk(app):
    return make_user(role="clerk", funding_body=make_funding_body())


@pytest.fixture
def statistics(app):
    return make_user(role="statistics")


@pytest.fixture
def document_store(app, tmp_path):
    """An empty document store of the test's own; the app's store is put back afterwards."""
    from models.storage import FileStore, files

    previous = files.store
    files.initialize(FileStore(tmp_path / "store"))
    yield files.store
    files.initialize(previous)
