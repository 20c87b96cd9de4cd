"""The demo's persons, participations and requests, built by the factories and written in
batches (seed.batch): the same rows and history entries as one `make_*` call per row."""

import datetime as dt
import random
import secrets
from decimal import Decimal

from models import District, Person
from models.core.errors import ValidationError
from models.participations.models import eligibility_errors
from models.people.models import PSEUDONYM_ALPHABET, PSEUDONYM_LENGTH
from models.requests.models import TRANSITIONS, Status

from .batch import StatusSteps, created_changes, insert_history, insert_records
from .factories import NOW, build_participation, build_person, build_request

DEMO_DAY = NOW.date()


class _People:
    """The persons made so far, to keep the batch free of duplicates without a query each."""

    def __init__(self):
        existing = Person.select()
        self.pseudonyms = {person.pseudonym for person in existing}
        self.by_key = {}
        for person in existing:
            self._index(person)
        self.districts = {(d.country, d.postcode): d for d in District.select()}

    def _keys(self, person):
        return [("svnr", person.svnr), ("file", person.file_number),
                ("name", person.first_name_folded, person.last_name_folded, person.birth_date)]

    def _index(self, person) -> None:
        for key in self._keys(person):
            self.by_key.setdefault(key, []).append(person)

    def pseudonym(self) -> str:
        """A fresh Person ID (as models.people.models.new_pseudonym, checked in memory)."""
        while True:
            candidate = "".join(secrets.choice(PSEUDONYM_ALPHABET)
                                for _ in range(PSEUDONYM_LENGTH))
            if candidate not in self.pseudonyms:
                self.pseudonyms.add(candidate)
                return candidate

    def add(self, project, austrian, fields) -> Person | None:
        """The checked person, or None when it is the same as one made before: the duplicate
        check of Person.before_save, against the persons in memory instead of a query."""
        person = build_person(project, None, austrian, dict(fields))
        person.pseudonym = self.pseudonym()
        person.check_fields(None, None, DEMO_DAY,
                            districts=lambda country, code: self.districts.get((country, code)))
        candidates = [other for key in self._keys(person) if key[1] is not None
                      for other in self.by_key.get(key, ())]
        if person.same_as_any(candidates):
            return None
        self._index(person)
        return person


def add_people(projects, caritas, count: int, districts, named=None) -> list:
    """`count` persons over `projects` (Austrian ones at `caritas`'s), as demo.load_demo made
    them one by one with make_person, retrying a duplicate like make_person does; `named`
    gives fixed names to some ({index: {field: value}})."""
    named = named or {}
    made = _People()
    people = []
    for index in range(count):
        project = projects[index % len(projects)]
        austrian = project.provider_id == caritas.id
        fields = {"postcode": random.choice(districts)[0]} if austrian and index % 2 else {}
        fields.update(named.get(index, {}))
        for _attempt in range(5):
            person = made.add(project, austrian, fields)
            if person is not None:
                break
        else:
            raise RuntimeError("no unique fake person found")
        people.append(person)
    return insert_records(people, None, NOW)


def add_cases(people, bodies, users) -> tuple[list, list]:
    """Participations for most persons and requests in every status of the workflow;
    returns (participations, requests)."""
    when = dt.datetime(2026, 10, 1, 10, 0)
    participations, plans = [], []
    for index, person in enumerate(people):
        if index % 5 == 4:
            continue  # some persons have no participation yet
        # Valid by construction: one participation per person, eligibility data as
        # make_participation sets them; the rules without a query still run.
        participation = build_participation(person, person.project, complete=index % 7 != 3)
        errors = eligibility_errors(participation)
        if errors:
            raise ValidationError(errors)
        participations.append(participation)
        if participation.complete:
            plans.append((index, person, participation))
    insert_records(participations, None, NOW)
    requests, changes, steps = [], [], StatusSteps()
    for index, person, participation in plans:
        body = bodies[0] if person.country == "AT" else bodies[1 + index % 2]
        clerk = users["kostentr"] if body == bodies[0] else users["admin"]
        step = index % 6
        # Those that end below end with their approval period: on its planned end.
        request = build_request(participation, body,
                                approval_start=dt.date(2025, 1 + index % 12, 1),
                                planned_end=dt.date(2026, 6, 30) if step == 5 else None,
                                hours_per_week=Decimal(str(5 + (index % 8) * 2.5)),
                                reason=random.choice(["employment", "apprenticeship",
                                                      "studies"]))
        request.before_save(None, None, NOW.date())  # no queries: participation in memory
        requests.append(request)
        changes.append(created_changes(request))
        _walk(request, step, steps, users["admin"], clerk, when)
    insert_records(requests, None, NOW, changes)
    insert_history(steps.history())
    return participations, requests


def _walk(request, step, steps, admin, clerk, when) -> None:
    """The transitions demo.add_cases made through the workflow, in memory. The demo's
    actors may take each step (admin for the project, the body's clerk or admin for it); the
    TRANSITIONS table still decides where each step leads."""
    from models.participations.models import snapshot_json

    def move(action, actor, changes=None, message=None):
        target, _side = TRANSITIONS[(action, Status(request.status))]
        steps.apply(request, target, actor, when, changes, message)

    if step == 0:
        return  # stays in progress
    move("submit", admin)
    if step == 2:
        move("approve", clerk, {"snapshot": snapshot_json(request.participation)})
    elif step == 3:
        move("request_rework", clerk, message="Bitte Befund nachreichen.")
    elif step == 4:
        move("reject", clerk, message="Keine Zuständigkeit.")
    elif step == 5:
        move("approve", clerk, {"snapshot": snapshot_json(request.participation)})
        move("end", admin, {"actual_end": dt.date(2026, 6, 30), "end_reason": "period_expired",
                            "end_reason_text": None})
