"""Moving commissions (004 §2.4, §8.2): an action on one or many rows of the commission list
that asks for the new caseworker and, for a move to another IFD, the new project, and reports
per row."""

from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext
from wtforms import HiddenField, SelectField

from models.accounts.models import User, UserProject
from models.commissions.moves import move_commission
from models.core.clock import now, today
from models.core.roles import WORKING_ROLES
from models.people.models import Project
from views.core.context import acting_user
from views.core.forms import SecureForm
from views.core.params import parse_id

MOVE_TEMPLATE = "admin/fallakte/commission_move.html"


class MoveForm(SecureForm):
    """Where the chosen commissions go: another caseworker, another IFD, or both."""

    ids = HiddenField()
    project = SelectField(lazy_gettext("IFD (project)"), coerce=str)
    caseworker = SelectField(lazy_gettext("New caseworker"), coerce=str)

    def fill_choices(self):
        """Every IFD and the writing staff assigned today (one query each)."""
        # A move hands a commission to an IFD the user does not work for: every project is a
        # possible target (names of projects are master data, not personal data).
        self.project.choices = [("", gettext("unchanged"))] + [
            (str(p.id), p.name) for p in Project.select().order_by(Project.name)]
        staff: dict = {}
        rows = (UserProject.select(UserProject, User, Project)
                .join(User, on=(UserProject.user == User.id))
                .switch(UserProject).join(Project, on=(UserProject.project == Project.id))
                .where(User.role.in_(list(WORKING_ROLES)) & User.active
                       & (UserProject.valid_from <= today())
                       & (UserProject.valid_to.is_null() | (UserProject.valid_to >= today())))
                .order_by(User.full_name, Project.name))
        for row in rows:
            name, projects = staff.setdefault(row.user.id, (row.user.full_name, []))
            projects.append(row.project.name)
        self.caseworker.choices = [("", gettext("the project team"))] + [
            (str(uid), f"{name} ({', '.join(projects)})")
            for uid, (name, projects) in staff.items()]


class CommissionMovesMixin:
    """The "move" action of the commission list."""

    def _move_page(self, form):
        count = len([i for i in (form.ids.data or "").split(",") if i])
        return self.render(MOVE_TEMPLATE, form=form, count=count)

    @action("move", lazy_gettext("Move to another caseworker or IFD"))
    def action_move(self, ids):
        form = MoveForm(None, ids=",".join(ids))
        form.fill_choices()
        return self._move_page(form)

    @expose("/move/", methods=("POST",))
    def move_view(self):
        """Move the chosen commissions; each row is checked on its own and the report names
        every refused one with all its reasons."""
        if not self.is_action_allowed("move"):
            flash(gettext("You may not do this."), "danger")
            return redirect(self.get_url(".index_view"))
        user = acting_user()
        form = MoveForm(request.form)
        form.fill_choices()
        if not form.validate():
            return self._move_page(form)
        project_id, user_id = parse_id(form.project.data), parse_id(form.caseworker.data)
        project = Project.get_or_none(Project.id == project_id) if project_id else None
        caseworker = User.get_or_none(User.id == user_id) if user_id else None
        ids = [i for i in (form.ids.data or "").split(",") if i]
        report = self.run_bulk(ids, lambda row: move_commission(
            row, user, now(), project=project, caseworker=caseworker))
        self.flash_report(report, gettext("moved"))
        return redirect(self.get_url(".index_view"))
