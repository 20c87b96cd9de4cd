"""The steps of a personal budget in the browser (002): each form calls its domain function;
bad input gets a German message and changes nothing, not even the history."""

import datetime as dt

import pytest

from models import HistoryEntry, PartialBudget, PersonalBudget
from models.budgets.models import BudgetCheck, BudgetStatus
from models.budgets.operations import conclude_goal_agreement, schedule_check
from models.core import clock
from seed.factories import (
    NOW,
    make_budget,
    make_funding_body,
    make_partial_budget,
    make_person,
    make_user,
)
from tests.conftest import login


def _german(day: dt.date) -> str:
    return day.strftime("%d.%m.%Y")


def _state():
    """What a refused step must leave as it was."""
    return (PersonalBudget.select().count(), PartialBudget.select().count(),
            BudgetCheck.select().count(), HistoryEntry.select().count(),
            [(b.status, b.version) for b in PersonalBudget.select().order_by(PersonalBudget.id)])


@pytest.fixture
def admin(client):
    user = make_user(role="admin")
    login(client, user)
    return user


def test_the_first_approach_records_the_budget_with_its_lead_body(app, client, admin):
    person, body = make_person(), make_funding_body()
    response = client.post(f"/admin/personal_budget/start/?person={person.id}", data={
        "lead_body": body.id, "first_approach": "03.11.2025", "valid_from": "01.01.2026",
        "valid_to": "31.12.2026"})
    budget = PersonalBudget.get()
    assert response.status_code == 302
    assert (budget.person_id, budget.lead_body_id, budget.first_approach) == (
        person.id, body.id, dt.date(2025, 11, 3))


def test_the_first_approach_needs_a_person_the_user_sees(app, client):
    clerk = make_user(role="clerk", funding_body=make_funding_body())
    login(client, clerk)
    # A clerk sees persons with requests to their body only.
    page = client.get(f"/admin/personal_budget/start/?person={make_person().id}")
    assert page.status_code == 404


def test_a_partial_budget_is_added_and_the_total_computed(app, client, admin):
    budget = make_budget()
    make_partial_budget(budget, amount="1000.00")
    body = make_funding_body()
    client.post(f"/admin/personal_budget/partial/?id={budget.id}", data={
        "funding_body": body.id, "amount_per_month": "234,50",
        "valid_from": _german(budget.valid_from), "valid_to": _german(budget.valid_to)})
    page = client.get(f"/admin/personal_budget/details/?id={budget.id}").get_data(as_text=True)
    assert "234,50 €" in page
    list_page = client.get("/admin/personal_budget/").get_data(as_text=True)
    assert "1.234,50 €" in list_page


@pytest.mark.parametrize(("amount", "valid_from", "message"), [
    ("-5", "01.01.2026", "größer als null"),
    ("0", "01.01.2026", "größer als null"),
    ("zwölf", "01.01.2026", "Bitte geben Sie eine Zahl ein"),
    ("100", "01.12.2025", "innerhalb des Budgetzeitraums"),
])
def test_a_bad_partial_budget_is_refused_in_german(app, client, admin, amount, valid_from,
                                                    message):
    budget, body = make_budget(), make_funding_body()
    before = _state()
    page = client.post(f"/admin/personal_budget/partial/?id={budget.id}", data={
        "funding_body": body.id, "amount_per_month": amount,
        "valid_from": valid_from, "valid_to": "31.12.2026"}).get_data(as_text=True)
    assert message in page
    assert _state() == before


def test_a_second_lead_body_is_refused(app, client, admin):
    budget, body = make_budget(), make_funding_body()
    before = _state()
    page = client.post(f"/admin/personal_budget/start/?person={budget.person_id}", data={
        "lead_body": body.id, "first_approach": "03.11.2025",
        "valid_from": "01.06.2026", "valid_to": "31.12.2026"}).get_data(as_text=True)
    assert "sein Beauftragter steht fest" in page
    assert _state() == before


def test_a_partial_budget_is_reported_by_its_button(app, client, admin):
    partial = make_partial_budget()
    client.post("/admin/personal_budget/report/", data={"partial": partial.id})
    assert PartialBudget.get_by_id(partial.id).reported_on == clock.today()


def test_the_goal_agreement_is_concluded_by_its_form(app, client, admin):
    budget = make_budget()
    client.post(f"/admin/personal_budget/agreement/?id={budget.id}", data={
        "version": budget.version, "agreement_date": _german(clock.today()),
        "agreement_goals": "Selbstständig wohnen"})
    row = PersonalBudget.get_by_id(budget.id)
    assert (row.status, row.agreement_goals) == (BudgetStatus.AGREED, "Selbstständig wohnen")


def test_a_goal_agreement_from_a_stale_page_is_refused(app, client, admin):
    budget = make_budget()
    PersonalBudget.update(version=budget.version + 1).where(
        PersonalBudget.id == budget.id).execute()
    before = _state()
    page = client.post(f"/admin/personal_budget/agreement/?id={budget.id}", data={
        "version": budget.version, "agreement_date": _german(clock.today()),
        "agreement_goals": "Selbstständig wohnen"}).get_data(as_text=True)
    assert "inzwischen" in page
    assert _state() == before


def test_a_notice_without_goal_agreement_lists_every_missing_condition(app, client, admin):
    budget = make_budget()
    partial = make_partial_budget(budget)
    before = _state()
    page = client.post("/admin/personal_budget/notice/", data={
        "id": budget.id, "version": budget.version}, follow_redirects=True).get_data(
        as_text=True)
    assert "Zielvereinbarung ist nicht abgeschlossen" in page
    assert f"Teilbudget von {partial.funding_body.name} ist nicht gemeldet" in page
    assert _state() == before


def test_the_notice_is_issued_once_everything_is_there(app, client, admin):
    budget = make_budget()
    make_partial_budget(budget, reported=True)
    conclude_goal_agreement(budget, NOW.date(), "Ziele", None, NOW)
    client.post("/admin/personal_budget/notice/", data={"id": budget.id,
                                                        "version": budget.version})
    assert PersonalBudget.get_by_id(budget.id).status == BudgetStatus.DECIDED


def test_a_check_is_recorded_with_the_next_one_planned(app, client, admin):
    budget = make_budget()
    check = schedule_check(budget, NOW.date(), None, NOW)
    later = clock.today() + dt.timedelta(days=180)
    client.post(f"/admin/personal_budget/check/?check={check.id}", data={
        "version": check.version, "outcome": "met", "notes": "Belege vollständig",
        "next_due_on": _german(later)})
    assert BudgetCheck.get_by_id(check.id).outcome == "met"
    assert BudgetCheck.select().where(BudgetCheck.due_on == later).exists()


def test_a_check_is_planned_by_its_form(app, client, admin):
    budget = make_budget()
    client.post(f"/admin/personal_budget/schedule/?id={budget.id}",
                data={"due_on": "01.03.2027"})
    assert BudgetCheck.get().due_on == dt.date(2027, 3, 1)


@pytest.mark.parametrize("role", ["staff_read", "staff_write", "project_lead", "statistics"])
def test_roles_outside_the_funding_side_take_no_step(app, client, role):
    budget = make_budget()
    login(client, make_user(role=role, projects=[budget.person.project]
                            if role.startswith(("staff", "project")) else []))
    response = client.post(f"/admin/personal_budget/schedule/?id={budget.id}",
                           data={"due_on": "01.03.2027"})
    assert response.status_code == 403
    assert not BudgetCheck.select().exists()
