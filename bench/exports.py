"""Benchmark: data exports of many request rows, pb and npb (issue 14): rows per second and
Python peak memory of the export task next to a bare openpyxl write-only loop over the same
rows (the same run), and the time of the web request that starts an export.

Usage: python -m bench.exports [--rows 100000] [--database-url sqlite:///...]
"""

import argparse
import datetime as dt
import os
import tempfile
import time
import tracemalloc
from decimal import Decimal

from openpyxl import Workbook

from models import AssistanceRequest, Participation, Person, db
from models.core.storage import FileStore
from models.exports.columns import columns_for
from models.exports.operations import produce_export, request_export, request_rows_query
from models.participations.models import snapshot_json
from seed.factories import make_funding_body, make_participation, make_project, make_user

from .common import bench_app, client_of

MB = 1024 * 1024
NOW = dt.datetime(2026, 11, 1, 9, 0)
BATCH = 1000


def _seed(count):
    """`count` approved requests on count/2 persons, inserted in batches."""
    project = make_project()
    body = make_funding_body()
    admin = make_user(role="admin", projects=[project])
    template = make_participation(project=project)
    snapshot = snapshot_json(template)
    persons = count // 2
    with db.atomic():
        for start in range(0, persons, BATCH):
            Person.insert_many([{
                "project": project.id, "pseudonym": f"B{n:07d}", "first_name": f"Vor{n}",
                "last_name": f"Nach{n}", "first_name_folded": f"vor{n}",
                "last_name_folded": f"nach{n}", "birth_date": dt.date(1960 + n % 40, 1, 1),
                "gender": "f", "nationality": "AT", "country": "AT", "postcode": "1010",
                "city": "Wien", "street": f"Gasse {n}", "svnr": None,
                "file_number": f"F{n}", "created_at": NOW, "version": 0}
                for n in range(start, min(persons, start + BATCH))]).execute()
        person_ids = [p.id for p in Person.select(Person.id).where(
            Person.pseudonym.startswith("B"))]
        for start in range(0, len(person_ids), BATCH):
            Participation.insert_many([{
                "person": pid, "project": project.id, "created_on": dt.date(2024, 1, 1),
                "legal_basis": "federal_law", "with_findings": True,
                "kinds_with_findings": "physical", "without_findings": False,
                "degree_of_disability": 50, "disability_pass": True, "favoured_status": False,
                "kinds_without_findings": "", "created_at": NOW, "version": 0}
                for pid in person_ids[start:start + BATCH]]).execute()
        part_ids = [p.id for p in Participation.select(Participation.id).where(
            Participation.id != template.id)]
        rows = [{"participation": pid, "funding_body": body.id, "status": "approved",
                 "approval_start": dt.date(2025, 1, 1), "reason": "employment",
                 "delivery_model": "employer", "hours_per_week": Decimal("20"),
                 "snapshot": snapshot, "created_at": NOW, "version": 0}
                for pid in part_ids for _ in range(2)][:count]
        for start in range(0, len(rows), BATCH):
            AssistanceRequest.insert_many(rows[start:start + BATCH]).execute()
    return admin


def _bare(admin, scope, path):
    """The same rows and columns, fetched as plain tuples and appended without any care."""
    columns = columns_for("requests", scope == "pb")
    fields = [AssistanceRequest.id, AssistanceRequest.status, AssistanceRequest.approval_start,
              AssistanceRequest.reason, AssistanceRequest.hours_per_week, Person.pseudonym,
              Person.last_name, Person.birth_date]
    query = request_rows_query(admin, None, None, NOW).select(*fields).tuples()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Export")
    sheet.append([c.name for c in columns])
    width = len(columns)
    count = 0
    for row in query.iterator():
        sheet.append((list(row) * (width // len(row) + 1))[:width])
        count += 1
    book.save(path)
    return count


def _measure(label, function, memory):
    if memory:
        tracemalloc.start()
    start = time.perf_counter()
    count = function()
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / MB if memory else None
    if memory:
        tracemalloc.stop()
    return label, count, seconds, peak


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    os.environ.setdefault("EXPORT_FOLDER", folder)
    app, _url = bench_app(args.database_url)
    store = FileStore(folder)
    with db.connection_context():
        start = time.perf_counter()
        admin = _seed(args.rows)
        print(f"seeded {args.rows} requests in {time.perf_counter() - start:.1f} s")
        for scope in ("pb", "npb"):
            results = {}
            for memory in (False, True):
                export = request_export(admin, "requests", scope, None, None, None, NOW)
                task = _measure("task", lambda e=export: produce_export(e, NOW, store).row_count,
                                memory)
                bare = _measure("bare", lambda s=scope: _bare(admin, s, f"{folder}/bare.xlsx"),
                                memory)
                results[memory] = (task, bare)
            (task, bare), (task_m, bare_m) = results[False], results[True]
            print(f"{scope:>3}: task {task[1]} rows {task[2]:6.1f} s "
                  f"({task[1] / task[2]:8.0f} rows/s), peak {task_m[3]:6.1f} MB | "
                  f"bare loop {bare[1]} rows {bare[2]:6.1f} s ({bare[1] / bare[2]:8.0f} rows/s), "
                  f"peak {bare_m[3]:6.1f} MB | ratio {task[2] / bare[2]:.2f}x")
    client = client_of(app, admin)
    samples = []
    for _ in range(5):
        start = time.perf_counter()
        response = client.post("/admin/exports/create/", data={"kind": "requests",
                                                               "scope": "npb"})
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 302, response.status_code
    samples.sort()
    print(f"web request that starts an export (queued): median {samples[2]:.1f} ms")


if __name__ == "__main__":
    main()
