"""The benchmark's volume of procedures and budgets keeps the domain's rules: one current
procedure per person, continuations after closed initial assessments, totals per month."""

import datetime as dt

from peewee import fn

from models import PartialBudget, Procedure
from seed.bulk import bulk_people
from seed.bulk_procedures import bulk_procedures
from seed.factories import make_funding_body, make_user


def test_bulk_procedures_leave_one_current_procedure_per_person(app, project):
    make_user(role="admin")
    bulk_people([project], [make_funding_body(), make_funding_body()], 40, dt.date(2026, 1, 1))
    made = bulk_procedures(dt.date(2026, 1, 1), budget_share=4)
    current = (Procedure.select(Procedure.person, fn.COUNT(Procedure.id))
               .where(Procedure.closed.is_null()).group_by(Procedure.person).tuples())
    assert sorted({count for _person, count in current}) == [1]
    assert (made["procedure"], made["personal_budget"]) == (60, 10)
    assert PartialBudget.select().count() == made["partial_budget"]
