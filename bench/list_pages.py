"""Benchmark: list pages (persons, participations, requests) and the Excel export; then
clients of ambulatory care with a year of activities: the client list with balances and marks,
proofs of service (the hours export is a data export now: bench/exports.py).

Usage: python -m bench.list_pages [--persons 5000] [--clients 5000] [--database-url ...]
"""

import argparse
import os
import time

from models import User, db
from seed.demo import load_demo

from .common import bench_app, client_of, median_ms


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=5000)
    parser.add_argument("--clients", type=int, default=5000)
    parser.add_argument("--per-week", type=int, default=2, help="activities per client and week")
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    app, url = bench_app(args.database_url)
    with db.connection_context():
        start = time.perf_counter()
        load_demo(persons=args.persons)
        print(f"seeded {args.persons} persons in {time.perf_counter() - start:.1f} s ({url})")
        admin = User.get(User.username == "admin")
    client = client_of(app, admin)
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
        print(f"{label:<32} {median_ms(client, method, path, repeat):8.1f} ms (median of {repeat})")
    if args.clients:
        _bench_care(client, args.clients, args.per_week)
    if os.environ.get("KEEP") is None and url.startswith("sqlite"):
        os.remove(url.removeprefix("sqlite:///"))


def _bench_care(client, clients, per_week):
    """Clients with a year of activities: client list, proofs of service, hours export."""
    import datetime as dt
    from decimal import Decimal

    from models import Activity
    from seed.bulk import bulk_clients
    from seed.factories import make_billing_rules, make_funding_body, make_project

    today = dt.date.today()
    with db.connection_context():
        start = time.perf_counter()
        project = make_project(name="Ambulante Hilfen Benchmark")
        body = make_funding_body("Kommune Benchmark")
        # Every rule at once: yearly balancing, weeks per month, indirect share, absences.
        make_billing_rules(body, balancing_period="year", weeks_per_month=Decimal("4.33"),
                           indirect_share=Decimal(50), absence_share=Decimal(50),
                           absence_cap=Decimal(2))
        bulk_clients(project, body, clients, today, per_week=per_week)
        activities = Activity.select().count()
        print(f"seeded {clients} clients with {activities} activities in "
              f"{time.perf_counter() - start:.1f} s")
    month = f"{today:%m.%Y}"
    cases = [
        ("client list, page 1 (balances)", "get", "/admin/care_case/", 5),
        ("client list, 100 rows", "get", "/admin/care_case/?page_size=100", 5),
        ("client list, last page", "get", f"/admin/care_case/?page={clients // 20 - 1}", 5),
        ("case page", "get", "/admin/care_case/details/?id=1", 5),
    ]
    for label, method, path, repeat in cases:
        print(f"{label:<32} {median_ms(client, method, path, repeat):8.1f} ms (median of {repeat})")
    exports = [
        ("proof of service, funding body", {"month": month, "kind": "funding_body",
                                            "funding_body": str(body.id),
                                            "with_activities": "y"}),
        ("proof, internal", {"month": month, "kind": "internal", "with_activities": "y"}),
        ("proof, internal, no activities", {"month": month, "kind": "internal"}),
    ]
    for label, data in exports:
        _time_post(client, label, "/admin/care_case/proof/", data, clients)


def _time_post(client, label, path, data, rows):
    start = time.perf_counter()
    response = client.post(path, data=data)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200 and response.mimetype.endswith("sheet"), label
    size = len(response.data) / 1024
    rows_text = f", {rows} clients" if rows else ""
    print(f"{label:<32} {elapsed:8.1f} ms (one run{rows_text}, {size:.0f} KiB)")


if __name__ == "__main__":
    main()
