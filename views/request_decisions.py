"""Decisions of the funding body on requests: approve, reject and send back for rework, each
through a page that names the requests (person, period, hours) and counts them before
anything changes; rejecting and sending back ask for the reason the project reads."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.helpers import get_redirect_target
from flask_babel import gettext, lazy_gettext
from wtforms import HiddenField, TextAreaField
from wtforms.validators import DataRequired

from models.core.clock import now
from models.core.errors import DomainError
from models.core.text import N_
from models.requests.models import (
    approve_request,
    can_approve,
    can_reject,
    can_request_rework,
    reject_request,
    request_rework,
)
from views.core.bulk import confirmed_versions
from views.core.columns import person_label
from views.core.context import acting_user
from views.core.formatting import format_date, hours_text
from views.core.forms import SecureForm


class ConfirmForm(SecureForm):
    """The requests the page showed, with the versions it showed them in, and the list the
    user chose them in."""

    ids = HiddenField()
    versions = HiddenField()
    url = HiddenField()


class ReasonForm(ConfirmForm):
    """A decision against the request: its reason is required."""

    # Blanks only are no reason: stripped first, then required.
    message = TextAreaField(lazy_gettext("Reason (shown to the project)"),
                            filters=[lambda text: text.strip() if text else text],
                            validators=[DataRequired(
                                lazy_gettext("Please give the reason; the project reads it."))])


@dataclass(frozen=True)
class Decision:
    """One decision: its title, who may take it, what it does, its past tense, its form."""

    title: str
    confirm: str
    may: Callable
    operation: Callable
    done: str
    form: type


DECISIONS = {
    "approve": Decision(N_("Approve"), N_("Confirm the approval"), can_approve,
                        lambda row, user, at, _message: approve_request(row, user, at),
                        N_("approved"), ConfirmForm),
    "reject": Decision(N_("Reject"), N_("Reject"), can_reject,
                       reject_request, N_("rejected"), ReasonForm),
    "request_rework": Decision(N_("Request rework"), N_("Request rework"), can_request_rework,
                               request_rework, N_("sent back for rework"), ReasonForm),
}


@dataclass
class ShownRequest:
    """A request as the decision page names it."""

    id: int
    person: str
    project: str
    funding_body: str
    period: str
    hours_per_week: str
    possible: bool


def shown_request(row, possible: bool) -> ShownRequest:
    """Person, project, body, period and hours of `row` (with its relations joined)."""
    end = format_date(row.planned_end) or gettext("open")
    return ShownRequest(id=row.id, person=person_label(row.participation.person),
                        project=row.participation.project.name,
                        funding_body=row.funding_body.name if row.funding_body else "–",
                        period=f"{format_date(row.approval_start)} – {end}",
                        hours_per_week=hours_text(row.hours_per_week), possible=possible)


class DecisionPagesMixin:
    """List actions and the request page open the decision page; only its form decides."""

    decision_template = "admin/fallakte/request_decision.html"

    @action("approve", lazy_gettext("Approve"))
    def action_approve(self, ids):
        return self.decision_page("approve", ids)

    @action("reject", lazy_gettext("Reject"))
    def action_reject(self, ids):
        return self.decision_page("reject", ids)

    @action("request_rework", lazy_gettext("Request rework"))
    def action_request_rework(self, ids):
        return self.decision_page("request_rework", ids)

    def decision_page(self, step, ids, form=None):
        """The page naming the chosen requests the user sees, and the form that decides."""
        decision = DECISIONS[step]
        rows = self.scoped_rows(ids)
        if not rows:
            flash(gettext("not found or not visible to you"), "danger")
            return redirect(self.get_url(".index_view"))
        user = acting_user()
        shown = [shown_request(row, decision.may(row, user)) for row in rows]
        possible = [row for row, item in zip(rows, shown, strict=True) if item.possible]
        if form is None:
            form = decision.form(None, ids=",".join(str(row.id) for row in possible),
                                 versions=",".join(f"{row.id}:{row.version}" for row in possible),
                                 url=get_redirect_target() or "")
        return self.render(self.decision_template, form=form, step=step,
                           title=gettext(decision.title), confirm=gettext(decision.confirm),
                           rows=shown, count=len(shown), possible=len(possible),
                           return_url=self._after_decision([str(row.id) for row in rows]))

    def _after_decision(self, ids) -> str:
        """Several requests: back to the list they were chosen in (its predefined list,
        filters, page), where the next ones wait; one request: its page."""
        back = get_redirect_target()
        return back if back and len(ids) > 1 else self._after_action(ids)

    @expose("/decide/<step>/", methods=("GET", "POST"))
    def decide_view(self, step):
        """GET names one request (`id`); POST takes the decision on the requests the page
        showed, each in the version it showed."""
        if step not in DECISIONS or not self.is_action_allowed(step):
            flash(gettext("You may not do this."), "danger")
            return redirect(self.get_url(".index_view"))
        if request.method == "GET":
            return self.decision_page(step, [request.args.get("id", "")])
        decision = DECISIONS[step]
        form = decision.form(request.form)
        ids = [i for i in (form.ids.data or "").split(",") if i]
        if not form.validate():
            return self.decision_page(step, ids, form)
        versions = confirmed_versions()
        message = form.message.data if "message" in form else None

        def decide(row):
            key = str(row.id)
            if key not in versions:
                raise DomainError(N_("not shown on the confirmation page"))
            # The version the user confirmed: a request changed since then is not decided.
            row.version = versions[key]
            decision.operation(row, acting_user(), now(), message)

        self.flash_report(self.run_bulk(ids, decide), gettext(decision.done))
        return redirect(self._after_decision(ids))
