"""Ambulatory care (DOMAIN part E, 003): billing rules, cases, approval periods, activities.

A care case (Betreuung, Hilfeverhältnis) belongs to a participation: the person is the client,
the project delivers, the funding body pays under its billing rules. The figures (balances,
contingents, marks, proofs of service) come from the pure functions of balances.py and
contingents.py; figures.py loads what they need, a constant number of queries for any number
of cases.
"""

from decimal import Decimal

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from models.care.balances import Approval, Balancing, Basis, GroupRule, Level, Rules, Work
from models.core import clock
from models.core.base import VersionedModel, refuse_move
from models.core.errors import NotPermitted, ValidationError
from models.core.text import N_
from models.participations.models import Participation, acts_for_participation
from models.people.models import FundingBody

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
                                 choices=Balancing.choices(), verbose_name=N_("Balancing period"))
    basis = CharField(max_length=10, default=Basis.WEEK, choices=Basis.choices(),
                      verbose_name=N_("Approval basis"))
    weeks_per_month = DecimalField(max_digits=4, decimal_places=2, null=True,
                                   verbose_name=N_("Weeks per month"))
    indirect_share = DecimalField(max_digits=5, decimal_places=2, default=Decimal(100),
                                  verbose_name=N_("Indirect time counted (%)"))
    absence_share = DecimalField(max_digits=5, decimal_places=2, default=Decimal(0),
                                 verbose_name=N_("Absences counted (%)"))
    absence_cap = DecimalField(max_digits=6, decimal_places=2, null=True,
                               verbose_name=N_("Absences counted at most (hours per month)"))
    group_rule = CharField(max_length=10, default=GroupRule.DIVIDED, choices=GroupRule.choices(),
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
    created_at = DateTimeField(default=clock.now, verbose_name=N_("Created"))

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

    def before_delete(self, actor, now) -> None:
        """Only the project deletes its cases."""
        _check_project(self.participation, actor, now.date())

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

    def before_delete(self, actor, now) -> None:
        """Only the project deletes the rows of its cases."""
        self._check_actor(actor, None, now.date())

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
    level = CharField(max_length=10, default=Level.SOCIO, choices=Level.choices(),
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
