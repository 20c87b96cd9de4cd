"""IFD commissions (004): the commission list with its compliance lists and its phase changes
as actions (one date for all chosen rows, a report per row); its page, reports and statistics
come from views.commissions.pages and views.commissions.statistics."""


from flask import flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext
from peewee import JOIN
from wtforms import HiddenField, SelectField
from wtforms.validators import InputRequired, Optional

from models.accounts.models import User
from models.commissions.compliance import COMPLIANCE_LISTS, compliance_counts
from models.commissions.models import (
    CaseGroup,
    Commission,
    ContactForm,
    EndReason,
    LegalBasis,
    Phase,
    ServiceType,
)
from models.commissions.phases import change_phase, start_stabilisation
from models.core.access import visible
from models.core.clock import now, today
from models.people.models import FundingBody, Person, Project
from views.commissions.common import choices_of
from views.commissions.moves import CommissionMovesMixin
from views.commissions.page import CommissionPageMixin
from views.commissions.pages import CommissionPagesMixin
from views.commissions.statistics import StatisticsMixin
from views.core.base import FallakteModelView
from views.core.columns import person_column, person_label, project_column
from views.core.context import acting_user, counted_once
from views.core.fields import GermanDateField
from views.core.formatting import choice_formatter, label_of
from views.core.forms import SecureForm
from views.sections.documents import DocumentsMixin
from views.sections.pickers import FUNDING_BODY_PICKER, PERSON_PICKER
from views.sections.predefined_lists import count_of

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


class PhaseForm(SecureForm):
    """The date of a phase change (and the end reason when closing)."""

    ids = HiddenField()
    on_date = GermanDateField(lazy_gettext("Date of the phase change"), validators=[
        InputRequired(lazy_gettext("Please enter the date of the phase change."))])
    end_reason = SelectField(lazy_gettext("End reason"), validators=[Optional()],
                             choices=[("", "–"), *choices_of(EndReason)])


class CommissionView(CommissionPagesMixin, CommissionPageMixin, CommissionMovesMixin,
                     StatisticsMixin, DocumentsMixin, FallakteModelView):
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
    form_ajax_refs = {"person": PERSON_PICKER, "funding_body": FUNDING_BODY_PICKER}
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
        counts = counted_once("commission", lambda: compliance_counts(
            visible(Commission, acting_user(), Commission.select()), today()))
        lists = [("all", lazy_gettext("All"), counts["all"], url_for(".index_view"))]
        lists += [(key, lazy_gettext(label), counts[key], url_for(".index_view", list=key))
                  for key, (label, _condition) in COMPLIANCE_LISTS.items()]
        return lists, None

    def known_count(self):
        return count_of(self.list_counts()[0], self.current_list())

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

    def record_title(self, row):
        return f"A{row.id}"

    def choice_text(self, name, code) -> str:
        """The German label of a coded field of a commission, '–' when empty."""
        return label_of(Commission._meta.fields[name].choices, code) or "–"

    def contact_form_text(self, code) -> str:
        """The German name of the form of a contact."""
        return label_of(ContactForm.choices(), code)

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
