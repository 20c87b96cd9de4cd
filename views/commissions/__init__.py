"""IFD commissions (004): the commission list and page, moves, contacts, results, catalogues."""

from views.commissions.occasions import OccasionAccessView
from views.commissions.releases import PayingBodyReleaseView
from views.commissions.situations import EmploymentSituationView
from views.commissions.views import (
    CommissionView,
    ContactView,
    ResultKindView,
    ResultView,
    TaskView,
    translate_error,
)

__all__ = ["CommissionView", "ContactView", "ResultView", "TaskView", "ResultKindView",
           "EmploymentSituationView", "PayingBodyReleaseView", "OccasionAccessView",
           "translate_error"]
