"""The employment situations of the commissions (004 §3.1): a list, the form that records one
(from the commission page), and the confirmation of expected ones on one or many rows."""

from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext
from wtforms.validators import Optional

from models.commissions.situations import (
    SituationKind,
    SituationStatus,
    confirm_situation,
    record_situation,
)
from models.core.clock import now
from views.core.base import FallakteModelView
from views.core.context import acting_user
from views.core.formatting import choice_formatter
from views.core.params import parse_id


def _commission(_view, _context, row, _name):
    return f"A{row.commission_id}"


class EmploymentSituationView(FallakteModelView):
    """Entries of the chronology of the commissions the user sees."""

    column_list = ("id", "commission", "since", "kind", "status", "confirmed_at",
                   "recorded_at")
    column_labels = {"id": lazy_gettext("No.")}
    column_formatters = {"commission": _commission,
                         "kind": choice_formatter(SituationKind.choices()),
                         "status": choice_formatter(SituationStatus.choices())}
    column_sortable_list = ("id", "since", "status", "confirmed_at", "recorded_at")
    column_default_sort = ("since", True)
    column_filters = ("since", "kind", "status", "confirmed_at")
    form_columns = ("commission", "kind", "since")
    # The domain names every missing value at its field (situation_problems).
    form_args = {name: {"validators": [Optional()]} for name in ("commission", "kind", "since")}
    allow_edit = allow_delete = False

    def create_model(self, form):
        outcome = {}

        def save():
            outcome["row"] = record_situation(form.commission.data, acting_user(), now(),
                                              form.kind.data, form.since.data)

        if form.commission.data is None:
            form.commission.errors = [gettext("Please choose.")]
            return False
        return outcome["row"] if self.write(form, save) else False

    def get_save_return_url(self, model, is_created=False):
        return self.get_url("commission.details_view", id=model.commission_id)

    def _confirm(self, ids):
        report = self.run_bulk(ids, lambda row: confirm_situation(row, acting_user(), now()))
        self.flash_report(report, gettext("confirmed"))

    @action("confirm", lazy_gettext("Confirm: occurred"))
    def action_confirm(self, ids):
        self._confirm(ids)

    @expose("/confirm/", methods=("POST",))
    def confirm_view(self):
        """Confirm the situations of `ids` (the button on the commission page)."""
        back = parse_id(request.form.get("back"))
        if not self.is_action_allowed("confirm"):
            flash(gettext("You may not do this."), "danger")
        else:
            self._confirm([i for i in (request.form.get("ids") or "").split(",") if i])
        if back is not None:
            return redirect(self.get_url("commission.details_view", id=back))
        return redirect(self.get_url(".index_view"))
