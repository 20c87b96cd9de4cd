"""Figures of many care cases at once: balances, contingents, month statements and who may
see which proof of service; one query per kind of row, never one per case."""


import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from peewee import JOIN, fn

from models.care.balances import (
    Approval,
    Balances,
    Rules,
    Work,
    activity_hours,
    balances,
    balancing_window,
    current_approval,
)
from models.care.contingents import Mark, client_mark, contingent_used
from models.care.models import (
    DEFAULT_RULES,
    Activity,
    ApprovalPeriod,
    BillingRules,
    CareCase,
)
from models.core.base import db
from models.core.roles import FUNDING_USERS, may_read_personal
from models.hours.arithmetic import month_bounds
from models.participations.models import Participation
from models.people.models import FundingBody

# -- proofs of service ---------------------------------------------------------------------------

PROOF_KINDS = ("funding_body", "internal")


def proof_kinds(user) -> tuple[str, ...]:
    """The proofs of service `user` may export. Both name the clients: none for the statistics
    role. The internal one (carry-over, balancing period) is the project's own document: a
    clerk gets the proof for their funding body only."""
    if not may_read_personal(user):
        return ()
    if user.role in FUNDING_USERS:
        return ("funding_body",)
    return PROOF_KINDS


# -- loading the figures of many cases at once ---------------------------------------------------


@dataclass
class CaseFigures:
    """What lists and pages show about one case."""

    rules: Rules
    approvals: list
    mark: Mark | None
    balances: Balances | None
    shown: Approval | None


def rules_by_body(body_ids) -> dict[int, Rules]:
    """{funding body id: Rules} in one query; bodies without rules get the defaults."""
    ids = sorted(set(body_ids))
    found = {row.funding_body_id: row.as_rules()
             for row in BillingRules.select().where(BillingRules.funding_body.in_(ids))} \
        if ids else {}
    return defaultdict(lambda: DEFAULT_RULES, found)


def approvals_by_case(case_ids) -> dict[int, list[Approval]]:
    """{case id: [Approval]} in start order, one query (ids or a subquery of ids)."""
    found: dict[int, list[Approval]] = defaultdict(list)
    rows = (ApprovalPeriod
            .select(ApprovalPeriod.case, ApprovalPeriod.start, ApprovalPeriod.end,
                    ApprovalPeriod.hours, ApprovalPeriod.extension_requested_on)
            .where(ApprovalPeriod.case.in_(case_ids))
            .order_by(ApprovalPeriod.start).tuples())
    for case_id, start, end, hours, extension in rows:
        found[case_id].append(Approval(start, end, hours, extension))
    return found


def works_by_case(case_ids, start: dt.date, end: dt.date) -> dict[int, list[Work]]:
    """{case id: [Work]} of the activities of [start, end], one query.

    Read through the raw cursor: a year of activities for thousands of clients is many rows,
    and converting each into model values would cost more than the figures themselves."""
    found: dict[int, list[Work]] = defaultdict(list)
    if start > end:
        return found
    query = (Activity
             .select(Activity.case, Activity.day, Activity.minutes, Activity.mode,
                     Activity.absence, Activity.group_size, Activity.level)
             .where(Activity.case.in_(case_ids) & (Activity.day >= start)
                    & (Activity.day <= end)))
    days: dict = {}  # SQLite returns dates as text, PostgreSQL as dates; parse each once
    make = tuple.__new__  # a Work without the cost of NamedTuple's Python-level __new__
    for case_id, day, minutes, mode, absence, group_size, level in db.execute(query):
        parsed = days.get(day)
        if parsed is None:
            parsed = days[day] = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
        found[case_id].append(make(Work, (parsed, minutes or 0, mode == "indirect",
                                          bool(absence), group_size, level)))
    return found


def _reach(rules: Rules, approvals, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days whose activities the balances of a case need."""
    approval = current_approval(approvals, today)
    if approval is None:
        return None
    day = min(today, approval.end)
    return balancing_window(rules, approval, day)


def case_figures(cases, today: dt.date) -> dict[int, CaseFigures]:
    """{case id: CaseFigures} for the given cases (with funding_body_id and billing): three
    queries however many cases."""
    cases = list(cases)
    if not cases:
        return {}
    ids = [case.id for case in cases]
    rules = rules_by_body(case.funding_body_id for case in cases)
    approvals = approvals_by_case(ids)
    reaches = [r for case in cases if case.hour_based
               for r in [_reach(rules[case.funding_body_id], approvals[case.id], today)] if r]
    works = works_by_case(ids, min(r[0] for r in reaches), max(r[1] for r in reaches)) \
        if reaches else {}
    figures = {}
    for case in cases:
        case_rules, case_approvals = rules[case.funding_body_id], approvals[case.id]
        mark = client_mark(case_approvals, case.hour_based, today)
        figures[case.id] = CaseFigures(
            rules=case_rules, approvals=case_approvals, mark=mark,
            balances=balances(case_rules, case_approvals, works.get(case.id, []), today)
            if case.hour_based else None,
            shown=mark.approval if mark else current_approval(case_approvals, today))
    return figures


@dataclass
class ContingentFigure:
    """A project's yearly contingent with one funding body, for one level."""

    project: object
    funding_body: object
    level: str
    contingent: Decimal
    used: Decimal
    pace: Decimal
    colour: str


def contingents(case_query, today: dt.date) -> list[ContingentFigure]:
    """Yearly contingents of the projects and funding bodies of the cases in `case_query`:
    the hours of all their contingent cases in the calendar year up to today, per level."""
    from models.care.contingents import contingent_colour, contingent_pace
    from models.people.models import Project

    pairs = sorted(set(
        CareCase.select(Participation.project, CareCase.funding_body)
        .join(Participation, on=(CareCase.participation == Participation.id))
        .where(CareCase.id.in_(case_query.select(CareCase.id))
               & (CareCase.billing == "contingent"))
        .tuples()))
    if not pairs:
        return []
    rules = rules_by_body(body for _project, body in pairs)
    pairs = [(p, b) for p, b in pairs if rules[b].contingents]
    if not pairs:
        return []
    start = dt.date(today.year, 1, 1)
    cases = (CareCase.select(CareCase.id, Participation.project, CareCase.funding_body)
             .join(Participation, on=(CareCase.participation == Participation.id))
             .where((CareCase.billing == "contingent")
                    & Participation.project.in_(sorted({p for p, _ in pairs}))))
    works = works_by_owner(cases, start, today)
    projects = {p.id: p for p in Project.select().where(Project.id.in_([p for p, _ in pairs]))}
    bodies = {b.id: b for b in FundingBody.select().where(
        FundingBody.id.in_([b for _, b in pairs]))}
    result = []
    for project_id, body_id in pairs:
        body_rules = rules[body_id]
        used = contingent_used(body_rules, works[(project_id, body_id)], today)
        for level, contingent in body_rules.contingents.items():
            result.append(ContingentFigure(
                projects[project_id], bodies[body_id], level, contingent, used[level],
                contingent_pace(contingent, today),
                contingent_colour(contingent, used[level], today)))
    return result


def works_by_owner(cases, start: dt.date, end: dt.date) -> dict[tuple, list[Work]]:
    """{(project id, funding body id): [Work]} of the activities of `cases` (a query selecting
    case, project, body) in [start, end], summed in SQL per day and kind of weight: the rules
    weigh minutes per kind (and absences per month), so the sums count exactly as the single
    activities would — a few thousand rows for a year instead of every activity."""
    found: dict[tuple, list[Work]] = defaultdict(list)
    query = (Activity
             .select(Participation.project, CareCase.funding_body, Activity.day,
                     fn.SUM(Activity.minutes), Activity.mode, Activity.absence,
                     Activity.group_size, Activity.level)
             .join(CareCase, on=(Activity.case == CareCase.id))
             .join(Participation, on=(CareCase.participation == Participation.id))
             .where(Activity.case.in_(cases.select(CareCase.id)) & (Activity.day >= start)
                    & (Activity.day <= end))
             .group_by(Participation.project, CareCase.funding_body, Activity.day,
                       Activity.mode, Activity.absence, Activity.group_size, Activity.level))
    for project, body, day, minutes, mode, absence, group_size, level in db.execute(query):
        parsed = day if isinstance(day, dt.date) else dt.date.fromisoformat(day)
        found[(project, body)].append(Work(parsed, int(minutes or 0), mode == "indirect",
                                           bool(absence), group_size, level))
    return found


def case_with_relations():
    """Cases with participation, person, project and funding body joined."""
    from models.people.models import Person, Project

    return (CareCase.select(CareCase, Participation, Person, Project, FundingBody)
            .join(Participation, on=(CareCase.participation == Participation.id))
            .join(Person, on=(Participation.person == Person.id))
            .switch(Participation)
            .join(Project, on=(Participation.project == Project.id))
            .switch(CareCase)
            .join(FundingBody, JOIN.LEFT_OUTER, on=(CareCase.funding_body == FundingBody.id)))



def month_statements(cases, case_ids, month: dt.date) -> dict:
    """{case id: MonthStatement} of one month for `cases` (rows with funding_body_id);
    `case_ids` selects the same cases (a list or a subquery). Three queries in all."""
    from models.care.balances import month_statement, statement_window
    from models.hours.arithmetic import month_bounds

    first, last = month_bounds(month)
    rules = rules_by_body(case.funding_body_id for case in cases)
    approvals = approvals_by_case(case_ids)
    earliest = first
    for case in cases:
        window = statement_window(rules[case.funding_body_id], approvals[case.id], first)
        if window is not None:
            earliest = min(earliest, window[0])
    works = works_by_case(case_ids, earliest, last)
    return {case.id: month_statement(rules[case.funding_body_id], approvals[case.id],
                                     works.get(case.id, []), first, case.hour_based)
            for case in cases}


def _counted_by_month(case, rules, approvals, rows) -> dict[int, Decimal]:
    """{activity id: hours counted} of one case's activities (in date order), month by month
    as the month's figures count them (`models.care.balances.activity_hours`)."""
    months: dict[tuple[int, int], list] = defaultdict(list)
    for row in rows:
        months[(row.day.year, row.day.month)].append(row)
    counted = {}
    for month_rows in months.values():
        hours = activity_hours(rules, [row.as_work() for row in month_rows],
                               approvals if case.hour_based else None)
        counted.update(zip((row.id for row in month_rows), hours, strict=True))
    return counted


def activities_counted(cases, case_ids, activities: dict) -> dict[int, Decimal]:
    """{activity id: hours counted} for the activities of one month (`month_activities`), by
    the rules and approvals the month's statement applies, so that a proof's activities sheet
    adds up to its figures. One query."""
    rules = rules_by_body(case.funding_body_id for case in cases)
    approvals = approvals_by_case(case_ids)
    counted = {}
    for case in cases:
        counted.update(_counted_by_month(case, rules[case.funding_body_id], approvals[case.id],
                                         activities.get(case.id, [])))
    return counted


def shown_activities_counted(case, shown, rules, approvals) -> dict[int, Decimal]:
    """{activity id: hours counted} for some activities of a case (the latest on its page),
    computed over all activities of their months, as the balances count them (a month's
    absence cap and its cents depend on all of them). One query."""
    if not shown:
        return {}
    first = month_bounds(min(a.day for a in shown))[0]
    last = month_bounds(max(a.day for a in shown))[1]
    rows = (Activity.select()
            .where((Activity.case == case.id) & (Activity.day >= first) & (Activity.day <= last))
            .order_by(Activity.day, Activity.id))
    return _counted_by_month(case, rules, approvals, rows)


def month_activities(case_ids, month: dt.date) -> dict[int, list]:
    """{case id: [Activity]} of one month in date order, one query."""
    from models.hours.arithmetic import month_bounds

    first, last = month_bounds(month)
    found: dict[int, list] = defaultdict(list)
    for activity in (Activity.select()
                     .where(Activity.case.in_(case_ids) & (Activity.day >= first)
                            & (Activity.day <= last))
                     .order_by(Activity.case, Activity.day, Activity.id)):
        found[activity.case_id].append(activity)
    return found
