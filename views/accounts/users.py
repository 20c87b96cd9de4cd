"""Views for administrators: users, project assignments, districts, the global history."""

from flask import abort, redirect, request
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext
from wtforms import HiddenField
from wtforms.validators import Optional

from models.accounts.assignments import renew_assignment
from models.accounts.login import unlock_user
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
from views.accounts.forms import new_password_field
from views.core.base import FallakteModelView
from views.core.context import acting_user
from views.core.fields import GermanDateField
from views.core.formatting import choice_formatter
from views.core.forms import SecureForm
from views.core.locking import values_before_edit
from views.core.writes import Report
from views.sections.pickers import FUNDING_BODY_PICKER, PROJECT_PICKER


class UserView(FallakteModelView):
    """Accounts; an administrator sets an initial password, unlocks, resets the second factor."""

    allow_delete = False
    column_list = ("username", "full_name", "role", "funding_body", "active", "locked_at",
                   "totp_enabled", "created_at")
    column_details_list = column_list + ("second_factor_required", "must_change_password",
                                         "password_changed_at", "failed_logins", "last_login_at")
    column_searchable_list = ("username", "full_name")
    column_filters = ("role", "active", "locked_at", "totp_enabled", "second_factor_required")
    column_formatters = {"role": choice_formatter(Role.choices())}
    column_formatters_detail = column_formatters
    form_columns = ("username", "full_name", "role", "funding_body", "active",
                    "second_factor_required", "new_password")
    form_ajax_refs = {"funding_body": FUNDING_BODY_PICKER}
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
        old = values_before_edit(form, model)
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


class RenewForm(SecureForm):
    """Renew project assignments: the new end, or empty for one year more."""

    ids = HiddenField()
    valid_to = GermanDateField(lazy_gettext("New end"), validators=[Optional()], description=(
        lazy_gettext("Empty: one year after the current end (or after today, where it has "
                     "passed).")))


class UserProjectView(FallakteModelView):
    """Which staff member works in which project, for which period. Administrators keep the
    assignments; project leads renew those of their projects' staff (models.assignments)."""

    column_list = ("user", "project", "valid_from", "valid_to")
    column_filters = ("valid_from", "valid_to")
    form_columns = ("user", "project", "valid_from", "valid_to")
    form_ajax_refs = {"project": PROJECT_PICKER}
    bulk_edit_fields = ("valid_to", "project")
    renew_template = "admin/fallakte/assignment_renew.html"

    def row_label(self, row):
        return f"{row.user} – {row.project}"

    @action("renew", lazy_gettext("Renew"))
    def action_renew(self, ids):
        form = RenewForm(None, ids=",".join(ids))
        return self.render(self.renew_template, form=form, count=len(ids))

    @expose("/renew/", methods=("POST",))
    def renew_view(self):
        """Renew the chosen assignments to the new end (one year more where empty)."""
        if not self.is_action_allowed("renew"):
            abort(403)
        form = RenewForm(request.form)
        ids = [i for i in (form.ids.data or "").split(",") if i]
        if not form.validate():
            return self.render(self.renew_template, form=form, count=len(ids))

        def renew(row):
            return renew_assignment(row, acting_user(), now(), form.valid_to.data)

        rows = self.scoped_rows(ids) if len(ids) == 1 else []
        if rows:
            # One assignment: its refusal stands at the field.
            if not self.write(form, lambda: renew(rows[0])):
                return self.render(self.renew_template, form=form, count=1)
            self.flash_report(Report(done=[self.row_label(rows[0])]), gettext("renewed"))
        else:
            self.flash_report(self.run_bulk(ids, renew), gettext("renewed"))
        return redirect(self.get_url(".index_view"))
