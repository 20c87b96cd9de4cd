"""Benchmark: the commission list with its compliance counts, each compliance list and the
contact list at 200 000 contacts over 20 000 commissions, side by side with a plain
Flask-Admin ModelView ("peer") and each page's own SQL ("floor"), in one run.

Usage: python -m bench.commissions [--commissions 20000] [--contacts-each 10] [--repeat 7]
       [--database-url ...] [--out docs/benchmarks.md]
Target (issue 12): p95 <= 150 ms for each page, with a number of queries that does not grow.
"""

import argparse
import datetime as dt
import time

from peewee import PostgresqlDatabase

from models import Commission, Contact, FundingBody, Project, User, db
from models.commissions.compliance import COMPLIANCE_LISTS
from seed.bulk_commissions import bulk_commissions
from seed.demo import load_demo

from .common import bench_app, client_of
from .side_by_side import PeerView, floor_ms, timed, write_rows


def add_peers(app):
    admin = app.extensions["admin"][0]
    admin.add_view(PeerView(Commission, endpoint="peer_commission", url="peer/commission",
                            name="peer commissions"))
    admin.add_view(PeerView(Contact, endpoint="peer_contact", url="peer/contact",
                            name="peer contacts"))


def seed(commissions, contacts_each):
    """The demo, then the bulk commissions spread over the demo's projects."""
    load_demo(persons=20)
    projects, body = list(Project.select()), FundingBody.select().first()
    per_project, made = commissions // len(projects), 0
    for index, project in enumerate(projects):
        made += bulk_commissions(project, body, per_project, dt.date.today(),
                                 contacts_each=contacts_each, seed=index)
    if isinstance(db.obj, PostgresqlDatabase):
        # What autovacuum does after a bulk load: without statistics PostgreSQL plans for
        # empty tables (a sequential scan of 200 000 contacts per compliance list).
        db.execute_sql("ANALYZE")
    return made


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--commissions", type=int, default=20000)
    parser.add_argument("--contacts-each", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--out", default="docs/benchmarks.md")
    args = parser.parse_args()
    app, url = bench_app(args.database_url)
    add_peers(app)
    with db.connection_context():
        start = time.perf_counter()
        made = seed(args.commissions, args.contacts_each)
        seeded = time.perf_counter() - start
        print(f"seeded {made} contacts in {seeded:.1f} s ({url.split(':')[0]})")
        admin = User.get(User.username == "admin")
    client = client_of(app, admin)
    cases = [("commissions with compliance counts", "/admin/commission/",
              "/admin/peer/commission/")]
    cases += [(f"compliance list '{key}'", f"/admin/commission/?list={key}", None)
              for key in COMPLIANCE_LISTS]
    cases += [("contacts, page 1", "/admin/contact/", "/admin/peer/contact/")]
    rows = []
    for label, path, peer_path in cases:
        median, p95, statements = timed(client, path, args.repeat)
        floor = floor_ms(statements, args.repeat)
        peer = timed(client, peer_path, args.repeat)[0] if peer_path else None
        rows.append((label, median, p95, len(statements), floor, peer))
        print(f"{label:<45} {median:7.1f} / {p95:7.1f} ms  {len(statements):2d} q  "
              f"floor {floor:7.1f}  peer {peer if peer is None else round(peer, 1)}")
    if args.out:
        title = f"{made} contacts over {args.commissions} commissions"
        write_rows(args.out, url, title, made, seeded, args.repeat, rows)


if __name__ == "__main__":
    main()
