"""Who is asking, in the request being served: the acting user and whether they read
non-personal data only. The one place request state of the panel lives (`request_state`)."""

import logging
from dataclasses import dataclass, field

from flask import g, has_request_context
from flask_login import current_user

from models.core.roles import may_read_personal

log = logging.getLogger(__name__)


def acting_user():
    """The logged-in user as a model instance (not the proxy)."""
    return current_user._get_current_object()





def is_personal(model_field) -> bool:
    """True when `model_field` is tagged personal (pb) in its model's `personal_fields`."""
    model = getattr(model_field, "model", None)
    name = getattr(model_field, "name", None)
    return model is not None and name in getattr(model, "personal_fields", ())


def reads_statistics_only() -> bool:
    """True when the logged-in user may see non-personal data only (statistics role)."""
    return (has_request_context() and current_user.is_authenticated
            and not may_read_personal(acting_user()))




@dataclass
class RequestState:
    """What one request computes once and several parts of a page read again: the search term
    of a view with its own search, the figures of the listed care cases, the labels of the
    records a history page names. Kept on `g` under one name, reset with every request."""

    search: str | None = None
    case_figures: dict = field(default_factory=dict)
    history_labels: dict | None = None
    # {document id} a documents list lets the user change (asked once per page).
    changeable_documents: set | None = None
    # True while a list counts and pages over the bare rows (views/core/queries.py).
    ids_only: bool = False
    # {(view endpoint, related model): (id, label) options} of the list filters: the "equal"
    # and "not equal" filters of one column offer the same records, asked once.
    related_options: dict = field(default_factory=dict)
    # {view endpoint: counts of its predefined lists}: the tabs and the pager read them.
    list_counts: dict = field(default_factory=dict)
    # The record a form's write saved (views/core/writes.py names it in the success message).
    saved: object = None


def request_state() -> RequestState:
    """The state of the current request (created on first use)."""
    state = g.get("fallakte_state")
    if state is None:
        state = g.fallakte_state = RequestState()
    return state


def counted_once(endpoint: str, count):
    """The predefined-list counts of the view `endpoint`, computed by `count()` once per
    request (the tabs show them, the pager reuses the current list's)."""
    counts = request_state().list_counts
    if endpoint not in counts:
        counts[endpoint] = count()
    return counts[endpoint]
