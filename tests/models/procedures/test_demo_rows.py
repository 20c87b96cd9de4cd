"""The demo data has procedures with continuations and budgets in every step."""

from models import BudgetCheck, PersonalBudget, Procedure
from models.budgets.models import BudgetStatus
from models.procedures.models import ProcedureType
from seed.demo import load_demo


def test_the_demo_has_procedures_and_budgets(app):
    load_demo(persons=20)
    assert Procedure.select().where(Procedure.type == ProcedureType.CONTINUATION).exists()
    assert Procedure.select().where(Procedure.closed.is_null()).count() == 5
    assert {b.status for b in PersonalBudget.select()} == set(BudgetStatus)
    assert BudgetCheck.select().where(BudgetCheck.done_on.is_null()).count() == 1
