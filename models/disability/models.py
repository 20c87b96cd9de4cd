"""Proof of disability on the person (DOMAIN part F, 004 §6): the notice and its conditions."""

import datetime as dt
from dataclasses import dataclass

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from models.core import clock
from models.core.base import BaseModel, VersionedModel, db
from models.core.errors import NotPermitted, ValidationError
from models.core.history import Event, field_changes, record_history
from models.core.records import delete_with_owner, save_edit
from models.core.text import N_
from models.people.models import Person

NOTICE_KINDS = (
    ("assessment", N_("Notice of assessment")),
    ("equal_status", N_("Notice of equal status")),
)
DEGREES = tuple(range(20, 101, 10))
MAX_CONDITION_NAME = 200


class DisabilityProof(VersionedModel):
    """A notice that proves a person's disability; the scanned notice is attached as documents."""

    person = ForeignKeyField(Person, backref="disability_proofs", on_delete="RESTRICT",
                             verbose_name=N_("Person"))
    notice_kind = CharField(max_length=20, choices=NOTICE_KINDS, default="assessment",
                            verbose_name=N_("Kind of notice"))
    notice_date = DateField(verbose_name=N_("Date of the notice"))
    effective_from = DateField(null=True, verbose_name=N_("Effective from"))
    degree_of_disability = IntegerField(verbose_name=N_("Degree of disability"))
    note = TextField(null=True, verbose_name=N_("Note"))
    created_at = DateTimeField(default=clock.now, verbose_name=N_("Created"))

    history_relation = "disability_proof"
    verbose_name, verbose_name_plural = N_("Proof of disability"), N_("proofs of disability")
    # The conditions are health data; their history entry is personal too.
    personal_fields = ("note", "conditions")
    # Deleted with the person (and their documents with it).
    deleted_with_owner = True

    def __str__(self):
        return f"{self.person} – {self.notice_date:%d.%m.%Y}" if self.notice_date else "–"

    def history_label(self) -> str:
        return f"{self.person.pseudonym}/N{self._pk}"

    def delete_with_owner(self, actor, now) -> list:
        """Deleted with its person: its conditions and documents go with it."""
        return delete_with_owner(self, actor, now)

    @property
    def valid_from(self) -> dt.date:
        """The date the proof counts from: 'effective from' when the notice has one (004 §6)."""
        return self.effective_from or self.notice_date

    def before_delete(self, actor, now) -> None:
        """Only those who may record proofs of the person delete one."""
        check_writer(actor, self.person)

    def before_save(self, actor, old, today) -> None:
        """The notice date is not in the future; the degree is 20 to 100 in steps of 10."""
        errors = {}
        if self.notice_date is None:
            errors["notice_date"] = N_("Please enter the date of the notice.")
        elif self.notice_date > today:
            errors["notice_date"] = N_("The date cannot lie in the future.")
        if self.degree_of_disability not in DEGREES:
            errors["degree_of_disability"] = N_(
                "The degree of disability is 20 to 100, in steps of 10.")
        if errors:
            raise ValidationError(errors)


class Disability(BaseModel):
    """One condition named in (or missing from) a notice; one per proof is the relevant one."""

    proof = ForeignKeyField(DisabilityProof, backref="conditions", on_delete="CASCADE",
                            verbose_name=N_("Proof of disability"))
    position = IntegerField(default=0, verbose_name=N_("Position"))
    name = CharField(max_length=MAX_CONDITION_NAME, verbose_name=N_("Disability"))
    relevant = BooleanField(default=False, verbose_name=N_("Relevant for the support"))
    not_recognised = BooleanField(default=False, verbose_name=N_("not recognised"))

    verbose_name, verbose_name_plural = N_("Disability"), N_("disabilities")
    personal_fields = ("name",)
    deleted_with_owner = True

    def delete_with_owner(self, actor, now) -> list:
        """Part of its proof: the proof's history entry covers it."""
        self.delete_instance()
        return []


@dataclass
class Condition:
    """A condition as typed in the form."""

    name: str
    relevant: bool = False
    not_recognised: bool = False


def condition_errors(conditions: list[Condition]) -> dict:
    """Messages for a list of conditions that breaks the rules of 004 §6."""
    named = [c for c in conditions if c.name]
    if not named:
        return {"conditions": N_("Enter at least one disability.")}
    if any(len(c.name) > MAX_CONDITION_NAME for c in named):
        return {"conditions": N_("A disability is named in at most 200 characters.")}
    relevant = [c for c in named if c.relevant]
    if len(relevant) != 1:
        return {"relevant": N_("Mark exactly one disability as relevant for the support.")}
    if relevant[0].not_recognised:
        return {"relevant": N_("The relevant disability must be recognised in the notice.")}
    return {}


def conditions_of(proof) -> list[list]:
    """The stored conditions as [name, relevant, not recognised] in their order."""
    if proof.id is None:
        return []
    rows = Disability.select().where(Disability.proof == proof).order_by(Disability.position)
    return [[row.name, row.relevant, row.not_recognised] for row in rows]


def check_writer(actor, person) -> None:
    """Raise NotPermitted unless `actor` (None: the system) may record proofs of `person`:
    a role that writes proofs, and the person in the actor's scope."""
    from models.core.access import is_visible, may_write

    if actor is None:
        return
    if not (may_write(actor, DisabilityProof) and is_visible(actor, person)):
        raise NotPermitted(N_("You may not record proofs of disability of this person."))


def save_proof(proof, old: dict | None, conditions: list[Condition], actor, now):
    """Create (`old` None) or update a proof with its conditions: one transaction, one entry."""
    check_writer(actor, proof.person)
    conditions = [Condition(c.name.strip(), c.relevant, c.not_recognised) for c in conditions]
    conditions = [c for c in conditions if c.name]
    errors = condition_errors(conditions)
    creating = old is None
    try:
        proof.before_save(actor, old, now.date())
    except ValidationError as error:
        errors = {**error.errors, **errors}
    if errors:
        raise ValidationError(errors)
    before = [] if creating else conditions_of(proof)
    after = [[c.name, c.relevant, c.not_recognised] for c in conditions]
    changes = field_changes(proof, old or {})
    if before != after:
        changes["conditions"] = [before or None, after]
    with db.atomic():
        if creating:
            proof.save(force_insert=True)
        else:
            save_edit(proof, old, touch=bool(changes))
        if not changes:
            return proof
        Disability.delete().where(Disability.proof == proof).execute()
        for position, condition in enumerate(conditions):
            Disability.create(proof=proof, position=position, name=condition.name,
                              relevant=condition.relevant,
                              not_recognised=condition.not_recognised)
        record_history(proof, actor, now, Event.CREATED if creating else Event.UPDATED, changes)
    return proof
