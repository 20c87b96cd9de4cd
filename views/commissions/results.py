"""Results (LEK) of commissions, declared invalid but never deleted (004 §7), and the
catalogues of tasks and results kept by administrators."""

from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext
from peewee import JOIN
from wtforms import HiddenField, TextAreaField
from wtforms.validators import InputRequired

from models.commissions.contacts import invalidate_result
from models.commissions.models import Result, ResultKind
from models.core.clock import now
from models.people.models import FundingBody
from views.commissions.releases import PayingBodyMixin
from views.core.base import FallakteModelView
from views.core.context import acting_user
from views.core.forms import SecureForm

INVALIDATE_TEMPLATE = "admin/fallakte/result_invalidate.html"


class InvalidateForm(SecureForm):
    """The reason a result is declared invalid."""

    ids = HiddenField()
    reason = TextAreaField(lazy_gettext("Reason for invalidity"), validators=[
        InputRequired(lazy_gettext("Please give the reason."))])


class ResultView(PayingBodyMixin, FallakteModelView):
    """Results (LEK) of the commissions the user sees: never deleted, only declared invalid."""

    column_list = ("id", "commission", "kind", "start", "end", "paying_body", "invalid",
                   "invalid_reason")
    column_labels = {"id": lazy_gettext("No.")}
    column_formatters = {"commission": lambda _v, _c, row, _n: f"A{row.commission_id}",
                         "kind": lambda _v, _c, row, _n: row.kind.name}
    column_sortable_list = ("id", "start", "end", "invalid")
    column_filters = ("start", "end", "invalid")
    allow_create = allow_edit = allow_delete = False

    def base_query(self):
        return (Result.select(Result, ResultKind, FundingBody).join(ResultKind)
                .switch(Result).join(FundingBody, JOIN.LEFT_OUTER,
                                     on=(Result.paying_body == FundingBody.id)))

    def prejoined_models(self):
        return {ResultKind, FundingBody}

    @action("invalidate", lazy_gettext("Declare invalid"))
    def action_invalidate(self, ids):
        return self.render(INVALIDATE_TEMPLATE, form=InvalidateForm(None, ids=",".join(ids)),
                           count=len(ids))

    @expose("/invalidate/", methods=("POST",))
    def invalidate_view(self):
        """Declare the chosen results invalid with the reason given."""
        if not self.is_action_allowed("invalidate"):
            flash(gettext("You may not do this."), "danger")
            return redirect(self.get_url(".index_view"))
        form = InvalidateForm(request.form)
        ids = [i for i in (form.ids.data or "").split(",") if i]
        if not form.validate():
            return self.render(INVALIDATE_TEMPLATE, form=form, count=len(ids))
        report = self.run_bulk(ids, lambda row: invalidate_result(row, acting_user(), now(),
                                                                  form.reason.data))
        self.flash_report(report, gettext("declared invalid"))
        return redirect(self.get_url(".index_view"))


class TaskView(FallakteModelView):
    """The catalogue of tasks, kept by administrators."""

    column_list = ("name", "active")
    column_searchable_list = ("name",)
    form_columns = ("name", "active")


class ResultKindView(FallakteModelView):
    """The catalogue of results (LEK), kept by administrators."""

    column_list = ("name", "active")
    column_searchable_list = ("name",)
    form_columns = ("name", "active")
