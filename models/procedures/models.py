"""Procedures (Vorgang / Fortschreibung, 000): one current procedure per person, never deleted;
life areas (an administrator-kept catalogue) with one assessment row per life area; service
agreements between a provider and a funding body that open the funding body's procedures to the
provider's users while they are valid."""

from peewee import (
    SQL,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from models.accounts.models import User
from models.core import clock
from models.core.base import CatalogueModel, VersionedModel
from models.core.errors import NotPermitted, ValidationError
from models.core.labels import LabelledEnum
from models.core.text import N_
from models.people.models import FundingBody, Person, Project, Provider


class ProcedureType(LabelledEnum):
    """The first assessment of a person, or a continuation of the previous one."""

    INITIAL = "initial", N_("Initial assessment")
    CONTINUATION = "continuation", N_("Continuation")


class ProcedureStatus(LabelledEnum):
    """Open while the editor works on it; closed for good."""

    OPEN = "open", N_("open")
    CLOSED = "closed", N_("closed")


# The statuses a procedure may move between: closing is final, a mistake is corrected by a
# new continuation.
TRANSITIONS = {ProcedureStatus.OPEN: {ProcedureStatus.CLOSED}, ProcedureStatus.CLOSED: set()}

# The partial unique index that makes "one current procedure per person" a rule of the
# database as well (SQLite and PostgreSQL both know partial indexes).
ONE_CURRENT_INDEX = "procedure_one_current_per_person"


class Procedure(VersionedModel):
    """A needs assessment of a person (000): who works on it, for which project and funding
    body, and the person's goals; per life area an assessment row."""

    person = ForeignKeyField(Person, backref="procedures", on_delete="RESTRICT",
                             verbose_name=N_("Person"))
    type = CharField(max_length=20, choices=ProcedureType.choices(),
                     default=ProcedureType.INITIAL, verbose_name=N_("Type"))
    project = ForeignKeyField(Project, backref="procedures", on_delete="RESTRICT",
                              verbose_name=N_("Project"))
    funding_body = ForeignKeyField(FundingBody, backref="procedures", on_delete="RESTRICT",
                                   verbose_name=N_("Funding body"))
    editor = ForeignKeyField(User, backref="procedures", on_delete="RESTRICT",
                             verbose_name=N_("Editor"))
    opened = DateTimeField(default=clock.now, verbose_name=N_("Opened"))
    closed = DateTimeField(null=True, verbose_name=N_("Closed"))
    status = CharField(max_length=10, choices=ProcedureStatus.choices(),
                       default=ProcedureStatus.OPEN, verbose_name=N_("Status"))
    goals = TextField(null=True, verbose_name=N_("Goals"))
    previous = ForeignKeyField("self", null=True, backref="continuations",
                               verbose_name=N_("Previous procedure"))

    history_relation = "procedure"
    verbose_name, verbose_name_plural = N_("Procedure"), N_("procedures")
    personal_fields = ("goals",)
    workflow_fields = ("status", "closed", "type", "previous", "person", "opened")

    def __str__(self):
        return f"{self.person.pseudonym}/V{self._pk}" if self.person_id else "–"

    def history_label(self) -> str:
        return f"{self.person.pseudonym}/V{self._pk}"

    @property
    def is_current(self) -> bool:
        return self.closed is None

    def before_save(self, actor, old, today) -> None:
        """A procedure stays with its person; its goals are at most 4000 characters."""
        if old is not None and old.get("person") != self.person_id:
            raise ValidationError({"person": N_("A procedure stays with its person.")})
        if self.goals and len(self.goals) > 4000:
            raise ValidationError({"goals": N_("At most 4000 characters.")})

    def before_delete(self, actor, now) -> None:
        """Procedures are never deleted, by nobody: a mistake is corrected by a continuation."""
        raise NotPermitted(N_("Procedures are never deleted; correct a mistake with a new "
                              "continuation."))


Procedure.add_index(SQL(f"CREATE UNIQUE INDEX IF NOT EXISTS {ONE_CURRENT_INDEX} "
                        "ON procedure (person_id) WHERE closed IS NULL"))


class LifeArea(CatalogueModel):
    """A life area of the assessment instrument (BEI_NRW or the agency's own), kept by
    administrators."""

    position = IntegerField(default=0, verbose_name=N_("Position"))

    history_relation = "life_area"
    verbose_name, verbose_name_plural = N_("Life area"), N_("life areas")


class Assessment(VersionedModel):
    """What the agency documents of one life area in a procedure."""

    procedure = ForeignKeyField(Procedure, backref="assessments", on_delete="RESTRICT",
                                verbose_name=N_("Procedure"))
    life_area = ForeignKeyField(LifeArea, backref="assessments", on_delete="RESTRICT",
                                verbose_name=N_("Life area"))
    situation = TextField(null=True, verbose_name=N_("Current situation"))
    resources = TextField(null=True, verbose_name=N_("Resources"))
    barriers = TextField(null=True, verbose_name=N_("Barriers"))
    support_needed = TextField(null=True, verbose_name=N_("Support needed"))

    history_relation = "assessment"
    verbose_name, verbose_name_plural = N_("Assessment of a life area"), N_("assessments")
    personal_fields = ("situation", "resources", "barriers", "support_needed")

    class Meta:
        indexes = ((("procedure", "life_area"), True),)

    def history_label(self) -> str:
        return f"{self.procedure.history_label()}/L{self._pk}"

    def before_save(self, actor, old, today) -> None:
        """Only on an open procedure, once per life area, at most 4000 characters a text."""
        errors = {}
        if old is not None and (old.get("procedure") != self.procedure_id
                                or old.get("life_area") != self.life_area_id):
            errors["life_area"] = N_("An assessment stays with its procedure and life area.")
        if self.procedure_id is None:
            errors["procedure"] = N_("Please choose.")
        elif self.procedure.closed is not None:
            errors["procedure"] = N_("This procedure is closed already.")
        if self.life_area_id is None:
            errors["life_area"] = N_("Please choose.")
        elif old is None and not self.life_area.active:
            errors["life_area"] = N_("This life area is no longer in use.")
        elif old is None and self.procedure_id is not None and Assessment.select().where(
                (Assessment.procedure == self.procedure_id)
                & (Assessment.life_area == self.life_area_id)).exists():
            errors["life_area"] = N_("This life area is assessed in this procedure already.")
        for name in ASSESSMENT_TEXTS:
            if len(getattr(self, name) or "") > 4000:
                errors[name] = N_("At most 4000 characters.")
        if errors:
            raise ValidationError(errors)

    def before_delete(self, actor, now) -> None:
        """Part of a procedure, which is never deleted."""
        raise NotPermitted(N_("Procedures are never deleted; correct a mistake with a new "
                              "continuation."))


# What the agency documents per life area, in the order the page shows it.
ASSESSMENT_TEXTS = ("situation", "resources", "barriers", "support_needed")


class ServiceAgreement(VersionedModel):
    """Leistungsvereinbarung: the provider's users see and open the funding body's procedures
    from `valid_from` to `valid_to` (both included; open-ended without an end)."""

    provider = ForeignKeyField(Provider, backref="service_agreements", on_delete="RESTRICT",
                               verbose_name=N_("Provider"))
    funding_body = ForeignKeyField(FundingBody, backref="service_agreements",
                                   on_delete="RESTRICT", verbose_name=N_("Funding body"))
    valid_from = DateField(verbose_name=N_("Valid from"))
    valid_to = DateField(null=True, verbose_name=N_("Valid to"))

    history_relation = "service_agreement"
    verbose_name, verbose_name_plural = N_("Service agreement"), N_("service agreements")

    def __str__(self):
        return f"{self.provider} – {self.funding_body}"

    def before_save(self, actor, old, today) -> None:
        """The end does not lie before the start."""
        if self.valid_from is None:
            raise ValidationError({"valid_from": N_("Please enter a date.")})
        if self.valid_to is not None and self.valid_to < self.valid_from:
            raise ValidationError({"valid_to": N_("The end lies before the start.")})
