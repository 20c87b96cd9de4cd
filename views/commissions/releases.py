"""Paying bodies of results (004 §4, §7.1): the Integrationsamt's releases per IFD, and the
choice of a result's paying body on one or many rows under the release rule."""

from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext
from wtforms import HiddenField, SelectField
from wtforms.validators import Optional

from models.accounts.models import User
from models.commissions.releases import (
    PayingBodyRelease,
    choose_paying_body,
    may_release,
    release_paying_body,
)
from models.core.access import pickable
from models.core.clock import now
from models.people.models import FundingBody, Project
from views.core.base import FallakteModelView
from views.core.context import acting_user
from views.core.forms import SecureForm
from views.core.params import parse_id

PAYING_BODY_TEMPLATE = "admin/fallakte/result_paying_body.html"


class PayingBodyReleaseView(FallakteModelView):
    """Which paying bodies the Integrationsamt released for which IFD, from when to when."""

    column_list = ("id", "project", "funding_body", "valid_from", "valid_to", "released_by",
                   "released_at")
    column_labels = {"id": lazy_gettext("No.")}
    column_formatters = {"project": lambda _v, _c, row, _n: row.project.name,
                         "funding_body": lambda _v, _c, row, _n: row.funding_body.name,
                         "released_by": lambda _v, _c, row, _n: row.released_by.full_name}
    column_sortable_list = ("id", "valid_from", "valid_to", "released_at",
                            ("project", Project.name), ("funding_body", FundingBody.name))
    column_default_sort = ("valid_from", True)
    column_filters = ("valid_from", "valid_to", "released_at")
    form_columns = ("project", "funding_body", "valid_from", "valid_to")
    # The domain names every missing value at its field (release_problems).
    form_args = {name: {"validators": [Optional()]}
                 for name in ("project", "funding_body", "valid_from", "valid_to")}
    allow_edit = allow_delete = False

    def create_form(self, obj=None):
        form = super().create_form(obj)
        if may_release(acting_user()):
            # Who releases chooses among every funding body, not only those they see.
            form.funding_body.query = FundingBody.select().order_by(FundingBody.name)
        return form

    def base_query(self):
        return (PayingBodyRelease.select(PayingBodyRelease, Project, FundingBody, User)
                .join(Project, on=(PayingBodyRelease.project == Project.id))
                .switch(PayingBodyRelease)
                .join(FundingBody, on=(PayingBodyRelease.funding_body == FundingBody.id))
                .switch(PayingBodyRelease)
                .join(User, on=(PayingBodyRelease.released_by == User.id)))

    def prejoined_models(self):
        return {Project, FundingBody, User}

    def create_model(self, form):
        outcome = {}

        def save():
            outcome["row"] = release_paying_body(
                form.project.data, form.funding_body.data, acting_user(), now(),
                form.valid_from.data, form.valid_to.data)

        return outcome["row"] if self.write(form, save) else False


class PayingBodyForm(SecureForm):
    """The paying body chosen for the selected results (empty: the default one)."""

    ids = HiddenField()
    paying_body = SelectField(lazy_gettext("Funding body of the result"), coerce=str)

    def fill_choices(self, user):
        """The default, then every funding body the user may pick."""
        self.paying_body.choices = [("", gettext("the default (funding body of the "
                                                  "commission, else the Integrationsamt)"))]
        self.paying_body.choices += [(str(body.id), body.name) for body in
                                     pickable(FundingBody, user).order_by(FundingBody.name)]


class PayingBodyMixin:
    """The result list's action "choose the paying body"."""

    def _paying_body_page(self, form):
        count = len([i for i in (form.ids.data or "").split(",") if i])
        return self.render(PAYING_BODY_TEMPLATE, form=form, count=count)

    @action("paying_body", lazy_gettext("Choose the funding body of the result"))
    def action_paying_body(self, ids):
        form = PayingBodyForm(None, ids=",".join(ids))
        form.fill_choices(acting_user())
        return self._paying_body_page(form)

    @expose("/paying-body/", methods=("POST",))
    def paying_body_view(self):
        """Set the paying body of the chosen results; each row is checked on its own."""
        if not self.is_action_allowed("paying_body"):
            flash(gettext("You may not do this."), "danger")
            return redirect(self.get_url(".index_view"))
        user = acting_user()
        form = PayingBodyForm(request.form)
        form.fill_choices(user)
        if not form.validate():
            return self._paying_body_page(form)
        body_id = parse_id(form.paying_body.data)
        body = FundingBody.get_or_none(FundingBody.id == body_id) if body_id else None
        ids = [i for i in (form.ids.data or "").split(",") if i]
        report = self.run_bulk(ids, lambda row: choose_paying_body(row, user, now(), body))
        self.flash_report(report, gettext("changed"))
        return redirect(self.get_url(".index_view"))
