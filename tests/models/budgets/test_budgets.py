"""Personal budget (002, DOMAIN H): lead body fixed once chosen, partial budgets inside the
budget's period, the total as their sum, the decision notice only after the goal agreement and
every report (listing every missing condition), checks due at chosen dates."""

import datetime as dt
from decimal import Decimal

import pytest

from models import BudgetCheck, HistoryEntry, PartialBudget, PersonalBudget
from models.budgets.models import BudgetStatus, CheckOutcome
from models.budgets.operations import (
    NoticeRefused,
    add_partial_budget,
    checks_due,
    conclude_goal_agreement,
    issue_decision_notice,
    record_check,
    report_partial_budget,
    schedule_check,
    start_budget,
    total_per_month,
    totals_per_month,
)
from models.core.errors import NotPermitted, ValidationError
from models.core.records import update_record
from seed.factories import (
    NOW,
    make_budget,
    make_funding_body,
    make_partial_budget,
    make_person,
    make_user,
)

TODAY = NOW.date()


def _history(relation):
    return HistoryEntry.select().where(HistoryEntry.relation == relation).count()


def test_the_first_approach_records_the_lead_body_with_its_history(app):
    body = make_funding_body()
    budget = start_budget(make_person(), body, dt.date(2025, 11, 3), dt.date(2026, 1, 1),
                          dt.date(2026, 12, 31), make_user(role="clerk", funding_body=body), NOW)
    assert (budget.lead_body_id, budget.first_approach, budget.status) == (
        body.id, dt.date(2025, 11, 3), BudgetStatus.APPLIED)
    assert _history("personal_budget") == 1


def test_a_second_lead_body_for_the_same_period_is_refused(app):
    budget = make_budget()
    with pytest.raises(ValidationError) as refused:
        make_budget(person=budget.person, valid_from=dt.date(2026, 6, 1))
    assert "lead_body" in refused.value.errors
    assert PersonalBudget.select().count() == 1
    assert _history("personal_budget") == 1


def test_the_lead_body_is_fixed_once_chosen(app):
    budget = make_budget()
    old = dict(budget.__data__)
    budget.lead_body = make_funding_body()
    with pytest.raises(ValidationError) as refused:
        update_record(budget, old, None, NOW)
    assert "lead_body" in refused.value.errors
    assert PersonalBudget.get_by_id(budget.id).lead_body_id == old["lead_body"]
    assert _history("personal_budget") == 1


def test_only_the_body_approached_records_the_budget(app):
    other_clerk = make_user(role="clerk")
    with pytest.raises(NotPermitted):
        make_budget(actor=other_clerk)
    assert PersonalBudget.select().count() == 0


def test_the_total_per_month_is_the_sum_of_the_partial_budgets(app):
    budget = make_budget()
    for amount in ("450.00", "120.50", "30.25"):
        make_partial_budget(budget, amount=amount)
    assert total_per_month(budget) == Decimal("600.75")
    assert totals_per_month([budget.id]) == {budget.id: Decimal("600.75")}


def test_a_budget_without_partial_budgets_totals_zero(app):
    budget = make_budget()
    assert total_per_month(budget) == Decimal("0.00")


@pytest.mark.parametrize(("amount", "valid_from", "valid_to", "field"), [
    ("-1", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "amount_per_month"),
    ("0", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "amount_per_month"),
    ("zwölf", dt.date(2026, 1, 1), dt.date(2026, 12, 31), "amount_per_month"),
    (None, dt.date(2026, 1, 1), dt.date(2026, 12, 31), "amount_per_month"),
    ("100", dt.date(2025, 12, 31), dt.date(2026, 12, 31), "valid_from"),
    ("100", dt.date(2026, 1, 1), dt.date(2027, 1, 1), "valid_from"),
    ("100", dt.date(2026, 5, 1), dt.date(2026, 4, 30), "valid_to"),
])
def test_bad_partial_budgets_are_refused_without_a_trace(app, amount, valid_from, valid_to,
                                                          field):
    budget = make_budget()
    with pytest.raises(ValidationError) as refused:
        add_partial_budget(budget, make_funding_body(), amount, valid_from, valid_to, None, NOW)
    assert field in refused.value.errors
    assert PartialBudget.select().count() == 0
    assert _history("partial_budget") == 0


def test_a_partial_budget_on_the_budgets_edges_is_accepted(app):
    budget = make_budget()
    partial = add_partial_budget(budget, make_funding_body(), "99,90", budget.valid_from,
                                 budget.valid_to, None, NOW)
    assert PartialBudget.get_by_id(partial.id).amount_per_month == Decimal("99.90")


def test_a_second_partial_budget_of_the_same_body_is_refused(app):
    partial = make_partial_budget()
    with pytest.raises(ValidationError):
        make_partial_budget(partial.budget, partial.funding_body)


def test_only_the_funding_body_itself_records_and_reports_its_partial_budget(app):
    budget, body = make_budget(), make_funding_body()
    stranger = make_user(role="clerk")
    with pytest.raises(NotPermitted):
        make_partial_budget(budget, body, actor=stranger)
    partial = make_partial_budget(budget, body, actor=make_user(role="clerk", funding_body=body))
    with pytest.raises(NotPermitted):
        report_partial_budget(partial, stranger, NOW)
    assert PartialBudget.get_by_id(partial.id).reported_on is None


@pytest.mark.parametrize(("agreed", "reports", "missing"), [
    (False, [], ["The goal agreement is not concluded.", "No partial budget is recorded."]),
    (True, [], ["No partial budget is recorded."]),
    (False, [True, False, False], ["The goal agreement is not concluded.",
                                   "The partial budget of %(body)s is not reported.",
                                   "The partial budget of %(body)s is not reported."]),
    (True, [True, False], ["The partial budget of %(body)s is not reported."]),
])
def test_the_notice_is_refused_listing_every_missing_condition(app, agreed, reports, missing):
    budget = make_budget()
    partials = [make_partial_budget(budget, reported=r) for r in reports]
    if agreed:
        conclude_goal_agreement(budget, TODAY, "Wohnen in eigener Wohnung", None, NOW)
    before = _history("personal_budget")
    with pytest.raises(NoticeRefused) as refused:
        issue_decision_notice(budget, None, NOW)
    assert [msgid for msgid, _params in refused.value.missing] == missing
    unreported = [p.funding_body.name for p, r in zip(partials, reports, strict=True) if not r]
    assert [params["body"] for _m, params in refused.value.missing if params] == unreported
    stored = PersonalBudget.get_by_id(budget.id)
    assert (stored.status, stored.notice_date) != (BudgetStatus.DECIDED, TODAY)
    assert stored.notice_date is None
    assert _history("personal_budget") == before


def test_the_notice_is_issued_after_the_agreement_and_every_report(app):
    budget = make_budget()
    make_partial_budget(budget, reported=True)
    make_partial_budget(budget, reported=True)
    conclude_goal_agreement(budget, TODAY, "Arbeit", None, NOW)
    issue_decision_notice(budget, None, NOW)
    stored = PersonalBudget.get_by_id(budget.id)
    assert (stored.status, stored.notice_date) == (BudgetStatus.DECIDED, TODAY)
    assert HistoryEntry.select().where(HistoryEntry.relation == "personal_budget",
                                       HistoryEntry.status == BudgetStatus.DECIDED).count() == 1


@pytest.mark.parametrize("step", ["agreement", "notice", "check"])
def test_only_the_lead_body_acts_for_the_whole_budget(app, step):
    budget = make_budget()
    stranger = make_user(role="clerk")
    with pytest.raises(NotPermitted):
        if step == "agreement":
            conclude_goal_agreement(budget, TODAY, "Ziele", stranger, NOW)
        elif step == "notice":
            issue_decision_notice(budget, stranger, NOW)
        else:
            schedule_check(budget, TODAY, stranger, NOW)


@pytest.mark.parametrize(("goals", "date", "field"), [
    ("", dt.date(2026, 10, 1), "agreement_goals"),
    ("Ziele", None, "agreement_date"),
    ("Ziele", dt.date(2026, 11, 2), "agreement_date"),
])
def test_a_goal_agreement_needs_goals_and_a_past_date(app, goals, date, field):
    budget = make_budget()
    with pytest.raises(ValidationError) as refused:
        conclude_goal_agreement(budget, date, goals, None, NOW)
    assert field in refused.value.errors
    assert PersonalBudget.get_by_id(budget.id).agreement_date is None


@pytest.mark.parametrize(("due_on", "today", "due"), [
    (dt.date(2026, 11, 1), dt.date(2026, 10, 31), False),
    (dt.date(2026, 11, 1), dt.date(2026, 11, 1), True),
    (dt.date(2026, 11, 1), dt.date(2027, 1, 1), True),
])
def test_checks_are_due_from_their_due_date(app, due_on, today, due):
    check = schedule_check(make_budget(), due_on, None, NOW)
    assert (check.id in [c.id for c in checks_due(today)]) is due


def test_recording_a_check_plans_the_next_and_is_no_longer_due(app):
    check = schedule_check(make_budget(), TODAY, None, NOW)
    record_check(check, CheckOutcome.MET, "Nachweise vollständig", dt.date(2027, 5, 1), None,
                 NOW)
    assert [c.due_on for c in checks_due(dt.date(2027, 5, 1))] == [dt.date(2027, 5, 1)]
    stored = BudgetCheck.get_by_id(check.id)
    assert (stored.done_on, stored.outcome) == (TODAY, CheckOutcome.MET)
    assert _history("budget_check") == 3  # planned, recorded, next planned


def test_a_check_without_outcome_is_refused(app):
    check = schedule_check(make_budget(), TODAY, None, NOW)
    with pytest.raises(ValidationError):
        record_check(check, None, "", None, None, NOW)
    assert BudgetCheck.get_by_id(check.id).done_on is None
