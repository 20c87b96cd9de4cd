"""Ambulatory care: the client list with marks and balances, the case page, approval periods,
activities and the funding bodies' billing rules (DOMAIN part E, 003)."""

import datetime as dt

from flask import request
from flask_admin import expose
from flask_babel import format_decimal, gettext, lazy_gettext
from markupsafe import Markup
from wtforms import SelectField, TextAreaField
from wtforms.validators import InputRequired

from models.care.balances import Basis, Level
from models.care.contingents import MARK_REASONS, Colour
from models.care.figures import (
    case_figures,
    case_with_relations,
    contingents,
    shown_activities_counted,
)
from models.care.models import (
    ALL_KINDS,
    ALL_TOPICS,
    BILLING_LABELS,
    KINDS,
    MODE_LABELS,
    TOPICS,
    Activity,
    ApprovalPeriod,
    CareCase,
)
from models.core import clock
from models.core.access import is_visible, visible
from models.core.text import N_
from models.participations.models import Participation, acts_for_participation
from models.people.models import FundingBody, Person, Project
from views.care.billing_rules import rules_rows
from views.care.proofs import ProofExportMixin
from views.core.base import FallakteModelView
from views.core.columns import person_column, person_label, project_column
from views.core.context import acting_user, request_state
from views.core.fields import GermanDecimalField
from views.core.filtering import PERSON
from views.core.fixed_parent import FixedParentMixin
from views.core.formatting import choice_formatter, format_date, hours_text, label_of
from views.sections.pickers import FUNDING_BODY_PICKER, PARTICIPATION_PICKER

RECENT_ACTIVITIES = 50
MARK_ICONS = {Colour.RED: "fa-exclamation-circle", Colour.BLUE: "fa-info-circle",
              Colour.ORANGE: "fa-exclamation-triangle"}


def today() -> dt.date:
    """The day balances and marks are computed for."""
    return clock.today()


def colour_badge(colour, text) -> Markup:
    """A coloured label with an icon and its text: never colour alone (WCAG 1.4.1)."""
    icon = MARK_ICONS.get(colour, "fa-check-circle")
    return Markup('<span class="hours-mark hours-mark-{}"><span class="fa {}" aria-hidden="true">'
                  '</span> {}</span>').format(colour or "none", icon, text)


def hours_unit(rules) -> str:
    """'h/Woche' or 'h/Monat' as the funding body's rules say."""
    return gettext("h/month") if rules.basis == Basis.MONTH else gettext("h/week")


def _decimal(value) -> str:
    return format_decimal(value, format="#,##0.00")


# -- column formatters of the client list ----------------------------------------------------


def _figures(_view, row):
    return request_state().case_figures.get(row.id)


_person = person_column("participation", "person")
_project = project_column("participation", "project")


def _mark(view, _context, row, _name):
    figures = _figures(view, row)
    if figures is None or figures.mark is None:
        return Markup('<span class="sr-only">{}</span>').format(gettext("no mark"))
    if figures.mark.colour is None:
        return colour_badge(None, gettext("approval running"))
    return colour_badge(figures.mark.colour, gettext(figures.mark.reason))


def _approved_until(view, _context, row, _name):
    figures = _figures(view, row)
    return format_date(figures.shown.end) if figures and figures.shown else "–"


def _approved_hours(view, _context, row, _name):
    figures = _figures(view, row)
    if figures is None or figures.shown is None or figures.shown.hours is None:
        return "–"
    return f"{_decimal(figures.shown.hours)} {hours_unit(figures.rules)}"


def _balance(attribute):
    def formatter(view, _context, row, _name):
        figures = _figures(view, row)
        if figures is None or figures.balances is None:
            return "–"
        text = hours_text(getattr(figures.balances, attribute))
        if figures.balances.frozen_on is None:
            return text
        return Markup('{} <span class="fa fa-snowflake-o" aria-hidden="true"></span> '
                      '<span class="small">{}</span>').format(
            text, gettext("frozen (%(date)s)", date=format_date(figures.balances.frozen_on)))
    return formatter


class CareCaseView(FixedParentMixin, ProofExportMixin, FallakteModelView):
    """The client list (Klientenauswahl): approval, hours, marks and balances per client."""

    column_list = ("person", "project", "funding_body", "billing", "mark", "approved_until",
                   "approved_hours", "balance_month", "balance_period")
    column_labels = {
        "person": lazy_gettext("Client"), "project": lazy_gettext("Project"),
        "mark": lazy_gettext("Note on approval"), "approved_until": lazy_gettext("Approved until"),
        "approved_hours": lazy_gettext("Approved hours"),
        "balance_month": lazy_gettext("Balance end of month"),
        "balance_period": lazy_gettext("Balance end of balancing period"),
    }
    column_formatters = {
        "person": _person, "project": _project, "mark": _mark,
        "billing": choice_formatter(BILLING_LABELS), "approved_until": _approved_until,
        "approved_hours": _approved_hours, "balance_month": _balance("to_month_end"),
        "balance_period": _balance("to_window_end"),
    }
    column_sortable_list = (("person", Person.last_name_folded), ("project", Project.name),
                            ("funding_body", FundingBody.name), "billing")
    column_default_sort = (Person.last_name_folded, False)
    column_filters = ("billing", "start", "end")
    column_filter_sources = {"person": PERSON, "project": Participation.project,
                             "mark": "options", "approved_until": "date",
                             "approved_hours": "number", "balance_month": "number",
                             "balance_period": "number"}
    computed_filter_options = {"mark": [("running", N_("approval running")),
                                        *MARK_REASONS.items(), ("none", N_("no mark"))]}
    form_columns = ("participation", "funding_body", "billing", "start", "end", "note")
    form_ajax_refs = {"participation": PARTICIPATION_PICKER,
                      "funding_body": FUNDING_BODY_PICKER}
    form_overrides = {"note": TextAreaField}
    list_template = "admin/fallakte/care_case_list.html"
    details_template = "admin/fallakte/care_case_details.html"

    def base_query(self):
        return case_with_relations()

    def prejoined_models(self):
        return {Participation, Person, Project, FundingBody}

    def get_list(self, *args, **kwargs):
        count, data = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True) and data is not None:
            data = list(data)
            request_state().case_figures = case_figures(data, today())
        return count, data

    def prepare_computed(self, rows):
        request_state().case_figures = case_figures(rows, today())
        return rows

    def filter_value(self, row, name):
        if name != "mark":
            return super().filter_value(row, name)
        figures = _figures(self, row)
        if figures is None or figures.mark is None:
            return "none"
        if figures.mark.colour is None:
            return "running"
        return next((key for key, reason in MARK_REASONS.items()
                     if reason == figures.mark.reason), None)

    def export_value(self, row, name):
        figures = _figures(self, row)
        if name == "person":
            return person_label(row.participation.person)
        if name == "project":
            return row.participation.project.name
        if name == "mark":
            mark = figures.mark if figures else None
            return gettext(mark.reason) if mark and mark.reason else None
        if name == "approved_until":
            return figures.shown.end if figures and figures.shown else None
        if name == "approved_hours":
            return figures.shown.hours if figures and figures.shown else None
        if name in ("balance_month", "balance_period"):
            balances = figures.balances if figures else None
            if balances is None:
                return None
            return balances.to_month_end if name == "balance_month" else balances.to_window_end
        return super().export_value(row, name)

    def export_rows(self, query, columns):
        rows = list(query)
        request_state().case_figures = case_figures(rows, today())
        return ([self.export_value(row, name) for name, _ in columns] for row in rows)

    def contingent_figures(self):
        """The yearly contingents of the projects and funding bodies in the user's cases."""
        return contingents(visible(CareCase, acting_user(), self.base_query()), today())

    def contingent_text(self, figure) -> Markup:
        """'612,50 h of 1.050,00 h' and the state as a labelled colour."""
        return colour_badge(figure.colour, gettext(Colour(figure.colour).label))

    def level_label(self, level) -> str:
        return gettext(Level(level).label)

    # -- forms ----------------------------------------------------------------------------
    def record_title(self, row):
        return f"{person_label(row.participation.person)} – {row.funding_body}"

    # -- the case page (003: "Arbeitsbereich Tätigkeiten") --------------------------------
    @expose("/details/")
    def details_view(self):
        """One client: rules, approval periods, balances or contingent, latest activities."""
        row = self.get_one(request.args.get("id"))
        figures = case_figures([row], today())[row.id]
        approvals = list(self.section_rows(
            ApprovalPeriod, ApprovalPeriod.select().where(ApprovalPeriod.case == row)
            .order_by(ApprovalPeriod.start.desc())))
        activities = list(self.section_rows(
            Activity, Activity.select().where(Activity.case == row)
            .order_by(Activity.day.desc(), Activity.id.desc()).limit(RECENT_ACTIVITIES)))
        counted = shown_activities_counted(row, activities, figures.rules, figures.approvals)
        for activity in activities:
            activity.counted = counted[activity.id]
        own_contingents = [] if row.billing != "contingent" else contingents(
            CareCase.select().where(CareCase.id == row.id), today())
        return self.render(
            self.details_template, model=row, title=self.record_title(row), figures=figures,
            approvals=approvals, activities=activities, contingents=own_contingents,
            rules_rows=rules_rows(figures.rules), unit=hours_unit(figures.rules),
            may_write=acts_for_participation(row.participation, acting_user(), today()),
            # A clerk sees the cases their body pays, not always the participation.
            participation_visible=is_visible(acting_user(), row.participation),
            labels=LABELS, return_url=self.get_url(".index_view"),
            here=self.get_url(".details_view", id=row.id))


LABELS = {
    "billing": dict(BILLING_LABELS), "level": Level.labels(), "mode": dict(MODE_LABELS),
    "kind": dict(ALL_KINDS), "topic": dict(ALL_TOPICS),
}


# -- approval periods and activities ----------------------------------------------------------


_case_person = person_column("case", "participation", "person")


def _joined_children(model):
    return (model.select(model, CareCase, Participation, Person, Project, FundingBody)
            .join(CareCase, on=(model.case == CareCase.id))
            .join(Participation, on=(CareCase.participation == Participation.id))
            .join(Person, on=(Participation.person == Person.id))
            .switch(Participation)
            .join(Project, on=(Participation.project == Project.id))
            .switch(CareCase)
            .join(FundingBody, on=(CareCase.funding_body == FundingBody.id)))


class CaseChildView(FixedParentMixin, FallakteModelView):
    """Rows of a care case: joined to the client, the case picker scoped and joined, the case
    fixed once recorded."""

    column_labels = {"person": lazy_gettext("Client")}
    column_filter_sources = {"person": PERSON}
    parent_field = "case"

    def base_query(self):
        return _joined_children(self.model)

    def prejoined_models(self):
        return {CareCase, Participation, Person, Project, FundingBody}

    def _scope_pickers(self, form):
        form = super()._scope_pickers(form)
        if "case" in form:
            form.case.query = visible(CareCase, acting_user(), case_with_relations())
        return form

    def export_value(self, row, name):
        if name == "person":
            return person_label(row.case.participation.person)
        return super().export_value(row, name)


class ApprovalPeriodView(CaseChildView):
    """Approval periods (Bewilligungszeiträume) with their approved hours."""

    column_list = ("person", "start", "end", "hours", "extension_requested_on")
    column_formatters = {"person": _case_person}
    column_sortable_list = ("start", "end", "hours", ("person", Person.last_name_folded))
    column_default_sort = ("start", True)
    column_filters = (Participation.project, CareCase.funding_body, "start", "end", "hours",
                      "extension_requested_on")
    form_columns = ("case", "start", "end", "hours", "extension_requested_on")
    form_overrides = {"hours": GermanDecimalField}
    form_args = {"hours": {"description": lazy_gettext(
        "Per week or per month, as the billing rules of the funding body say; empty when the "
        "approval names no hours.")}}


def _grouped(choices_by_level):
    """Choices grouped by level (optgroups), so that the form can show one level's only."""
    return {lazy_gettext(Level(level).label): [(value, lazy_gettext(label))
                                                       for value, label in pairs]
            for level, pairs in choices_by_level.items()}


class Needed(InputRequired):
    """InputRequired whose message is translated when it fires: Flask-Admin's form macros
    show only plain-string errors, not lazy ones."""

    def __init__(self, msgid):
        super().__init__()
        self.msgid = msgid

    def __call__(self, form, field):
        self.message = gettext(self.msgid)
        super().__call__(form, field)


class ActivityView(CaseChildView):
    """Activities (Tätigkeiten): date, duration, level, kind and topic, direct or indirect."""

    column_list = ("day", "person", "minutes", "level", "kind", "topic", "mode", "group_size",
                   "absence")
    column_formatters = {"person": _case_person, "level": choice_formatter(Level.choices()),
                         "kind": choice_formatter(ALL_KINDS), "topic": choice_formatter(ALL_TOPICS),
                         "mode": choice_formatter(MODE_LABELS)}
    column_sortable_list = ("day", "minutes", ("person", Person.last_name_folded))
    column_default_sort = ("day", True)
    column_filters = (Participation.project, CareCase.funding_body, "day", "level", "mode",
                      "absence", "minutes")
    form_columns = ("case", "day", "minutes", "level", "kind", "topic", "mode", "group_size",
                    "absence", "note")
    form_overrides = {"kind": SelectField, "topic": SelectField, "note": TextAreaField}
    form_args = {
        "kind": {"choices": _grouped(KINDS)},
        "topic": {"choices": {"": [("", lazy_gettext("none"))], **_grouped(TOPICS)}},
        "day": {"default": dt.date.today},
        "minutes": {"description": lazy_gettext("e.g. 90 for an hour and a half"),
                    "validators": [Needed(N_("Please enter the duration in minutes."))]},
        "group_size": {"description": lazy_gettext(
            "For group offers: how many clients took part.")},
        "absence": {"description": lazy_gettext(
            "The client missed the appointment; counts as the billing rules say.")},
    }
    create_template = "admin/fallakte/activity_form.html"
    edit_template = "admin/fallakte/activity_form.html"


def care_section(participation) -> dict:
    """The participation page's view of its care cases, with marks and balances."""
    cases = list(visible(CareCase, acting_user(),
                         case_with_relations().where(CareCase.participation == participation)))
    return {"cases": cases, "figures": case_figures(cases, today()),
            "billing_label": lambda code: label_of(BILLING_LABELS, code)}
