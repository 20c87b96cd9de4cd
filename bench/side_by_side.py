"""Benchmark: each list page side by side with a plain Flask-Admin ModelView over the same
table ("peer") and the page's own SQL run directly ("floor"), in one run on one database.

Usage: python -m bench.side_by_side [--persons 20000] [--repeat 7] [--database-url ...]
       [--out docs/benchmarks.md]

The data comes from the bulk path of the seed (seed/bulk.py): persons spread over the demo
projects, a participation each, two requests and two delivered hours per participation and
four history entries (one a message) per participation.
"""

import argparse
import datetime as dt
import logging
import os
import platform
import statistics
import time

from flask_admin.contrib.peewee import ModelView

from models import (
    AssistanceRequest,
    BudgetCheck,
    DeliveredHours,
    FundingBody,
    PartialBudget,
    Person,
    PersonalBudget,
    Procedure,
    Project,
    User,
    db,
)
from seed.bulk import bulk_people
from seed.bulk_procedures import bulk_procedures
from seed.demo import load_demo

from .common import bench_app, client_of


class PeerView(ModelView):
    """What Flask-Admin gives without the project: no scopes, no history, no privacy."""

    page_size = 20
    can_export = True


class _Recorder(logging.Handler):
    """Collects the SQL peewee sends while it is attached."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.statements = []

    def emit(self, record):
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            self.statements.append(record.msg)


def add_peers(app):
    admin = app.extensions["admin"][0]
    admin.add_view(PeerView(Person, endpoint="peer_person", url="peer/person",
                            name="peer persons"))
    admin.add_view(PeerView(AssistanceRequest, endpoint="peer_request", url="peer/request",
                            name="peer requests"))
    admin.add_view(PeerView(DeliveredHours, endpoint="peer_hours", url="peer/hours",
                            name="peer hours"))
    peer_search = PeerView(Person, endpoint="peer_person_search", url="peer/person-search",
                           name="peer search")
    peer_search.column_searchable_list = ("last_name", "first_name")
    admin.add_view(peer_search)
    for model, endpoint in ((Procedure, "peer_procedure"), (PersonalBudget, "peer_budget"),
                            (PartialBudget, "peer_partial"), (BudgetCheck, "peer_check")):
        admin.add_view(PeerView(model, endpoint=endpoint, url=f"peer/{endpoint[5:]}",
                                name=f"peer {endpoint[5:]}"))


def timed(client, path, repeat):
    """(median ms, p95 ms, queries of the last run, their statements), after one untimed
    request that warms the caches (templates, the database's pages) as a running server has."""
    logger = logging.getLogger("peewee")
    samples, recorder = [], None
    assert client.get(path).status_code == 200, path
    for _ in range(repeat):
        recorder = _Recorder()
        logger.addHandler(recorder)
        logger.setLevel(logging.DEBUG)
        start = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
        logger.removeHandler(recorder)
        assert response.status_code == 200, (path, response.status_code)
    logger.setLevel(logging.WARNING)
    samples.sort()
    p95 = samples[min(len(samples) - 1, round(0.95 * (len(samples) - 1)))]
    return statistics.median(samples), p95, recorder.statements


def floor_ms(statements, repeat):
    """The median time of running `statements` directly, fetching every row."""
    # Session and user lookups are not the page's work.
    page = [(sql, params) for sql, params in statements
            if not sql.lstrip().upper().startswith(("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"))]
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        with db.connection_context():
            for sql, params in page:
                db.execute_sql(sql, params).fetchall()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--out", default="docs/benchmarks.md")
    parser.add_argument("--label", default="")
    args = parser.parse_args()
    app, url = bench_app(args.database_url)
    add_peers(app)
    with db.connection_context():
        start = time.perf_counter()
        load_demo(persons=20)
        made = bulk_people(list(Project.select()), list(FundingBody.select()), args.persons,
                           dt.date.today())
        made.update(bulk_procedures(dt.date.today()))
        seeded = time.perf_counter() - start
        print(f"seeded {made} in {seeded:.1f} s ({url.split(':')[0]})")
        admin = User.get(User.username == "admin")
        persons = Person.select().count()
        requests = AssistanceRequest.select().count()
        hours = DeliveredHours.select().count()
        procedures = Procedure.select().count()
    client = client_of(app, admin)
    cases = [
        ("persons, page 1", "/admin/person/", "/admin/peer/person/"),
        ("persons, last page", f"/admin/person/?page={persons // 20 - 1}",
         f"/admin/peer/person/?page={persons // 20 - 1}"),
        ("persons, search 'mül*'", "/admin/person/?search=m%C3%BCl*",
         "/admin/peer/person-search/?search=m%C3%BCl"),
        ("persons, search 'schmidt'", "/admin/person/?search=schmidt",
         "/admin/peer/person-search/?search=schmidt"),
        ("requests 'new' with counts", "/admin/request/?list=new", "/admin/peer/request/"),
        ("requests 'all', last page", f"/admin/request/?list=all&page={requests // 20 - 1}",
         f"/admin/peer/request/?page={requests // 20 - 1}"),
        ("delivered hours, page 1", "/admin/delivered_hours/", "/admin/peer/hours/"),
        ("delivered hours, last page", f"/admin/delivered_hours/?page={hours // 20 - 1}",
         f"/admin/peer/hours/?page={hours // 20 - 1}"),
        ("procedures, page 1", "/admin/procedure/", "/admin/peer/procedure/"),
        ("procedures, last page", f"/admin/procedure/?page={procedures // 20 - 1}",
         f"/admin/peer/procedure/?page={procedures // 20 - 1}"),
        ("personal budgets with totals", "/admin/personal_budget/", "/admin/peer/budget/"),
        ("partial budgets, page 1", "/admin/partial_budget/", "/admin/peer/partial/"),
        ("checks due with counts", "/admin/budget_check/?list=due", "/admin/peer/check/"),
        ("participations, page 1", "/admin/participation/", None),
        ("history, page 1", "/admin/history/", None),
    ]
    rows = []
    for label, path, peer_path in cases:
        median, p95, statements = timed(client, path, args.repeat)
        floor = floor_ms(statements, args.repeat)
        peer = timed(client, peer_path, args.repeat)[0] if peer_path else None
        rows.append((label, median, p95, len(statements), floor, peer))
        peer_text = f"{peer:7.1f}" if peer is not None else "      —"
        print(f"{label:<30} {median:7.1f} / {p95:7.1f} ms  {len(statements):2d} q  "
              f"floor {floor:7.1f}  peer {peer_text}")
    if args.out:
        write_table(args, url, made, seeded, rows)


def write_table(args, url, made, seeded, rows):
    title = f"{args.persons} persons{' — ' + args.label if args.label else ''}"
    write_rows(args.out, url, title, made, seeded, args.repeat, rows)


def write_rows(out, url, title, made, seeded, repeat, rows):
    """Append one table of (label, median, p95, queries, floor, peer) rows to `out`."""
    engine = url.split(":")[0]
    lines = [
        f"### {engine}, {title}",
        "",
        f"{dt.datetime.now():%Y-%m-%d %H:%M}, {platform.node()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}; data {made} seeded in {seeded:.0f} s; "
        f"median of {repeat} requests through the Flask test client.",
        "",
        "| page | ours median / p95 ms | queries | floor ms | peer ms | ours/floor | ours/peer |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, median, p95, queries, floor, peer in rows:
        peer_text = f"{peer:.1f}" if peer is not None else "—"
        ratio_peer = f"{median / peer:.2f}" if peer else "—"
        lines.append(f"| {label} | {median:.1f} / {p95:.1f} | {queries} | {floor:.1f} | "
                     f"{peer_text} | {median / max(floor, 0.01):.1f} | {ratio_peer} |")
    os.makedirs(os.path.dirname(out) or ".", exist_ok=True)
    header = "" if os.path.exists(out) else BENCH_HEADER
    with open(out, "a", encoding="utf-8") as handle:
        handle.write(header + "\n".join(lines) + "\n\n")
    print(f"table appended to {out}")


BENCH_HEADER = """# Benchmarks

Written by `make bench` (`python -m bench.side_by_side`): every list page of the panel
("ours") side by side, in the same run on the same data, with a plain Flask-Admin
`ModelView` over the same table ("peer": no scopes, no privacy, no history) and with the
page's own SQL statements run directly ("floor": the statements the page sent, recorded from
the peewee log and replayed, every row fetched). Each page is requested once untimed first (warm
caches, as on a running server). Ratios: ours divided by floor / peer.

"""


if __name__ == "__main__":
    main()
