"""Messages on participations and requests: the form on a record's page and the list."""

from flask import abort, flash, redirect, request
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from flask_login import current_user
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from models.access import visible_history
from models.base import DomainError
from models.history import MESSAGE_ROLES, MESSAGES, HistoryEntry, add_message, may_read_messages
from models.participations import Participation
from models.requests import AssistanceRequest
from models.text import N_

from .base import FallakteModelView, acting_user, now
from .formatting import translate_error
from .forms import SecureForm


class MessageForm(SecureForm):
    """One free-text message."""

    text = TextAreaField(lazy_gettext("Message"), validators=[
        InputRequired(lazy_gettext("Please enter a message.")), Length(max=4000)])


class MessageFormMixin:
    """Adds 'write a message' to a view whose records take messages."""

    def may_write_messages(self) -> bool:
        """True when the user's role may write messages at all."""
        return acting_user().role in MESSAGE_ROLES

    def message_form(self):
        return MessageForm(request.form if request.method == "POST" else None)

    @expose("/message/", methods=("POST",))
    def message_view(self):
        """Store a message on one record the user may see."""
        row = self.get_one(request.args.get("id"))
        form = self.message_form()
        if form.validate():
            try:
                add_message(row, acting_user(), now(), form.text.data)
            except DomainError as error:
                flash(translate_error(error), "danger")
            else:
                flash(gettext("The message was saved."), "success")
        else:
            for error in form.text.errors:
                flash(error, "danger")
        return redirect(self.get_url(".details_view", id=row._pk))


def visible_messages(user):
    """Messages on participations and requests the user may see (also those of a decision):
    the same rule as the messages on the pages of those records."""
    return visible_history(user, HistoryEntry.select().where(MESSAGES), (
        AssistanceRequest.history_relation, Participation.history_relation))


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
