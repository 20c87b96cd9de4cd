"""History pages of records: every change, status change, upload and message."""

import logging

from flask import abort, request
from flask_admin import expose
from flask_admin.model.template import DeleteRowAction, LinkRowAction, TemplateLinkRowAction
from flask_babel import lazy_gettext

from models.core.history import history_of, may_read_messages
from views.core.context import acting_user, reads_statistics_only, request_state
from views.core.formatting import (
    history_value,
    related_labels,
    translated,
)

log = logging.getLogger(__name__)


class HistoryMixin:
    """A history page per record and a history link on every row."""

    def get_list_row_actions(self):
        # Our delete button asks through static/fallakte.js, not an inline onclick (CSP).
        actions = [TemplateLinkRowAction("fallakte_rows.delete_row", action.title)
                   if isinstance(action, DeleteRowAction) else action
                   for action in super().get_list_row_actions()]
        if self.model.history_relation:
            actions.append(LinkRowAction("fa fa-history", self.history_url_template(),
                                         title=lazy_gettext("History")))
        return actions

    def history_url_template(self):
        return self.get_url(".history_view") + "?id={row_id}"

    @expose("/history/")
    def history_view(self):
        """The history of one record the user may see."""
        if not self.model.history_relation:
            abort(404)
        row = self.get_one(request.args.get("id"))
        entries = self.history_entries(row)
        request_state().history_labels = related_labels(entries, lambda _entry: self.model,
                                          label=self.shown_related)
        return self.render(self.history_template, row=row, entries=entries,
                           title=self.record_title(row),
                           show_messages=may_read_messages(acting_user()),
                           field_label=self.history_field_label,
                           value_text=self.history_value_text)

    def history_entries(self, row) -> list:
        """The entries of a record's history page, newest first; views add related records."""
        return list(history_of(self.model.history_relation, row._pk))

    def record_title(self, row) -> str:
        """How a record is named on its pages; without personal data for statistics."""
        if reads_statistics_only():
            return row.history_label()
        return str(row)

    def history_field_label(self, name):
        """The German label of a changed field."""
        return self.get_column_name(name)

    def history_value_text(self, name, value):
        """A stored old/new value as the user reads it; personal values hidden from statistics."""
        if name in self.model.personal_fields and reads_statistics_only():
            return "•••"
        if name in self.value_labels and value in self.value_labels[name]:
            return translated(self.value_labels[name][value])
        return history_value(self.model, name, value, request_state().history_labels)
