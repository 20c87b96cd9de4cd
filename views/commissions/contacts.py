"""Contacts of commissions: the list, the entry under the rules of 004 §5, and a contact's page
with its documents (004 §8)."""

import datetime as dt

from flask import flash, redirect, request
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from models.commissions.contacts import record_contact
from models.commissions.models import Commission, Contact, ContactForm, Result, ResultKind, Task
from models.core.access import visible
from models.core.clock import now
from views.commissions.common import choices_of
from views.core.base import FallakteModelView
from views.core.context import acting_user
from views.core.fields import CheckboxListField, GermanDateField
from views.core.formatting import choice_formatter
from views.core.forms import SecureForm
from views.core.params import parse_id, parse_ids
from views.sections.documents import DocumentsMixin

CONTACT_TEMPLATE = "admin/fallakte/contact_form.html"
class ContactEntryForm(SecureForm):
    """A new contact: when, how, about what, with whom, its tasks and results."""

    commission = SelectField(lazy_gettext("Commission"), coerce=str,
                             validators=[InputRequired(lazy_gettext("Please choose."))])
    day = GermanDateField(lazy_gettext("Date"), validators=[Optional()])
    time = StringField(lazy_gettext("Time (hh:mm)"), validators=[Optional()])
    form = SelectField(lazy_gettext("Form"), choices=[("", "–"), *choices_of(ContactForm)],
                       validators=[Optional()])
    keyword = StringField(lazy_gettext("Keyword"), validators=[Optional()])
    participants = TextAreaField(lazy_gettext("Participants"), validators=[Optional()])
    text = TextAreaField(lazy_gettext("Text"), validators=[Optional()])
    tasks = CheckboxListField(lazy_gettext("Tasks"), coerce=str, validators=[Optional()])
    results = CheckboxListField(lazy_gettext("Results"), coerce=str, validators=[Optional()])


def _moment(day, time_text):
    """The date and hh:mm of a contact, or None when the time cannot be read."""
    if day is None:
        return None
    try:
        hours, minutes = (int(part) for part in (time_text or "00:00").split(":"))
        return dt.datetime.combine(day, dt.time(hours, minutes))
    except ValueError:
        return None


class ContactView(DocumentsMixin, FallakteModelView):
    """Contacts of the commissions the user sees; new ones go through the rules of 004 §5."""

    column_list = ("id", "commission", "at", "form", "keyword", "participants", "late",
                   "recorded_at")
    column_labels = {"id": lazy_gettext("No.")}
    column_formatters = {"form": choice_formatter(ContactForm.choices()),
                         "commission": lambda _v, _c, row, _n: f"A{row.commission_id}"}
    column_sortable_list = ("id", "at", "recorded_at", "late")
    column_default_sort = ("at", True)
    column_filters = ("at", "form", "late", "recorded_at")
    allow_create = allow_edit = allow_delete = False
    form_columns = ("keyword",)

    details_template = "admin/fallakte/contact_details.html"

    def base_query(self):
        return Contact.select(Contact)

    def record_title(self, row):
        return f"K{row.id} (A{row.commission_id})"

    @expose("/record/", methods=("GET", "POST"))
    def record_view(self):
        """Document a contact: a refusal shows at the fields, late entries warn."""
        from models.core.access import may_write

        user = acting_user()
        if not may_write(user, Contact):
            flash(gettext("You may not do this."), "danger")
            return redirect(self.get_url(".index_view"))
        form = ContactEntryForm(request.form if request.method == "POST" else None)
        commissions = list(visible(Commission, user).order_by(Commission.id.desc()).limit(500))
        form.commission.choices = [("", "–")] + [(str(c.id), f"A{c.id}") for c in commissions]
        form.tasks.choices = [(str(t.id), t.name) for t in
                              Task.select().where(Task.active).order_by(Task.name)]
        chosen = parse_id(form.commission.data if request.method == "POST"
                          else request.args.get("id"))
        results = (Result.select(Result, ResultKind).join(ResultKind)
                   .where((Result.commission == chosen) & ~Result.invalid)
                   if chosen is not None else [])
        form.results.choices = [(str(r.id), r.kind.name) for r in results]
        if request.method == "POST" and form.validate():
            commission = next((c for c in commissions if str(c.id) == form.commission.data),
                              None)
            if commission is None:
                form.commission.errors = [gettext("Please choose.")]
            else:
                outcome = {}

                def save():
                    outcome["saved"] = record_contact(
                        commission, user, now(), at=_moment(form.day.data, form.time.data),
                        form=form.form.data, keyword=form.keyword.data,
                        participants=form.participants.data, text=form.text.data,
                        task_ids=parse_ids(form.tasks.data),
                        result_ids=parse_ids(form.results.data))

                if self.write(form, save):
                    _contact, warnings = outcome["saved"]
                    flash(gettext("The contact was saved."), "success")
                    for warning in warnings:
                        flash(gettext(warning), "warning")
                    return redirect(self.get_url(".index_view"))
        return self.render(CONTACT_TEMPLATE, form=form, return_url=self.get_url(".index_view"))

    def show_field_errors(self, form, errors):
        names = {"at": "day"}
        super().show_field_errors(form, {names.get(k, k): v for k, v in errors.items()})
