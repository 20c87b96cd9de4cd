"""Demo procedures (000) and personal budgets (002): life areas, service agreements, procedures
with continuations, budgets from the first approach to the notice, checks due."""

import datetime as dt
from decimal import Decimal

from models.budgets.models import CheckOutcome
from models.budgets.operations import (
    add_partial_budget,
    conclude_goal_agreement,
    issue_decision_notice,
    record_check,
    report_partial_budget,
    schedule_check,
    start_budget,
)
from models.core.records import create_record
from models.procedures.models import LifeArea, ServiceAgreement
from models.procedures.operations import close_procedure, open_continuation, open_procedure

LIFE_AREAS = ["Wohnen", "Arbeit und Beschäftigung", "Freizeit und soziale Beziehungen",
              "Gesundheit", "Selbstversorgung und Alltag"]


def add_procedures(people, projects, bodies, users, now: dt.datetime) -> None:
    """Life areas, agreements of the first provider with the first funding body, procedures
    for persons of the first project (every second one continued once)."""
    for position, name in enumerate(LIFE_AREAS, start=1):
        create_record(LifeArea(name=name, position=position), users["admin"], now)
    create_record(ServiceAgreement(provider=projects[0].provider, funding_body=bodies[0],
                                   valid_from=dt.date(2024, 1, 1)), users["admin"], now)
    create_record(ServiceAgreement(provider=projects[2].provider, funding_body=bodies[1],
                                   valid_from=dt.date(2024, 1, 1),
                                   valid_to=dt.date(now.year + 1, 12, 31)), users["admin"], now)
    staff = users["staff"]
    mine = [person for person in people if person.project_id == projects[0].id][:10]
    for index, person in enumerate(mine):
        opened = now - dt.timedelta(days=400 - index)
        procedure = open_procedure(person, projects[0], bodies[0], staff, opened,
                                   goals="Eigene Wohnung und eine Arbeit finden")
        if index % 2 == 0:
            close_procedure(procedure, staff, opened + dt.timedelta(days=180))
            open_continuation(person, staff, opened + dt.timedelta(days=181))


def add_budgets(people, bodies, now: dt.datetime) -> None:
    """Three budgets led by the first funding body: applied, agreed, decided with checks."""
    today = now.date()
    start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
    for index, person in enumerate(people[1:4]):
        budget = start_budget(person, bodies[0], start - dt.timedelta(days=60), start, end,
                              None, now)
        partials = [add_partial_budget(budget, body, Decimal(amount), start, end, None, now,
                                       proofs="Quittungen der Assistenzkräfte",
                                       quality_rules="Qualifizierte Assistenz")
                    for body, amount in ((bodies[0], "850.00"), (bodies[2], "320.50"))]
        if index == 0:
            continue
        for partial in partials:
            report_partial_budget(partial, None, now)
        conclude_goal_agreement(budget, today, "Teilhabe am Arbeitsleben sichern", None, now)
        if index == 2:
            issue_decision_notice(budget, None, now)
            check = schedule_check(budget, today - dt.timedelta(days=7), None, now)
            record_check(check, CheckOutcome.MET, "Nachweise vollständig",
                         today + dt.timedelta(days=1), None, now)
