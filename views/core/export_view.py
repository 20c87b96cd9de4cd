"""The typed .xlsx export of a list: the rows of its current filter and search."""

import logging

from flask import current_app, flash, redirect, request, send_file, url_for
from flask_admin import expose
from flask_babel import format_number, gettext
from peewee import ForeignKeyField

from models.core import clock
from models.core.base import BaseModel
from models.core.errors import DomainError
from models.exports.operations import request_list_export
from views.core.context import acting_user
from views.core.export import file_name_part, write_xlsx
from views.core.formatting import (
    cell_text,
    field_value_labels,
    label_of,
    translate_error,
    translated,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Lists with more rows than this export through the task queue (issue 14).
LIST_QUEUE_ROWS = 5000

log = logging.getLogger(__name__)


class ExportMixin:
    """Exports the current list as typed .xlsx, only rows and columns the user may see."""

    def export_value(self, row, name):
        """A typed cell: dates, numbers and Ja/Nein stay typed, codes become their German
        label; a related record, a computed column or a text the list shows through a
        formatter comes as the list shows it (a person by pseudonym for the statistics role).
        Views whose formatters need more than the row (figures of the page) override this."""
        model_field = self.model._meta.fields.get(name)
        value = getattr(row, name, None) if model_field is not None else None
        if name in self.value_labels and value in self.value_labels[name]:
            return translated(self.value_labels[name][value])
        labels = field_value_labels(self.model, name)
        if labels and isinstance(value, list | tuple):
            return ", ".join(label_of(labels, code) for code in value)
        if labels and value is not None:
            return label_of(labels, value)
        formatter = (self.column_formatters or {}).get(name)
        if formatter is not None and (model_field is None or isinstance(value, str | BaseModel)):
            return cell_text(formatter(self, None, row, name))
        if isinstance(model_field, ForeignKeyField):
            return self.shown_related(value)
        if model_field is None:
            return getattr(row, name, None)
        return value

    def export_columns(self):
        """(name, label) of the exported columns: those the list shows, in its order."""
        return list(self._list_columns)

    def export_rows(self, query, columns):
        """Typed cell values for each row of `query`, streamed from the cursor (no row kept
        once written); views with computed columns override."""
        return ([self.export_value(row, name) for name, _ in columns] for row in query.iterator())

    def export_query(self):
        """The query of the current filter, search and sort (from the request's arguments)."""
        view_args = self._get_list_extra_args()
        sort = self._get_column_by_idx(view_args.sort)
        _count, query = self.get_list(0, sort[0] if sort else None, view_args.sort_desc,
                                      view_args.search, view_args.filters, execute=False,
                                      page_size=0)
        return query

    def export_stream(self, query):
        """The .xlsx file of `query`'s rows with the columns the list shows."""
        columns = self.export_columns()
        rows = self.export_rows(query, columns)
        return write_xlsx(str(self.name), [str(label) for _, label in columns], rows,
                          yes_no=(gettext("Yes"), gettext("No")))

    @expose("/export.xlsx", methods=("POST",))
    def export_xlsx_view(self):
        """The rows of the current filter and search as .xlsx; only what the user may see.
        More than LIST_QUEUE_ROWS rows go through the task queue: the file is then on the
        Datenexporte page."""
        query = self.export_query()
        limit = current_app.config.get("LIST_QUEUE_ROWS", LIST_QUEUE_ROWS)
        if query.limit(limit + 1).count() > limit:
            return self._queue_export(limit)
        filename = f"{file_name_part(str(self.name))}-{clock.today():%Y-%m-%d}.xlsx"
        return send_file(self.export_stream(query), as_attachment=True, download_name=filename,
                         mimetype=XLSX)

    def _queue_export(self, limit):
        export = request_list_export(acting_user(), self.endpoint,
                                     request.query_string.decode(), str(self.name), clock.now())
        try:
            current_app.extensions["fallakte_tasks"].enqueue(export)
        except DomainError as error:
            flash(translate_error(error), "error")
        else:
            flash(gettext("The list has more than %(limit)s rows: the export is produced in "
                          "the background. Download the file on this page when it is done.",
                          limit=format_number(limit)), "success")
        return redirect(url_for("data_export.index"))


def write_list_export(app, export, path) -> int:
    """Produce a queued list export in the task: the list's view, with its filter, as the
    creator sees it (a request context of the list's address, the creator logged in)."""
    from flask_login import login_user

    admin = app.extensions["admin"][0]
    view = next(v for v in admin._views if v.endpoint == export.list_endpoint)
    url = f"/admin/{export.list_endpoint}/export.xlsx?{export.list_args or ''}"
    with app.test_request_context(url, method="POST"):
        login_user(export.creator)
        query = view.export_query()
        count = query.count()
        path.write_bytes(view.export_stream(query).getvalue())
    return count
