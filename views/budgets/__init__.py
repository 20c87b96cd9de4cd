"""Personal budgets (002): the lists (lists.py) and the steps in the browser (steps.py)."""

from views.budgets.lists import BudgetCheckView, PartialBudgetView, PersonalBudgetView

__all__ = ["BudgetCheckView", "PartialBudgetView", "PersonalBudgetView"]
