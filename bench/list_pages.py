"""Benchmark: list pages (persons, participations, requests) and the Excel export.

Usage: python -m bench.list_pages [--persons 5000] [--database-url sqlite:///...]
"""

import argparse
import os
import statistics
import tempfile
import time

from admin_app import create_app
from admin_app.migrations import upgrade
from models import User, db
from seed.demo import load_demo


def _time(client, method, path, repeat=5):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = getattr(client, method)(path)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "WTF_CSRF_ENABLED": False})
    with db.connection_context():
        upgrade(db.obj)
        start = time.perf_counter()
        load_demo(persons=args.persons)
        print(f"seeded {args.persons} persons in {time.perf_counter() - start:.1f} s ({url})")
        admin = User.get(User.username == "admin")
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = admin.get_id()
        # A complete session: second factor passed, not idle (admin_app/security.py).
        session["second_factor"] = admin.get_id()
        session["last_seen"] = int(time.time())
    last_page = args.persons // 20 - 1
    cases = [
        ("person list, page 1", "get", "/admin/person/", 5),
        ("person list, last page", "get", f"/admin/person/?page={last_page}", 5),
        ("person list, search 'mül*'", "get", "/admin/person/?search=m%C3%BCl*", 5),
        ("participation list, page 1", "get", "/admin/participation/", 5),
        ("request list 'new' with counts", "get", "/admin/request/?list=new", 5),
        ("request list 'all', last page", "get", "/admin/request/?page=50", 5),
        ("person export (.xlsx, all rows)", "post", "/admin/person/export.xlsx", 1),
    ]
    for label, method, path, repeat in cases:
        print(f"{label:<32} {_time(client, method, path, repeat):8.1f} ms (median of {repeat})")
    if os.environ.get("KEEP") is None and url.startswith("sqlite"):
        os.remove(url.removeprefix("sqlite:///"))


if __name__ == "__main__":
    main()
