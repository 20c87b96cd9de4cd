"""Participation with eligibility data (DOMAIN part B, 001 §3.2)."""

import datetime as dt
import json

from peewee import BooleanField, DateField, DateTimeField, ForeignKeyField, IntegerField, TextField

from models.accounts.delegation import SUPERVISING_ROLES, WORKING_ROLES, works_on
from models.accounts.models import User, UserProject, projects_in_force
from models.core import clock
from models.core.base import VersionedModel
from models.core.errors import NotPermitted, ValidationError
from models.core.fields import ChoiceListField
from models.core.roles import Role
from models.core.text import N_
from models.people.models import Person, Project

LEGAL_BASES = (
    ("federal_law", N_("Entitled under federal law")),
    ("degree_50", N_("Degree of disability at least 50")),
    ("state_law", N_("Entitled under state law")),
    ("psych_cognitive", N_("Credible psychological or cognitive impairment")),
    ("care_level_3", N_("Care level 3 or higher")),
)
KINDS_WITH_FINDINGS = (
    ("physical", N_("physical")),
    ("sensory", N_("sensory")),
    ("intellectual", N_("intellectual")),
    ("psychological", N_("psychological")),
    ("partial_performance", N_("partial-performance weakness")),
    ("special_education", N_("special-education need")),
)
KINDS_WITHOUT_FINDINGS = KINDS_WITH_FINDINGS[:5]
CARE_LEVELS = tuple((level, str(level)) for level in range(1, 8))
YES_NO = ((True, N_("yes")), (False, N_("no")))
NOT_YOUR_CASE = N_("Only the caseworker, their delegates and the project lead may change this "
                   "case.")

# Eligibility fields: copied into a request's snapshot on approval.
ELIGIBILITY_FIELDS = (
    "legal_basis", "care_level", "with_findings", "kinds_with_findings", "degree_of_disability",
    "disability_pass", "favoured_status", "without_findings", "kinds_without_findings",
)


class Participation(VersionedModel):
    """A person's enrolment in one project, with eligibility data."""

    person = ForeignKeyField(Person, backref="participations", on_delete="RESTRICT",
                             verbose_name=N_("Person"))
    project = ForeignKeyField(Project, backref="participations", on_delete="RESTRICT",
                              verbose_name=N_("Project"))
    created_on = DateField(default=clock.today, verbose_name=N_("Created on"))
    note = TextField(null=True, verbose_name=N_("Note"))
    legal_basis = ChoiceListField(default="", verbose_name=N_("Legal basis"))
    care_level = IntegerField(null=True, verbose_name=N_("Care level"))
    with_findings = BooleanField(null=True, verbose_name=N_("Disabilities with findings"))
    kinds_with_findings = ChoiceListField(default="", verbose_name=N_("Kinds with findings"))
    degree_of_disability = IntegerField(null=True, verbose_name=N_("Degree of disability"))
    disability_pass = BooleanField(default=False, verbose_name=N_("Disability pass"))
    favoured_status = BooleanField(default=False, verbose_name=N_("Favoured disabled status"))
    without_findings = BooleanField(null=True, verbose_name=N_("Disabilities without findings"))
    kinds_without_findings = ChoiceListField(default="",
                                             verbose_name=N_("Kinds without findings"))
    created_at = DateTimeField(default=clock.now, verbose_name=N_("Created"))
    # Who is responsible for the case; colleagues work on it through a delegation (000).
    caseworker = ForeignKeyField(User, null=True, on_delete="RESTRICT",
                                 verbose_name=N_("Caseworker"))

    history_relation = "participation"
    history_goes_with_record = True
    verbose_name, verbose_name_plural = N_("Participation"), N_("participations")
    personal_fields = ("note",)
    field_labels = {"legal_basis": LEGAL_BASES, "kinds_with_findings": KINDS_WITH_FINDINGS,
                    "kinds_without_findings": KINDS_WITHOUT_FINDINGS}

    class Meta:
        indexes = ((("person", "project"), True),)

    def __str__(self):
        return f"{self.person} – {self.project}"

    def history_label(self) -> str:
        if not self.person_id:
            return super().history_label()
        return f"{self.person.pseudonym}/{self.project_id}"

    def history_participation(self) -> int | None:
        return self._pk

    def history_with_record(self):
        """Every entry that belongs to the participation: its own, its documents', and those
        of its requests, delivered hours, care cases and their rows, deleted ones included.
        By the stored participation id only: the trace of an earlier participation deleted
        under the same id (SQLite reuses the highest id) stays."""
        from models.core.history import belongs_to_participation

        return belongs_to_participation(self._pk)

    def before_save(self, actor, old, today) -> None:
        """Check the eligibility rules; the person needs an SVNR or a file number first."""
        errors = eligibility_errors(self)
        if not (self.person.svnr or self.person.file_number):
            errors["person"] = N_("Enter the social-security or file number of the person "
                                  "before creating a participation.")
        if self.created_on and self.created_on > today:
            errors["created_on"] = N_("The date cannot lie in the future.")
        duplicate = Participation.select().where(
            (Participation.person == self.person_id) & (Participation.project == self.project_id)
        )
        if self.id is not None:
            duplicate = duplicate.where(Participation.id != self.id)
        if duplicate.exists():
            errors["project"] = N_("The person already takes part in this project.")
        self._check_caseworker(actor, old, today, errors)
        if errors:
            raise ValidationError(errors)

    def _check_caseworker(self, actor, old, today, errors) -> None:
        if actor is None:
            return
        previous = (old or {}).get("caseworker")
        if old is None and self.caseworker_id is None and actor.role in WORKING_ROLES:
            self.caseworker = actor
        if old is not None and not works_on(actor, previous):
            raise NotPermitted(NOT_YOUR_CASE)
        changed = old is None or self.caseworker_id != previous
        if not changed or self.caseworker_id is None:
            return
        if old is not None and actor.role not in SUPERVISING_ROLES and actor.id != previous:
            errors["caseworker"] = N_("Only the caseworker, the project lead or an "
                                      "administrator may hand the case to someone else.")
        elif not projects_in_force(self.caseworker, today).where(
                UserProject.project == self.project_id).exists():
            errors["caseworker"] = N_("The caseworker must work in the project.")

    def before_delete(self, actor, now) -> None:
        """Only those who work on the case may delete it."""
        if actor is not None and not works_on(actor, self.caseworker_id):
            raise NotPermitted(NOT_YOUR_CASE)

    @property
    def complete(self) -> bool:
        """True when the required eligibility data are filled in."""
        return is_complete(self)

    def eligibility(self) -> dict:
        """The eligibility fields as plain values (for snapshots)."""
        return {name: getattr(self, name) for name in ELIGIBILITY_FIELDS}


def acts_for_participation(participation, user, today: dt.date) -> bool:
    """True when `user` may act for the participation's project on `today`: an administrator,
    or write staff assigned to the project who work on the case (caseworker, delegate, lead).

    Requests, delivered hours and care cases of the participation ask this."""
    if user is None:
        return False
    if user.role == Role.ADMIN:
        return True
    if user.role not in WORKING_ROLES:
        return False
    assigned = projects_in_force(user, today).where(
        UserProject.project == participation.project_id).exists()
    return assigned and works_on(user, participation.caseworker_id)


def eligibility_errors(p) -> dict:
    """Field messages for eligibility data that break a rule (001 §3.2.1)."""
    errors = {}
    if p.care_level is not None and not 1 <= p.care_level <= 7:
        errors["care_level"] = N_("The care level is 1 to 7, or none.")
    degree = p.degree_of_disability
    if degree is not None and (degree % 10 or not 10 <= degree <= 100):
        errors["degree_of_disability"] = N_("The degree of disability is given in steps of 10.")
    elif (p.disability_pass or p.favoured_status) and (degree or 0) < 50:
        errors["degree_of_disability"] = N_(
            "With a disability pass or favoured status the degree is at least 50.")
    if p.with_findings and not p.kinds_with_findings:
        errors["kinds_with_findings"] = N_("Choose at least one kind.")
    if p.without_findings and not p.kinds_without_findings:
        errors["kinds_without_findings"] = N_("Choose at least one kind.")
    if "care_level_3" in (p.legal_basis or []) and (p.care_level or 0) < 3:
        errors["care_level"] = N_("This legal basis needs care level 3 or higher.")
    if "degree_50" in (p.legal_basis or []) and (degree or 0) < 50:
        errors["degree_of_disability"] = N_("This legal basis needs a degree of at least 50.")
    return errors


def missing_fields(p) -> list[str]:
    """Required eligibility fields not filled in yet; empty when the participation is complete."""
    missing = []
    if not p.legal_basis:
        missing.append("legal_basis")
    if p.with_findings is None:
        missing.append("with_findings")
    if p.without_findings is None:
        missing.append("without_findings")
    return missing


def is_complete(p) -> bool:
    """True when requests may be filed for this participation."""
    return not missing_fields(p)


def snapshot_json(p) -> str:
    """The eligibility data frozen as JSON (stored with an approved request)."""
    return json.dumps(p.eligibility(), sort_keys=True)
