"""Many commissions at once, each with contacts, results and its phase history: for the
benchmark of the commission lists (issue 12: 200 000 contacts over 20 000 commissions).

Rows are inserted in batches, without history entries: this is volume, not a record of work.
The phases, dates and contact forms are spread so that every compliance list holds rows.
"""

import datetime as dt
import random

from models import (
    Commission,
    Contact,
    ContactResult,
    ContactTask,
    PhaseChange,
    Result,
    ResultKind,
    Task,
)
from models.commissions.models import ContactForm, Phase, ServiceType

from .bulk import _ids, _insert, _persons

PHASES = (Phase.P1, Phase.P2, Phase.P3, Phase.P3, Phase.P3, Phase.P4)
FORMS = tuple(ContactForm)


def _commission_rows(project, body, person_ids, today, rng) -> list[dict]:
    rows = []
    for person_id in person_ids:
        start = today - dt.timedelta(days=rng.randrange(30, 700))
        phase = rng.choice(PHASES)
        rows.append({
            "person": person_id, "project": project.id, "funding_body": body.id,
            "service_type": rng.choice(tuple(ServiceType)).value, "start": start,
            "planned_end": start + dt.timedelta(days=rng.randrange(200, 500)),
            "phase": phase.value, "phase_since": start + dt.timedelta(days=rng.randrange(30)),
            "created_at": dt.datetime.combine(start, dt.time(8)), "version": 1})
    _insert(Commission, rows)
    return rows


def _contacts(commission_ids, per_commission, today, rng) -> list[int]:
    rows, marker = [], f"bulk-{rng.randrange(10**9)}"
    for commission_id in commission_ids:
        for index in range(per_commission):
            at = dt.datetime.combine(today - dt.timedelta(days=rng.randrange(400)),
                                     dt.time(8 + rng.randrange(9)))
            rows.append({"commission": commission_id, "at": at,
                         "form": rng.choice(FORMS).value, "keyword": f"{marker}-{index}",
                         "participants": "Klient:in, Fachberatung", "recorded_at": at,
                         "late": False, "version": 1})
    _insert(Contact, rows)
    return list(Contact.select(Contact.id).where(Contact.keyword.startswith(marker)).tuples())


def bulk_commissions(project, body, count: int, today: dt.date, contacts_each: int = 10,
                     seed: int = 0) -> int:
    """`count` persons of `project`, a commission each with `contacts_each` contacts, linked to
    one task and the commission's one result; returns the number of contacts."""
    rng = random.Random(seed)
    task = Task.get_or_create(name="Beratung (Bulk)")[0]
    kind = ResultKind.get_or_create(name="Arbeitsplatz gesichert (Bulk)")[0]
    person_ids = _persons(project, count, rng)
    _commission_rows(project, body, person_ids, today, rng)
    by_person = _ids(Commission, Commission.person, person_ids)
    commission_ids = [by_person[person_id] for person_id in person_ids]
    _insert(PhaseChange, [{"commission": cid, "from_phase": Phase.P1.value,
                           "to_phase": Phase.P2.value, "date": today, "recorded_at": today}
                          for cid in commission_ids])
    _insert(Result, [{"commission": cid, "kind": kind.id, "start": today - dt.timedelta(days=90),
                      "end": today - dt.timedelta(days=rng.randrange(80)), "invalid": False,
                      "created_at": today, "version": 1} for cid in commission_ids])
    result_of = _ids(Result, Result.commission, commission_ids)
    contacts = _contacts(commission_ids, contacts_each, today, rng)
    commission_of = _commission_of(contacts)
    _insert(ContactTask, [{"contact": cid, "task": task.id} for (cid,) in contacts])
    _insert(ContactResult, [{"contact": cid, "result": result_of[commission_of[cid]]}
                            for (cid,) in contacts])
    return len(contacts)


def _commission_of(contacts) -> dict:
    """{contact id: commission id} of the new contacts (one range query, not an IN list)."""
    ids = [cid for (cid,) in contacts]
    return dict(Contact.select(Contact.id, Contact.commission)
                .where(Contact.id.between(min(ids), max(ids))).tuples())
