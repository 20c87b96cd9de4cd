"""Demo data for hours: delivered-hours entries, billing rules, care cases with approval
periods and a year of activities, so that `make run` shows balances, marks and contingents."""

import datetime as dt
import random
from decimal import Decimal

from models import AssistanceRequest, Participation
from models.hours.arithmetic import approved_hours_in_period, month_bounds
from models.requests.models import VALID_FOR_HOURS

from .factories import (
    make_activity,
    make_approval_period,
    make_billing_rules,
    make_care_case,
    make_delivered_hours,
    make_funding_body,
)

KINDS = {"socio": ["counselling", "counselling", "home_visit", "accompaniment", "crisis",
                   "case_conference", "documentation", "group"],
         "low": ["everyday", "leisure", "shopping", "phone", "low_group"]}
TOPICS = {"socio": ["housing", "money", "health", "work", "authorities", "relationships"],
          "low": ["household", "free_time", "mobility", "supplies", "contacts"]}
INDIRECT_KINDS = {"case_conference", "documentation"}
GROUP_KINDS = {"group", "low_group"}


def _quarters(start: dt.date, until: dt.date):
    """(first, last day) of each quarter from `start`'s up to the last one ending by `until`."""
    first = dt.date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while True:
        last = month_bounds(dt.date(first.year, first.month + 2, 1))[1]
        if last > until:
            return
        yield max(first, start), last
        first = last + dt.timedelta(days=1)


def add_delivered_hours(until: dt.date) -> int:
    """Quarterly entries for every participation with an approved or ended request."""
    count = 0
    requests = (AssistanceRequest.select()
                .where(AssistanceRequest.status.in_(sorted(VALID_FOR_HOURS)))
                .order_by(AssistanceRequest.id))
    for request in requests:
        last_day = min(until, request.actual_end or until)
        for first, last in _quarters(request.approval_start, last_day):
            approved = approved_hours_in_period(request.hours_per_week, request.approval_start,
                                                request.actual_end, first, last)
            share = Decimal(random.choice(["0.8", "0.9", "0.95", "1", "1.05"]))  # noqa: S311
            make_delivered_hours(request.participation, period_start=first, period_end=last,
                                 hours=approved * share)
            count += 1
    return count


def _approvals(case, today: dt.date, shape: str) -> None:
    """Approval periods of a demo case in one of the shapes the client list marks."""
    hours = Decimal(random.choice(["2.5", "3", "4", "5", "6"]))  # noqa: S311
    year_ago = today - dt.timedelta(days=random.randrange(60, 300))  # noqa: S311
    if shape == "none":
        return
    if shape == "running":
        make_approval_period(case, start=year_ago - dt.timedelta(days=365),
                             end=year_ago - dt.timedelta(days=1), hours=hours)
        make_approval_period(case, start=year_ago, end=year_ago + dt.timedelta(days=364),
                             hours=hours)
    elif shape == "expired":
        make_approval_period(case, start=today - dt.timedelta(days=400),
                             end=today - dt.timedelta(days=35), hours=hours)
    elif shape == "extension":
        end = today - dt.timedelta(days=20)
        make_approval_period(case, start=end - dt.timedelta(days=364), end=end, hours=hours,
                             extension_requested_on=end - dt.timedelta(days=30))
    elif shape == "no_hours":
        make_approval_period(case, start=year_ago, end=year_ago + dt.timedelta(days=364),
                             hours=None)


def _activities(case, today: dt.date, weeks: int) -> None:
    """One or two activities a week over the last `weeks` weeks."""
    for week in range(weeks):
        monday = today - dt.timedelta(days=today.weekday() + 7 * week)
        for _ in range(random.choice([1, 1, 2])):  # noqa: S311
            level = "low" if random.random() < 0.25 else "socio"  # noqa: S311
            kind = random.choice(KINDS[level])  # noqa: S311
            make_activity(
                case, day=min(today, monday + dt.timedelta(days=random.randrange(5))),  # noqa: S311
                minutes=random.choice([30, 45, 60, 60, 90, 120]),  # noqa: S311
                level=level, kind=kind, topic=random.choice(TOPICS[level]),  # noqa: S311
                mode="indirect" if kind in INDIRECT_KINDS else "direct",
                group_size=random.choice([3, 4, 5]) if kind in GROUP_KINDS else 1,  # noqa: S311
                absence=random.random() < 0.05)  # noqa: S311


SHAPES = ["running"] * 7 + ["expired", "extension", "no_hours", "none"]


def add_care(project, today: dt.date) -> int:
    """Funding bodies with billing rules, and a care case for each participant of `project`."""
    bochum = make_funding_body("Stadt Bochum – Amt für Soziales", kind="Kommune", city="Bochum")
    make_billing_rules(bochum, balancing_period="quarter", basis="week",
                       weeks_per_month=Decimal("4.33"), indirect_share=Decimal(50),
                       absence_share=Decimal(50), absence_cap=Decimal(2))
    verden = make_funding_body("Landkreis Verden – Sozialamt", kind="Kommune", city="Verden")
    make_billing_rules(verden, balancing_period="year", basis="month",
                       contingent_socio=Decimal(1050), contingent_low=Decimal(400))
    lwl = make_funding_body("LWL – Eingliederungshilfe (überörtlich)", kind="überörtlicher Träger",
                            city="Münster")
    participations = Participation.select().where(Participation.project == project) \
        .order_by(Participation.id)
    count = 0
    for index, participation in enumerate(participations):
        if not participation.complete:
            continue
        if index % 10 == 9:
            make_care_case(participation, lwl, billing="not_hour_based",
                           start=today - dt.timedelta(days=500))
        elif index % 5 == 3:
            case = make_care_case(participation, verden, billing="contingent",
                                  start=dt.date(today.year - 1, 1, 1))
            _activities(case, today, 45)
        else:
            case = make_care_case(participation, bochum, start=today - dt.timedelta(days=700))
            _approvals(case, today, SHAPES[index % len(SHAPES)])
            _activities(case, today, 40)
        count += 1
    return count
