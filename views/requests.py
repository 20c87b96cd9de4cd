"""Assistance requests: lists per status, the request page, and one action per transition."""

from flask import flash, redirect, request
from flask_admin import expose
from flask_admin.actions import action
from flask_admin.helpers import get_redirect_target
from flask_babel import gettext, lazy_gettext
from peewee import JOIN
from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.validators import InputRequired, Optional

from models.core.clock import now, today
from models.core.history import may_read_messages
from models.core.roles import Role, may_read_personal, role_of
from models.core.text import N_
from models.participations.models import Participation
from models.people.models import FundingBody, Person, Project
from models.requests.models import (
    END_REASONS,
    AssistanceRequest,
    Status,
    can_edit,
    can_end,
    can_submit,
    end_request,
    save_and_submit_request,
    submit_request,
)
from views.core.base import FallakteModelView
from views.core.columns import person_column, person_label, project_column
from views.core.context import acting_user, counted_once
from views.core.fields import GermanDateField, GermanDecimalField
from views.core.filtering import PERSON
from views.core.fixed_parent import FixedParentMixin
from views.core.formatting import TYPE_FORMATTERS, choice_formatter
from views.core.forms import SecureForm
from views.core.locking import values_before_edit
from views.core.writes import Report
from views.request_decisions import DECISIONS, DecisionPagesMixin
from views.sections.decision_basis import (
    MESSAGE_RELATIONS,
    decision_reason,
    participation_messages,
    request_basis,
)
from views.sections.messages import MessageFormMixin
from views.sections.pickers import FUNDING_BODY_PICKER, PARTICIPATION_PICKER
from views.sections.predefined_lists import LIST_STATUS, count_of, predefined_list_counts


class EndForm(SecureForm):
    """End approved requests: actual end date and end reason."""

    ids = HiddenField()
    actual_end = GermanDateField(lazy_gettext("Actual end date"), validators=[
        InputRequired(lazy_gettext("Please enter the actual end date."))])
    end_reason = SelectField(lazy_gettext("End reason"),
                             choices=[(k, lazy_gettext(v)) for k, v in END_REASONS])
    end_reason_text = TextAreaField(lazy_gettext("End reason (other)"), validators=[Optional()])


_person = person_column("participation", "person")
_project = project_column("participation", "project")


class RequestView(DecisionPagesMixin, FixedParentMixin, MessageFormMixin, FallakteModelView):
    """Requests the user may see; lists per status; transitions as actions."""

    column_list = ("id", "person", "project", "funding_body", "status", "approval_start",
                   "planned_end", "hours_per_week", "reason", "actual_end")
    column_labels = {"id": lazy_gettext("No."), "person": lazy_gettext("Person"),
                     "project": lazy_gettext("Project")}
    column_formatters = {
        "person": _person, "project": _project,
        "status": choice_formatter(Status.choices()),
        "reason": choice_formatter(AssistanceRequest.reason.choices),
    }
    column_sortable_list = ("id", "status", "approval_start", "hours_per_week",
                            ("person", Person.last_name_folded), ("project", Project.name))
    column_default_sort = ("approval_start", True)
    column_filters = ("status", "approval_start", "planned_end", "actual_end", "reason",
                      "delivery_model")
    column_filter_sources = {"person": PERSON, "project": Participation.project}
    form_columns = ("participation", "funding_body", "approval_start", "planned_end", "reason",
                    "region", "delivery_model", "hours_per_week", "message")
    form_ajax_refs = {"participation": PARTICIPATION_PICKER,
                      "funding_body": FUNDING_BODY_PICKER}
    form_overrides = {"hours_per_week": GermanDecimalField, "message": TextAreaField}
    list_template = "admin/fallakte/request_list.html"
    details_template = "admin/fallakte/request_details.html"
    create_template = "admin/fallakte/request_form.html"
    edit_template = "admin/fallakte/request_form.html"

    # -- queries ------------------------------------------------------------------------
    def base_query(self):
        return (
            AssistanceRequest.select(AssistanceRequest, Participation, Person, Project,
                                     FundingBody)
            .join(Participation, on=(AssistanceRequest.participation == Participation.id))
            .join(Person, on=(Participation.person == Person.id))
            .switch(Participation)
            .join(Project, on=(Participation.project == Project.id))
            .switch(AssistanceRequest)
            .join(FundingBody, JOIN.LEFT_OUTER,
                  on=(AssistanceRequest.funding_body == FundingBody.id))
        )

    def prejoined_models(self):
        return {Participation, Person, Project, FundingBody}

    def menu_url(self) -> str:
        """A clerk's entry opens the new requests of their body, the decisions waiting; the
        others open the whole list."""
        if role_of(acting_user()) == Role.CLERK:
            return self.get_url(f"{self.endpoint}.index_view", list="new")
        return self.get_url(f"{self.endpoint}.index_view")

    def current_list(self) -> str:
        """The predefined list the user looks at ('all' by default)."""
        key = request.args.get("list", "all")
        return key if key in LIST_STATUS else "all"

    def get_query(self):
        query = super().get_query()
        status = LIST_STATUS[self.current_list()][1]
        return query.where(AssistanceRequest.status == status) if status else query

    def list_counts(self):
        """(key, label, count, url) for each predefined list, and the count of messages."""
        return counted_once("predefined_lists",
                            lambda: predefined_list_counts(acting_user()))

    def known_count(self):
        return count_of(self.list_counts()[0], self.current_list())

    def row_label(self, row):
        return f"#{row.id} {person_label(row.participation.person)}"

    def record_title(self, row):
        return gettext("Assistance request %(label)s", label=self.row_label(row))

    def edit_refusal(self, row):
        if not can_edit(row, acting_user()):
            return N_("Only requests in progress or in rework can be changed.")
        return None

    # -- forms --------------------------------------------------------------------------
    def create_model(self, form):
        if "_submit" not in request.form:
            return super().create_model(form)
        model = self.model()
        form.populate_obj(model)
        ok = self.write(form, lambda: save_and_submit_request(model, None, acting_user(),
                                                              now()))
        return model if ok else False

    def update_model(self, form, model):
        if "_submit" not in request.form:
            return super().update_model(form, model)
        old = values_before_edit(form, model)
        form.populate_obj(model)
        return self.write(form, lambda: save_and_submit_request(model, old, acting_user(),
                                                                now()))

    # -- transitions ----------------------------------------------------------------------
    def _run(self, ids, step, done_text):
        report = self.run_bulk(ids, step)
        self.flash_report(report, done_text)

    @action("submit", lazy_gettext("Send request"))
    def action_submit(self, ids):
        self._run(ids, lambda r: submit_request(r, acting_user(), now()), gettext("sent"))

    @action("end", lazy_gettext("End"))
    def action_end(self, ids):
        form = EndForm(None, ids=",".join(ids))
        return self.render("admin/fallakte/request_end.html", form=form, count=len(ids))

    @expose("/end/", methods=("POST",))
    def end_view(self):
        """End the chosen approved requests with date and reason."""
        if not self.is_action_allowed("end"):
            flash(gettext("You may not do this."), "danger")
            return redirect(self.get_url(".index_view"))
        form = EndForm(request.form)
        ids = [i for i in (form.ids.data or "").split(",") if i]
        if not form.validate():
            return self.render("admin/fallakte/request_end.html", form=form, count=len(ids))

        def end(row):
            return end_request(row, acting_user(), now(), form.actual_end.data,
                               form.end_reason.data, form.end_reason_text.data)

        rows = self.scoped_rows(ids) if len(ids) == 1 else []
        if rows:
            # One request: its refusals stand at the fields of the form.
            if not self.write(form, lambda: end(rows[0])):
                return self.render("admin/fallakte/request_end.html", form=form, count=1)
            self.flash_report(Report(done=[self.row_label(rows[0])]), gettext("ended"))
        else:
            self._run(ids, end, gettext("ended"))
        return redirect(self._after_action(ids))

    def _after_action(self, ids):
        if len(ids) == 1 and self.scoped_rows(ids):
            return self.get_url(".details_view", id=ids[0])
        return self.get_url(".index_view")

    # -- the request page -----------------------------------------------------------------
    @expose("/details/")
    def details_view(self):
        """One request with what a decision rests on: eligibility (to be frozen, or frozen),
        documents and proofs, the participation's other requests, messages; possible steps."""
        row = self.get_one(request.args.get("id"))
        user = acting_user()
        # Decisions open their confirmation page (a link); the project's steps post here.
        posted = [(name, label) for name, label, allowed in (
            ("submit", gettext("Send request"), can_submit(row, user)),
            ("end", gettext("End"), can_end(row, user)),
        ) if allowed]
        decisions = [(name, gettext(DECISIONS[name].title)) for name in DECISIONS
                     if DECISIONS[name].may(row, user)]
        messages = (list(self.section_history(participation_messages(row.participation_id),
                                              MESSAGE_RELATIONS))
                    if may_read_messages(user) else None)
        personal = () if may_read_personal(user) else AssistanceRequest.personal_fields
        fields = [(self.get_column_name(name), self._shown(row, name)) for name in (
            "status", "funding_body", "approval_start", "planned_end", "reason", "region",
            "delivery_model", "hours_per_week", "actual_end", "end_reason", "end_reason_text",
            "message") if name not in personal]
        return self.render(self.details_template, model=row, title=self.record_title(row),
                           fields=fields, steps=posted, decisions=decisions,
                           editable=can_edit(row, user), basis=request_basis(self, row, today()),
                           messages=messages, reason=decision_reason(messages, row),
                           message_form=self.message_form(), person=person_label(
                               row.participation.person),
                           # Back to the list the user came from (its predefined list,
                           # filters, page), as Flask-Admin's own details page does.
                           return_url=get_redirect_target() or self.get_url(".index_view"))

    def _shown(self, row, name):
        value = self.export_value(row, name)
        formatter = TYPE_FORMATTERS.get(type(value))
        return formatter(self, value) if formatter and value is not None else (value or "–")
