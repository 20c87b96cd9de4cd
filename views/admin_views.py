"""Views for administrators: users, project assignments, districts, the global history."""

from flask import g
from flask_babel import gettext, lazy_gettext
from markupsafe import Markup, escape
from wtforms import PasswordField
from wtforms.validators import Optional

from models.accounts import ROLE_LABELS, User
from models.history import EVENT_LABELS, KIND_LABELS
from models.people import FundingBody, Project

from .base import FallakteModelView
from .formatting import choice_formatter, history_value, related_labels


class UserView(FallakteModelView):
    """Accounts; a new password is set here, the hash never shown."""

    allow_delete = False
    column_list = ("username", "full_name", "role", "funding_body", "active", "created_at")
    column_details_list = column_list
    column_searchable_list = ("username", "full_name")
    column_filters = ("role", "active", FundingBody.name)
    column_formatters = {"role": choice_formatter(list(ROLE_LABELS.items()))}
    column_formatters_detail = column_formatters
    form_columns = ("username", "full_name", "role", "funding_body", "active", "new_password")
    form_extra_fields = {
        "new_password": PasswordField(lazy_gettext("New password"), validators=[Optional()])
    }
    bulk_edit_fields = ("role", "active", "funding_body")

    def create_model(self, form):
        if not form.new_password.data:
            form.new_password.errors = [gettext("A new user needs a password.")]
            return False
        return super().create_model(form)


class UserProjectView(FallakteModelView):
    """Which staff member works in which project, for which period."""

    column_list = ("user", "project", "valid_from", "valid_to")
    column_filters = (Project.name, User.full_name, "valid_from", "valid_to")
    form_columns = ("user", "project", "valid_from", "valid_to")
    bulk_edit_fields = ("valid_to", "project")

    def row_label(self, row):
        return f"{row.user} – {row.project}"


class DistrictView(FallakteModelView):
    """The postcode → district catalogue; administrators extend it."""

    column_list = ("country", "postcode", "name")
    column_searchable_list = ("postcode", "name")
    column_filters = ("country", "postcode")
    form_columns = ("country", "postcode", "name")


def _relation(view, _context, entry, _name):
    model = {m.history_relation: m for m in view.admin_models}.get(entry.relation)
    return gettext(model.verbose_name) if model else entry.relation


def _details(view, _context, entry, _name):
    model = view.model_for(entry)
    labels = g.get("history_labels", {})
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
        "kind": choice_formatter(list(KIND_LABELS.items())),
        "event": choice_formatter(list(EVENT_LABELS.items())),
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
            g.history_labels = related_labels(data, self.model_for)
        return count, data
