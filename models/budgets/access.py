"""Personal budgets: clerks see the budgets their body leads or takes part in; staff those of
the persons they see (reading); statistics every row without personal fields; administrators
all. The steps themselves check who acts (models.budgets.operations)."""

from models.budgets.models import BudgetCheck, PartialBudget, PersonalBudget
from models.core.access import register, visible
from models.core.roles import ALL_ROLES, FUNDING_SIDE, FUNDING_USERS, Role
from models.people.models import Person


def _budgets(query, user, today):
    if user.role in FUNDING_USERS:
        taking_part = PartialBudget.select(PartialBudget.budget).where(
            PartialBudget.funding_body == user.funding_body_id)
        return query.where((PersonalBudget.lead_body == user.funding_body_id)
                           | PersonalBudget.id.in_(taking_part))
    if user.is_staff:
        return query.where(PersonalBudget.person.in_(
            visible(Person, user, today=today).select(Person.id)))
    return query


def _of_visible_budgets(model):
    def scope(query, user, today):
        return query.where(model.budget.in_(
            visible(PersonalBudget, user, today=today).select(PersonalBudget.id)))
    return scope


register(PersonalBudget, read=ALL_ROLES, write=FUNDING_SIDE, scope=_budgets,
         actions={"delete": frozenset({Role.ADMIN})})
register(PartialBudget, read=ALL_ROLES, write=FUNDING_SIDE,
         scope=_of_visible_budgets(PartialBudget), actions={"delete": frozenset({Role.ADMIN})})
register(BudgetCheck, read=ALL_ROLES, write=FUNDING_SIDE, scope=_of_visible_budgets(BudgetCheck),
         actions={"delete": frozenset({Role.ADMIN})})
