"""IFD commissions (004): the commission list and page with phase changes, reports and the
yearly statistics; contacts, results and the catalogues."""

from views.commissions.commissions import CommissionView
from views.commissions.contacts import ContactView
from views.commissions.results import ResultKindView, ResultView, TaskView
from views.core.formatting import translate_error

__all__ = ["CommissionView", "ContactView", "ResultView", "TaskView", "ResultKindView",
           "translate_error"]
