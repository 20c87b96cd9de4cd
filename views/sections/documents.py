"""The documents section of a record's page: its rows or counts, the upload form's data, and
the document entries in the record's history."""

from dataclasses import dataclass, field

from flask import current_app, request, session, url_for
from flask_babel import format_decimal, gettext, ngettext

from models.core.access import visible
from models.core.filetypes import content_type_label
from models.core.history import history_where
from models.documents.file_kinds import PREFIX_LENGTH, kind_keywords
from models.documents.models import (
    TARGETS,
    Document,
    DocumentKind,
    documents_of_records,
    history_condition,
    kind_counts,
    target_label,
    target_spec,
)
from models.documents.rules import may_change, may_read_contents, uploadable
from views.core.context import acting_user
from views.core.formatting import history_value, label_of

# Fields of document entries that a record's history shows, with their labels.
DOCUMENT_HISTORY_FIELDS = ("original_name", "display_name", "kind", "note", "size",
                           "content_type", "checksum")
# Where the upload view leaves field messages for the record's page after its redirect: msgids
# with their parameters and counts only. The session is a cookie (signed, not encrypted, at
# most 4 KB): no note, no file name goes into it.
UPLOAD_ERRORS = "document_upload_errors"


def format_size(size: int) -> str:
    """A file size as users read it: '512 Byte', '12,3 KB', '4,0 MB'."""
    if size < 1024:
        return f"{size} Byte"
    if size < 1024 * 1024:
        return f"{format_decimal(size / 1024, format='#,##0.0')} KB"
    return f"{format_decimal(size / 1024 / 1024, format='#,##0.0')} MB"


def kind_label(kind) -> str:
    """The German name of a document kind."""
    return label_of(DocumentKind.labels(), kind)


# -- the section on a record's page -------------------------------------------------------


@dataclass
class DocumentSection:
    """What `_documents.html` shows for one record."""

    target: object
    anchor: str
    may_read: bool
    may_upload: bool
    documents: list = field(default_factory=list)
    counts: list = field(default_factory=list)
    kinds: list = field(default_factory=list)
    default_kind: str | None = None
    # (folded keyword, kind) pairs with which documents.js preselects each file's kind.
    kind_words: list = field(default_factory=list)
    kind_prefix: int = PREFIX_LENGTH
    limit_mb: int = 0
    upload_url: str = ""
    next_url: str = ""
    errors: dict = field(default_factory=dict)


@dataclass
class DocumentRow:
    """One document as the section lists it."""

    document: Document
    may_change: bool

    @property
    def kind(self) -> str:
        return kind_label(self.document.kind)

    @property
    def size(self) -> str:
        return format_size(self.document.size)

    @property
    def content_type(self) -> str:
        return gettext(content_type_label(self.document.content_type))


def section_anchor(target) -> str:
    """The id of a record's documents section ('documents-T12')."""
    return f"documents-{target_label(target_spec(target), target._pk)}"


def document_sections(targets) -> dict:
    """{record id: its DocumentSection} for records of one kind, in a constant number of
    queries: rows for users who may read documents, counts per kind for the others."""
    targets = list(targets)
    if not targets:
        return {}
    user = acting_user()
    model, ids = type(targets[0]), [t._pk for t in targets]
    spec = target_spec(model)
    allowed = uploadable(model, ids, user)
    sections = {target._pk: _section(target, spec, target._pk in allowed, user)
                for target in targets}
    if may_read_contents(user):
        for document in visible(Document, user, documents_of_records(model, ids)):
            section = sections[getattr(document, f"{spec.name}_id")]
            section.documents.append(DocumentRow(document,
                                                 may_change(document, user, section.may_upload)))
    else:
        for record_id, counts in kind_counts(model, ids).items():
            sections[record_id].counts = sorted((kind_label(k), n) for k, n in counts.items())
    return sections


def _section(target, spec, may_upload: bool, user) -> DocumentSection:
    anchor = section_anchor(target)
    kinds = {kind: kind_label(kind) for kind in spec.kinds}
    section = DocumentSection(
        target=target, anchor=anchor, may_read=may_read_contents(user), may_upload=may_upload,
        kinds=list(kinds.items()), default_kind=spec.default_kind,
        kind_words=kind_keywords(kinds) if len(kinds) > 1 else [],
        limit_mb=current_app.config["UPLOAD_MAX_MB"],
        upload_url=url_for("document.upload_view", target=spec.name, id=target._pk),
        next_url=f"{request.full_path.rstrip('?')}#{anchor}")
    stored = session.get(UPLOAD_ERRORS) or {}
    if stored.get("anchor") == anchor:
        session.pop(UPLOAD_ERRORS, None)
        section.errors = {name: [error_text(*error) for error in errors]
                          for name, errors in stored.get("errors", {}).items()}
    return section


def keep_upload_errors(target, errors: dict) -> None:
    """Leave {field: [(msgid, params, number of files or 0)]} for the upload form on the page of
    `target`, shown there after the redirect."""
    session[UPLOAD_ERRORS] = {"anchor": section_anchor(target),
                              "errors": {name: [list(error) for error in items]
                                         for name, items in errors.items()}}


def error_text(message: str, params: dict, count: int) -> str:
    """A kept message in German; with a count, how many files it refused."""
    text = gettext(message, **params)
    if not count:
        return text
    return ngettext("%(num)d file was not stored: %(reason)s",
                    "%(num)d files were not stored: %(reason)s", count, reason=text)


class DocumentsScriptMixin:
    """Pages with document forms load documents.js (drag and drop)."""

    @property
    def extra_js(self):
        return [url_for("static", filename="documents.js")]


class DocumentsMixin(DocumentsScriptMixin):
    """For views whose pages show documents: the section, the script, and on a record that
    takes documents its history with the entries of its documents."""

    def documents_section(self, target) -> DocumentSection:
        """The documents section of `target` (used by `_documents.html`)."""
        return document_sections([target])[target._pk]

    def documents_sections(self, targets) -> dict:
        """{id: section} for several records of one kind (a page listing several)."""
        return document_sections(targets)

    def history_entries(self, row) -> list:
        if not any(spec.model is self.model for spec in TARGETS):
            return super().history_entries(row)
        return list(history_where(history_condition(row)))

    def history_field_label(self, name):
        if name in DOCUMENT_HISTORY_FIELDS and name not in self.model._meta.fields:
            return gettext(Document._meta.fields[name].verbose_name)
        return super().history_field_label(name)

    def history_value_text(self, name, value):
        if name not in DOCUMENT_HISTORY_FIELDS or name in self.model._meta.fields:
            return super().history_value_text(name, value)
        return document_value_text(name, value)


def document_value_text(name, value) -> str:
    """A value of a document's history entry as the user reads it; names hidden from
    statistics readers."""
    if name in Document.personal_fields and not may_read_contents(acting_user()):
        return "•••"
    if value is None:
        return "–"
    if name == "size":
        return format_size(int(value))
    if name == "content_type":
        return gettext(content_type_label(value))
    return history_value(Document, name, value)
