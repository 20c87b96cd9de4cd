"""The global history list of administrators: every change, status change, upload and message."""


from flask_babel import gettext
from markupsafe import Markup, escape

from models.accounts.models import User
from models.core.history import Kind, event_choices
from views.core.base import FallakteModelView
from views.core.context import request_state
from views.core.formatting import choice_formatter, history_value, related_labels


def _relation(view, _context, entry, _name):
    model = {m.history_relation: m for m in view.admin_models}.get(entry.relation)
    return gettext(model.verbose_name) if model else entry.relation


def _details(view, _context, entry, _name):
    model = view.model_for(entry)
    labels = request_state().history_labels or {}
    rows = []
    for field, (old, new) in entry.changes.items():
        known = model is not None and field in model._meta.fields
        label = gettext(model._meta.fields[field].verbose_name) if known else field
        old_text = history_value(model, field, old, labels) if model else str(old)
        new_text = history_value(model, field, new, labels) if model else str(new)
        rows.append(Markup("{}: {} → {}").format(label, old_text, new_text))
    if entry.message:
        rows.insert(0, escape(entry.message))
    return Markup("<br>").join(rows)


class HistoryView(FallakteModelView):
    """The global history for administrators; entries are never edited or deleted."""

    allow_create = allow_edit = allow_delete = False
    can_view_details = False
    column_list = ("created_at", "kind", "relation", "record_label", "record_id", "event",
                   "editor", "details")
    column_default_sort = ("created_at", True)
    column_filters = ("created_at", "kind", "relation", "event", "record_id", "record_label",
                      User.full_name)
    column_formatters = {
        "kind": choice_formatter(Kind.choices()),
        "event": choice_formatter(event_choices()),
        "details": _details,
        "relation": _relation,
    }
    admin_models: list = []

    def get_list_row_actions(self):
        return []

    def model_for(self, entry):
        """The model class an entry is about."""
        return {m.history_relation: m for m in self.admin_models}.get(entry.relation)

    def get_list(self, *args, **kwargs):
        count, data = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True):
            request_state().history_labels = related_labels(data, self.model_for)
        return count, data
