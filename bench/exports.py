"""Benchmark: data exports of many request rows, pb and npb (issue 14): rows per second and
peak memory of the export task next to a bare openpyxl write-only loop over the same rows (the
same run, each in a forked child), and the time of the web request that starts an export.

Usage: python -m bench.exports [--rows 100000] [--repeat 1] [--profile] [--database-url ...]
"""

import argparse
import datetime as dt
import os
import resource
import tempfile
import time
from decimal import Decimal

from openpyxl import Workbook

from models import AssistanceRequest, Participation, Person, db
from models.core.storage import FileStore
from models.exports.columns import columns_for
from models.exports.operations import produce_export, request_export
from models.exports.rows import request_rows_query
from models.participations.models import snapshot_json
from seed.factories import make_funding_body, make_participation, make_project, make_user
from views.core.export_view import LIST_QUEUE_ROWS

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
            Person.id.not_in(Participation.select(Participation.person)))]
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
    """The same rows (the export's own query, as tuples) appended as they come, without the
    snapshot's JSON text and padded with the request id to the export's number of columns:
    what openpyxl's write-only mode costs without any care for codes, formats or formulas."""
    width = len(columns_for("requests", scope == "pb"))
    query = request_rows_query(admin, None, None, NOW).tuples()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Export")
    sheet.append(list(range(width)))
    count = 0
    for row in query.iterator():
        values = row[:-1]
        sheet.append(values + (values[11],) * (width - len(values)))
        count += 1
    book.save(path)
    return count


def _measure(function):
    """(rows, wall s, CPU s, peak memory growth, peak memory in MB) of `function` run in a forked
    child with its own database connection: the peak resident memory of the child (wait4) less
    what it had at the fork, without slowing the run down as tracemalloc would."""
    start_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: run, report, leave without cleanup of the parent's state
        os.close(reader)
        try:
            with db.connection_context():
                wall, cpu = time.perf_counter(), time.process_time()
                count = function()
                result = f"{count} {time.perf_counter() - wall} {time.process_time() - cpu}"
        except BaseException as error:  # noqa: BLE001 - reported to the parent
            result = f"error {error!r}"
        os.write(writer, result.encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        result = pipe.read()
    _pid, _status, usage = os.wait4(pid, 0)
    if result.startswith("error"):
        raise RuntimeError(result)
    count, wall, cpu = result.split()
    return (int(count), float(wall), float(cpu), max(0, usage.ru_maxrss - start_rss) / 1024,
            usage.ru_maxrss / 1024)


def _profile(admin, store):
    import cProfile
    import pstats

    export = request_export(admin, "requests", "pb", None, None, None, NOW)
    profiler = cProfile.Profile()
    profiler.runcall(produce_export, export, NOW, store)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(20)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--database-url")
    parser.add_argument("--repeat", type=int, default=1, help="runs of each, the best counts")
    parser.add_argument("--profile", action="store_true",
                        help="also profile one pb export (cProfile, top 20 by own time)")
    args = parser.parse_args()
    folder = tempfile.mkdtemp()
    os.environ.setdefault("EXPORT_FOLDER", folder)
    app, url = bench_app(args.database_url)
    store = FileStore(folder)
    with db.connection_context():
        start = time.perf_counter()
        admin = _seed(args.rows)
        print(f"seeded {args.rows} requests in {time.perf_counter() - start:.1f} s ({url})",
              flush=True)
        if args.profile:
            _profile(admin, store)
        exports = {scope: [request_export(admin, "requests", scope, None, None, None, NOW)
                           for _ in range(args.repeat)] for scope in ("pb", "npb")}
        hours = request_export(admin, "hours", "npb", None, None, None, NOW)
    print("times: best of", args.repeat, "(CPU seconds of the process; wall in brackets);"
          " memory: peak resident size of the run (its growth over the parent at the fork)",
          flush=True)
    for scope in ("pb", "npb"):
        task_runs, bare_runs = [], []
        for export in exports[scope]:  # alternating, so that load on the machine hits both
            task_runs.append(_measure(lambda e=export: produce_export(e, NOW, store).row_count))
            bare_runs.append(_measure(lambda s=scope: _bare(admin, s, f"{folder}/bare.xlsx")))
        task = min(task_runs, key=lambda run: run[2])
        bare = min(bare_runs, key=lambda run: run[2])
        print(f"{scope:>3}: export task {task[0]} rows {task[2]:6.1f} s [{task[1]:6.1f}] "
              f"({task[0] / task[2]:6.0f} rows/s), peak {max(r[4] for r in task_runs):5.1f} MB"
              f" (+{max(r[3] for r in task_runs):.1f})"
              f" | bare openpyxl loop {bare[2]:6.1f} s [{bare[1]:6.1f}] "
              f"({bare[0] / bare[2]:6.0f} rows/s), peak {max(r[4] for r in bare_runs):5.1f} MB"
              f" (+{max(r[3] for r in bare_runs):.1f})"
              f" | ratio {task[2] / bare[2]:.2f}x", flush=True)
    run = _measure(lambda: produce_export(hours, NOW, store).row_count)
    print(f"hours export (001 §8.2, npb): {run[0]} participations {run[2]:6.1f} s [{run[1]:6.1f}]"
          f" ({run[0] / run[2]:6.0f} rows/s), peak {run[4]:5.1f} MB", flush=True)
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
    if args.rows > LIST_QUEUE_ROWS:
        samples = []
        for _ in range(5):
            start = time.perf_counter()
            response = client.post("/admin/request/export.xlsx?list=all")
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 302, response.status_code
        samples.sort()
        print(f"web request that queues the export of the request list ({args.rows} rows): "
              f"median {samples[2]:.1f} ms")


if __name__ == "__main__":
    main()
