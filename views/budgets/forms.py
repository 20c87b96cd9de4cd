"""The forms of the budget steps (002): first approach, partial budget, goal agreement, checks."""

from flask_babel import lazy_gettext
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from models.budgets.models import CheckOutcome
from views.core.fields import GermanDateField, GermanDecimalField
from views.core.forms import SecureForm


def _date(label, required=True):
    validators = ([InputRequired(lazy_gettext("Please enter a date."))] if required
                  else [Optional()])
    return GermanDateField(label, validators=validators)


def _body_field():
    return SelectField(lazy_gettext("Funding body"), coerce=int, validators=[
        InputRequired(lazy_gettext("Please choose."))])


class StartForm(SecureForm):
    """The first approach: the body approached first becomes the lead body."""

    lead_body = _body_field()
    first_approach = _date(lazy_gettext("First approached on"))
    valid_from = _date(lazy_gettext("Valid from"))
    valid_to = _date(lazy_gettext("Valid to"))


class PartialForm(SecureForm):
    """A participating funding body's partial budget."""

    funding_body = _body_field()
    amount_per_month = GermanDecimalField(lazy_gettext("Amount per month"), max_digits=10,
                                          validators=[InputRequired(
                                              lazy_gettext("Please enter an amount in euros."))])
    valid_from = _date(lazy_gettext("Valid from"))
    valid_to = _date(lazy_gettext("Valid to"))
    proofs = TextAreaField(lazy_gettext("Required proofs"), validators=[Length(max=4000)])
    quality_rules = TextAreaField(lazy_gettext("Quality rules"), validators=[Length(max=4000)])


class AgreementForm(SecureForm):
    """The goal agreement: its date and the agreed goals; the version the page showed."""

    version = HiddenField()
    agreement_date = _date(lazy_gettext("Goal agreement of"))
    agreement_goals = TextAreaField(lazy_gettext("Agreed goals"), validators=[
        InputRequired(lazy_gettext("Please enter the agreed goals.")), Length(max=4000)])


class ScheduleForm(SecureForm):
    """Plan a check of the proofs."""

    due_on = _date(lazy_gettext("Due on"))


class CheckForm(SecureForm):
    """Record a check: outcome, notes, and the next due date if one is planned."""

    version = HiddenField()
    outcome = SelectField(lazy_gettext("Outcome"), validators=[
        InputRequired(lazy_gettext("Please choose the outcome."))],
        choices=[(code, lazy_gettext(label)) for code, label in CheckOutcome.choices()])
    notes = TextAreaField(lazy_gettext("Notes"), validators=[Length(max=4000)])
    next_due_on = _date(lazy_gettext("Next check due on"), required=False)
