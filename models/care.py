"""Ambulatory care (DOMAIN part E, 003): billing rules, cases, approval periods, activities.

A care case (Betreuung, Hilfeverhältnis) belongs to a participation: the person is the client,
the project delivers, the funding body pays under its billing rules. The figures (balances,
contingents, marks, proofs of service) come from models/hours.py; this module only loads what
those pure functions need, a constant number of queries for any number of cases.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from peewee import (
    JOIN,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from .accounts import Role, may_read_personal
from .base import NotPermitted, ValidationError, VersionedModel, db, refuse_move
from .hours import (
    Approval,
    Balances,
    Balancing,
    Basis,
    GroupRule,
    Level,
    Mark,
    Rules,
    Work,
    balances,
    balancing_window,
    client_mark,
    contingent_used,
    current_approval,
)
from .participations import Participation, acts_for_participation
from .people import FundingBody
from .text import N_

BALANCING_LABELS = (
    (Balancing.APPROVAL, N_("approval period")),
    (Balancing.MONTH, N_("month")),
    (Balancing.QUARTER, N_("quarter")),
    (Balancing.YEAR, N_("calendar year")),
)
BASIS_LABELS = ((Basis.WEEK, N_("hours per week")), (Basis.MONTH, N_("hours per month")))
GROUP_LABELS = (
    (GroupRule.DIVIDED, N_("time divided by the participants")),
    (GroupRule.FULL, N_("full time for every participant")),
)
LEVEL_LABELS = ((Level.SOCIO, N_("socio-pedagogical")), (Level.LOW, N_("low-threshold")))
MODE_LABELS = (("direct", N_("direct")), ("indirect", N_("indirect")))

BILLING_LABELS = (
    ("approved_hours", N_("approved hours (local)")),
    ("contingent", N_("yearly contingent of the project")),
    ("not_hour_based", N_("not hour-based (supra-local)")),
)
HOUR_BASED = "approved_hours"

# Kinds and topics of activities depend on the level (003: "passen sich ... automatisch an").
KINDS = {
    Level.SOCIO: (
        ("counselling", N_("counselling session")),
        ("home_visit", N_("home visit")),
        ("accompaniment", N_("accompaniment to offices and appointments")),
        ("crisis", N_("crisis intervention")),
        ("group", N_("group offer")),
        ("case_conference", N_("case conference and planning")),
        ("documentation", N_("reports and documentation")),
    ),
    Level.LOW: (
        ("everyday", N_("everyday support")),
        ("leisure", N_("leisure accompaniment")),
        ("shopping", N_("shopping accompaniment")),
        ("phone", N_("phone contact")),
        ("low_group", N_("open group meeting")),
    ),
}
TOPICS = {
    Level.SOCIO: (
        ("housing", N_("housing and keeping the flat")),
        ("money", N_("money and debts")),
        ("health", N_("health")),
        ("work", N_("work and occupation")),
        ("authorities", N_("authorities and applications")),
        ("relationships", N_("relationships")),
        ("addiction", N_("addiction")),
    ),
    Level.LOW: (
        ("household", N_("household")),
        ("free_time", N_("free time")),
        ("mobility", N_("mobility")),
        ("supplies", N_("supplies and shopping")),
        ("contacts", N_("social contacts")),
    ),
}
ALL_KINDS = tuple(pair for pairs in KINDS.values() for pair in pairs)
ALL_TOPICS = tuple(pair for pairs in TOPICS.values() for pair in pairs)
MAX_MINUTES = 24 * 60


def _percent_errors(errors, name, value):
    if value is None or not Decimal(0) <= value <= Decimal(100):
        errors[name] = N_("A share is given in percent from 0 to 100.")


class BillingRules(VersionedModel):
    """How a funding body counts approved and delivered hours (003, "Vorgaben")."""

    funding_body = ForeignKeyField(FundingBody, unique=True, backref="billing_rules",
                                   on_delete="RESTRICT", verbose_name=N_("Funding body"))
    balancing_period = CharField(max_length=10, default=Balancing.APPROVAL,
                                 choices=BALANCING_LABELS, verbose_name=N_("Balancing period"))
    basis = CharField(max_length=10, default=Basis.WEEK, choices=BASIS_LABELS,
                      verbose_name=N_("Approval basis"))
    weeks_per_month = DecimalField(max_digits=4, decimal_places=2, null=True,
                                   verbose_name=N_("Weeks per month"))
    indirect_share = DecimalField(max_digits=5, decimal_places=2, default=Decimal(100),
                                  verbose_name=N_("Indirect time counted (%)"))
    absence_share = DecimalField(max_digits=5, decimal_places=2, default=Decimal(0),
                                 verbose_name=N_("Absences counted (%)"))
    absence_cap = DecimalField(max_digits=6, decimal_places=2, null=True,
                               verbose_name=N_("Absences counted at most (hours per month)"))
    group_rule = CharField(max_length=10, default=GroupRule.DIVIDED, choices=GROUP_LABELS,
                           verbose_name=N_("Group offers"))
    contingent_socio = DecimalField(max_digits=8, decimal_places=2, null=True,
                                    verbose_name=N_("Yearly contingent socio-pedagogical (h)"))
    contingent_low = DecimalField(max_digits=8, decimal_places=2, null=True,
                                  verbose_name=N_("Yearly contingent low-threshold (h)"))

    history_relation = "billing_rules"
    verbose_name, verbose_name_plural = N_("Billing rules"), N_("billing rules")

    def __str__(self):
        return str(self.funding_body) if self.funding_body_id else "–"

    def before_save(self, actor, old, today) -> None:
        """A factor above 0, shares in percent, caps and contingents not negative."""
        errors = {}
        if self.weeks_per_month is not None and self.weeks_per_month <= 0:
            errors["weeks_per_month"] = N_(
                "The weeks-per-month factor must be greater than 0 (e.g. 4.33), or empty.")
        _percent_errors(errors, "indirect_share", self.indirect_share)
        _percent_errors(errors, "absence_share", self.absence_share)
        for name in ("absence_cap", "contingent_socio", "contingent_low"):
            value = getattr(self, name)
            if value is not None and value < 0:
                errors[name] = N_("The value cannot be negative.")
        if errors:
            raise ValidationError(errors)

    def as_rules(self) -> Rules:
        """The pure form the hour functions take."""
        contingents = {level: value for level, value in (
            (Level.SOCIO, self.contingent_socio), (Level.LOW, self.contingent_low))
            if value is not None}
        return Rules(
            balancing=Balancing(self.balancing_period), basis=Basis(self.basis),
            weeks_per_month=self.weeks_per_month, indirect_share=self.indirect_share,
            absence_share=self.absence_share, absence_cap=self.absence_cap,
            group_rule=GroupRule(self.group_rule), contingents=contingents)


# Where a funding body has no rules yet: approval period, per week, per day, all indirect time.
DEFAULT_RULES = Rules()


class CareCase(VersionedModel):
    """A client's ambulatory care: who pays, how it is billed, since when."""

    participation = ForeignKeyField(Participation, backref="care_cases", on_delete="RESTRICT",
                                    verbose_name=N_("Participation"))
    funding_body = ForeignKeyField(FundingBody, backref="care_cases", on_delete="RESTRICT",
                                   verbose_name=N_("Funding body"))
    billing = CharField(max_length=20, default=HOUR_BASED, choices=BILLING_LABELS,
                        verbose_name=N_("Billing"))
    start = DateField(verbose_name=N_("Care since"))
    end = DateField(null=True, verbose_name=N_("Care until"))
    note = TextField(null=True, verbose_name=N_("Note"))
    created_at = DateTimeField(default=dt.datetime.now, verbose_name=N_("Created"))

    history_relation = "care_case"
    verbose_name, verbose_name_plural = N_("Care case"), N_("care cases")
    personal_fields = ("note",)

    def __str__(self):
        if not self.participation_id:
            return "–"
        return f"{self.participation.person} – {self.funding_body}"

    def history_label(self) -> str:
        return f"{self.participation.history_label()} #{self._pk}"

    def before_save(self, actor, old, today) -> None:
        """The project's own case, kept with its participation; the end not before the start."""
        refuse_move(self, old, "participation", N_(
            "The participation of a care case cannot be changed; delete the case and create it "
            "for the right participation."))
        _check_project(self.participation, actor, today)
        errors = {}
        if self.start is None:
            errors["start"] = N_("Please enter the start of the care.")
        elif self.end is not None and self.end < self.start:
            errors["end"] = N_("The end of the period lies before its start.")
        if errors:
            raise ValidationError(errors)

    def before_delete(self, actor) -> None:
        """Only the project deletes its cases."""
        _check_project(self.participation, actor, dt.date.today())

    @property
    def hour_based(self) -> bool:
        """True when approved hours are balanced per client."""
        return self.billing == HOUR_BASED


def _check_project(participation, actor, today) -> None:
    if actor is not None and not acts_for_participation(participation, actor, today):
        raise NotPermitted(N_("Only the project may change its care cases."))


class CaseChildMixin:
    """Rows of a case: only the case's project writes them, and they stay with their case."""

    def history_participation(self) -> int | None:
        return self.case.participation_id

    def before_delete(self, actor) -> None:
        """Only the project deletes the rows of its cases."""
        self._check_actor(actor, None, dt.date.today())

    def _check_actor(self, actor, old, today):
        refuse_move(self, old, "case", N_(
            "The care case of a row cannot be changed; delete the row and record it for the "
            "right case."))
        _check_project(self.case.participation, actor, today)


class ApprovalPeriod(CaseChildMixin, VersionedModel):
    """An approval period (Bewilligungszeitraum) with its approved hours."""

    case = ForeignKeyField(CareCase, backref="approvals", on_delete="RESTRICT",
                           verbose_name=N_("Care case"))
    start = DateField(verbose_name=N_("Approved from"))
    end = DateField(verbose_name=N_("Approved until"))
    hours = DecimalField(max_digits=6, decimal_places=2, null=True,
                         verbose_name=N_("Approved hours"))
    extension_requested_on = DateField(null=True, verbose_name=N_("Extension requested on"))

    history_relation = "approval_period"
    verbose_name, verbose_name_plural = N_("Approval period"), N_("approval periods")

    def __str__(self):
        return f"{self.start:%d.%m.%Y}–{self.end:%d.%m.%Y}" if self.start and self.end else "–"

    def history_label(self) -> str:
        return f"{self.case.history_label()}/{self._pk}"

    def before_save(self, actor, old, today) -> None:
        """Both dates in order, hours not negative, no overlap with another approval."""
        self._check_actor(actor, old, today)
        errors = {}
        if self.start is None:
            errors["start"] = N_("Please enter the start of the period.")
        if self.end is None:
            errors["end"] = N_("Please enter the end of the period.")
        if self.start and self.end and self.end < self.start:
            errors["end"] = N_("The end of the period lies before its start.")
        if self.hours is not None and self.hours < 0:
            errors["hours"] = N_("The value cannot be negative.")
        if not errors and self._overlapping().exists():
            errors["start"] = N_("Another approval period of this case covers part of it.")
        if errors:
            raise ValidationError(errors)

    def _overlapping(self):
        query = ApprovalPeriod.select().where(
            (ApprovalPeriod.case == self.case_id) & (ApprovalPeriod.start <= self.end)
            & (ApprovalPeriod.end >= self.start))
        if self.id is not None:
            query = query.where(ApprovalPeriod.id != self.id)
        return query

    def as_approval(self) -> Approval:
        """The pure form."""
        return Approval(self.start, self.end, self.hours, self.extension_requested_on)


class Activity(CaseChildMixin, VersionedModel):
    """One documented piece of work for a client (Tätigkeit)."""

    case = ForeignKeyField(CareCase, backref="activities", on_delete="RESTRICT",
                           verbose_name=N_("Care case"))
    day = DateField(verbose_name=N_("Date"))
    minutes = IntegerField(null=True, verbose_name=N_("Duration (minutes)"))
    mode = CharField(max_length=10, default="direct", choices=MODE_LABELS,
                     verbose_name=N_("Direct or indirect"))
    level = CharField(max_length=10, default=Level.SOCIO, choices=LEVEL_LABELS,
                      verbose_name=N_("Level"))
    kind = CharField(max_length=20, choices=ALL_KINDS, verbose_name=N_("Kind"))
    topic = CharField(max_length=20, null=True, choices=ALL_TOPICS, verbose_name=N_("Topic"))
    group_size = IntegerField(default=1, verbose_name=N_("Participants (group offers)"))
    absence = BooleanField(default=False, verbose_name=N_("Absence (appointment missed)"))
    note = TextField(null=True, verbose_name=N_("Note"))

    history_relation = "activity"
    verbose_name, verbose_name_plural = N_("Activity"), N_("activities")
    personal_fields = ("note",)

    class Meta:
        indexes = ((("case", "day"), False),)

    def __str__(self):
        return f"{self.day:%d.%m.%Y}" if self.day else "–"

    def history_label(self) -> str:
        return f"{self.case.history_label()}/{self._pk}"

    def before_save(self, actor, old, today) -> None:
        """A date, a duration, a kind and topic of the chosen level, at least one participant."""
        self._check_actor(actor, old, today)
        errors = {}
        if self.day is None:
            errors["day"] = N_("Please enter the date.")
        if not self.minutes or self.minutes <= 0:
            errors["minutes"] = N_("Please enter the duration in minutes.")
        elif self.minutes > MAX_MINUTES:
            errors["minutes"] = N_("An activity lasts at most 24 hours (1440 minutes).")
        level = self.level if self.level in KINDS else None
        if level is None:
            errors["level"] = N_("Please choose the level.")
        elif self.kind not in dict(KINDS[level]):
            errors["kind"] = N_("Please choose a kind of the chosen level.")
        if level and self.topic and self.topic not in dict(TOPICS[level]):
            errors["topic"] = N_("Please choose a topic of the chosen level.")
        if self.group_size is None or self.group_size < 1:
            errors["group_size"] = N_("At least one participant.")
        if errors:
            raise ValidationError(errors)

    def as_work(self) -> Work:
        """The pure form."""
        return Work(self.day, self.minutes, self.mode == "indirect", self.absence,
                    self.group_size, self.level)


# -- proofs of service ---------------------------------------------------------------------------

PROOF_KINDS = ("funding_body", "internal")


def proof_kinds(user) -> tuple[str, ...]:
    """The proofs of service `user` may export. Both name the clients: none for the statistics
    role. The internal one (carry-over, balancing period) is the project's own document: a
    clerk gets the proof for their funding body only."""
    if not may_read_personal(user):
        return ()
    if user.role == Role.CLERK:
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
    from .hours import contingent_colour, contingent_pace
    from .people import Project

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
    owner = {case_id: (project, body) for case_id, project, body in cases.tuples()}
    works: dict[tuple, list[Work]] = defaultdict(list)
    for case_id, items in works_by_case(cases.select(CareCase.id), start, today).items():
        works[owner[case_id]].extend(items)
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


def case_with_relations():
    """Cases with participation, person, project and funding body joined."""
    from .people import Person, Project

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
    from .hours import month_bounds, month_statement, statement_window

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
    as the month's figures count them (`models.hours.activity_hours`)."""
    from .hours import activity_hours

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
    from .hours import month_bounds

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
    from .hours import month_bounds

    first, last = month_bounds(month)
    found: dict[int, list] = defaultdict(list)
    for activity in (Activity.select()
                     .where(Activity.case.in_(case_ids) & (Activity.day >= first)
                            & (Activity.day <= last))
                     .order_by(Activity.case, Activity.day, Activity.id)):
        found[activity.case_id].append(activity)
    return found
