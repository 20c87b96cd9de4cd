"""IFD commissions (004): the commission list and page with phase changes, moves, reports and
the yearly statistics; contacts, results, employment situations, releases of paying bodies,
occasion-based accesses and the catalogues."""

from views.commissions.commissions import CommissionView
from views.commissions.contacts import ContactView
from views.commissions.occasions import OccasionAccessView
from views.commissions.releases import PayingBodyReleaseView
from views.commissions.results import ResultKindView, ResultView, TaskView
from views.commissions.situations import EmploymentSituationView
from views.core.formatting import translate_error

__all__ = ["CommissionView", "ContactView", "ResultView", "TaskView", "ResultKindView",
           "EmploymentSituationView", "PayingBodyReleaseView", "OccasionAccessView",
           "translate_error"]
