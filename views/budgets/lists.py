"""Personal budgets (002): lists of budgets with the total per month computed, partial budgets
and checks of the proofs, with filters and export; the steps as actions."""

from flask import request, url_for
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext

from models.budgets.models import (
    BudgetCheck,
    BudgetStatus,
    CheckOutcome,
    PartialBudget,
    PersonalBudget,
)
from models.budgets.operations import (
    NoticeRefused,
    checks_due,
    issue_decision_notice,
    report_partial_budget,
    totals_per_month,
)
from models.core import clock
from models.core.access import visible
from models.core.clock import now
from models.core.errors import DomainError
from models.people.models import FundingBody, Person
from views.budgets.steps import BudgetStepsMixin, refusal_text
from views.core.base import FallakteModelView
from views.core.columns import person_column, person_label
from views.core.context import acting_user
from views.core.filtering import PERSON
from views.core.formatting import choice_formatter, money_text
from views.sections.documents import DocumentsMixin


def _budget(_view, _context, row, _name):
    return f"{row.budget} {person_label(row.budget.person)}"


def _total(view, _context, row, _name):
    totals = getattr(view, "_page_totals", None) or {}
    if row.id not in totals:
        totals = view._page_totals = totals_per_month([row.id])
    return money_text(totals[row.id])


class PersonalBudgetView(BudgetStepsMixin, DocumentsMixin, FallakteModelView):
    """Personal budgets the user sees, total per month computed, every step on its page."""

    column_list = ("id", "person", "lead_body", "first_approach", "valid_from", "valid_to",
                   "status", "total", "agreement_date", "notice_date")
    column_labels = {"id": lazy_gettext("No."), "person": lazy_gettext("Person"),
                     "total": lazy_gettext("Budget per month")}
    column_formatters = {"person": person_column("person"),
                         "lead_body": lambda _v, _c, row, _n: row.lead_body.name,
                         "status": choice_formatter(BudgetStatus.choices()),
                         "total": _total}
    column_sortable_list = ("id", "first_approach", "valid_from", "valid_to", "status",
                            ("person", Person.last_name_folded))
    column_default_sort = ("first_approach", True)
    column_filters = ("status", "first_approach", "valid_from", "valid_to", "notice_date")
    # The total is computed: filtered by its value after the other filters.
    column_filter_sources = {"person": PERSON, "total": "number"}
    form_columns = ("valid_from", "valid_to")
    can_export = True
    allow_create = False
    details_template = "admin/fallakte/personal_budget_details.html"

    def base_query(self):
        return (PersonalBudget.select(PersonalBudget, Person, FundingBody)
                .join(Person, on=(PersonalBudget.person == Person.id), attr="person")
                .switch(PersonalBudget)
                .join(FundingBody, on=(PersonalBudget.lead_body == FundingBody.id),
                      attr="lead_body"))

    def prejoined_models(self):
        return {Person, FundingBody}

    def get_list(self, page, sort_column, sort_desc, search, filters, execute=True,
                 page_size=None):
        count, rows = super().get_list(page, sort_column, sort_desc, search, filters, execute,
                                       page_size)
        if execute:
            rows = list(rows)
            self._page_totals = totals_per_month([row.id for row in rows])
        return count, rows

    def prepare_computed(self, rows):
        rows = list(rows)
        self._page_totals = totals_per_month([row.id for row in rows])
        return rows

    def filter_value(self, row, name):
        if name == "total":
            return self._page_totals[row.id]
        return super().filter_value(row, name)

    def row_label(self, row):
        return f"#{row.id} {person_label(row.person)}"

    @action("issue_notice", lazy_gettext("Issue the decision notice"))
    def action_issue_notice(self, ids):
        def issue(row):
            try:
                issue_decision_notice(row, acting_user(), now())
            except NoticeRefused as error:
                raise DomainError(refusal_text(error)) from None

        self.flash_report(self.run_bulk(ids, issue), gettext("decision notice issued"))


class PartialBudgetView(FallakteModelView):
    """Partial budgets of the budgets the user sees."""

    column_list = ("id", "budget", "funding_body", "amount_per_month", "valid_from", "valid_to",
                   "reported_on")
    column_labels = {"id": lazy_gettext("No.")}
    column_formatters = {"budget": _budget,
                         "funding_body": lambda _v, _c, row, _n: row.funding_body.name,
                         "amount_per_month": lambda _v, _c, row, _n: money_text(
                             row.amount_per_month)}
    column_filters = ("amount_per_month", "valid_from", "valid_to", "reported_on")
    # The budget by its person's name or Person ID, not picked from thousands of budgets.
    column_filter_sources = {"budget": PERSON}
    form_columns = ("amount_per_month", "valid_from", "valid_to", "proofs", "quality_rules")
    can_export = True
    allow_create = False

    def base_query(self):
        return (PartialBudget.select(PartialBudget, PersonalBudget, Person, FundingBody)
                .join(PersonalBudget, on=(PartialBudget.budget == PersonalBudget.id),
                      attr="budget")
                .join(Person, on=(PersonalBudget.person == Person.id), attr="person")
                .switch(PartialBudget)
                .join(FundingBody, on=(PartialBudget.funding_body == FundingBody.id),
                      attr="funding_body"))

    def prejoined_models(self):
        return {PersonalBudget, Person, FundingBody}

    @action("report", lazy_gettext("Report to the lead body"))
    def action_report(self, ids):
        self.flash_report(self.run_bulk(
            ids, lambda row: report_partial_budget(row, acting_user(), now())),
            gettext("reported"))


class BudgetCheckView(FallakteModelView):
    """Checks of the proofs: due and done."""

    column_list = ("id", "budget", "due_on", "done_on", "outcome")
    column_labels = {"id": lazy_gettext("No.")}
    column_formatters = {"budget": _budget,
                         "outcome": choice_formatter(CheckOutcome.choices())}
    column_default_sort = ("due_on", False)
    column_filters = ("due_on", "done_on", "outcome")
    column_filter_sources = {"budget": PERSON}
    form_columns = ("due_on",)
    can_export = True
    allow_create = False
    list_template = "admin/fallakte/budget_check_list.html"
    # The predefined lists: the checks due today or earlier ("Prüfungen fällig"), and all.
    LISTS = {"due": lazy_gettext("Checks due"), "all": lazy_gettext("All")}

    def current_list(self) -> str:
        key = request.args.get("list", "all")
        return key if key in self.LISTS else "all"

    def get_query(self):
        query = super().get_query()
        if self.current_list() == "due":
            return query.where(BudgetCheck.id.in_(checks_due(clock.today())
                                                  .select(BudgetCheck.id)))
        return query

    def check_list_counts(self):
        """(key, label, count, url) of each predefined list as the user sees it."""
        seen = visible(BudgetCheck, acting_user())
        due = seen.where(BudgetCheck.id.in_(checks_due(clock.today()).select(BudgetCheck.id)))
        return [("due", self.LISTS["due"], due.count(), url_for(".index_view", list="due")),
                ("all", self.LISTS["all"], seen.count(), url_for(".index_view"))]

    def base_query(self):
        return (BudgetCheck.select(BudgetCheck, PersonalBudget, Person)
                .join(PersonalBudget, on=(BudgetCheck.budget == PersonalBudget.id),
                      attr="budget")
                .join(Person, on=(PersonalBudget.person == Person.id), attr="person"))

    def prejoined_models(self):
        return {PersonalBudget, Person}
