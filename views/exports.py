"""The "Datenexporte" page (001 §8, DOMAIN J): request, follow, download and delete exports.

Thin: the domain (models.exports) checks and writes; the task queue (in app.extensions,
set by admin_app.tasks) produces the files."""

import io
import json

from flask import abort, current_app, flash, jsonify, redirect, request, send_file, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext
from flask_login import current_user

from models.accounts.models import User
from models.core import clock
from models.core.errors import DomainError, ValidationError
from models.core.queues import queue_named
from models.exports.models import (
    CodebookVersion,
    DataExport,
    DataScope,
    ExportKind,
    ExportStatus,
)
from models.exports.operations import (
    PRODUCIBLE,
    codebook_for,
    current_codebook,
    delete_export,
    mark_queued,
    may_create,
    own_exports,
    request_export,
)
from models.exports.workbook import write_codebook
from views.core.context import acting_user
from views.core.export import file_name_part
from views.core.formatting import label_of, translate_error, translated
from views.core.params import id_or_404

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACTIVE = (ExportStatus.QUEUED, ExportStatus.RUNNING)


def _tasks():
    return current_app.extensions["fallakte_tasks"]


def _listed(user):
    return (own_exports(user).select(DataExport, User).join(User))


def _state(export) -> dict:
    """What the page's script updates without reload."""
    return {"id": export.id, "status": export.status,
            "status_label": label_of(ExportStatus.labels(), export.status),
            "progress": export.progress, "row_count": export.row_count,
            "error": translated(export.error) if export.error else "",
            "download": url_for(".download_view", export_id=export.id)
            if export.status == ExportStatus.DONE and export.creator_id == current_user.id
            else ""}


class ExportsView(BaseView):
    """Data exports: each user their own, administrators all."""

    extra_js = property(lambda self: [url_for("static", filename="exports.js")])

    def is_accessible(self):
        return current_user.is_authenticated

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    @expose("/")
    def index(self):
        # ?kind=hours preselects the type (the link of the delivered-hours list).
        return self._page(values={"kind": request.args.get("kind", "")})

    def current_queue(self):
        """The start-page queue the page lists (argument `queue`), else None (all exports)."""
        return queue_named(acting_user(), request.args.get("queue"), DataExport)

    def _page(self, errors=None, values=None):
        user = acting_user()
        listed, queue = _listed(user), self.current_queue()
        if queue is not None:
            listed = listed.where(queue.where(user, clock.today()))
        exports = list(listed)
        codebooks = list(CodebookVersion.select().order_by(CodebookVersion.number.desc()))
        return self.render(
            "admin/fallakte/exports.html", exports=exports,
            errors={k: gettext(v) for k, v in (errors or {}).items()}, values=values or {},
            kinds=[(k.value, k.label) for k in ExportKind if k in PRODUCIBLE],
            scopes=[(s.value, s.label) for s in DataScope if may_create(user, s.value)],
            codebooks=codebooks, state=_state, active=ACTIVE, queue=self.current_queue(),
            status_label=lambda code: label_of(ExportStatus.labels(), code),
            kind_label=lambda code: label_of(ExportKind.labels(), code),
            scope_label=lambda code: label_of(DataScope.labels(), code))

    @expose("/create/", methods=("POST",))
    def create_view(self):
        user = acting_user()
        form = request.form
        try:
            export = request_export(user, form.get("kind", ""), form.get("scope", ""),
                                    form.get("period_from"), form.get("period_to"),
                                    form.get("scheduled_on"), clock.now())
        except ValidationError as error:
            flash(gettext("The export was not created. Please correct the marked fields."),
                  "error")
            return self._page(error.errors, form), 400
        except DomainError as error:
            flash(translate_error(error), "error")
            return redirect(url_for(".index"))
        if export.status == ExportStatus.QUEUED:
            self._enqueue(export)
        else:
            flash(gettext("The export is scheduled for %(day)s, 06:00.",
                          day=export.scheduled_on.strftime("%d.%m.%Y")), "success")
        return redirect(url_for(".index"))

    def _enqueue(self, export):
        try:
            _tasks().enqueue(export)
        except DomainError as error:
            flash(translate_error(error), "error")
            return
        flash(gettext("The export was started. This page shows its progress."), "success")

    def _own(self, export_id):
        """The acting user's own export, else 404 (another user's id is not found)."""
        export = DataExport.get_or_none((DataExport.id == id_or_404(export_id))
                                        & (DataExport.creator == acting_user().id))
        if export is None:
            abort(404)
        return export

    def _visible(self, export_id):
        export = own_exports(acting_user()).where(
            DataExport.id == id_or_404(export_id)).first()
        if export is None:
            abort(404)
        return export

    @expose("/<export_id>/download/")
    def download_view(self, export_id):
        export = self._own(export_id)
        store = _tasks().store
        if export.status != ExportStatus.DONE or not export.stored_name \
                or not store.exists(export.stored_name):
            abort(404)
        if export.kind == ExportKind.LIST:
            name = f"{file_name_part(export.title or '')}-{export.taken_at:%Y-%m-%d}.xlsx"
        else:
            name = (f"datenexport-{export.kind}-{export.scope}-"
                    f"{export.taken_at:%Y-%m-%d}-{export.id}.xlsx")
        return send_file(store.path(export.stored_name), as_attachment=True,
                         download_name=name, mimetype=XLSX)

    @expose("/<export_id>/delete/", methods=("POST",))
    def delete_view(self, export_id):
        export = self._visible(export_id)
        try:
            delete_export(export, acting_user(), clock.now(), _tasks().store)
        except DomainError as error:
            flash(translate_error(error), "error")
        else:
            flash(gettext("The export was deleted."), "success")
        return redirect(url_for(".index"))

    @expose("/<export_id>/retry/", methods=("POST",))
    def retry_view(self, export_id):
        export = self._own(export_id)
        if export.status != ExportStatus.FAILED:
            flash(gettext("Only a failed export can be started again."), "error")
            return redirect(url_for(".index"))
        mark_queued(export)
        self._enqueue(export)
        return redirect(url_for(".index"))

    @expose("/status/")
    def status_view(self):
        """The state of the listed exports, for the page's script (exports.js)."""
        return jsonify([_state(e) for e in own_exports(acting_user())])

    @expose("/codebook/<number>/")
    def codebook_view(self, number):
        if id_or_404(number) == 0:
            abort(404)
        current_codebook(clock.now())
        version = CodebookVersion.get_or_none(CodebookVersion.number == id_or_404(number))
        if version is None:
            abort(404)
        buffer = io.BytesIO()
        valid_to = (version.valid_to.strftime("%d.%m.%Y") if version.valid_to
                    else gettext("today"))
        validity = gettext("Valid for exports taken %(start)s to %(end)s",
                           start=version.valid_from.strftime("%d.%m.%Y"), end=valid_to)
        headers = [gettext("Export"), gettext("Variable"), gettext("Label"),
                   gettext("pb/npb"), gettext("Code"), gettext("Meaning")]
        entries = [dict(e, export=label_of(ExportKind.labels(), e["export"]))
                   for e in json.loads(version.definition)]
        write_codebook(buffer, validity, entries, translate=translated, headers=headers)
        buffer.seek(0)
        return send_file(buffer, as_attachment=True, mimetype=XLSX,
                         download_name=f"codebook-v{version.number}.xlsx")

    @expose("/<export_id>/codebook/")
    def export_codebook_view(self, export_id):
        """The codebook valid at the export's time."""
        export = self._visible(export_id)
        version = (CodebookVersion.get_or_none(CodebookVersion.id == export.codebook_id)
                   or codebook_for(export.taken_at or export.created_at)
                   or current_codebook(clock.now()))
        return redirect(url_for(".codebook_view", number=version.number))
