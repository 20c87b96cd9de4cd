"""The person page's sections of procedures (000) and personal budgets (002): the current and
the earlier procedures, the continuation button or who holds the open procedure, the budgets
with their total per month."""

from models.accounts.models import User
from models.budgets.models import PersonalBudget
from models.budgets.operations import totals_per_month
from models.core.access import is_visible, may_write
from models.people.models import FundingBody, Project
from models.procedures.models import Procedure
from models.procedures.operations import current_procedure
from views.core.context import acting_user


class ProceduresSectionMixin:
    """For the person view: `person_procedures`, `continuation_state`, `person_budgets`."""

    def person_procedures(self, person) -> list:
        """The person's procedures the user sees, newest first, project and editor joined."""
        query = (Procedure.select(Procedure, Project, User)
                 .join(Project, on=(Procedure.project == Project.id), attr="project")
                 .switch(Procedure).join(User, on=(Procedure.editor == User.id), attr="editor")
                 .where(Procedure.person == person)
                 .order_by(Procedure.opened.desc(), Procedure.id.desc()))
        return list(self.section_rows(Procedure, query))

    def continuation_state(self, person, procedures) -> dict:
        """What the page offers: {'may': True} for the button, {'held': procedure} when an
        open procedure (perhaps one the user does not see) blocks it, or {} for nothing."""
        user = acting_user()
        if not (may_write(user, Procedure) and is_visible(user, person)):
            return {}
        current = current_procedure(person)
        if current is not None:
            return {"held": current}
        return {"may": bool(procedures)}

    def person_budgets(self, person) -> list:
        """The person's budgets the user sees, each with `total` (sum of its partials)."""
        query = (PersonalBudget.select(PersonalBudget, FundingBody)
                 .join(FundingBody, on=(PersonalBudget.lead_body == FundingBody.id),
                       attr="lead_body")
                 .where(PersonalBudget.person == person)
                 .order_by(PersonalBudget.valid_from.desc()))
        budgets = list(self.section_rows(PersonalBudget, query))
        totals = totals_per_month([b.id for b in budgets])
        for budget in budgets:
            budget.total = totals[budget.id]
        return budgets
