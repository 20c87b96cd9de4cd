"""The personal budgets' work queue: the checks of the proofs due today or earlier ("Prüfungen
fällig", 002), on the start page of the funding bodies' clerks."""

from models.budgets.models import BudgetCheck
from models.budgets.operations import checks_due
from models.core.queues import Queue, register_queue
from models.core.roles import Role
from models.core.text import N_


def due(today):
    """Checks due on `today` or earlier and not yet recorded."""
    return BudgetCheck.id.in_(checks_due(today).select(BudgetCheck.id))


register_queue(Queue("budget_checks_due", N_("Checks due"), frozenset({Role.CLERK}),
                     BudgetCheck, due, "budget_check.index_view", {"list": "due"}))
