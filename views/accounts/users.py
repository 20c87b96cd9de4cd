"""Views for administrators: users, project assignments, districts, the global history."""

from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext

from models.accounts.login import unlock_user
from models.accounts.models import User
from models.accounts.passwords import (
    PasswordRejected,
    create_user_with_password,
    set_initial_password,
)
from models.accounts.second_factor import reset_second_factor
from models.core.base import db
from models.core.clock import now
from models.core.records import update_record
from models.core.roles import Role
from models.people.models import FundingBody, Project
from views.accounts.forms import new_password_field
from views.core.base import FallakteModelView
from views.core.context import acting_user
from views.core.formatting import choice_formatter


class UserView(FallakteModelView):
    """Accounts; an administrator sets an initial password, unlocks, resets the second factor."""

    allow_delete = False
    column_list = ("username", "full_name", "role", "funding_body", "active", "locked_at",
                   "totp_enabled", "created_at")
    column_details_list = column_list + ("second_factor_required", "must_change_password",
                                         "password_changed_at", "failed_logins")
    column_searchable_list = ("username", "full_name")
    column_filters = ("role", "active", FundingBody.name, "locked_at", "totp_enabled",
                      "second_factor_required")
    column_formatters = {"role": choice_formatter(Role.choices())}
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
    column_filters = (Project.name, User.full_name, "valid_from", "valid_to")
    form_columns = ("user", "project", "valid_from", "valid_to")
    bulk_edit_fields = ("valid_to", "project")

    def row_label(self, row):
        return f"{row.user} – {row.project}"
