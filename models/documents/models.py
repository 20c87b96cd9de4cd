"""Documents attached to records (DOMAIN part I, 001 §5.1, 004 §6 and §8): kinds, upload,
rename, note, delete, and the predicate the phase gates ask."""

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import PurePath

from peewee import (
    JOIN,
    BigIntegerField,
    CharField,
    DateTimeField,
    ForeignKeyField,
    TextField,
    fn,
)

from models.accounts.models import User
from models.budgets.models import PersonalBudget
from models.commissions.models import Commission, Contact
from models.core.base import VersionedModel
from models.core.history import Event, HistoryEntry, Kind, record_history
from models.core.labels import LabelledEnum
from models.core.roles import (
    FUNDING_SIDE,
    PERSONAL_READERS,
    PROJECT_WRITERS,
    SUPERVISING_ROLES,
    WORKING_ROLES,
    Role,
)
from models.core.storage import files
from models.core.text import N_
from models.disability.models import DisabilityProof
from models.participations.models import Participation
from models.procedures.models import Procedure


class DocumentKind(LabelledEnum):
    """What a document is; the phase gates of commissions ask for kinds (004 §8)."""

    DATA_PROTECTION_NOTICE = "data_protection_notice", N_("Data-protection notice (signed)")
    DISABILITY_PROOF = "disability_proof", N_("Proof of disability")
    GOAL_AGREEMENT = "goal_agreement", N_("Goal agreement")
    WRITTEN_COMMISSION = "written_commission", N_("Written commission")
    EXPERT_OPINION = "expert_opinion", N_("Finished expert opinion")
    CONFIDENTIALITY_RELEASE = "confidentiality_release", N_("Release from confidentiality")
    FINAL_REPORT = "final_report", N_("Final report")
    # The other reports of 004 §9 (initial and status reports); the final report keeps its
    # own kind because the P4 gate asks for it.
    REPORT = "report", N_("Report")
    OTHER = "other", N_("Other")


MAX_NAME = 255
MAX_NOTE = 2000
# Characters that would make a name a path, or hide its real ending (right-to-left override).
PATH_SEPARATORS = ("/", "\\")
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Who may upload to a record they can see: the project's writers; on participations also the
# funding body's clerks (001 §4: both sides upload in the tab "Dokumente").
PARTICIPATION_UPLOADERS = PROJECT_WRITERS | {Role.CLERK}
# On a record with a caseworker, project staff below the lead upload and change documents only
# where they work on the case (models.delegation.works_on); clerks of the funding body upload
# to the cases addressed to them whoever their caseworker is.
BOUND_TO_CASEWORKER = WORKING_ROLES - SUPERVISING_ROLES
# Names and notes of documents are personal; the statistics role sees counts per kind only.
# Names and notes of documents are personal: the readers of personal data read them.
CONTENT_READERS = PERSONAL_READERS


@dataclass(frozen=True)
class Target:
    """A kind of record documents attach to: its model, letter, allowed kinds, uploaders."""

    model: type
    code: str
    kinds: tuple
    default_kind: str | None
    uploaders: frozenset

    @property
    def name(self) -> str:
        """The name of the document's reference to it ('participation')."""
        return self.model.history_relation


# Adding a target (a commission, a contact) is one line here; the reference column, the
# scoping, the history and the cleanup follow from it.
TARGETS = (
    Target(Participation, "T", tuple(DocumentKind), DocumentKind.OTHER, PARTICIPATION_UPLOADERS),
    Target(DisabilityProof, "N", (DocumentKind.DISABILITY_PROOF,), DocumentKind.DISABILITY_PROOF,
           PROJECT_WRITERS),
    # Commissions take the documents their phase gates ask for (004 §8); the project's
    # writers upload them (the funding body's clerks see them).
    Target(Commission, "A", tuple(DocumentKind), DocumentKind.OTHER, PROJECT_WRITERS),
    # Contacts take letters, minutes and the like (004 §5); the contact's readers see them.
    Target(Contact, "K", (DocumentKind.OTHER,), DocumentKind.OTHER, PROJECT_WRITERS),
    # A procedure's papers (000), uploaded by the project's writers.
    Target(Procedure, "V", tuple(DocumentKind), DocumentKind.OTHER, PROJECT_WRITERS),
    # The signed goal agreement of a personal budget (002), uploaded by the lead body.
    Target(PersonalBudget, "B", (DocumentKind.GOAL_AGREEMENT, DocumentKind.OTHER),
           DocumentKind.GOAL_AGREEMENT, FUNDING_SIDE),
)


class Document(VersionedModel):
    """An uploaded file attached to exactly one record; the file lives in the store."""

    original_name = CharField(max_length=MAX_NAME, verbose_name=N_("Original name"))
    display_name = CharField(max_length=MAX_NAME, verbose_name=N_("Name"))
    note = TextField(null=True, verbose_name=N_("Note"))
    kind = CharField(max_length=40, choices=DocumentKind.choices(), default=DocumentKind.OTHER,
                     index=True, verbose_name=N_("Kind of document"))
    size = BigIntegerField(verbose_name=N_("Size"))
    content_type = CharField(max_length=120, verbose_name=N_("Format"))
    checksum = CharField(max_length=64, verbose_name=N_("Checksum (SHA-256)"))
    stored_name = CharField(max_length=32, unique=True, verbose_name=N_("Stored name"))
    uploaded_by = ForeignKeyField(User, null=True, on_delete="RESTRICT",
                                  verbose_name=N_("Uploaded by"))
    uploaded_at = DateTimeField(index=True, verbose_name=N_("Uploaded at"))

    history_relation = "document"
    verbose_name, verbose_name_plural = N_("Document"), N_("documents")
    personal_fields = ("original_name", "display_name", "note")
    # Deleting its record deletes the document (and its file) with it (001 §3.2.1).
    deleted_with_owner = True

    def __str__(self):
        return self.display_name or "–"

    @property
    def target_spec(self) -> Target:
        """The Target this document is attached to."""
        return next(t for t in TARGETS if getattr(self, f"{t.name}_id") is not None)

    @property
    def target_id(self) -> int:
        return getattr(self, f"{self.target_spec.name}_id")

    @property
    def target(self):
        """The record the document is attached to."""
        return getattr(self, self.target_spec.name)

    def history_label(self) -> str:
        """The record it belongs to ('T12' = participation 12): kept after both are deleted."""
        return target_label(self.target_spec, self.target_id)

    def delete_with_owner(self, actor, now) -> list:
        """Delete the row with an info entry; returns the removal of its file for after commit."""
        record_history(self, actor, now, Event.DELETED,
                       {"display_name": [self.display_name, None], "kind": [self.kind, None]},
                       kind=Kind.INFO)
        self.delete_instance()
        return [functools.partial(files.remove, self.stored_name)]


for _target in TARGETS:
    Document._meta.add_field(_target.name, ForeignKeyField(
        _target.model, null=True, backref="documents", on_delete="RESTRICT",
        verbose_name=_target.model.verbose_name))


def target_label(spec: Target, target_id: int) -> str:
    """How the history names the record of a document, e.g. 'T12'."""
    return f"{spec.code}{target_id}"


def target_spec(target) -> Target:
    """The Target of a record (instance or model)."""
    model = target if isinstance(target, type) else type(target)
    for spec in TARGETS:
        if spec.model is model:
            return spec
    raise ValueError(f"documents cannot be attached to {model.__name__}")


def target_by_name(name: str) -> Target | None:
    """The Target whose reference is called `name`, or None."""
    return next((spec for spec in TARGETS if spec.name == name), None)


def reference(target):
    """The document column that points at `target`'s kind of record."""
    return getattr(Document, target_spec(target).name)


# -- what the rules ask -------------------------------------------------------------------


def has_document_of_kind(target, kind) -> bool:
    """True when `target` (participation, proof, later a commission) has a document of `kind`."""
    return Document.select().where((reference(target) == target._pk)
                                   & (Document.kind == kind)).exists()


def missing_kinds(target, kinds) -> list:
    """The kinds of `kinds` of which `target` has no document yet, in the given order."""
    present = {row.kind for row in Document.select(Document.kind).distinct()
               .where((reference(target) == target._pk) & Document.kind.in_(list(kinds)))}
    return [kind for kind in kinds if kind not in present]


def has_disability_proof(person) -> bool:
    """True when a proof of disability of `person` has its scanned notice uploaded (004 §6)."""
    return (Document.select()
            .join(DisabilityProof, on=(Document.disability_proof == DisabilityProof.id))
            .where((DisabilityProof.person == person)
                   & (Document.kind == DocumentKind.DISABILITY_PROOF))
            .exists())


def documents_of_records(model, ids):
    """The documents of several records of `model`, newest first, uploaders joined."""
    return (Document.select(Document, User)
            .join(User, JOIN.LEFT_OUTER, on=(Document.uploaded_by == User.id))
            .where(reference(model).in_(list(ids)))
            .order_by(Document.uploaded_at.desc(), Document.id.desc()))


def kind_counts(model, ids) -> dict:
    """{record id: {kind: number of documents}} for several records of `model`."""
    column = reference(model)
    counts: dict = {}
    query = (Document.select(column, Document.kind, fn.COUNT(Document.id))
             .where(column.in_(list(ids))).group_by(column, Document.kind).tuples())
    for record_id, kind, count in query:
        counts.setdefault(record_id, {})[kind] = count
    return counts


def history_condition(target):
    """History entries of `target` itself and of its documents, also of deleted ones."""
    spec = target_spec(target)
    return (((HistoryEntry.relation == spec.model.history_relation)
             & (HistoryEntry.record_id == target._pk))
            | ((HistoryEntry.relation == Document.history_relation)
               & (HistoryEntry.record_label == target_label(spec, target._pk))))


# A record that takes documents owns their history too (deleted with it where its own goes).
for _target in TARGETS:
    _target.model.history_condition = history_condition


# -- who may do what ------------------------------------------------------------------------


def name_problem(name: str) -> str | None:
    """A msgid saying what is wrong with a document name, or None."""
    if not name:
        return N_("The name is empty.")
    if any(sep in name for sep in PATH_SEPARATORS) or name.strip(".") == "":
        return N_("A name must not contain / or \\ and must not consist of dots only.")
    if any(unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS for ch in name):
        return N_("A name must not contain control characters.")
    return None


def normalise_name(name: str | None) -> str:
    """NFC (names from a Mac arrive decomposed) without surrounding blanks."""
    return unicodedata.normalize("NFC", name or "").strip()


def shorten(name: str, limit: int = MAX_NAME) -> str:
    """`name` cut to `limit` characters, keeping a short file ending ('….pdf')."""
    if len(name) <= limit:
        return name
    suffix = PurePath(name).suffix
    suffix = suffix if len(suffix) <= 16 else ""
    return name[:limit - len(suffix) - 1] + "…" + suffix


def display_text(name: str | None, limit: int = 80) -> str:
    """A name safe to repeat in a message: control characters shown as '?', cut to `limit`."""
    text = "".join("?" if unicodedata.category(ch) == "Cc" or ch in BIDI_CONTROLS else ch
                   for ch in name or "")
    return shorten(text, limit)
