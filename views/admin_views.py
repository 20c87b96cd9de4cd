"""Views for administrators: users, project assignments, districts, the global history."""

from flask import g
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext
from markupsafe import Markup, escape

from models.accounts import ROLE_LABELS
from models.base import db
from models.history import EVENT_LABELS, KIND_LABELS
from models.login import unlock_user
from models.passwords import PasswordRejected, create_user_with_password, set_initial_password
from models.records import update_record
from models.second_factor import reset_second_factor

from .account_forms import new_password_field
from .base import FallakteModelView, acting_user, now
from .formatting import choice_formatter, history_value, related_labels


class UserView(FallakteModelView):
    """Accounts; an administrator sets an initial password, unlocks, resets the second factor."""

    allow_delete = False
    column_list = ("username", "full_name", "role", "funding_body", "active", "locked_at",
                   "totp_enabled", "created_at")
    column_details_list = column_list + ("second_factor_required", "must_change_password",
                                         "password_changed_at", "failed_logins")
    column_searchable_list = ("username", "full_name")
    column_filters = ("role", "active", "locked_at", "totp_enabled", "second_factor_required")
    column_formatters = {"role": choice_formatter(list(ROLE_LABELS.items()))}
    column_formatters_detail = column_formatters
    form_columns = ("username", "full_name", "role", "funding_body", "active",
                    "second_factor_required", "new_password")
    form_extra_fields = {
        "new_password": new_password_field(lazy_gettext("Initial password"), required=False)
    }
    form_args = {"new_password": {"description": lazy_gettext(
        "The user must change it at the next login. Leave empty to keep the password.")}}
    bulk_edit_fields = ("role", "active", "funding_body", "second_factor_required")

    def create_model(self, form):
        if not form.new_password.data:
            form.new_password.errors = [gettext("A new user needs a password.")]
            return False
        model = self.model()
        form.populate_obj(model)
        ok = self.write(form, lambda: create_user_with_password(
            model, form.new_password.data, acting_user(), now()))
        return model if ok else False

    def update_model(self, form, model):
        old = dict(model.__data__)
        form.populate_obj(model)
        password = form.new_password.data

        def save():
            with db.atomic():
                update_record(model, old, acting_user(), now())
                if password:
                    set_initial_password(model, password, acting_user(), now())

        return self.write(form, save)

    def handle_domain_error(self, form, error):
        if isinstance(error, PasswordRejected):
            form.new_password.errors = [gettext(problem) for problem in error.problems]
            return
        super().handle_domain_error(form, error)

    @action("unlock", lazy_gettext("Unlock"))
    def action_unlock(self, ids):
        report = self.run_bulk(ids, lambda user: unlock_user(user, acting_user(), now()))
        self.flash_report(report, gettext("unlocked"))

    @action("reset_second_factor", lazy_gettext("Reset second factor"),
            lazy_gettext("Reset the second factor of the selected users? They set it up "
                         "again at their next login."))
    def action_reset_second_factor(self, ids):
        report = self.run_bulk(ids, lambda user: reset_second_factor(user, acting_user(),
                                                                     now()))
        self.flash_report(report, gettext("reset"))


class UserProjectView(FallakteModelView):
    """Which staff member works in which project, for which period."""

    column_list = ("user", "project", "valid_from", "valid_to")
    column_filters = ("valid_from", "valid_to")
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
    column_filters = ("created_at", "kind", "relation", "event", "record_id", "record_label")
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
