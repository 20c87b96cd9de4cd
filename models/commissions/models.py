"""Commissions, their phase history, the catalogues of tasks and results, contacts and results
(DOMAIN part F, 004 §2–§7)."""

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    TextField,
)

from models.accounts.models import User
from models.core import clock
from models.core.base import BaseModel, CatalogueModel, VersionedModel
from models.core.errors import ValidationError
from models.core.labels import LabelledEnum
from models.core.text import N_
from models.people.models import FundingBody, Person, Project

# The kind of funding body that is the Integrationsamt (FundingBody.kind); any other is a
# rehabilitation body (Reha-Träger) for the gates of 004 §8.
INTEGRATION_OFFICE = "Integrationsamt"


class Phase(LabelledEnum):
    """Where a commission stands (004 §2); FP* are the phases of expert opinions (004 §2.5)."""

    P1 = "P1", N_("P1 contact")
    P2 = "P2", N_("P2 counselling")
    P3 = "P3", N_("P3 commissioned")
    P4 = "P4", N_("P4 closed")
    FP1 = "FP1", N_("FP1 expert opinion registered")
    FP3 = "FP3", N_("FP3 expert opinion in progress")
    FP4 = "FP4", N_("FP4 expert opinion delivered")
    FP5 = "FP5", N_("FP5 expert opinion returned")


# from phase -> the phases it may change to. A closed commission may be registered again in
# P2 or P3 ("erneute Anmeldung", 004 §2.2, §2.3); expert opinions end in FP4 or FP5.
TRANSITIONS = {
    Phase.P1: (Phase.P2, Phase.P3, Phase.P4),
    Phase.P2: (Phase.P3, Phase.P4),
    Phase.P3: (Phase.P4,),
    Phase.P4: (Phase.P2, Phase.P3),
    Phase.FP1: (Phase.FP3, Phase.FP5),
    Phase.FP3: (Phase.FP4, Phase.FP5),
    Phase.FP4: (),
    Phase.FP5: (),
}
OPEN_PHASES = frozenset({Phase.P1, Phase.P2, Phase.P3, Phase.FP1, Phase.FP3})
# Once in these phases the funding body is fixed (004 §4: "kann nun nicht mehr verändert
# werden"); a change of funding body closes the commission and opens a new one.
FUNDING_BODY_FIXED = frozenset({Phase.P3, Phase.P4, Phase.FP3, Phase.FP4})


class ServiceType(LabelledEnum):
    """Betreuungsart (004 §3)."""

    SECURING = "securing", N_("Job protection (Sicherung)")
    PLACEMENT = "placement", N_("Placement (Vermittlung)")
    SUPPORTED_EMPLOYMENT = "supported_employment", N_("Supported employment (Berufsbegleitung UB)")
    EXPERT_OPINION = "expert_opinion", N_("Expert opinion (Fachdienstliche Stellungnahme)")
    INCLUSION_COMPANY = "inclusion_company", N_("Inclusion company")


class LegalBasis(LabelledEnum):
    """Gesetzliche Grundlage (004 §3, §4); for expert opinions the kind of opinion."""

    ACCOMPANYING_HELP = "accompanying_help", N_("Accompanying help at work (§ 185 SGB IX)")
    SUPPORTED_EMPLOYMENT = "supported_employment", N_("Supported employment (§ 55 (3) SGB IX)")
    JOINT_RECOMMENDATION = "joint_recommendation", N_("Joint recommendation (§ 196 SGB IX)")
    STABILISATION = "stabilisation", N_(
        "Stabilisation phase, joint recommendation (§ 196 (3) SGB IX)")
    EXPERT_OPINION = "expert_opinion", N_("Expert opinion for a funding body")
    OPINION_27 = "opinion_27", N_("Expert recommendation on benefits (§ 27 SchwbAV)")
    OPINION_JOBCOACHING = "opinion_jobcoaching", N_("Expert assessment of job coaching")


class CaseGroup(LabelledEnum):
    """Fallgruppe for the BIH statistics (004 §1.2)."""

    SEVERELY_DISABLED = "severely_disabled", N_("Severely disabled")
    EQUALLY_TREATED = "equally_treated", N_("Treated as severely disabled")
    SCHOOL_LEAVER = "school_leaver", N_("School leaver")
    WORKSHOP_TRANSITION = "workshop_transition", N_("Transition from a sheltered workshop")
    OTHER = "other", N_("Other")


class EndReason(LabelledEnum):
    """Why a commission was closed (004 §2.4)."""

    FUNDING_BODY_CHANGED = "funding_body_changed", N_("Funding body changed")
    LEGAL_BASIS_CHANGED = "legal_basis_changed", N_("Legal basis changed")
    FULFILLED = "fulfilled", N_("Commission fulfilled")
    NO_FURTHER_NEED = "no_further_need", N_("No further need of support")
    PERIOD_EXPIRED = "period_expired", N_("Commission period expired")
    PLACED = "placed", N_("Placed in employment")
    FAILED = "failed", N_("Job protection failed")


# The fields the BIH statistics needs; all must be filled before P3 (004 §1.2).
STATISTICAL_FIELDS = ("funding_body", "legal_basis", "service_type", "case_group")


class Commission(VersionedModel):
    """An IFD commission (Auftrag) for a person: one funding body, legal basis, service type."""

    filter_by_number = True

    person = ForeignKeyField(Person, backref="commissions", on_delete="RESTRICT",
                             verbose_name=N_("Person"))
    # The project of the person when created; staff see the commissions of their projects.
    project = ForeignKeyField(Project, backref="commissions", on_delete="RESTRICT",
                              verbose_name=N_("Project"))
    funding_body = ForeignKeyField(FundingBody, null=True, backref="commissions",
                                   on_delete="RESTRICT", verbose_name=N_("Funding body"))
    legal_basis = CharField(max_length=40, null=True, choices=LegalBasis.choices(),
                            verbose_name=N_("Legal basis"))
    service_type = CharField(max_length=40, null=True, choices=ServiceType.choices(),
                             index=True, verbose_name=N_("Service type"))
    case_group = CharField(max_length=40, null=True, choices=CaseGroup.choices(),
                           verbose_name=N_("Case group"))
    caseworker = ForeignKeyField(User, null=True, on_delete="RESTRICT",
                                 verbose_name=N_("Caseworker"))
    start = DateField(verbose_name=N_("Start"))
    planned_end = DateField(null=True, verbose_name=N_("Planned end"))
    phase = CharField(max_length=4, choices=Phase.choices(), default=Phase.P1, index=True,
                      verbose_name=N_("Phase"))
    phase_since = DateField(verbose_name=N_("Phase since"))
    end_reason = CharField(max_length=40, null=True, choices=EndReason.choices(),
                           verbose_name=N_("End reason"))
    end_date = DateField(null=True, verbose_name=N_("End date"))
    created_at = DateTimeField(default=clock.now, verbose_name=N_("Created"))
    # The texts of "Indikation zum Auftrag" that the reports mix in (004 §9).
    planned_contents = TextField(null=True, verbose_name=N_("Planned contents and measures"))
    disability_effects = TextField(null=True, verbose_name=N_(
        "Effects of the disability on working life"))
    agreed_goals = TextField(null=True, verbose_name=N_("Goal agreement"))
    additions = TextField(null=True, verbose_name=N_("Additions"))
    extension_reasons = TextField(null=True, verbose_name=N_(
        "State of affairs and reasons for an extension"))
    closing_outcome = TextField(null=True, verbose_name=N_(
        "State of affairs at closing and outcome"))

    history_relation = "commission"
    verbose_name, verbose_name_plural = N_("Commission"), N_("commissions")
    workflow_fields = ("phase", "phase_since", "end_date")
    personal_fields = ("planned_contents", "disability_effects", "agreed_goals", "additions",
                       "extension_reasons", "closing_outcome")

    def __str__(self):
        return f"A{self.id}" if self.id else "–"

    def history_label(self) -> str:
        return f"A{self._pk}"

    def before_save(self, actor, old, today) -> None:
        """The project follows the person; the funding body is fixed from P3 on (004 §4)."""
        errors = {}
        if old is None:
            self.project = self.person.project_id
            if self.phase_since is None:
                self.phase_since = self.start
            if self.service_type == ServiceType.EXPERT_OPINION:
                # Choosing "Fachdienstliche Stellungnahme" creates the commission in FP1.
                self.phase = Phase.FP1
        elif old.get("person") != self.person_id:
            errors["person"] = N_("The person of a commission cannot be changed.")
        if old is not None and Phase(self.phase) in FUNDING_BODY_FIXED \
                and old.get("funding_body") != self.funding_body_id:
            errors["funding_body"] = N_(
                "The funding body is fixed since P3; a change of funding body closes the "
                "commission and opens a new one.")
        if self.planned_end and self.start and self.planned_end < self.start:
            errors["planned_end"] = N_("The planned end lies before the start.")
        if errors:
            raise ValidationError(errors)


def is_integration_office(funding_body) -> bool:
    """True when `funding_body` is the Integrationsamt (else a rehabilitation body)."""
    return funding_body is not None and funding_body.kind == INTEGRATION_OFFICE


class PhaseChange(BaseModel):
    """One change of phase of a commission with its date (the phase history)."""

    commission = ForeignKeyField(Commission, backref="phase_changes", on_delete="CASCADE",
                                 verbose_name=N_("Commission"))
    from_phase = CharField(max_length=4, choices=Phase.choices(), verbose_name=N_("From phase"))
    to_phase = CharField(max_length=4, choices=Phase.choices(), index=True,
                         verbose_name=N_("To phase"))
    date = DateField(index=True, verbose_name=N_("Date"))
    actor = ForeignKeyField(User, null=True, on_delete="RESTRICT", verbose_name=N_("Editor"))
    recorded_at = DateTimeField(verbose_name=N_("Recorded at"))

    history_relation = "phase_change"
    verbose_name, verbose_name_plural = N_("Phase change"), N_("phase changes")


class Task(CatalogueModel):
    """Catalogue of tasks (Aufgaben), kept by administrators (004 §7)."""

    history_relation = "task"
    verbose_name, verbose_name_plural = N_("Task"), N_("tasks")


class ResultKind(CatalogueModel):
    """Catalogue of results (Leistungen und Ergebnisse, LEK), kept by administrators (004 §7)."""

    history_relation = "result_kind"
    verbose_name, verbose_name_plural = N_("Result (catalogue)"), N_("results (catalogue)")


class Result(VersionedModel):
    """A result (LEK) of a commission: start = first linked contact, end = last; never deleted,
    only declared invalid (004 §7)."""

    commission = ForeignKeyField(Commission, backref="results", on_delete="RESTRICT",
                                 verbose_name=N_("Commission"))
    kind = ForeignKeyField(ResultKind, on_delete="RESTRICT", verbose_name=N_("Result"))
    start = DateField(null=True, verbose_name=N_("Start"))
    end = DateField(null=True, verbose_name=N_("End"))
    paying_body = ForeignKeyField(FundingBody, null=True, on_delete="RESTRICT",
                                  verbose_name=N_("Funding body of the result"))
    invalid = BooleanField(default=False, index=True, verbose_name=N_("Invalid"))
    invalid_reason = TextField(null=True, verbose_name=N_("Reason for invalidity"))
    invalid_since = DateTimeField(null=True, verbose_name=N_("Invalid since"))
    created_at = DateTimeField(default=clock.now, verbose_name=N_("Created"))

    history_relation = "result"
    verbose_name, verbose_name_plural = N_("Result"), N_("results")
    workflow_fields = ("start", "end", "invalid", "invalid_reason", "invalid_since")
    personal_fields = ("invalid_reason",)

    def __str__(self):
        return f"{self.kind.name} (A{self.commission_id})" if self.id else "–"

    def history_label(self) -> str:
        return f"L{self._pk}"

    def before_delete(self, actor, now) -> None:
        """Results are never deleted, only declared invalid (004 §7)."""
        from models.core.errors import DomainError

        raise DomainError(N_("A result cannot be deleted, only declared invalid."))


class ContactForm(LabelledEnum):
    """How a contact took place (004 §5)."""

    PERSONAL = "personal", N_("personal")
    PHONE = "phone", N_("phone")
    WRITTEN = "written", N_("written")
    ELECTRONIC = "electronic", N_("electronic")


class Contact(VersionedModel):
    """A documented contact of a commission (004 §5)."""

    commission = ForeignKeyField(Commission, backref="contacts", on_delete="RESTRICT",
                                 verbose_name=N_("Commission"))
    at = DateTimeField(index=True, verbose_name=N_("Date and time"))
    form = CharField(max_length=20, choices=ContactForm.choices(), verbose_name=N_("Form"))
    keyword = CharField(max_length=200, verbose_name=N_("Keyword"))
    participants = TextField(verbose_name=N_("Participants"))
    text = TextField(null=True, verbose_name=N_("Text"))
    recorded_at = DateTimeField(verbose_name=N_("Recorded at"))
    late = BooleanField(default=False, verbose_name=N_("Entered late"))

    history_relation = "contact"
    verbose_name, verbose_name_plural = N_("Contact"), N_("contacts")
    personal_fields = ("keyword", "participants", "text")

    def __str__(self):
        return f"K{self.id}" if self.id else "–"

    def history_label(self) -> str:
        return f"K{self._pk}"

    class Meta:
        # The compliance lists ask which commissions had a (personal) contact since a date:
        # covering indexes answer from the index alone (200 000 contacts: 230 -> 28 ms).
        indexes = ((("form", "at", "commission"), False), (("at", "commission"), False))


class ContactTask(BaseModel):
    """A task a contact worked on."""

    contact = ForeignKeyField(Contact, backref="task_links", on_delete="CASCADE")
    task = ForeignKeyField(Task, on_delete="RESTRICT")

    class Meta:
        indexes = ((("contact", "task"), True),)


class ContactResult(BaseModel):
    """A result a contact contributed to."""

    contact = ForeignKeyField(Contact, backref="result_links", on_delete="CASCADE")
    result = ForeignKeyField(Result, backref="contact_links", on_delete="CASCADE")

    class Meta:
        indexes = ((("contact", "result"), True),)
