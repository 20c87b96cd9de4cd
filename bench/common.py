"""What every benchmark needs: an app on a throw-away database, a logged-in client, timing."""

import statistics
import tempfile
import time

from admin_app import create_app
from admin_app.migrations import upgrade
from models import db


def bench_app(database_url=None):
    """An app on `database_url` (default: a new SQLite file) with the newest schema."""
    url = database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False,
                      "UPLOAD_FOLDER": tempfile.mkdtemp(),
                      # The task queue's own file, not the instance folder's (issue 14).
                      "HUEY_SQLITE": f"{tempfile.mkdtemp()}/huey.sqlite3"})
    with db.connection_context():
        upgrade(db.obj)
    return app, url


def client_of(app, user):
    """A test client with a session of `user` (no password check: it is not what we time)."""
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        # A complete session: second factor passed, not idle (admin_app/security.py).
        session["second_factor"] = user.get_id()
        session["last_seen"] = int(time.time())
    return client


def median_ms(client, method, path, repeat=5):
    """The median time of `repeat` requests in milliseconds; every answer must be 200."""
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = getattr(client, method)(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples)
