"""The funding bodies' billing rules (003): their list and form, and their rows on a case page."""

from flask_babel import format_decimal, gettext, lazy_gettext

from models.care.balances import Balancing, Basis, GroupRule
from models.care.models import BillingRules
from models.people.models import FundingBody
from views.core.base import FallakteModelView
from views.core.fields import GermanDecimalField
from views.core.formatting import choice_formatter, hours_text
from views.sections.pickers import FUNDING_BODY_PICKER


def _decimal(value) -> str:
    return format_decimal(value, format="#,##0.00")


def rules_rows(rules) -> list[tuple[str, str]]:
    """The billing rules of a case as (label, text) rows for its page."""
    percent = "{} %"
    return [
        (gettext("Balancing period"), gettext(Balancing(rules.balancing).label)),
        (gettext("Approval basis"), gettext(Basis(rules.basis).label)),
        (gettext("Weeks per month"), _decimal(rules.weeks_per_month) if rules.weeks_per_month
         else gettext("none (hours accrue per day)")),
        (gettext("Indirect time counted (%)"), percent.format(_decimal(rules.indirect_share))),
        (gettext("Absences counted (%)"), percent.format(_decimal(rules.absence_share))),
        (gettext("Absences counted at most (hours per month)"),
         hours_text(rules.absence_cap) if rules.absence_cap is not None else "–"),
        (gettext("Group offers"), gettext(GroupRule(rules.group_rule).label)),
    ]


class BillingRulesView(FallakteModelView):
    """Billing rules per funding body; administrators maintain them."""

    column_list = ("funding_body", "balancing_period", "basis", "weeks_per_month",
                   "indirect_share", "absence_share", "absence_cap", "group_rule",
                   "contingent_socio", "contingent_low")
    column_formatters = {"balancing_period": choice_formatter(Balancing.choices()),
                         "basis": choice_formatter(Basis.choices()),
                         "group_rule": choice_formatter(GroupRule.choices())}
    column_filters = ("balancing_period", "basis")
    form_columns = column_list
    form_ajax_refs = {"funding_body": FUNDING_BODY_PICKER}
    decimal_fields = ("weeks_per_month", "indirect_share", "absence_share", "absence_cap",
                      "contingent_socio", "contingent_low")
    form_overrides = dict.fromkeys(decimal_fields, GermanDecimalField)
    form_args = {
        "weeks_per_month": {"description": lazy_gettext(
            "Converts weekly hours into monthly hours (e.g. 4,33); empty: hours accrue per "
            "day (hours per week ÷ 7).")},
        "contingent_socio": {"description": lazy_gettext(
            "Hours per calendar year for all cases of a project billed by contingent.")},
    }

    def base_query(self):
        return (BillingRules.select(BillingRules, FundingBody)
                .join(FundingBody, on=(BillingRules.funding_body == FundingBody.id)))

    def prejoined_models(self):
        return {FundingBody}
