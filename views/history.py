"""The global history list of administrators: every change, status change, upload and message."""


from markupsafe import Markup, escape

from models.core.history import Kind, event_choices
from views.core.base import FallakteModelView
from views.core.context import request_state
from views.core.formatting import choice_formatter, history_value, related_labels, translated


def _relation(view, _context, entry, _name):
    model = view.model_for(entry)
    return translated(model.verbose_name) if model else entry.relation


def _details(view, _context, entry, _name):
    # Labelled and shown as the record's own history page shows them (its view knows the
    # fields that are not columns, e.g. the disabilities of a proof).
    record_view = view.record_views().get(entry.relation)
    model = view.model_for(entry)
    labels = request_state().history_labels or {}
    rows = []
    for field, (old, new) in entry.changes.items():
        if record_view is not None:
            label = record_view.history_field_label(field)
            old_text = record_view.history_value_text(field, old)
            new_text = record_view.history_value_text(field, new)
        else:
            known = model is not None and field in model._meta.fields
            label = translated(model._meta.fields[field].verbose_name) if known else field
            old_text = history_value(model, field, old, labels)
            new_text = history_value(model, field, new, labels)
        rows.append(Markup("{}: {} → {}").format(label, old_text, new_text))
    if entry.message:
        rows.insert(0, escape(entry.message))
    return Markup("<br>").join(rows)


EXPORT_BATCH = 1000


class HistoryView(FallakteModelView):
    """The global history for administrators; entries are never edited or deleted."""

    allow_create = allow_edit = allow_delete = False
    can_view_details = False
    column_list = ("created_at", "kind", "relation", "record_label", "record_id", "event",
                   "editor", "details")
    column_default_sort = ("created_at", True)
    column_filters = ("created_at", "kind", "relation", "event", "record_id", "record_label")
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

    def record_views(self) -> dict:
        """{relation: the registered view of its records}."""
        return {view.model.history_relation: view for view in self.admin._views
                if getattr(getattr(view, "model", None), "history_relation", None)}

    def get_list(self, *args, **kwargs):
        count, data = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True):
            request_state().history_labels = related_labels(data, self.model_for)
        return count, data

    def export_rows(self, query, columns):
        """The export names related records as the list does: their labels, per batch."""
        batch = []
        for entry in query.iterator():
            batch.append(entry)
            if len(batch) == EXPORT_BATCH:
                yield from self._cells(batch, columns)
                batch = []
        yield from self._cells(batch, columns)

    def _cells(self, batch, columns):
        request_state().history_labels = related_labels(batch, self.model_for)
        for entry in batch:
            yield [self.export_value(entry, name) for name, _label in columns]
