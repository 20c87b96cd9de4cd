"""The start page's figures: per month, per status, per contingent level; each scoped to the
user (a clerk sees their body's figures, staff their projects'), constant in queries."""

import datetime as dt
from decimal import Decimal

import pytest
from playhouse.test_utils import count_queries

from models.care.balances import Balancing
from models.charts.figures import (
    MonthHours,
    contingent_use,
    hours_per_month,
    last_months,
    requests_by_status,
)
from models.requests.models import Status
from seed.factories import (
    make_activity,
    make_billing_rules,
    make_care_case,
    make_delivered_hours,
    make_funding_body,
    make_participation,
    make_request,
    make_user,
)

TODAY = dt.date(2025, 3, 15)
D = Decimal


@pytest.fixture
def world(app, project, other_project):
    body, other_body = make_funding_body(), make_funding_body()
    return {
        "project": project, "other_project": other_project, "body": body,
        "other_body": other_body,
        "staff": make_user(role="staff_write", projects=[project]),
        "foreign_staff": make_user(role="staff_write", projects=[other_project]),
        "clerk": make_user(role="clerk", funding_body=body),
        "other_clerk": make_user(role="clerk", funding_body=other_body),
        "statistics": make_user(role="statistics"),
        "admin": make_user(role="admin"),
        "participation": make_participation(project=project),
    }


def _approved(participation, body, **fields):
    data = {"approval_start": dt.date(2025, 1, 1), "hours_per_week": D(7)}
    data.update(fields)
    return make_request(participation, body, status=Status.APPROVED, **data)


def _by_month(figures):
    return {figure.month: figure for figure in figures}


def test_last_months_are_twelve_calendar_months_up_to_today():
    months = last_months(TODAY)
    assert len(months) == 12
    assert months[0] == dt.date(2024, 4, 1)
    assert months[-1] == dt.date(2025, 3, 1)


@pytest.mark.parametrize(
    ("month", "approved", "delivered"),
    [(dt.date(2024, 12, 1), "0.00", "0.00"),
     (dt.date(2025, 1, 1), "31.00", "71.00"),     # 31 days × 7 h ÷ 7; 40 h + 31 of 59 h
     (dt.date(2025, 2, 1), "28.00", "28.00"),     # 28 of the 59 h of the entry over two months
     (dt.date(2025, 3, 1), "31.00", "0.00")],     # the current month whole
)
def test_hours_per_month(world, month, approved, delivered):
    _approved(world["participation"], world["body"])
    make_delivered_hours(world["participation"])
    # One entry per participation and period: the two-month entry is another client's.
    make_delivered_hours(make_participation(project=world["project"]),
                         period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 2, 28),
                         hours=D(59))
    figure = _by_month(hours_per_month(world["staff"], TODAY))[month]
    assert figure == MonthHours(month, D(approved), D(delivered))


def test_requests_not_approved_count_no_hours(world):
    for status in (Status.IN_PROGRESS, Status.SUBMITTED, Status.REWORK, Status.REJECTED):
        make_request(world["participation"], world["body"], status=status,
                     approval_start=dt.date(2025, 1, 1))
    assert all(figure.approved == 0 for figure in hours_per_month(world["admin"], TODAY))


def test_equal_requests_count_each(world):
    for _ in range(3):
        _approved(world["participation"], world["body"])
    assert _by_month(hours_per_month(world["staff"], TODAY))[dt.date(2025, 1, 1)].approved \
        == D("93.00")


@pytest.mark.parametrize(
    ("actor", "january"),
    [("staff", "62.00"), ("foreign_staff", "31.00"), ("clerk", "62.00"),
     ("other_clerk", "0.00"), ("statistics", "93.00"), ("admin", "93.00")],
)
def test_approved_hours_are_scoped_to_the_user(world, actor, january):
    _approved(world["participation"], world["body"])
    _approved(make_participation(project=world["project"]), make_funding_body())
    _approved(make_participation(project=world["other_project"]), world["body"])
    figure = _by_month(hours_per_month(world[actor], TODAY))[dt.date(2025, 1, 1)]
    assert figure.approved == D(january)


@pytest.mark.parametrize(("actor", "seen"), [("staff", True), ("foreign_staff", False),
                                             ("clerk", True), ("other_clerk", False),
                                             ("statistics", True)])
def test_delivered_hours_are_scoped_to_the_user(world, actor, seen):
    _approved(world["participation"], world["body"])
    make_delivered_hours(world["participation"])
    figure = _by_month(hours_per_month(world[actor], TODAY))[dt.date(2025, 1, 1)]
    assert figure.delivered == (D(40) if seen else 0)


def test_hours_per_month_runs_the_same_queries_for_many_rows(world):
    _approved(world["participation"], world["body"])
    make_delivered_hours(world["participation"])
    with count_queries() as few:
        hours_per_month(world["staff"], TODAY)
    for index in range(8):
        participation = make_participation(project=world["project"])
        _approved(participation, world["body"], hours_per_week=D(index + 1))
        make_delivered_hours(participation, hours=D(index + 10))
    with count_queries() as many:
        hours_per_month(world["staff"], TODAY)
    assert many.count == few.count


@pytest.mark.parametrize(
    ("actor", "submitted", "approved"),
    [("staff", 1, 2), ("foreign_staff", 0, 1), ("clerk", 1, 2), ("other_clerk", 0, 1),
     ("statistics", 1, 3), ("admin", 1, 3)],
)
def test_requests_by_status_are_scoped_to_the_user(world, actor, submitted, approved):
    make_request(world["participation"], world["body"], status=Status.SUBMITTED)
    make_request(world["participation"], world["body"])            # a draft: staff only
    _approved(world["participation"], world["body"])
    _approved(world["participation"], world["body"])
    _approved(make_participation(project=world["other_project"]), world["other_body"])
    counts = dict(requests_by_status(world[actor], TODAY))
    assert counts[Status.SUBMITTED] == submitted
    assert counts[Status.APPROVED] == approved
    assert list(counts) == list(Status)


@pytest.fixture
def contingent_cases(world):
    for body, project in ((world["body"], world["project"]),
                          (world["other_body"], world["other_project"])):
        make_billing_rules(body, balancing_period=Balancing.YEAR, contingent_socio=D(1050),
                           contingent_low=D(400))
        case = make_care_case(make_participation(project=project), body, billing="contingent",
                              start=dt.date(2025, 1, 1))
        make_activity(case, day=dt.date(2025, 2, 3), minutes=120)
    return world


@pytest.mark.parametrize(("actor", "pairs"), [
    ("staff", {"project"}), ("foreign_staff", {"other_project"}), ("clerk", {"project"}),
    ("other_clerk", {"other_project"}), ("statistics", {"project", "other_project"})])
def test_contingents_are_scoped_to_the_user(contingent_cases, actor, pairs):
    world = contingent_cases
    figures = contingent_use(world[actor], TODAY)
    assert {figure.project.id for figure in figures} == {world[key].id for key in pairs}
    socio = [figure for figure in figures if figure.level == "socio"]
    assert all(figure.used == D("2.00") for figure in socio)
    # Linear pace: 1 050 h × (2 + 15/31) ÷ 12 by 15 March.
    assert all(figure.pace == D("217.34") for figure in socio)
