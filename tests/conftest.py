"""Fixtures: one database per run (SQLite file, or a fresh PostgreSQL database), app, clients.

Under pytest-xdist every worker is a run of its own: its own SQLite file or PostgreSQL database.
"""

import copy
import os
import random
import shutil
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from hypothesis import Phase, settings

from admin_app import create_app
from admin_app.migrations import upgrade
from models import db
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
    """Create a fresh database next to the one `url` names; return its URL and a dropper.

    Under pytest-xdist each worker creates (and drops) its own."""
    import psycopg2

    parts = urlsplit(url)
    name = f"fallakte_test_{uuid.uuid4().hex[:10]}"
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    connection = psycopg2.connect(admin_url)
    connection.autocommit = True
    connection.cursor().execute(f'CREATE DATABASE "{name}"')
    # A crash of the server may lose the last commits of a throwaway test database: no test
    # waits for the write-ahead log to reach the disk.
    connection.cursor().execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')

    def drop():
        connection.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.close()

    # The app connects per request and closes after it. On pooled connections (peewee's
    # PooledPostgresqlDatabase, also a valid DATABASE_URL in production) a close hands the
    # connection back, rolled back, instead of ending a server process that the next request
    # would start again: a third of the time of the suite on PostgreSQL.
    # 40 connections: the race tests run 36 threads at once, each with its own connection
    # (two workers stay within PostgreSQL's default of 100).
    return urlunsplit(parts._replace(scheme="postgresql+pool", path=f"/{name}",
                                     query="max_connections=40")), drop


@pytest.fixture(scope="session", autouse=True)
def wall_clock():
    """The domain's clock is the wall clock, as in the app (tests without an app need it too)."""
    from admin_app.clock import init_clock

    init_clock()


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashes():
    """Cheap argon2 parameters: the tests check behaviour, not hash strength."""
    from argon2 import PasswordHasher

    import models.accounts.models

    models.accounts.models._hasher = PasswordHasher(time_cost=1, memory_cost=64, parallelism=1)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        test_url, drop = _postgres_database(url)
        yield test_url
        db.close()
        drop()
    else:
        directory = _memory_directory() or tmp_path_factory.mktemp("db")
        yield f"sqlite:///{directory / 'test.sqlite3'}"
        db.close()
        if directory.parent == MEMORY:
            shutil.rmtree(directory, ignore_errors=True)


MEMORY = Path("/dev/shm")  # noqa: S108 (only a parent: mkdtemp makes a private directory)


def _memory_directory() -> Path | None:
    """A fresh directory in memory (tmpfs), where SQLite's syncs to disk cost nothing."""
    if not (MEMORY.is_dir() and os.access(MEMORY, os.W_OK)):
        return None
    return Path(tempfile.mkdtemp(prefix="fallakte-test-", dir=MEMORY))


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    application = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test-secret",
            "TESTING": True,
            "WTF_CSRF_ENABLED": False,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "EXPORT_FOLDER": str(tmp_path_factory.mktemp("exports")),
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
    from tests.snapshot import empty_tables

    empty_tables()


class WorldTemplate:
    """The role-matrix world (tests/views/world.py), built once: its rows, its stored files,
    the objects `make_world` returned and the state of the fake-data generators after it."""

    def __init__(self, built, snapshot, store: Path, random_states):
        self.built, self.snapshot, self.store = built, snapshot, store
        self.random_states = random_states

    def copy(self) -> dict:
        """Put the world into the empty test database and the current document store, as if
        `make_world()` had just run after `seed_faker(1234)`; return a fresh copy of its
        objects."""
        from faker.generator import random as faker_random

        from models.core.storage import files
        from tests.snapshot import has_rows

        if has_rows():
            raise RuntimeError("The world is copied into an empty database: name the `world` "
                               "fixture before fixtures that make rows (e.g. `project`).")
        self.snapshot.restore()
        shutil.copytree(self.store, files.store.root, dirs_exist_ok=True)
        random.setstate(self.random_states[0])
        faker_random.setstate(self.random_states[1])
        return copy.deepcopy(self.built)


@pytest.fixture(scope="session")
def world_template(app, tmp_path_factory):
    """Build the world once per run (per xdist worker) and keep a snapshot of it.

    Session fixtures are set up before the test's own ones, so the database is empty here."""
    from faker.generator import random as faker_random

    from models.core.storage import FileStore, files
    from tests.snapshot import take_snapshot
    from tests.views.world import make_world

    store = tmp_path_factory.mktemp("world-store")
    previous = files.store
    files.initialize(FileStore(store))
    try:
        _truncate()
        seed_faker(1234)
        db.connect(reuse_if_open=True)
        built = make_world()
        states = (random.getstate(), faker_random.getstate())
        snapshot = take_snapshot()
    finally:
        files.initialize(previous)
        _truncate()
    return WorldTemplate(built, snapshot, store, states)


@pytest.fixture
def world(world_template, request):
    """The world of tests/views/world.py in this test's database: what `make_world()` returns.

    Its documents go to the current document store (the test's, if it asks for
    `document_store`)."""
    if "document_store" in request.fixturenames:
        request.getfixturevalue("document_store")
    return world_template.copy()


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
    from models.core.storage import FileStore, files

    previous = files.store
    files.initialize(FileStore(tmp_path / "store"))
    yield files.store
    files.initialize(previous)


@pytest.fixture(scope="session")
def s3_endpoint():
    """An S3-compatible server (moto's server mode) on a free local port, for the whole run;
    the store reaches it over HTTP with boto3 as it would reach MinIO or a cloud store."""
    from moto.server import ThreadedMotoServer

    saved = {key: os.environ.get(key) for key in S3_ENVIRONMENT}
    os.environ.update(S3_ENVIRONMENT)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


# Credentials and region as the store reads them in production (boto3's usual chain).
S3_ENVIRONMENT = {"AWS_ACCESS_KEY_ID": "fallakte-test", "AWS_SECRET_ACCESS_KEY": "fallakte-test",
                  "AWS_DEFAULT_REGION": "eu-central-1"}


def new_s3_store(endpoint: str, scratch: Path, prefix: str = "dokumente"):
    """An S3 document store on a new, empty bucket of the test server."""
    import boto3

    from models.core.s3_storage import S3Store

    bucket = f"fallakte-{uuid.uuid4().hex[:12]}"
    boto3.client("s3", endpoint_url=endpoint).create_bucket(
        Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-central-1"})
    return S3Store(bucket, scratch, prefix=prefix, endpoint_url=endpoint)


@pytest.fixture(params=["local", "s3"])
def any_store(request, app, tmp_path):
    """The app's document store for one test, once in a local folder and once in a bucket of
    an S3-compatible server; the previous store is put back afterwards."""
    from models.core.storage import FileStore, files

    if request.param == "s3":
        store = new_s3_store(request.getfixturevalue("s3_endpoint"), tmp_path / "incoming")
    else:
        store = FileStore(tmp_path / "store")
    previous = files.store
    files.initialize(store)
    yield store
    files.initialize(previous)
