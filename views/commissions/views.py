"""IFD commissions (004): the commission list with its phase changes as actions (one date for
all chosen rows, a report per row), the contacts, the results and the catalogues."""

import datetime as dt

from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext
from peewee import JOIN
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Optional

from models.accounts.models import User
from models.commissions.compliance import COMPLIANCE_LISTS, compliance_counts
from models.commissions.contacts import invalidate_result, record_contact
from models.commissions.models import (
    CaseGroup,
    Commission,
    Contact,
    ContactForm,
    EndReason,
    LegalBasis,
    Phase,
    Result,
    ResultKind,
    ServiceType,
    Task,
)
from models.commissions.phases import change_phase, start_stabilisation
from models.core.access import visible
from models.core.clock import now, today
from models.people.models import FundingBody, Person, Project
from views.commissions.moves import CommissionMovesMixin
from views.commissions.page import CommissionPageMixin
from views.commissions.releases import PayingBodyMixin
from views.core.base import FallakteModelView
from views.core.columns import person_column, person_label, project_column
from views.core.context import acting_user
from views.core.fields import GermanDateField
from views.core.formatting import choice_formatter, translate_error
from views.core.forms import SecureForm
from views.core.params import parse_id, parse_ids

# The phase-change actions: (action name, target phase, button label).
PHASE_ACTIONS = (
    ("to_p2", Phase.P2, lazy_gettext("Change to P2 counselling")),
    ("to_p3", Phase.P3, lazy_gettext("Change to P3 commissioned")),
    ("to_p4", Phase.P4, lazy_gettext("Close (P4)")),
    ("to_fp3", Phase.FP3, lazy_gettext("Change to FP3 expert opinion in progress")),
    ("to_fp4", Phase.FP4, lazy_gettext("Change to FP4 expert opinion delivered")),
    ("to_fp5", Phase.FP5, lazy_gettext("Change to FP5 expert opinion returned")),
)
TARGETS = {name: (phase, label) for name, phase, label in PHASE_ACTIONS}
PHASE_TEMPLATE = "admin/fallakte/commission_phase.html"
CONTACT_TEMPLATE = "admin/fallakte/contact_form.html"
INVALIDATE_TEMPLATE = "admin/fallakte/result_invalidate.html"


def _choices(enum_type):
    return [(code, lazy_gettext(label)) for code, label in enum_type.choices()]


class PhaseForm(SecureForm):
    """The date of a phase change (and the end reason when closing)."""

    ids = HiddenField()
    on_date = GermanDateField(lazy_gettext("Date of the phase change"), validators=[
        InputRequired(lazy_gettext("Please enter the date of the phase change."))])
    end_reason = SelectField(lazy_gettext("End reason"), validators=[Optional()],
                             choices=[("", "–"), *_choices(EndReason)])


class CommissionView(CommissionPageMixin, CommissionMovesMixin, FallakteModelView):
    """Commissions the user may see; phase changes as actions on one or many rows."""

    column_list = ("id", "person", "project", "funding_body", "service_type", "legal_basis",
                   "case_group", "phase", "phase_since", "start", "planned_end", "caseworker")
    column_labels = {"id": lazy_gettext("No."), "person": lazy_gettext("Person"),
                     "project": lazy_gettext("Project")}
    column_formatters = {
        "person": person_column("person"), "project": project_column("project"),
        "phase": choice_formatter(Phase.choices()),
        "service_type": choice_formatter(ServiceType.choices()),
        "legal_basis": choice_formatter(LegalBasis.choices()),
        "case_group": choice_formatter(CaseGroup.choices()),
    }
    column_sortable_list = ("id", "phase", "phase_since", "start", "planned_end",
                            ("person", Person.last_name_folded), ("project", Project.name))
    column_default_sort = ("id", True)
    column_filters = ("phase", "service_type", "legal_basis", "case_group", "start",
                      "planned_end", "phase_since")
    form_columns = ("person", "funding_body", "legal_basis", "service_type", "case_group",
                    "caseworker", "start", "planned_end")
    list_template = "admin/fallakte/commission_list.html"

    # -- the compliance lists with their counts (004 §5, §2.2, §3.1, §7) -------------------
    def current_list(self) -> str:
        """The compliance list the user looks at ('all' by default)."""
        key = request.args.get("list", "all")
        return key if key in COMPLIANCE_LISTS else "all"

    def get_query(self):
        query = super().get_query()
        key = self.current_list()
        return query.where(COMPLIANCE_LISTS[key][1](today())) if key != "all" else query

    def list_counts(self):
        """(key, label, count, url) of each compliance list (one query), no messages."""
        user = acting_user()
        counts = compliance_counts(visible(Commission, user, Commission.select()), today())
        lists = [("all", lazy_gettext("All"), visible(Commission, user).count(),
                  url_for(".index_view"))]
        lists += [(key, lazy_gettext(label), counts[key], url_for(".index_view", list=key))
                  for key, (label, _condition) in COMPLIANCE_LISTS.items()]
        return lists, None

    def base_query(self):
        return (Commission.select(Commission, Person, Project, FundingBody, User)
                .join(Person, on=(Commission.person == Person.id))
                .switch(Commission).join(Project, on=(Commission.project == Project.id))
                .switch(Commission).join(FundingBody, JOIN.LEFT_OUTER,
                                         on=(Commission.funding_body == FundingBody.id))
                .switch(Commission).join(User, JOIN.LEFT_OUTER,
                                         on=(Commission.caseworker == User.id)))

    def prejoined_models(self):
        return {Person, Project, FundingBody, User}

    def row_label(self, row):
        return f"A{row.id} {person_label(row.person)}"

    # -- phase changes --------------------------------------------------------------------
    def _phase_page(self, name, ids, form=None):
        form = form or PhaseForm(None, ids=",".join(ids))
        return self.render(PHASE_TEMPLATE, form=form, step=name, title=TARGETS[name][1],
                           count=len([i for i in form.ids.data.split(",") if i]),
                           closing=TARGETS[name][0] == Phase.P4)

    @action("to_p2", lazy_gettext("Change to P2 counselling"))
    def action_to_p2(self, ids):
        return self._phase_page("to_p2", ids)

    @action("to_p3", lazy_gettext("Change to P3 commissioned"))
    def action_to_p3(self, ids):
        return self._phase_page("to_p3", ids)

    @action("to_p4", lazy_gettext("Close (P4)"))
    def action_to_p4(self, ids):
        return self._phase_page("to_p4", ids)

    @action("to_fp3", lazy_gettext("Change to FP3 expert opinion in progress"))
    def action_to_fp3(self, ids):
        return self._phase_page("to_fp3", ids)

    @action("to_fp4", lazy_gettext("Change to FP4 expert opinion delivered"))
    def action_to_fp4(self, ids):
        return self._phase_page("to_fp4", ids)

    @action("to_fp5", lazy_gettext("Change to FP5 expert opinion returned"))
    def action_to_fp5(self, ids):
        return self._phase_page("to_fp5", ids)

    @action("stabilise", lazy_gettext("Placed: start the stabilisation phase"))
    def action_stabilise(self, ids):
        form = PhaseForm(None, ids=",".join(ids))
        form.on_date.label.text = gettext("First day of the job")
        return self.render(PHASE_TEMPLATE, form=form, step="stabilise", count=len(ids),
                           title=gettext("Placed: start the stabilisation phase"),
                           closing=False)

    @expose("/phase/<step>/", methods=("POST",))
    def phase_view(self, step):
        """Change the chosen commissions to the phase of `step` on the date given; each row
        is checked on its own and the report names every refused one with all its reasons."""
        if step not in (*TARGETS, "stabilise") or not self.is_action_allowed(step):
            flash(gettext("You may not do this."), "danger")
            return redirect(self.get_url(".index_view"))
        form = PhaseForm(request.form)
        if not form.validate():
            if step == "stabilise":
                return self.render(PHASE_TEMPLATE, form=form, step=step, closing=False,
                                   title=gettext("Placed: start the stabilisation phase"),
                                   count=len([i for i in form.ids.data.split(",") if i]))
            return self._phase_page(step, [], form)
        ids = [i for i in (form.ids.data or "").split(",") if i]

        def change(row):
            if step == "stabilise":
                start_stabilisation(row, acting_user(), now(), form.on_date.data)
            else:
                change_phase(row, TARGETS[step][0], acting_user(), now(), form.on_date.data,
                             form.end_reason.data or None)

        self.flash_report(self.run_bulk(ids, change), gettext("changed"))
        return redirect(self.get_url(".index_view"))


class ContactEntryForm(SecureForm):
    """A new contact: when, how, about what, with whom, its tasks and results."""

    commission = SelectField(lazy_gettext("Commission"), coerce=str,
                             validators=[InputRequired(lazy_gettext("Please choose."))])
    day = GermanDateField(lazy_gettext("Date"), validators=[Optional()])
    time = StringField(lazy_gettext("Time (hh:mm)"), validators=[Optional()])
    form = SelectField(lazy_gettext("Form"), choices=[("", "–"), *_choices(ContactForm)],
                       validators=[Optional()])
    keyword = StringField(lazy_gettext("Keyword"), validators=[Optional()])
    participants = TextAreaField(lazy_gettext("Participants"), validators=[Optional()])
    text = TextAreaField(lazy_gettext("Text"), validators=[Optional()])
    tasks = SelectMultipleField(lazy_gettext("Tasks"), coerce=str, validators=[Optional()])
    results = SelectMultipleField(lazy_gettext("Results"), coerce=str, validators=[Optional()])


def _moment(day, time_text):
    """The date and hh:mm of a contact, or None when the time cannot be read."""
    if day is None:
        return None
    try:
        hours, minutes = (int(part) for part in (time_text or "00:00").split(":"))
        return dt.datetime.combine(day, dt.time(hours, minutes))
    except ValueError:
        return None


class ContactView(FallakteModelView):
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

    def base_query(self):
        return Contact.select(Contact)

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


class InvalidateForm(SecureForm):
    """The reason a result is declared invalid."""

    ids = HiddenField()
    reason = TextAreaField(lazy_gettext("Reason for invalidity"), validators=[
        InputRequired(lazy_gettext("Please give the reason."))])


class ResultView(PayingBodyMixin, FallakteModelView):
    """Results (LEK) of the commissions the user sees: never deleted, only declared invalid."""

    column_list = ("id", "commission", "kind", "start", "end", "paying_body", "invalid",
                   "invalid_reason")
    column_labels = {"id": lazy_gettext("No.")}
    column_formatters = {"commission": lambda _v, _c, row, _n: f"A{row.commission_id}",
                         "kind": lambda _v, _c, row, _n: row.kind.name}
    column_sortable_list = ("id", "start", "end", "invalid")
    column_filters = ("start", "end", "invalid")
    allow_create = allow_edit = allow_delete = False

    def base_query(self):
        return (Result.select(Result, ResultKind, FundingBody).join(ResultKind)
                .switch(Result).join(FundingBody, JOIN.LEFT_OUTER,
                                     on=(Result.paying_body == FundingBody.id)))

    def prejoined_models(self):
        return {ResultKind, FundingBody}

    @action("invalidate", lazy_gettext("Declare invalid"))
    def action_invalidate(self, ids):
        return self.render(INVALIDATE_TEMPLATE, form=InvalidateForm(None, ids=",".join(ids)),
                           count=len(ids))

    @expose("/invalidate/", methods=("POST",))
    def invalidate_view(self):
        """Declare the chosen results invalid with the reason given."""
        if not self.is_action_allowed("invalidate"):
            flash(gettext("You may not do this."), "danger")
            return redirect(self.get_url(".index_view"))
        form = InvalidateForm(request.form)
        ids = [i for i in (form.ids.data or "").split(",") if i]
        if not form.validate():
            return self.render(INVALIDATE_TEMPLATE, form=form, count=len(ids))
        report = self.run_bulk(ids, lambda row: invalidate_result(row, acting_user(), now(),
                                                                  form.reason.data))
        self.flash_report(report, gettext("declared invalid"))
        return redirect(self.get_url(".index_view"))


class TaskView(FallakteModelView):
    """The catalogue of tasks, kept by administrators."""

    column_list = ("name", "active")
    column_searchable_list = ("name",)
    form_columns = ("name", "active")


class ResultKindView(FallakteModelView):
    """The catalogue of results (LEK), kept by administrators."""

    column_list = ("name", "active")
    column_searchable_list = ("name",)
    form_columns = ("name", "active")


__all__ = ["CommissionView", "ContactView", "ResultView", "TaskView", "ResultKindView",
           "translate_error"]
