"""The steps of a personal budget in the browser (002): the first approach, partial budgets
and their report, the goal agreement, the decision notice, the checks of the proofs. Each
step is a page with its form (or a button on the budget's page) calling its domain function."""

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext

from models.budgets.models import BudgetCheck, BudgetStatus, PartialBudget
from models.budgets.operations import (
    NoticeRefused,
    acts_for,
    add_partial_budget,
    conclude_goal_agreement,
    issue_decision_notice,
    record_check,
    report_partial_budget,
    schedule_check,
    start_budget,
)
from models.core.access import is_visible, visible
from models.core.clock import now
from models.core.errors import DomainError
from models.core.roles import Role
from models.people.models import FundingBody, Person
from views.budgets.forms import AgreementForm, CheckForm, PartialForm, ScheduleForm, StartForm
from views.core.context import acting_user
from views.core.formatting import translate_error
from views.core.params import id_or_404

STEP_TEMPLATE = "admin/fallakte/budget_step.html"


def refusal_text(error: NoticeRefused) -> str:
    """'Der Bescheid kann noch nicht erlassen werden. A B C': every missing condition."""
    missing = " ".join(gettext(msgid, **params) for msgid, params in error.missing)
    return f"{gettext(error.message)} {missing}"


def shown_version(text, current: int) -> int:
    """The version the page showed (a hidden field), or `current` when none came."""
    try:
        return int(text)
    except (TypeError, ValueError):
        return current


def body_choices(user) -> list:
    """The funding bodies `user` acts for: a clerk their own, an administrator every one."""
    query = FundingBody.select(FundingBody.id, FundingBody.name).order_by(FundingBody.name)
    if user.role != Role.ADMIN:
        query = query.where(FundingBody.id == user.funding_body_id)
    return [(body.id, body.name) for body in query]


class BudgetStepsMixin:
    """For the personal-budget view: a page per step, buttons for reporting and the notice."""

    def _step_page(self, form, title, action, budget=None):
        back = (url_for(".details_view", id=budget.id) if budget is not None
                else request.args.get("back") or url_for(".index_view"))
        return self.render(STEP_TEMPLATE, form=form, title=title, action=action, back=back,
                           budget=budget)

    def _submitted(self, form, operation, before=None) -> bool:
        """True when the form was posted, is valid, and the domain accepted `operation`."""
        if request.method != "POST" or not form.validate():
            return False
        if before is not None:
            before()
        return self.write(form, operation)

    def _require_writer(self):
        if not self.can_edit:
            abort(403)

    def _done(self, budget, message):
        flash(message, "success")
        return redirect(url_for(".details_view", id=budget.id))

    # -- the first approach ----------------------------------------------------------------
    @expose("/start/", methods=("GET", "POST"))
    def start_view(self):
        """Record a budget at the first approach of the person's chosen funding body."""
        self._require_writer()
        user = acting_user()
        person = Person.get_or_none(Person.id == id_or_404(request.values.get("person")))
        if person is None or not is_visible(user, person):
            abort(404)
        form = StartForm(request.form)
        form.lead_body.choices = body_choices(user)
        action = url_for(".start_view", person=person.id)
        budget = {}
        if self._submitted(form, lambda: budget.setdefault("row", start_budget(
                person, form.lead_body.data, form.first_approach.data, form.valid_from.data,
                form.valid_to.data, user, now()))):
            return self._done(budget["row"], gettext("The personal budget was recorded."))
        return self._step_page(form, gettext("Record the first approach"), action)

    # -- partial budgets -------------------------------------------------------------------
    @expose("/partial/", methods=("GET", "POST"))
    def partial_view(self):
        """A participating funding body records its partial budget."""
        self._require_writer()
        budget = self.get_one(request.values.get("id"))
        form = PartialForm(request.form)
        form.funding_body.choices = body_choices(acting_user())
        if request.method == "GET":
            form.valid_from.data, form.valid_to.data = budget.valid_from, budget.valid_to
        if self._submitted(form, lambda: add_partial_budget(
                budget, form.funding_body.data, form.amount_per_month.data,
                form.valid_from.data, form.valid_to.data, acting_user(), now(),
                proofs=form.proofs.data or None, quality_rules=form.quality_rules.data or None)):
            return self._done(budget, gettext("The partial budget was recorded."))
        return self._step_page(form, gettext("Add a partial budget"),
                               url_for(".partial_view", id=budget.id), budget)

    @expose("/report/", methods=("POST",))
    def report_view(self):
        """Report a partial budget to the lead body (its funding body's button)."""
        self._require_writer()
        partial = visible(PartialBudget, acting_user()).where(
            PartialBudget.id == id_or_404(request.form.get("partial"))).first()
        if partial is None:
            abort(404)
        try:
            report_partial_budget(partial, acting_user(), now())
        except DomainError as error:
            flash(translate_error(error), "danger")
            return redirect(url_for(".details_view", id=partial.budget_id))
        flash(gettext("The partial budget was reported to the lead body."), "success")
        return redirect(url_for(".details_view", id=partial.budget_id))

    # -- goal agreement and decision notice -----------------------------------------------
    @expose("/agreement/", methods=("GET", "POST"))
    def agreement_view(self):
        """The lead body concludes the goal agreement (the signed copy goes to documents)."""
        self._require_writer()
        budget = self.get_one(request.values.get("id"))
        form = AgreementForm(request.form)
        if request.method == "GET":
            form.version.data = budget.version
        def as_shown():
            budget.version = shown_version(form.version.data, budget.version)

        if self._submitted(form, lambda: conclude_goal_agreement(
                budget, form.agreement_date.data, form.agreement_goals.data, acting_user(),
                now()), as_shown):
            return self._done(budget, gettext("The goal agreement was recorded; attach the "
                                              "signed copy under Documents."))
        return self._step_page(form, gettext("Conclude the goal agreement"),
                               url_for(".agreement_view", id=budget.id), budget)

    @expose("/notice/", methods=("POST",))
    def notice_view(self):
        """The lead body issues the decision notice; a refusal lists every missing part."""
        self._require_writer()
        budget = self.get_one(request.form.get("id"))
        budget.version = shown_version(request.form.get("version"), budget.version)
        try:
            issue_decision_notice(budget, acting_user(), now())
        except NoticeRefused as error:
            flash(refusal_text(error), "danger")
            return redirect(url_for(".details_view", id=budget.id))
        except DomainError as error:
            flash(translate_error(error), "danger")
            return redirect(url_for(".details_view", id=budget.id))
        return self._done(budget, gettext("The decision notice was issued."))

    # -- checks of the proofs --------------------------------------------------------------
    @expose("/schedule/", methods=("GET", "POST"))
    def schedule_view(self):
        """The lead body plans a check of the proofs."""
        self._require_writer()
        budget = self.get_one(request.values.get("id"))
        form = ScheduleForm(request.form)
        if self._submitted(form, lambda: schedule_check(budget, form.due_on.data,
                                                        acting_user(), now())):
            return self._done(budget, gettext("The check was planned."))
        return self._step_page(form, gettext("Plan a check of the proofs"),
                               url_for(".schedule_view", id=budget.id), budget)

    @expose("/check/", methods=("GET", "POST"))
    def check_view(self):
        """Record a check: its outcome, notes and the next due date."""
        self._require_writer()
        check = visible(BudgetCheck, acting_user()).where(
            BudgetCheck.id == id_or_404(request.values.get("check"))).first()
        if check is None:
            abort(404)
        budget = self.get_one(check.budget_id)
        form = CheckForm(request.form)
        if request.method == "GET":
            form.version.data = check.version
        def as_shown():
            check.version = shown_version(form.version.data, check.version)

        if self._submitted(form, lambda: record_check(
                check, form.outcome.data, form.notes.data or None, form.next_due_on.data,
                acting_user(), now()), as_shown):
            return self._done(budget, gettext("The check was recorded."))
        return self._step_page(form, gettext("Record the check due on %(date)s",
                                             date=check.due_on.strftime("%d.%m.%Y")),
                               url_for(".check_view", check=check.id), budget)

    # -- what the budget's page offers -----------------------------------------------------
    def budget_parts(self, budget) -> dict:
        """The partial budgets and checks of `budget` the user sees, and what they may do."""
        user = acting_user()
        partials = list(visible(PartialBudget, user, PartialBudget.select(
            PartialBudget, FundingBody).join(FundingBody, on=(
                PartialBudget.funding_body == FundingBody.id), attr="funding_body")
            .where(PartialBudget.budget == budget).order_by(PartialBudget.id)))
        checks = list(visible(BudgetCheck, user).where(BudgetCheck.budget == budget)
                      .order_by(BudgetCheck.due_on, BudgetCheck.id))
        writer = self.can_edit
        lead = writer and acts_for(user, budget.lead_body_id)
        open_budget = budget.status != BudgetStatus.DECIDED
        return {"partials": partials, "checks": checks, "lead": lead,
                "may_add": writer and open_budget,
                "may_agree": lead and budget.status == BudgetStatus.APPLIED,
                "may_notify": lead and open_budget,
                "reports": {p.id for p in partials
                            if writer and p.reported_on is None and acts_for(user,
                                                                        p.funding_body_id)}}
