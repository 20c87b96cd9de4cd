"""Messages as a section of the pages of participations and requests: the form to write one,
and which ones a user may read."""


from flask import flash, redirect, request
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from wtforms import TextAreaField
from wtforms.validators import InputRequired, Length

from models.core.clock import now
from models.core.errors import DomainError
from models.core.history import (
    MESSAGE_ROLES,
    MESSAGES,
    HistoryEntry,
    add_message,
)
from models.core.history_access import visible_history
from models.participations.models import Participation
from models.requests.models import AssistanceRequest
from views.core.context import acting_user
from views.core.formatting import translate_error
from views.core.forms import SecureForm


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
