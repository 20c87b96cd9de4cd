"""Demo data for hours: delivered-hours entries, billing rules, care cases with approval
periods and a year of activities, so that `make run` shows balances, marks and contingents.
Built by the factories, written in batches (seed.batch) with their history entries."""

import datetime as dt
import random
from decimal import Decimal

from models.hours.arithmetic import approved_hours_in_period, month_bounds, round_quarter
from models.requests.models import VALID_FOR_HOURS

from .batch import insert_records
from .factories import (
    NOW,
    build_activity,
    build_approval_period,
    build_care_case,
    build_delivered_hours,
    make_billing_rules,
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


def add_delivered_hours(requests, until: dt.date) -> int:
    """Quarterly entries for every participation with an approved or ended request of
    `requests` (the demo's, in the order of their ids)."""
    entries = []
    for request in requests:
        if request.status not in VALID_FOR_HOURS:
            continue
        last_day = min(until, request.actual_end or until)
        for first, last in _quarters(request.approval_start, last_day):
            approved = approved_hours_in_period(request.hours_per_week, request.approval_start,
                                                request.actual_end, first, last)
            share = Decimal(random.choice(["0.8", "0.9", "0.95", "1", "1.05"]))  # noqa: S311
            entry = build_delivered_hours(request.participation, period_start=first,
                                          period_end=last, hours=approved * share)
            # Valid by construction, so DeliveredHours.before_save's overlap query is left
            # out: whole quarters of one request, and a participation has one request here.
            entry.hours = round_quarter(entry.hours)
            entries.append(entry)
    insert_records(entries, None, NOW)
    return len(entries)


def _approvals(case, today: dt.date, shape: str, rows: list) -> None:
    """Approval periods of a demo case in one of the shapes the client list marks. Valid by
    construction (dates in order, at most two periods back to back), so ApprovalPeriod's
    overlap query is left out."""
    hours = Decimal(random.choice(["2.5", "3", "4", "5", "6"]))  # noqa: S311
    year_ago = today - dt.timedelta(days=random.randrange(60, 300))  # noqa: S311
    if shape == "none":
        return
    if shape == "running":
        rows.append(build_approval_period(case, start=year_ago - dt.timedelta(days=365),
                                          end=year_ago - dt.timedelta(days=1), hours=hours))
        rows.append(build_approval_period(case, start=year_ago,
                                          end=year_ago + dt.timedelta(days=364), hours=hours))
    elif shape == "expired":
        rows.append(build_approval_period(case, start=today - dt.timedelta(days=400),
                                          end=today - dt.timedelta(days=35), hours=hours))
    elif shape == "extension":
        end = today - dt.timedelta(days=20)
        rows.append(build_approval_period(case, start=end - dt.timedelta(days=364), end=end,
                                          hours=hours,
                                          extension_requested_on=end - dt.timedelta(days=30)))
    elif shape == "no_hours":
        rows.append(build_approval_period(case, start=year_ago,
                                          end=year_ago + dt.timedelta(days=364), hours=None))


def _activities(case, today: dt.date, weeks: int, rows: list) -> None:
    """One or two activities a week over the last `weeks` weeks."""
    for week in range(weeks):
        monday = today - dt.timedelta(days=today.weekday() + 7 * week)
        for _ in range(random.choice([1, 1, 2])):  # noqa: S311
            level = "low" if random.random() < 0.25 else "socio"  # noqa: S311
            kind = random.choice(KINDS[level])  # noqa: S311
            activity = build_activity(
                case, day=min(today, monday + dt.timedelta(days=random.randrange(5))),  # noqa: S311
                minutes=random.choice([30, 45, 60, 60, 90, 120]),  # noqa: S311
                level=level, kind=kind, topic=random.choice(TOPICS[level]),  # noqa: S311
                mode="indirect" if kind in INDIRECT_KINDS else "direct",
                group_size=random.choice([3, 4, 5]) if kind in GROUP_KINDS else 1,  # noqa: S311
                absence=random.random() < 0.05)  # noqa: S311
            activity.before_save(None, None, NOW.date())  # its checks run no query
            rows.append(activity)


SHAPES = ["running"] * 7 + ["expired", "extension", "no_hours", "none"]


def add_care(project, participations, today: dt.date) -> int:
    """Funding bodies with billing rules, and a care case for each participant of `project`
    among `participations` (the demo's, in the order of their ids)."""
    bochum = make_funding_body("Stadt Bochum – Amt für Soziales", kind="Kommune", city="Bochum")
    make_billing_rules(bochum, balancing_period="quarter", basis="week",
                       weeks_per_month=Decimal("4.33"), indirect_share=Decimal(50),
                       absence_share=Decimal(50), absence_cap=Decimal(2))
    verden = make_funding_body("Landkreis Verden – Sozialamt", kind="Kommune", city="Verden")
    make_billing_rules(verden, balancing_period="year", basis="month",
                       contingent_socio=Decimal(1050), contingent_low=Decimal(400))
    lwl = make_funding_body("LWL – Eingliederungshilfe (überörtlich)", kind="überörtlicher Träger",
                            city="Münster")
    ours = [p for p in participations if p.project_id == project.id]
    cases, plans = [], []
    for index, participation in enumerate(ours):
        if not participation.complete:
            continue
        if index % 10 == 9:
            case = build_care_case(participation, lwl, billing="not_hour_based",
                                   start=today - dt.timedelta(days=500))
        elif index % 5 == 3:
            case = build_care_case(participation, verden, billing="contingent",
                                   start=dt.date(today.year - 1, 1, 1))
            plans.append((case, None, 45))
        else:
            case = build_care_case(participation, bochum, start=today - dt.timedelta(days=700))
            plans.append((case, SHAPES[index % len(SHAPES)], 40))
        case.before_save(None, None, NOW.date())  # its checks run no query
        cases.append(case)
    insert_records(cases, None, NOW)
    # The same random draws in the same order as one case after the other: building the
    # cases draws none.
    approvals, activities = [], []
    for case, shape, weeks in plans:
        if shape is not None:
            _approvals(case, today, shape, approvals)
        _activities(case, today, weeks, activities)
    insert_records(approvals, None, NOW)
    insert_records(activities, None, NOW)
    return len(cases)
