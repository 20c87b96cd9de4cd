"""The steps of a personal budget (002). Each takes the acting user and the time, checks, and
writes with its history entry in one transaction. The lead body's clerk (or an administrator)
acts for the budget; each funding body's clerk for its own partial budget."""

import datetime as dt
from decimal import Decimal

from peewee import fn

from models.budgets.models import (
    BudgetCheck,
    BudgetStatus,
    CheckOutcome,
    PartialBudget,
    PersonalBudget,
)
from models.core.base import db
from models.core.errors import DomainError, NotPermitted, ValidationError
from models.core.history import Event, Kind, field_changes, record_history
from models.core.records import ChangedMeanwhile, create_record
from models.core.roles import Role
from models.core.text import N_


class NoticeRefused(DomainError):
    """The decision notice cannot be issued yet; `missing` lists every missing condition as
    (msgid, params) at once."""

    def __init__(self, missing: list[tuple[str, dict]]):
        super().__init__(N_("The decision notice cannot be issued yet."))
        self.missing = missing


def acts_for(actor, funding_body_id) -> bool:
    """True when `actor` acts for the funding body: its clerk, an administrator, the system."""
    if actor is None or actor.role == Role.ADMIN:
        return True
    return actor.role == Role.CLERK and actor.funding_body_id == funding_body_id


def _require_lead(budget, actor) -> None:
    if not acts_for(actor, budget.lead_body_id):
        raise NotPermitted(N_("Only the lead body acts for the whole budget."))


def total_per_month(budget) -> Decimal:
    """The budget per month: the sum of its partial budgets, computed."""
    total = (PartialBudget.select(fn.SUM(PartialBudget.amount_per_month))
             .where(PartialBudget.budget == budget).scalar())
    return Decimal(total or 0).quantize(Decimal("0.01"))


def totals_per_month(budget_ids) -> dict:
    """{budget id: total per month} for many budgets in one query (lists)."""
    rows = (PartialBudget.select(PartialBudget.budget, fn.SUM(PartialBudget.amount_per_month))
            .where(PartialBudget.budget.in_(list(budget_ids))).group_by(PartialBudget.budget)
            .tuples())
    totals = {budget_id: Decimal(0).quantize(Decimal("0.01")) for budget_id in budget_ids}
    totals.update({budget_id: Decimal(total or 0).quantize(Decimal("0.01"))
                   for budget_id, total in rows})
    return totals


def start_budget(person, lead_body, first_approach: dt.date, valid_from: dt.date,
                 valid_to: dt.date, actor, now: dt.datetime) -> PersonalBudget:
    """Record a budget at the first approach: the body approached first becomes the lead body
    (its clerk records it). A person has one budget in application or running at a time with
    one lead body: a second lead body is refused."""
    if not acts_for(actor, getattr(lead_body, "id", lead_body)):
        raise NotPermitted(N_("Only the funding body approached first records the budget."))
    existing = (PersonalBudget.select().where((PersonalBudget.person == person)
                                              & (PersonalBudget.valid_to >= valid_from)
                                              & (PersonalBudget.valid_from <= valid_to)).first())
    if existing is not None:
        raise ValidationError({"lead_body": N_(
            "This person has a budget for this period already; its lead body is fixed.")})
    budget = PersonalBudget(person=person, lead_body=lead_body, first_approach=first_approach,
                            valid_from=valid_from, valid_to=valid_to)
    return create_record(budget, actor, now)


def add_partial_budget(budget, funding_body, amount_per_month, valid_from, valid_to, actor,
                       now: dt.datetime, proofs=None, quality_rules=None) -> PartialBudget:
    """A participating funding body determines its partial budget (its clerk records it)."""
    if not acts_for(actor, getattr(funding_body, "id", funding_body)):
        raise NotPermitted(N_("Only the funding body itself records its partial budget."))
    if budget.status == BudgetStatus.DECIDED:
        raise DomainError(N_("The decision notice is issued: the budget is fixed."))
    partial = PartialBudget(budget=budget, funding_body=funding_body,
                            amount_per_month=amount_per_month, valid_from=valid_from,
                            valid_to=valid_to, proofs=proofs, quality_rules=quality_rules)
    return create_record(partial, actor, now)


def _step(instance, values: dict, actor, now, kind=Kind.STATUS):
    """Write `values` if the row still has the version read; history entry in the same
    transaction."""
    model = type(instance)
    values = {**values, "version": instance.version + 1}
    with db.atomic():
        updated = (model.update(**values).where((model.id == instance.id)
                                                & (model.version == instance.version))
                   .execute())
        if updated != 1:
            raise ChangedMeanwhile(instance)
        old = dict(instance.__data__)
        for name, value in values.items():
            setattr(instance, name, value)
        entry = record_history(instance, actor, now, Event.UPDATED,
                               field_changes(instance, old), kind=kind)
        if "status" in values:
            entry.status = values["status"]
            entry.save()
    return instance


def report_partial_budget(partial, actor, now: dt.datetime) -> PartialBudget:
    """The funding body reports amount, proofs and quality rules to the lead body."""
    if not acts_for(actor, partial.funding_body_id):
        raise NotPermitted(N_("Only the funding body itself reports its partial budget."))
    if partial.reported_on is not None:
        raise DomainError(N_("This partial budget is reported already."))
    return _step(partial, {"reported_on": now.date()}, actor, now)


def conclude_goal_agreement(budget, agreement_date: dt.date, goals: str, actor,
                            now: dt.datetime) -> PersonalBudget:
    """The lead body concludes the goal agreement with the budget holder."""
    _require_lead(budget, actor)
    errors = {}
    if agreement_date is None:
        errors["agreement_date"] = N_("Please enter a date.")
    elif agreement_date > now.date():
        errors["agreement_date"] = N_("The date cannot lie in the future.")
    if not (goals or "").strip():
        errors["agreement_goals"] = N_("Please enter the agreed goals.")
    if errors:
        raise ValidationError(errors)
    if budget.status != BudgetStatus.APPLIED:
        raise DomainError(N_("The goal agreement is concluded already."))
    return _step(budget, {"agreement_date": agreement_date, "agreement_goals": goals.strip(),
                          "status": BudgetStatus.AGREED}, actor, now)


def missing_for_notice(budget) -> list[tuple[str, dict]]:
    """Every condition of the decision notice that is not met yet, as (msgid, params)."""
    missing = []
    if budget.agreement_date is None:
        missing.append((N_("The goal agreement is not concluded."), {}))
    partials = list(PartialBudget.select(PartialBudget, PartialBudget.funding_body)
                    .where(PartialBudget.budget == budget).order_by(PartialBudget.id))
    if not partials:
        missing.append((N_("No partial budget is recorded."), {}))
    for partial in partials:
        if partial.reported_on is None:
            missing.append((N_("The partial budget of %(body)s is not reported."),
                            {"body": partial.funding_body.name}))
    return missing


def issue_decision_notice(budget, actor, now: dt.datetime) -> PersonalBudget:
    """The lead body issues the decision notice for the whole budget: only once the goal
    agreement is concluded and every partial budget is reported."""
    _require_lead(budget, actor)
    if budget.status == BudgetStatus.DECIDED:
        raise DomainError(N_("The decision notice is issued already."))
    missing = missing_for_notice(budget)
    if missing:
        raise NoticeRefused(missing)
    return _step(budget, {"notice_date": now.date(), "status": BudgetStatus.DECIDED},
                 actor, now)


def schedule_check(budget, due_on: dt.date, actor, now: dt.datetime) -> BudgetCheck:
    """The lead body plans a check of the proofs, due on `due_on`."""
    _require_lead(budget, actor)
    return create_record(BudgetCheck(budget=budget, due_on=due_on), actor, now)


def record_check(check, outcome, notes, next_due_on, actor, now: dt.datetime) -> BudgetCheck:
    """Record a check (an action): its outcome and notes; with `next_due_on` the next check is
    planned in the same transaction."""
    _require_lead(check.budget, actor)
    if check.done_on is not None:
        raise DomainError(N_("This check is recorded already."))
    if outcome not in set(CheckOutcome):
        raise ValidationError({"outcome": N_("Please choose the outcome.")})
    if next_due_on is not None and next_due_on <= now.date():
        raise ValidationError({"next_due_on": N_("The next check lies in the future.")})
    with db.atomic():
        _step(check, {"done_on": now.date(), "outcome": outcome, "notes": notes}, actor, now)
        if next_due_on is not None:
            create_record(BudgetCheck(budget=check.budget, due_on=next_due_on), actor, now)
    return check


def checks_due(today: dt.date):
    """The checks not recorded whose due date is `today` or earlier ("Prüfungen fällig")."""
    return BudgetCheck.select().where(BudgetCheck.done_on.is_null()
                                      & (BudgetCheck.due_on <= today))
