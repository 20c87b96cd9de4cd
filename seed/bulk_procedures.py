"""Procedures and personal budgets in volume for the benchmark: batches, no history."""

import datetime as dt
import random
from decimal import Decimal

from models import (
    BudgetCheck,
    FundingBody,
    PartialBudget,
    Person,
    PersonalBudget,
    Procedure,
    ServiceAgreement,
    User,
    UserProject,
    db,
)
from models.people.models import Project

from .bulk import _insert


def _editors() -> dict:
    """{project id: a staff member assigned to it}, the first administrator for the rest."""
    fallback = User.select(User.id).where(User.role == "admin").order_by(User.id).first().id
    editors = {}
    for project_id, user_id in UserProject.select(UserProject.project, UserProject.user).tuples():
        editors.setdefault(project_id, user_id)
    return {project.id: editors.get(project.id, fallback) for project in Project.select()}


def _agreements(bodies, today) -> None:
    """A service agreement in force for every provider with every funding body."""
    have = set(ServiceAgreement.select(ServiceAgreement.provider, ServiceAgreement.funding_body)
               .tuples())
    rows = [{"provider": project.provider_id, "funding_body": body, "version": 0,
             "valid_from": today - dt.timedelta(days=900)}
            for project in Project.select() for body in bodies
            if (project.provider_id, body) not in have]
    unique = {(row["provider"], row["funding_body"]): row for row in rows}
    _insert(ServiceAgreement, list(unique.values()))


def bulk_procedures(today: dt.date, budget_share: int = 10, seed: int = 13) -> dict:
    """A procedure per person (half closed, continued), some budgets; returns {table: rows}."""
    rng = random.Random(seed)
    bodies = [body.id for body in FundingBody.select(FundingBody.id)]
    editors, now = _editors(), dt.datetime.now()
    # Persons of the demo data keep theirs.
    persons = list(Person.select(Person.id, Person.project)
                   .where(Person.id.not_in(Procedure.select(Procedure.person))
                          & Person.id.not_in(PersonalBudget.select(PersonalBudget.person)))
                   .tuples())
    with db.atomic():
        _agreements(bodies, today)
        first, budgets = [], []
        for index, (person_id, project_id) in enumerate(persons):
            opened = now - dt.timedelta(days=rng.randrange(400, 800))
            closed = opened + dt.timedelta(days=200) if index % 2 == 0 else None
            first.append({"person": person_id, "type": "initial", "project": project_id,
                          "funding_body": rng.choice(bodies), "editor": editors[project_id],
                          "opened": opened, "closed": closed, "version": 0,
                          "status": "closed" if closed else "open"})
            if index % budget_share == 0:
                start = dt.date(today.year, 1, 1)
                budgets.append({"person": person_id, "lead_body": rng.choice(bodies),
                                "first_approach": start - dt.timedelta(days=60), "version": 0,
                                "valid_from": start, "valid_to": dt.date(today.year, 12, 31),
                                "status": "applied"})
        _insert(Procedure, first)
        closed = (Procedure.select(Procedure.id, Procedure.person, Procedure.project,
                                   Procedure.funding_body, Procedure.editor)
                  .where(Procedure.closed.is_null(False)
                         & Procedure.person.in_([person for person, _project in persons])
                         & (Procedure.type == "initial")).tuples())
        _insert(Procedure, [{"person": person, "type": "continuation", "project": project,
                             "funding_body": body, "editor": editor, "previous": pid,
                             "opened": now - dt.timedelta(days=rng.randrange(1, 150)),
                             "version": 0, "status": "open"}
                            for pid, person, project, body, editor in closed])
        _insert(PersonalBudget, budgets)
        partials, checks = [], []
        for budget_id, lead, start, end in PersonalBudget.select(
                PersonalBudget.id, PersonalBudget.lead_body, PersonalBudget.valid_from,
                PersonalBudget.valid_to).where(PersonalBudget.id.not_in(
                    PartialBudget.select(PartialBudget.budget))).tuples():
            other = rng.choice([body for body in bodies if body != lead] or [lead])
            for body in dict.fromkeys((lead, other)):
                partials.append({"budget": budget_id, "funding_body": body, "version": 0,
                                 "amount_per_month": Decimal(rng.randrange(200, 2000)),
                                 "valid_from": start, "valid_to": end})
            checks.append({"budget": budget_id, "version": 0,
                           "due_on": today + dt.timedelta(days=rng.randrange(-60, 120))})
        _insert(PartialBudget, partials)
        _insert(BudgetCheck, checks)
    return {"procedure": Procedure.select().count(), "personal_budget": len(budgets),
            "partial_budget": len(partials), "budget_check": len(checks)}
