"""Personal budget (002): the lead body (Beauftragter, the funding body first approached, fixed
once chosen), one partial budget per participating funding body, the goal agreement, the
decision notice for the whole budget and the periodic checks of the proofs."""

from decimal import Decimal

from peewee import (
    CharField,
    DateField,
    DecimalField,
    ForeignKeyField,
    TextField,
)

from models.core.base import VersionedModel
from models.core.errors import NotPermitted, ValidationError
from models.core.labels import LabelledEnum
from models.core.text import N_
from models.people.models import FundingBody, Person


class BudgetStatus(LabelledEnum):
    """From the first approach to the decision notice."""

    APPLIED = "applied", N_("applied for")
    AGREED = "agreed", N_("goal agreement concluded")
    DECIDED = "decided", N_("decision notice issued")


class CheckOutcome(LabelledEnum):
    """What a check of the proofs found."""

    MET = "met", N_("need covered")
    NOT_MET = "not_met", N_("need not covered")


class PersonalBudget(VersionedModel):
    """A person's personal budget; the lead body issues one decision notice for all of it."""

    filter_by_number = True

    person = ForeignKeyField(Person, backref="budgets", on_delete="RESTRICT",
                             verbose_name=N_("Person"))
    lead_body = ForeignKeyField(FundingBody, backref="led_budgets", on_delete="RESTRICT",
                                verbose_name=N_("Lead body"))
    first_approach = DateField(verbose_name=N_("First approached on"))
    valid_from = DateField(verbose_name=N_("Valid from"))
    valid_to = DateField(verbose_name=N_("Valid to"))
    status = CharField(max_length=10, choices=BudgetStatus.choices(),
                       default=BudgetStatus.APPLIED, verbose_name=N_("Status"))
    agreement_date = DateField(null=True, verbose_name=N_("Goal agreement of"))
    agreement_goals = TextField(null=True, verbose_name=N_("Agreed goals"))
    notice_date = DateField(null=True, verbose_name=N_("Decision notice of"))

    history_relation = "personal_budget"
    verbose_name, verbose_name_plural = N_("Personal budget"), N_("personal budgets")
    personal_fields = ("agreement_goals",)
    # The lead body is fixed once chosen; the rest moves only through the steps.
    workflow_fields = ("status", "lead_body", "first_approach", "agreement_date",
                       "agreement_goals", "notice_date", "person")

    def __str__(self):
        # No query and no personal data: lists of partial budgets and checks name it so.
        return f"B{self._pk}" if self._pk else "–"

    def history_label(self) -> str:
        return f"{self.person.pseudonym}/B{self._pk}"

    def before_save(self, actor, old, today) -> None:
        """A period whose end does not lie before its start; the first approach not in the
        future; the lead body never changes."""
        errors = {}
        if old is not None and old.get("lead_body") != self.lead_body_id:
            errors["lead_body"] = N_("The lead body is fixed once chosen.")
        if self.first_approach is None:
            errors["first_approach"] = N_("Please enter a date.")
        elif self.first_approach > today:
            errors["first_approach"] = N_("The date cannot lie in the future.")
        if self.valid_from is None:
            errors["valid_from"] = N_("Please enter a date.")
        if self.valid_to is None:
            errors["valid_to"] = N_("Please enter a date.")
        elif self.valid_from is not None and self.valid_to < self.valid_from:
            errors["valid_to"] = N_("The end lies before the start.")
        if errors:
            raise ValidationError(errors)

    def before_delete(self, actor, now) -> None:
        """A budget with a decision notice stays."""
        if self.status == BudgetStatus.DECIDED:
            raise NotPermitted(N_("A budget with a decision notice cannot be deleted."))


class PartialBudget(VersionedModel):
    """One participating funding body's part: amount per month, period inside the budget's,
    the proofs of need coverage it requires and its quality rules; reported to the lead body."""

    budget = ForeignKeyField(PersonalBudget, backref="partials", on_delete="RESTRICT",
                             verbose_name=N_("Personal budget"))
    funding_body = ForeignKeyField(FundingBody, backref="partial_budgets", on_delete="RESTRICT",
                                   verbose_name=N_("Funding body"))
    amount_per_month = DecimalField(max_digits=10, decimal_places=2,
                                    verbose_name=N_("Amount per month"))
    valid_from = DateField(verbose_name=N_("Valid from"))
    valid_to = DateField(verbose_name=N_("Valid to"))
    proofs = TextField(null=True, verbose_name=N_("Required proofs"))
    quality_rules = TextField(null=True, verbose_name=N_("Quality rules"))
    reported_on = DateField(null=True, verbose_name=N_("Reported on"))

    history_relation = "partial_budget"
    verbose_name, verbose_name_plural = N_("Partial budget"), N_("partial budgets")
    workflow_fields = ("reported_on", "budget")

    class Meta:
        indexes = ((("budget", "funding_body"), True),)

    def history_label(self) -> str:
        return f"{self.budget.history_label()}/T{self._pk}"

    def before_save(self, actor, old, today) -> None:
        """A positive amount; a period inside the budget's."""
        errors = {}
        amount = self.amount_per_month
        if not isinstance(amount, Decimal | int):
            try:
                amount = Decimal(str(amount).replace(",", ".")) if amount is not None else None
            except ArithmeticError:
                amount = None
            if amount is None or not amount.is_finite():
                amount = None
                errors["amount_per_month"] = N_("Please enter an amount in euros.")
            else:
                self.amount_per_month = amount
        if amount is not None and "amount_per_month" not in errors and amount <= 0:
            errors["amount_per_month"] = N_("The amount must be greater than zero.")
        budget = self.budget
        if self.valid_from is None or self.valid_to is None:
            errors["valid_from"] = N_("Please enter a date.")
        elif self.valid_to < self.valid_from:
            errors["valid_to"] = N_("The end lies before the start.")
        elif self.valid_from < budget.valid_from or self.valid_to > budget.valid_to:
            errors["valid_from"] = N_("The period of a partial budget lies inside the "
                                      "budget's period.")
        if old is None and PartialBudget.select().where(
                (PartialBudget.budget == self.budget_id)
                & (PartialBudget.funding_body == self.funding_body_id)).exists():
            errors["funding_body"] = N_("This funding body has a partial budget already.")
        if errors:
            raise ValidationError(errors)


class BudgetCheck(VersionedModel):
    """A periodic check of the proofs, due on a date; recorded with its outcome."""

    budget = ForeignKeyField(PersonalBudget, backref="checks", on_delete="RESTRICT",
                             verbose_name=N_("Personal budget"))
    due_on = DateField(index=True, verbose_name=N_("Due on"))
    done_on = DateField(null=True, verbose_name=N_("Checked on"))
    outcome = CharField(max_length=10, null=True, choices=CheckOutcome.choices(),
                        verbose_name=N_("Outcome"))
    notes = TextField(null=True, verbose_name=N_("Notes"))

    history_relation = "budget_check"
    verbose_name, verbose_name_plural = N_("Check of the proofs"), N_("checks of the proofs")
    personal_fields = ("notes",)
    workflow_fields = ("done_on", "outcome", "budget")

    def history_label(self) -> str:
        return f"{self.budget.history_label()}/P{self._pk}"
