"""Uploading, renaming, annotating and deleting documents, and keeping the store and the
records in agreement; each step checked, atomic and in the history."""


from dataclasses import dataclass, field
from typing import BinaryIO

from models.core.base import db
from models.core.errors import NotPermitted, ValidationError
from models.core.history import Event, Kind, field_changes, record_history
from models.core.records import run_after_commit, save_edit
from models.core.storage import STORED_NAME, TooLarge, files
from models.core.text import N_
from models.documents.models import (
    MAX_NAME,
    MAX_NOTE,
    Document,
    Target,
    display_text,
    name_problem,
    normalise_name,
    shorten,
    target_spec,
)
from models.documents.rules import can_change_document, can_upload

# -- upload, change, delete -----------------------------------------------------------------


@dataclass
class Upload:
    """One file as it arrived: the name the browser sent, its content, and the kind chosen for
    it (None: the upload's kind)."""

    name: str
    stream: BinaryIO
    kind: str | None = None


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
    """Store each acceptable file of `uploads` as a document of `target` with its own kind (or
    `kind`), all in one transaction with an info entry each; a kind not allowed refuses the
    whole upload, files too large, empty or badly named are refused one by one."""
    spec = target_spec(target)
    if actor is not None and not can_upload(target, actor):  # None: the system (demo data)
        raise NotPermitted(N_("You may not add documents to this record."))
    errors = {}
    for each in dict.fromkeys([upload.kind or kind for upload in uploads] or [kind]):
        _check_kind(spec, each, errors)
        if errors:
            break  # one message next to the field is enough
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
                received.append((*accepted, upload.kind or kind))
        result.stored = _keep(target, spec, received, note, actor, now, store)
    finally:
        for _name, file, _kind in received:
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


def _keep(target, spec, received, note, actor, now, store) -> list:
    """Move the files to their generated names and insert their rows; undo the moves on error."""
    kept, documents = [], []
    try:
        with db.atomic():
            for name, file, kind in received:
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
    present = set()
    # One listing of the store (one request per 1 000 objects on S3), not one look-up per file.
    for entry in store.stored(older_than_seconds=min_age_seconds):
        if entry.name in known and not entry.temporary:
            present.add(entry.name)
        elif entry.old and STORED_NAME.match(entry.name):
            report.removed.append(entry.name)
            if not dry_run:
                store.drop(entry)
    for document in Document.select().order_by(Document.id):
        # A document uploaded after the listing is looked up on its own before it is reported.
        if document.stored_name not in present and not store.exists(document.stored_name):
            report.missing.append(document)
        elif verify and store.checksum(document.stored_name) != document.checksum:
            report.damaged.append(document)
    return report
