"""Documents: the section on a record's page, upload, download, rename/note/kind, delete, list."""

import logging
from pathlib import PurePath

from flask import abort, current_app, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_admin.model.template import BaseListRowAction, EditRowAction
from flask_babel import gettext, lazy_gettext, ngettext
from markupsafe import Markup, escape
from peewee import JOIN
from wtforms import TextAreaField

from models.accounts.models import User
from models.budgets.models import PersonalBudget
from models.commissions.models import Commission
from models.core.access import visible
from models.core.clock import now
from models.core.errors import DomainError, ValidationError
from models.core.filetypes import content_type_label
from models.core.storage import files
from models.core.text import N_
from models.disability.models import DisabilityProof
from models.documents.models import (
    Document,
    DocumentKind,
    display_text,
    target_by_name,
    target_label,
)
from models.documents.operations import Upload, change_document, delete_document, upload_documents
from models.documents.rules import can_change_document, changeable
from models.participations.models import Participation
from models.people.models import Person, Project
from models.procedures.models import Procedure
from views.core.base import FallakteModelView
from views.core.columns import person_label
from views.core.context import acting_user, request_state
from views.core.formatting import choice_formatter, translate_error
from views.core.locking import values_before_edit
from views.core.params import id_or_404
from views.core.session_steps import safe_next
from views.sections.documents import (
    UPLOAD_ERRORS,
    DocumentsMixin,
    DocumentsScriptMixin,
    format_size,
    keep_upload_errors,
    kind_label,
)

log = logging.getLogger(__name__)
# The other records documents attach to, joined in the list with their persons.
OWNERS = (Commission, Procedure, PersonalBudget)
OWNER_PERSONS = tuple(Person.alias() for _owner in OWNERS)


def download_name(document) -> str:
    """The name a download is saved under: the document's name with the original ending."""
    suffix = PurePath(document.original_name).suffix
    name = document.display_name
    if suffix and not name.lower().endswith(suffix.lower()):
        name += suffix
    return name


# -- the list and the actions on one document ---------------------------------------------


def _download_link(view, _context, row, _name):
    return Markup('<a href="{}">{}</a>').format(
        url_for("document.download_view", id=row.id), row.display_name)


# Records with a page of their own that documents attach to: the page's endpoint (the
# document's reference) and how the list names the record.
# Records with a page of their own, named by their number (no query per listed document).
OWN_PAGES = {"commission": N_("Commission A%(id)s"), "contact": N_("Contact K%(id)s"),
             "procedure": N_("Procedure V%(id)s"),
             "personal_budget": N_("Personal budget B%(id)s")}


def target_page(document) -> str:
    """The page of the record a document is attached to."""
    anchor = f"documents-{target_label(document.target_spec, document.target_id)}"
    if document.participation_id:
        return url_for("participation.details_view", id=document.participation_id,
                       _anchor=anchor)
    for name in OWN_PAGES:
        if getattr(document, f"{name}_id"):
            return url_for(f"{name}.details_view", id=getattr(document, f"{name}_id"),
                           _anchor=anchor)
    proof = document.disability_proof
    return url_for("person.details_view", id=proof.person_id, _anchor=f"proof-{proof.id}")


def target_text(document) -> str:
    """The record of a document as the user may see it (pseudonym only for statistics)."""

    if document.participation_id:
        participation = document.participation
        return f"{person_label(participation.person)} – {participation.project.name}"
    for name, label in OWN_PAGES.items():
        if getattr(document, f"{name}_id"):
            return gettext(label, id=getattr(document, f"{name}_id"))
    return gettext("Proof of disability: %(person)s",
                   person=person_label(document.disability_proof.person))


def _record_link(_view, _context, row, _name):
    return Markup('<a href="{}">{}</a>').format(target_page(row), target_text(row))


def _size(_view, _context, row, _name):
    return format_size(row.size)


def _content_type(_view, _context, row, _name):
    return escape(gettext(content_type_label(row.content_type)))


class IfChangeable(BaseListRowAction):
    """A row action of the documents list shown only on documents the user may change."""

    def __init__(self, action):
        super().__init__(action.title)
        self.action = action

    def render(self, context, row_id, row):
        if not context.resolve("admin_view").may_change_row(row):
            return ""
        return self.action.render(context, row_id, row)


def _changes_a_row(action) -> bool:
    return isinstance(action, EditRowAction) or getattr(action, "template_name", "") \
        == "fallakte_rows.delete_row"


class DocumentView(DocumentsScriptMixin, FallakteModelView):
    """Every document the user may see; upload and download; rename, note, kind, delete."""

    allow_create = False
    column_list = ("display_name", "kind", "record", "size", "content_type", "uploaded_by",
                   "uploaded_at")
    column_details_list = ("display_name", "original_name", "kind", "record", "note", "size",
                           "content_type", "checksum", "uploaded_by", "uploaded_at")
    column_labels = {"record": lazy_gettext("Belongs to")}
    column_formatters = {"display_name": _download_link, "record": _record_link, "size": _size,
                         "content_type": _content_type,
                         "kind": choice_formatter(DocumentKind.choices())}
    column_formatters_detail = column_formatters
    column_sortable_list = ("display_name", "kind", "size", "uploaded_at")
    column_default_sort = ("uploaded_at", True)
    column_filters = ("kind", "uploaded_at", "size", Participation.project)
    column_filter_sources = {"record": "text", "content_type": "text"}
    form_columns = ("display_name", "kind", "note")
    form_edit_rules = form_columns
    form_overrides = {"note": TextAreaField}
    edit_template = "admin/fallakte/document_edit.html"
    details_template = "admin/fallakte/document_details.html"

    # -- queries ------------------------------------------------------------------------
    def base_query(self):
        proof_person = Person.alias()
        query = (
            Document.select(Document, Participation, Person, Project, DisabilityProof,
                            proof_person, User, *OWNERS, *OWNER_PERSONS)
            .join(Participation, JOIN.LEFT_OUTER,
                  on=(Document.participation == Participation.id))
            .join(Person, JOIN.LEFT_OUTER, on=(Participation.person == Person.id))
            .switch(Participation)
            .join(Project, JOIN.LEFT_OUTER, on=(Participation.project == Project.id))
            .switch(Document)
            .join(DisabilityProof, JOIN.LEFT_OUTER,
                  on=(Document.disability_proof == DisabilityProof.id))
            .join(proof_person, JOIN.LEFT_OUTER, on=(DisabilityProof.person == proof_person.id),
                  attr="person")
            .switch(Document)
            .join(User, JOIN.LEFT_OUTER, on=(Document.uploaded_by == User.id))
        )
        for owner, person in zip(OWNERS, OWNER_PERSONS, strict=True):
            query = (query.switch(Document)
                     .join(owner, JOIN.LEFT_OUTER,
                           on=(getattr(Document, owner.history_relation) == owner.id))
                     .join(person, JOIN.LEFT_OUTER, on=(owner.person == person.id),
                           attr="person"))
        return query

    def prejoined_models(self):
        return {Participation, Person, Project, DisabilityProof, User, *OWNERS}

    def search_condition(self, term):
        """The document's name or its original name contains the term."""
        return Document.display_name.contains(term) | Document.original_name.contains(term)

    def search_placeholder(self):
        return gettext("Name of the document")

    def row_label(self, row):
        return display_text(row.display_name)

    def filter_value(self, row, name):
        if name == "record":
            return target_text(row)
        if name == "content_type":
            return gettext(content_type_label(row.content_type))
        return super().filter_value(row, name)

    def target_page(self, document) -> str:
        """The page of the document's record (for templates)."""
        return target_page(document)

    def target_text(self, document) -> str:
        """The document's record as the user may see it (for templates)."""
        return target_text(document)

    def record_title(self, row):
        return display_text(row.display_name)

    # -- change and delete ----------------------------------------------------------------
    def get_list(self, *args, **kwargs):
        count, data = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True):
            # Edit and delete links only where they work: decided for the page at once.
            request_state().changeable_documents = changeable(data, acting_user())
        return count, data

    def get_list_row_actions(self):
        return [IfChangeable(action) if _changes_a_row(action) else action
                for action in super().get_list_row_actions()]

    def may_change_row(self, row) -> bool:
        """May the user rename, annotate or delete `row` (for the links of the pages)?"""
        known = request_state().changeable_documents
        if known is not None:
            return row.id in known
        return can_change_document(row, acting_user())

    def edit_refusal(self, row):
        if not can_change_document(row, acting_user()):
            return N_("You may not change this document.")
        return None

    def edit_form(self, obj=None):
        form = super().edit_form(obj)
        if obj is not None:
            form.kind.choices = [(kind, kind_label(kind)) for kind in obj.target_spec.kinds]
        return form

    def update_model(self, form, model):
        old = values_before_edit(form, model)
        form.populate_obj(model)
        return self.write(form, lambda: change_document(model, old, acting_user(), now()))

    def delete_row(self, row) -> None:
        delete_document(row, acting_user(), now())

    # -- download -------------------------------------------------------------------------
    @expose("/download/")
    def download_view(self):
        """The file of a document the user may see, as an attachment with its name."""
        document = self.get_one(request.args.get("id"))
        try:
            # A stream from the local folder or the bucket, passed on in chunks.
            stream, size = files.open_sized(document.stored_name)
        except FileNotFoundError:
            log.error("File %s of document %s is missing", document.stored_name, document.id)
            flash(gettext("The file of this document is missing. The error has been logged."),
                  "danger")
            return redirect(target_page(document))
        response = send_file(stream, mimetype=document.content_type, as_attachment=True,
                             download_name=download_name(document), etag=document.checksum)
        response.content_length = size
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "private, no-store"
        response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
        return response

    # -- upload ---------------------------------------------------------------------------
    @expose("/upload/", methods=("POST",))
    def upload_view(self):
        """Store the chosen files as documents of one record the user may see."""
        spec = target_by_name(request.args.get("target", ""))
        target_id = id_or_404(request.args.get("id"))
        if spec is None:
            abort(404)
        target = visible(spec.model, acting_user()).where(spec.model.id == target_id).first()
        if target is None:
            abort(404)
        back = safe_next(request.form.get("next"), self.get_url(".index_view"))
        try:
            uploads, kind = uploads_with_kinds(request.files.getlist("files"),
                                               request.form.getlist("kind"))
            result = upload_documents(target, uploads, kind,
                                      request.form.get("note"), acting_user(), now(),
                                      current_app.config["UPLOAD_MAX_MB"])
        except DomainError as error:
            keep_upload_errors(target, {name: [(message, {}, 0)] for name, message
                                        in getattr(error, "errors", {}).items()})
            flash(translate_error(error), "danger")
            return redirect(back, 303)
        if result.stored:
            flash(ngettext("%(num)d document uploaded.", "%(num)d documents uploaded.",
                           len(result.stored)), "success")
        if result.rejected:
            keep_upload_errors(target, {"files": rejection_counts(result.rejected)})
            flash(ngettext("%(num)d file was not stored.", "%(num)d files were not stored.",
                           len(result.rejected)), "warning")
        return redirect(back, 303)


def uploads_with_kinds(posted_files, kinds):
    """(uploads, the upload's kind) from the form: one kind for every file (the form without
    script), or one kind per file in the order of the files (documents.js)."""
    posted_files = [posted for posted in posted_files if posted.filename]
    if len(kinds) <= 1:
        return [Upload(f.filename, f.stream) for f in posted_files], (kinds or [None])[0]
    if len(kinds) != len(posted_files):
        raise ValidationError({"kind": N_("Please choose one kind of document for each file.")})
    return [Upload(f.filename, f.stream, kind or None)
            for f, kind in zip(posted_files, kinds, strict=True)], None


def rejection_counts(rejected) -> list:
    """[(msgid, params, number of files)] per reason of refusal, in the order they came."""
    counts: dict = {}
    for item in rejected:
        key = (item.message, tuple(sorted(item.params.items())))
        counts[key] = counts.get(key, 0) + 1
    return [(message, dict(params), count) for (message, params), count in counts.items()]


__all__ = ["DocumentView", "DocumentsMixin", "UPLOAD_ERRORS"]
