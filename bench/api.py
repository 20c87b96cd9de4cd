"""Benchmark of the open API (issue 17): a persons page of 100 and a changes page of 100 (p95
over repeated calls, the last page deep in the keyset), and a batch of 1 000 delivered-hours
rows. Targets of the issue: pages p95 <= 50 ms at 100 000 persons, the batch under 2 s.

Usage: python -m bench.api [--persons 100000] [--database-url sqlite:///...]
"""

import argparse
import datetime as dt
import time

from models import Participation, db
from seed.bulk import bulk_people
from seed.factories import (
    make_api_token,
    make_funding_body,
    make_participation,
    make_project,
    make_user,
)

from .common import bench_app


def _p95(client, path, headers, repeat=40):
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(path, headers=headers)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    samples.sort()
    return samples[int(len(samples) * 0.95) - 1], samples[len(samples) // 2]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    app, _url = bench_app(args.database_url)
    app.config["API_RATE_LIMIT"] = "1000000 per minute"
    with app.app_context(), db.connection_context():
        project, other = make_project(), make_project()
        body = make_funding_body()
        started = time.perf_counter()
        bulk_people([project, other], [body], args.persons, dt.date.today())
        print(f"{args.persons} persons loaded in {time.perf_counter() - started:.0f} s")
        staff = make_user(role="staff_write", projects=[project])
        target = make_participation(project=project, actor=staff)
        _token, secret = make_api_token(staff)
        last = Participation.select(Participation.person).where(
            Participation.project == project).order_by(Participation.person.desc()).scalar()
    client, headers = app.test_client(), {"Authorization": f"Bearer {secret}"}
    client.get("/api/v1/persons", headers=headers)  # the token's first use notes its address
    for label, path in (("persons, first page of 100", "/api/v1/persons?limit=100"),
                        ("persons, last page of 100", f"/api/v1/persons?limit=100&after="
                                                      f"{last - 150}"),
                        ("changes, first page of 100", "/api/v1/changes?limit=100")):
        p95, p50 = _p95(client, path, headers)
        print(f"{label:32} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    start = dt.date(2000, 1, 1)
    rows = [{"participation_id": target.id, "hours": 2.5,
             "period_start": (start + dt.timedelta(days=i)).isoformat(),
             "period_end": (start + dt.timedelta(days=i)).isoformat()} for i in range(1000)]
    began = time.perf_counter()
    response = client.post("/api/v1/hours", json={"rows": rows}, headers=headers)
    assert response.status_code == 201, response.get_json()
    print(f"{'batch of 1 000 delivered hours':32} {time.perf_counter() - began:7.2f} s")


if __name__ == "__main__":
    main()
