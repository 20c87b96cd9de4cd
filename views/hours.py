"""Delivered hours: the list (8th predefined list of 001 §4.1), the entries, the hours export."""


from flask import redirect, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from wtforms import TextAreaField

from models.core import clock
from models.core.access import seen_in_part, visible
from models.core.history_access import visible_history
from models.hours.models import (
    DeliveredHours,
    attach_approved_hours,
    entries_history,
)
from models.participations.models import Participation, acts_for_participation
from models.people.models import Person, Project
from models.requests.models import AssistanceRequest
from views.core.base import FallakteModelView
from views.core.columns import person_column, person_label, project_column
from views.core.context import acting_user, counted_once
from views.core.fields import GermanDecimalField
from views.core.filtering import PERSON
from views.core.fixed_parent import FixedParentMixin
from views.core.formatting import format_date, hours_text
from views.sections.pickers import PARTICIPATION_PICKER
from views.sections.predefined_lists import count_of, predefined_list_counts

EXPORT_BATCH = 1000


_person = person_column("participation", "person")
_project = project_column("participation", "project")


def counted_requests():
    """The requests whose approved hours the user's figures count: those the user sees (None:
    all requests of the participations the user sees)."""
    return seen_in_part(AssistanceRequest, acting_user())


def _hours(_view, _context, row, name):
    return hours_text(getattr(row, name, None))


class DeliveredHoursView(FixedParentMixin, FallakteModelView):
    """Entries of delivered hours the user may see, with the approved hours computed now."""

    column_list = ("id", "person", "project", "period_start", "period_end", "approved_hours",
                   "hours", "difference", "note")
    column_labels = {"id": lazy_gettext("No."), "person": lazy_gettext("Person"),
                     "project": lazy_gettext("Project"),
                     "approved_hours": lazy_gettext("Approved hours (computed)"),
                     "difference": lazy_gettext("Approved minus delivered")}
    column_formatters = {"person": _person, "project": _project, "approved_hours": _hours,
                         "hours": _hours, "difference": _hours}
    column_details_list = column_list
    column_formatters_detail = column_formatters
    column_sortable_list = ("id", "period_start", "period_end", "hours",
                            ("person", Person.last_name_folded), ("project", Project.name))
    column_default_sort = ("period_start", True)
    column_filters = ("period_start", "period_end", "hours")
    column_filter_sources = {"person": PERSON, "project": Participation.project,
                             "approved_hours": "number", "difference": "number"}
    form_columns = ("participation", "period_start", "period_end", "hours", "note")
    form_ajax_refs = {"participation": PARTICIPATION_PICKER}
    form_overrides = {"hours": GermanDecimalField, "note": TextAreaField}
    form_args = {"hours": {"description": lazy_gettext(
        "In quarter hours (,25 ,50 ,75); other values are rounded to the nearest quarter.")}}
    list_template = "admin/fallakte/delivered_hours_list.html"

    def base_query(self):
        return (DeliveredHours.select(DeliveredHours, Participation, Person, Project)
                .join(Participation, on=(DeliveredHours.participation == Participation.id))
                .join(Person, on=(Participation.person == Person.id))
                .switch(Participation)
                .join(Project, on=(Participation.project == Project.id)))

    def prejoined_models(self):
        return {Participation, Person, Project}

    def list_counts(self):
        """The predefined lists of the request view, shared with this one."""
        return counted_once("predefined_lists",
                            lambda: predefined_list_counts(acting_user()))

    def known_count(self):
        return count_of(self.list_counts()[0], self.current_list())

    def current_list(self) -> str:
        return "delivered_hours"

    # -- computed columns -----------------------------------------------------------------
    def annotate_rows(self, rows):
        """Approved hours and difference for a batch of entries, one query."""
        for entry in attach_approved_hours(rows, counted_requests()):
            entry.difference = entry.approved_hours - entry.hours
        return rows

    def get_list(self, *args, **kwargs):
        count, data = super().get_list(*args, **kwargs)
        if kwargs.get("execute", True) and data is not None:
            data = self.annotate_rows(list(data))
        return count, data

    def get_one(self, id):
        return self.annotate_rows([super().get_one(id)])[0]

    def prepare_computed(self, rows):
        return self.annotate_rows(rows)

    def export_value(self, row, name):
        if name == "person":
            return person_label(row.participation.person)
        if name == "project":
            return row.participation.project.name
        if name in ("approved_hours", "difference"):
            return getattr(row, name)
        return super().export_value(row, name)

    def export_rows(self, query, columns):
        batch = []
        for row in query.iterator():
            batch.append(row)
            if len(batch) == EXPORT_BATCH:
                yield from self._cells(batch, columns)
                batch = []
        yield from self._cells(batch, columns)

    def _cells(self, batch, columns):
        for row in self.annotate_rows(batch):
            yield [self.export_value(row, name) for name, _ in columns]

    # -- forms ----------------------------------------------------------------------------
    def record_title(self, row):
        return gettext("Delivered hours %(label)s", label=f"#{row.id} "
                       f"{person_label(row.participation.person)}")

    # -- the aggregated hours export (001 §8.2) -------------------------------------------
    @expose("/hours-export/", methods=("GET", "POST"))
    def hours_export_view(self):
        """The hours export moved to the data-export page and its queue (issue 14)."""
        return redirect(url_for("data_export.index", kind="hours"), 303)


# -- the section on the participation page ---------------------------------------------------

RECENT_CHANGES = 5


def delivered_hours_section(participation) -> dict:
    """What the participation page shows about delivered hours (entries, recent changes)."""
    user = acting_user()
    entries = attach_approved_hours(visible(
        DeliveredHours, user,
        DeliveredHours.select().where(DeliveredHours.participation == participation)
        .order_by(DeliveredHours.period_start.desc())), counted_requests())
    for entry in entries:
        entry.difference = entry.approved_hours - entry.hours
    changes = list(visible_history(user, entries_history(participation),
                                   {DeliveredHours.history_relation}).limit(RECENT_CHANGES))
    return {"entries": entries, "changes": changes,
            "may_write": acts_for_participation(participation, user, clock.today()),
            "hours_text": hours_text, "date_text": format_date,
            "create_url": url_for("delivered_hours.create_view", participation=participation.id,
                                  url=url_for("participation.details_view", id=participation.id))}


__all__ = ["DeliveredHoursView", "delivered_hours_section"]
