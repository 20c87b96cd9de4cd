"""Documents attached to records (DOMAIN part I, 001 §5.1, 004 §6 and §8): kinds, upload,
rename, note, delete, and the predicate the phase gates ask."""

import enum
import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import BinaryIO

from peewee import (
    JOIN,
    BigIntegerField,
    CharField,
    DateTimeField,
    Field,
    ForeignKeyField,
    TextField,
    fn,
)

from .accounts import PERSONAL_READERS, Role, User, may_read_personal
from .base import NotPermitted, ValidationError, VersionedModel, db
from .delegation import SUPERVISING_ROLES, WORKING_ROLES, delegators_of
from .disability import DisabilityProof
from .history import Event, HistoryEntry, Kind, field_changes, record_history
from .participations import Participation
from .records import run_after_commit, save_edit
from .storage import STORED_NAME, TEMPORARY, TooLarge, files
from .text import N_


class DocumentKind(enum.StrEnum):
    """What a document is; the phase gates of commissions ask for kinds (004 §8)."""

    DATA_PROTECTION_NOTICE = "data_protection_notice"
    DISABILITY_PROOF = "disability_proof"
    GOAL_AGREEMENT = "goal_agreement"
    WRITTEN_COMMISSION = "written_commission"
    EXPERT_OPINION = "expert_opinion"
    CONFIDENTIALITY_RELEASE = "confidentiality_release"
    OTHER = "other"


KIND_LABELS = {
    DocumentKind.DATA_PROTECTION_NOTICE: N_("Data-protection notice (signed)"),
    DocumentKind.DISABILITY_PROOF: N_("Proof of disability"),
    DocumentKind.GOAL_AGREEMENT: N_("Goal agreement"),
    DocumentKind.WRITTEN_COMMISSION: N_("Written commission"),
    DocumentKind.EXPERT_OPINION: N_("Finished expert opinion"),
    DocumentKind.CONFIDENTIALITY_RELEASE: N_("Release from confidentiality"),
    DocumentKind.OTHER: N_("Other"),
}
MAX_NAME = 255
MAX_NOTE = 2000
# Characters that would make a name a path, or hide its real ending (right-to-left override).
PATH_SEPARATORS = ("/", "\\")
BIDI_CONTROLS = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Who may upload to a record they can see: the project's writers; on participations also the
# funding body's clerks (001 §4: both sides upload in the tab "Dokumente").
PROJECT_WRITERS = frozenset({Role.ADMIN, Role.STAFF_WRITE, Role.PROJECT_LEAD})
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
)


class Document(VersionedModel):
    """An uploaded file attached to exactly one record; the file lives in the store."""

    original_name = CharField(max_length=MAX_NAME, verbose_name=N_("Original name"))
    display_name = CharField(max_length=MAX_NAME, verbose_name=N_("Name"))
    note = TextField(null=True, verbose_name=N_("Note"))
    kind = CharField(max_length=40, choices=list(KIND_LABELS.items()), default=DocumentKind.OTHER,
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


def may_read_contents(user) -> bool:
    """True when `user` may read names and notes of documents and download them."""
    return may_read_personal(user)


def can_upload(target, user) -> bool:
    """May `user` add documents to `target`?"""
    return target._pk in uploadable(type(target), [target._pk], user)


def uploadable(model, ids, user) -> set:
    """The ids of `ids` (records of `model`) to which `user` may add documents."""
    from .access import visible

    if user.role not in target_spec(model).uploaders:
        return set()
    key = model._meta.primary_key
    query = visible(model, user).select(key).where(key.in_(list(ids)))
    caseworker = getattr(model, "caseworker", None)
    if isinstance(caseworker, Field) and user.role in BOUND_TO_CASEWORKER:
        # works_on for many records at once: no caseworker, one's own, or a delegator's.
        query = query.where(caseworker.is_null() | (caseworker == user.id)
                            | caseworker.in_(delegators_of(user)))
    return {pk for (pk,) in query.tuples()}


def may_change(document, user, may_upload_to_target: bool) -> bool:
    """May `user`, who may (not) upload to the document's record, change `document`? Clerks
    change only what they uploaded themselves."""
    if not may_upload_to_target:
        return False
    return user.role != Role.CLERK or document.uploaded_by_id == user.id


def can_change_document(document, user) -> bool:
    """May `user` rename, annotate or delete `document`?"""
    return may_change(document, user, can_upload(document.target, user))


def changeable(documents, user) -> set:
    """The ids of `documents` that `user` may rename, annotate or delete: one query per kind
    of record documents attach to (asked even where none is among them, so that a list costs
    the same queries whatever it shows)."""
    by_target: dict = {spec: [] for spec in TARGETS}
    for document in documents:
        by_target[document.target_spec].append(document)
    allowed = set()
    for spec, group in by_target.items():
        targets = uploadable(spec.model, {d.target_id for d in group}, user)
        allowed |= {d.id for d in group if may_change(d, user, d.target_id in targets)}
    return allowed


# -- names ----------------------------------------------------------------------------------


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


# -- upload, change, delete -----------------------------------------------------------------


@dataclass
class Upload:
    """One file as it arrived: the name the browser sent and its content."""

    name: str
    stream: BinaryIO


@dataclass
class Rejected:
    """A file that was not stored, and why (a msgid with its parameters)."""

    name: str
    message: str
    params: dict = field(default_factory=dict)


@dataclass
class UploadResult:
    """What an upload stored and what it refused."""

    stored: list = field(default_factory=list)
    rejected: list = field(default_factory=list)


def _check_kind(spec: Target, kind, errors: dict):
    if not kind:
        errors["kind"] = N_("Please choose the kind of document.")
    elif kind not in spec.kinds:
        errors["kind"] = N_("This kind of document cannot be attached here.")


def _check_note(note, errors: dict):
    note = (note or "").strip() or None
    if note and len(note) > MAX_NOTE:
        errors["note"] = N_("A note has at most 2000 characters.")
    return note


def upload_documents(target, uploads, kind, note, actor, now, limit_mb: int,
                     store=files) -> UploadResult:
    """Store each acceptable file of `uploads` as a document of `target`, all in one
    transaction with an info entry each; files too large, empty or badly named are refused."""
    spec = target_spec(target)
    if actor is not None and not can_upload(target, actor):  # None: the system (demo data)
        raise NotPermitted(N_("You may not add documents to this record."))
    errors = {}
    _check_kind(spec, kind, errors)
    note = _check_note(note, errors)
    if not uploads:
        errors["files"] = N_("Please choose at least one file.")
    if errors:
        raise ValidationError(errors)
    result, received = UploadResult(), []
    try:
        for upload in uploads:
            accepted = _receive(upload, limit_mb, store, result)
            if accepted:
                received.append(accepted)
        result.stored = _keep(target, spec, received, kind, note, actor, now, store)
    finally:
        for _name, file in received:
            store.discard(file)
    return result


def _receive(upload: Upload, limit_mb: int, store, result: UploadResult):
    """(name, received file) for an acceptable upload; a refusal goes into `result`."""
    name = shorten(normalise_name(upload.name))
    problem = name_problem(name)
    if problem:
        result.rejected.append(Rejected(display_text(upload.name), problem))
        return None
    try:
        file = store.receive(upload.stream, limit_mb * 1024 * 1024, name)
    except TooLarge:
        result.rejected.append(Rejected(display_text(name), N_(
            "The file is larger than %(limit)s MB. Split it or scan it with a lower "
            "resolution."), {"limit": limit_mb}))
        return None
    if file.size == 0:
        store.discard(file)
        result.rejected.append(Rejected(display_text(name), N_("The file is empty.")))
        return None
    return name, file


def _keep(target, spec, received, kind, note, actor, now, store) -> list:
    """Move the files to their generated names and insert their rows; undo the moves on error."""
    kept, documents = [], []
    try:
        with db.atomic():
            for name, file in received:
                stored_name = store.keep(file)
                kept.append(stored_name)
                document = Document(
                    original_name=name, display_name=name, note=note, kind=kind,
                    size=file.size, content_type=file.content_type, checksum=file.sha256,
                    stored_name=stored_name, uploaded_by=actor, uploaded_at=now,
                    **{spec.name: target})
                document.save(force_insert=True)
                details = {key: [None, value] for key, value in (
                    ("original_name", name), ("kind", kind), ("size", file.size),
                    ("content_type", file.content_type), ("checksum", file.sha256),
                    ("note", note)) if value is not None}
                record_history(document, actor, now, Event.CREATED, details, kind=Kind.INFO)
                documents.append(document)
    except BaseException:
        for stored_name in kept:
            store.remove(stored_name)
        raise
    return documents


EDITABLE_FIELDS = ("display_name", "kind", "note")


def change_document(document, old: dict, actor, now):
    """Rename, re-kind or annotate a document (its values before were `old`), with an info
    entry."""
    if actor is not None and not can_change_document(document, actor):
        raise NotPermitted(N_("You may not change this document."))
    errors = {}
    document.display_name = normalise_name(document.display_name)
    problem = name_problem(document.display_name)
    if problem:
        errors["display_name"] = problem
    elif len(document.display_name) > MAX_NAME:
        errors["display_name"] = N_("A name has at most 255 characters.")
    _check_kind(document.target_spec, document.kind, errors)
    document.note = _check_note(document.note, errors)
    if errors:
        raise ValidationError(errors)
    changes = {name: pair for name, pair in field_changes(document, old).items()
               if name in EDITABLE_FIELDS}
    with db.atomic():
        save_edit(document, old, names=list(changes))
        if changes:
            record_history(document, actor, now, Event.UPDATED, changes, kind=Kind.INFO)
    return document


def delete_document(document, actor, now) -> None:
    """Delete a document: the row and its entry in one transaction, the file right after."""
    if actor is not None and not can_change_document(document, actor):
        raise NotPermitted(N_("You may not delete this document."))
    with db.atomic():
        work = document.delete_with_owner(actor, now)
    run_after_commit(work)


# -- storage and records agree --------------------------------------------------------------


@dataclass
class CleanupReport:
    """What a cleanup found: files removed, records without file, files that changed."""

    removed: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    damaged: list = field(default_factory=list)


def cleanup_storage(store, min_age_seconds: float, dry_run=False, verify=False) -> CleanupReport:
    """Remove files no document refers to (older than `min_age_seconds`, so that uploads in
    progress keep theirs) and list documents whose file is missing or, with `verify`, altered.
    Safe to run again and again."""
    report = CleanupReport()
    known = {name for (name,) in Document.select(Document.stored_name).tuples()}
    for name, path in store.stored(older_than_seconds=min_age_seconds):
        if name in known and path.parent.name != TEMPORARY:
            continue
        if STORED_NAME.match(name):
            report.removed.append(name)
            if not dry_run:
                path.unlink(missing_ok=True)
    for document in Document.select().order_by(Document.id):
        if not store.exists(document.stored_name):
            report.missing.append(document)
        elif verify and store.checksum(document.stored_name) != document.checksum:
            report.damaged.append(document)
    return report
