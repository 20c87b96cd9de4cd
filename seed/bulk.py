"""Many clients at once, with a year of activities: for the benchmark and for query-count tests.

Rows are inserted in batches, without history entries: this is volume, not a record of work.
"""

import datetime as dt
import random
from decimal import Decimal

from models import (
    Activity,
    ApprovalPeriod,
    AssistanceRequest,
    CareCase,
    DeliveredHours,
    HistoryEntry,
    Participation,
    Person,
    db,
)
from models.core.text import fold
from models.people.models import new_pseudonym

from .factories import FAKE_DE

BATCH = 500
MINUTES = (30, 45, 60, 60, 90, 120)


def _insert(model, rows) -> None:
    for start in range(0, len(rows), BATCH):
        model.insert_many(rows[start:start + BATCH]).execute()


def _ids(model, field, values) -> dict:
    found = {}
    for start in range(0, len(values), BATCH):
        chunk = values[start:start + BATCH]
        found.update(model.select(field, model.id).where(field.in_(chunk)).tuples())
    return found


def _persons(project, count, rng) -> list[int]:
    rows = []
    for _ in range(count):
        first, last = FAKE_DE.first_name(), FAKE_DE.last_name()
        rows.append({
            "project": project.id, "pseudonym": new_pseudonym(), "first_name": first,
            "last_name": last, "first_name_folded": fold(first), "last_name_folded": fold(last),
            "birth_date": dt.date(1950 + rng.randrange(50), 1 + rng.randrange(12),
                                  1 + rng.randrange(28)),
            "gender": rng.choice("fmdx"), "nationality": "DE", "country": "DE",
            "lives_in_country": True, "postcode": f"{44700 + rng.randrange(100)}",
            "file_number": f"AZ-{rng.randrange(10**7):07d}", "created_at": dt.datetime.now()})
    _insert(Person, rows)
    by_pseudonym = _ids(Person, Person.pseudonym, [row["pseudonym"] for row in rows])
    return [by_pseudonym[row["pseudonym"]] for row in rows]


def _participations(project, person_ids) -> list[int]:
    rows = [{"person": pid, "project": project.id, "created_on": dt.date(2024, 1, 1),
             "legal_basis": "federal_law", "with_findings": True,
             "kinds_with_findings": "psychological", "without_findings": False,
             "degree_of_disability": 50, "disability_pass": True, "created_at": dt.datetime.now()}
            for pid in person_ids]
    _insert(Participation, rows)
    by_person = _ids(Participation, Participation.person, person_ids)
    return [by_person[pid] for pid in person_ids]


def _approval(case_id, today, rng) -> list[dict]:
    """Mostly a running approval; some expired, some with an extension, some without hours."""
    roll = rng.random()
    if roll < 0.04:
        return []
    start = today - dt.timedelta(days=rng.randrange(30, 330))
    end = start + dt.timedelta(days=364)
    hours = Decimal(rng.choice(("2.5", "3", "4", "5", "6", "8")))
    extension = None
    if roll < 0.12:
        start, end = start - dt.timedelta(days=365), today - dt.timedelta(days=rng.randrange(5, 60))
        extension = end - dt.timedelta(days=20) if roll < 0.08 else None
    elif roll < 0.15:
        hours = None
    return [{"case": case_id, "start": start, "end": end, "hours": hours,
             "extension_requested_on": extension}]


def _activities(case_id, today, per_week, rng) -> list[dict]:
    rows = []
    day = today - dt.timedelta(days=364)
    while day <= today:
        for _ in range(per_week):
            low = rng.random() < 0.2
            rows.append({
                "case": case_id, "day": day + dt.timedelta(days=rng.randrange(5)),
                "minutes": rng.choice(MINUTES), "level": "low" if low else "socio",
                "mode": "indirect" if rng.random() < 0.15 else "direct",
                "kind": "everyday" if low else "counselling",
                "topic": "household" if low else "housing",
                "group_size": 3 if rng.random() < 0.05 else 1,
                "absence": rng.random() < 0.05})
        day += dt.timedelta(days=7)
    return [row for row in rows if row["day"] <= today]


def bulk_clients(project, funding_body, count: int, today: dt.date, per_week: int = 2,
                 seed: int = 7) -> list[int]:
    """`count` clients of `project` with care cases paid by `funding_body`, an approval each
    (mostly running) and `per_week` activities a week over the last year; returns case ids."""
    rng = random.Random(seed)
    with db.atomic():
        participation_ids = _participations(project, _persons(project, count, rng))
        cases = [{"participation": pid, "funding_body": funding_body.id,
                  "billing": "not_hour_based" if index % 40 == 39 else "approved_hours",
                  "start": today - dt.timedelta(days=400), "created_at": dt.datetime.now()}
                 for index, pid in enumerate(participation_ids)]
        _insert(CareCase, cases)
        case_ids = list(_ids(CareCase, CareCase.participation, participation_ids).values())
        approvals, activities = [], []
        for case_id in case_ids:
            approvals += _approval(case_id, today, rng)
            activities += _activities(case_id, today, per_week, rng)
            if len(activities) > 20 * BATCH:
                _insert(Activity, activities)
                activities = []
        _insert(ApprovalPeriod, approvals)
        _insert(Activity, activities)
    return case_ids


REQUEST_STATUSES = ("submitted", "approved", "approved", "ended", "rework", "rejected",
                    "in_progress")


def bulk_people(projects, funding_bodies, count: int, today: dt.date, requests_each: int = 2,
                history_each: int = 4, seed: int = 11) -> dict:
    """`count` persons spread over `projects`, a participation each, `requests_each` requests
    and delivered hours per participation, and `history_each` history entries per
    participation (one in four a message): volume for the benchmark, in batches, without the
    per-record history the CLI seed writes. Returns {table: rows}."""
    rng = random.Random(seed)
    made = {}
    with db.atomic():
        participation_ids = []
        for index, project in enumerate(projects):
            share = count // len(projects) + (1 if index < count % len(projects) else 0)
            participation_ids += _participations(project, _persons(project, share, rng))
        made["person"] = made["participation"] = len(participation_ids)
        requests, hours, entries = [], [], []
        now = dt.datetime.now()
        for pid in participation_ids:
            for number in range(requests_each):
                start = today - dt.timedelta(days=rng.randrange(30, 700))
                requests.append({
                    "participation": pid, "funding_body": rng.choice(funding_bodies).id,
                    "status": rng.choice(REQUEST_STATUSES), "approval_start": start,
                    "planned_end": start + dt.timedelta(days=364), "reason": "employment",
                    "delivery_model": "employer", "hours_per_week": Decimal(5 + number),
                    "created_at": now})
                hours.append({"participation": pid, "period_start": start,
                              "period_end": start + dt.timedelta(days=30),
                              "hours": Decimal(rng.randrange(4, 80)), "created_at": now})
            for number in range(history_each):
                message = number % 4 == 3
                entries.append({
                    "kind": "message" if message else "system", "relation": "participation",
                    "record_id": pid, "record_label": f"#{pid}",
                    "event": None if message else "updated", "created_at": now,
                    "details": "{}", "message": "Rückfrage zum Antrag" if message else None,
                    "participation_id": pid})
            if len(requests) > 20 * BATCH:
                _insert(AssistanceRequest, requests)
                _insert(DeliveredHours, hours)
                _insert(HistoryEntry, entries)
                made["request"] = made.get("request", 0) + len(requests)
                made["history"] = made.get("history", 0) + len(entries)
                requests, hours, entries = [], [], []
        _insert(AssistanceRequest, requests)
        _insert(DeliveredHours, hours)
        _insert(HistoryEntry, entries)
        made["request"] = made.get("request", 0) + len(requests)
        made["history"] = made.get("history", 0) + len(entries)
    return made
