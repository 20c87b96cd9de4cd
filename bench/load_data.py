"""The load test's data (demo, bulk persons, its own users) and the checks after the run."""

import collections
import datetime as dt
import random

from peewee import fn

PASSWORD = "Last-Test-2026!"  # noqa: S105 (the load test's own throw-away users)


def _connect(url: str):
    from admin_app.db import make_database
    from models import db

    db.initialize(make_database(url))
    db.connect(reuse_if_open=True)
    return db


def prepare(url: str, users: int, persons: int, hot: int, uploads) -> dict:
    """Schema, demo data, `persons` bulk persons, `users` users (a quarter clerks with a second
    factor); returns what the simulated users and the checks need."""
    from admin_app.clock import init_clock
    from admin_app.migrations import upgrade
    from models import AssistanceRequest, FundingBody, HistoryEntry, Person, Project
    from models.core.storage import FileStore, files
    from seed.bulk import bulk_people
    from seed.demo import load_demo
    from seed.factories import make_user

    init_clock()
    files.initialize(FileStore(uploads))
    db = _connect(url)
    upgrade(db.obj)
    load_demo(persons=20)
    projects, bodies = list(Project.select()), list(FundingBody.select())
    bulk_people(projects, bodies, persons, dt.date.today())
    clerks = []
    for index in range(max(1, users // 4)):
        user = make_user(role="clerk", funding_body=bodies[index % len(bodies)],
                         username=f"last-kt{index}", password=PASSWORD, second_factor=True)
        clerks.append((user.username, user.totp_secret))
    staff = [make_user(role="staff_write", projects=projects, username=f"last-ma{index}",
                       password=PASSWORD).username for index in range(users - len(clerks))]
    drafts = [r.id for r in AssistanceRequest.select(AssistanceRequest.id)
              .where(AssistanceRequest.status == "in_progress")]
    random.shuffle(drafts)
    setup = {"password": PASSWORD, "clerks": clerks, "staff": staff,
             "hot": [p.id for p in Person.select(Person.id).order_by(Person.id).limit(hot)],
             "drafts": drafts, "all_drafts": list(drafts),
             "history_start": HistoryEntry.select(fn.MAX(HistoryEntry.id)).scalar() or 0}
    db.close()
    return setup


def _person_problems(accepted, start) -> list[str]:
    from models import HistoryEntry, Person

    problems = []
    for person_id, saves in accepted.items():
        versions = [version for version, _value, _status in saves]
        if len(set(versions)) != len(versions):
            problems.append(f"person {person_id}: two saves accepted on one version")
        last = max(saves)[1]
        stored = Person.get_by_id(person_id).street
        if stored != last:
            problems.append(f"person {person_id}: {stored!r} stored, last accepted {last!r}")
        entries = HistoryEntry.select().where(
            (HistoryEntry.relation == "person") & (HistoryEntry.record_id == person_id)
            & (HistoryEntry.id > start) & (HistoryEntry.event == "updated")).count()
        if entries != len(saves):
            problems.append(f"person {person_id}: {len(saves)} saves, {entries} entries")
    return problems


def _request_problems(setup) -> list[str]:
    from models import AssistanceRequest, HistoryEntry

    entries = collections.Counter(
        (row.record_id, row.status) for row in HistoryEntry.select(
            HistoryEntry.record_id, HistoryEntry.status)
        .where((HistoryEntry.relation == "request") & (HistoryEntry.id > setup["history_start"])
               & HistoryEntry.status.is_null(False)))
    problems = [f"request {rid}: {count} entries '{status}'"
                for (rid, status), count in entries.items() if count > 1]
    for request in AssistanceRequest.select().where(
            AssistanceRequest.id.in_(setup["all_drafts"])):
        if request.status != "in_progress" and not entries[(request.id, "submitted")]:
            problems.append(f"request {request.id}: {request.status} without its entry")
    return problems


def transitions(url: str, setup: dict) -> dict:
    """{status: requests moved into it during the run} (sent, approved)."""
    from models import HistoryEntry

    db = _connect(url)
    try:
        return dict(HistoryEntry.select(HistoryEntry.status, fn.COUNT(HistoryEntry.id))
                    .where((HistoryEntry.relation == "request")
                           & (HistoryEntry.id > setup["history_start"])
                           & HistoryEntry.status.is_null(False))
                    .group_by(HistoryEntry.status).tuples())
    finally:
        db.close()


def check(url: str, setup: dict, accepted: dict) -> list[str]:
    """Every accepted save stored once, in order; no request sent or approved twice."""
    db = _connect(url)
    try:
        return _person_problems(accepted, setup["history_start"]) + _request_problems(setup)
    finally:
        db.close()
