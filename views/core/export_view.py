"""The typed .xlsx export of a list: the rows of its current filter and search."""

import logging

from flask import send_file
from flask_admin import expose
from flask_babel import gettext
from peewee import ForeignKeyField

from models.core import clock
from views.core.export import write_xlsx

log = logging.getLogger(__name__)


class ExportMixin:
    """Exports the current list as typed .xlsx, only rows and columns the user may see."""

    def export_value(self, row, name):
        """A typed cell value: dates stay dates, choices become their German label."""
        value = getattr(row, name, None)
        model_field = self.model._meta.fields.get(name)
        if name in self.value_labels and value in self.value_labels[name]:
            return gettext(self.value_labels[name][value])
        if model_field is not None and model_field.choices and value is not None:
            return gettext(dict(model_field.choices).get(value, value))
        if isinstance(model_field, ForeignKeyField):
            return self.shown_related(value)
        return value

    # True where the list's computed columns are exported too (export_value gives their values).
    export_computed_columns = False

    def export_columns(self):
        """(name, label) of the exported columns: the list columns that are model fields, or
        all of them where the view exports its computed columns."""
        return [(name, label) for name, label in self._list_columns
                if self.export_computed_columns or name in self.model._meta.fields]

    def export_rows(self, query, columns):
        """Typed cell values for each row of `query`; views with computed columns override."""
        return ([self.export_value(row, name) for name, _ in columns] for row in query)

    @expose("/export.xlsx", methods=("POST",))
    def export_xlsx_view(self):
        """The rows of the current filter and search as .xlsx; only what the user may see."""
        view_args = self._get_list_extra_args()
        sort = self._get_column_by_idx(view_args.sort)
        _count, query = self.get_list(0, sort[0] if sort else None, view_args.sort_desc,
                                      view_args.search, view_args.filters, execute=False,
                                      page_size=0)
        columns = self.export_columns()
        rows = self.export_rows(query, columns)
        stream = write_xlsx(str(self.name), [str(label) for _, label in columns], rows,
                            yes_no=(gettext("Yes"), gettext("No")))
        filename = f"{self.endpoint}-{clock.today():%Y-%m-%d}.xlsx"
        return send_file(stream, as_attachment=True, download_name=filename,
                         mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
