"""Messages on participations and requests: the form on a record's page and the list."""

from flask import abort
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from flask_login import current_user

from models.core.history import (
    HistoryEntry,
    may_read_messages,
)
from models.core.text import N_
from views.core.base import FallakteModelView
from views.core.context import acting_user
from views.sections.messages import visible_messages


def _record_link(view, _context, entry, _name):
    from markupsafe import Markup

    endpoint = "request" if entry.relation == "request" else "participation"
    url = view.get_url(f"{endpoint}.details_view", id=entry.record_id)
    label = gettext("Assistance request") if endpoint == "request" else gettext("Participation")
    return Markup('<a href="{}">{} {}</a>').format(url, label, entry.record_label or "")


class MessageListView(FallakteModelView):
    """The 'messages' list: every message the user may see, newest first."""

    allow_create = allow_edit = allow_delete = False
    can_view_details = False
    column_list = ("created_at", "record_label", "editor", "message")
    column_labels = {"record_label": lazy_gettext("Record")}
    column_formatters = {"record_label": _record_link}
    column_default_sort = ("created_at", True)
    column_filters = ("created_at", "relation")
    value_labels = {"relation": {"participation": N_("Participation"),
                                 "request": N_("Assistance request")}}

    def is_accessible(self):
        return current_user.is_authenticated and may_read_messages(acting_user())

    def get_query(self):
        base = self.base_query()
        return base.where(HistoryEntry.id.in_(visible_messages(acting_user()).select(
            HistoryEntry.id)))

    def get_list_row_actions(self):
        return []

    @expose("/history/")
    def history_view(self):
        abort(404)
