"""Participations: eligibility data, completeness, the page a clerk works from."""

from flask import request
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from wtforms import SelectField, TextAreaField
from wtforms.validators import Optional

from models.accounts.delegation import delegates_of, works_on
from models.core.history import (
    MESSAGES,
    HistoryEntry,
    belongs_to_participation,
    history_where,
    may_read_messages,
)
from models.core.roles import may_read_personal
from models.core.text import N_
from models.documents.models import Document
from models.participations.models import (
    CARE_LEVELS,
    KINDS_WITH_FINDINGS,
    KINDS_WITHOUT_FINDINGS,
    LEGAL_BASES,
    Participation,
    missing_fields,
)
from models.people.models import FundingBody, Person, Project
from models.requests.models import AssistanceRequest, Status
from views.core.base import FallakteModelView
from views.core.columns import person_column, person_label
from views.core.context import acting_user, request_state
from views.core.fields import CheckboxListField
from views.core.formatting import label_of
from views.core.params import choice_number
from views.sections.documents import DocumentsMixin
from views.sections.eligibility import eligibility_label, eligibility_text
from views.sections.messages import MessageFormMixin
from views.sections.npb import FACT_LABELS, PersonFactsMixin, fact_filters, fact_formatters
from views.sections.pickers import PERSON_PICKER, PROJECT_PICKER


def _int_or_none(value):
    return choice_number(value)


def _bool_or_none(value):
    if value in ("", None, "None"):
        return None
    return value in (True, "1", "True", "true")


def _translated(choices):
    return [(str(value), lazy_gettext(label)) for value, label in choices]


UNANSWERED = [("", lazy_gettext("not answered yet"))]
YES_NO = [("1", lazy_gettext("yes")), ("0", lazy_gettext("no"))]
# How many history entries the participation page shows before "show history".
RECENT_HISTORY = 10
DEGREES = [("", lazy_gettext("none"))] + [(str(d), f"{d} %") for d in range(10, 101, 10)]


_person = person_column("person")


def _complete(_view, _context, row, _name):
    return gettext("complete") if row.complete else gettext("incomplete")


class ParticipationView(PersonFactsMixin, DocumentsMixin, MessageFormMixin, FallakteModelView):
    """Participations of the user's projects with their eligibility data."""

    column_list = ("person", "birth_year", "citizenship_category", "project", "created_on",
                   "complete", "care_level", "degree_of_disability", "caseworker")
    column_labels = {"complete": lazy_gettext("Eligibility data"), **FACT_LABELS}
    column_formatters = {"person": _person, "complete": _complete, **fact_formatters()}
    column_sortable_list = ("created_on", ("project", Project.name),
                            ("person", Person.last_name_folded))
    column_filters = (*fact_filters(), "created_on", "care_level", "degree_of_disability",
                      "with_findings", "without_findings")
    column_filter_sources = {"complete": "options"}
    computed_filter_options = {"complete": [("1", N_("complete")), ("0", N_("incomplete"))]}
    form_columns = ("person", "project", "caseworker", "created_on", "note", "legal_basis",
                    "care_level",
                    "with_findings", "kinds_with_findings", "degree_of_disability",
                    "disability_pass", "favoured_status", "without_findings",
                    "kinds_without_findings")
    form_ajax_refs = {"person": PERSON_PICKER, "project": PROJECT_PICKER}
    form_overrides = {
        "legal_basis": CheckboxListField,
        "kinds_with_findings": CheckboxListField,
        "kinds_without_findings": CheckboxListField,
        "care_level": SelectField,
        "with_findings": SelectField,
        "without_findings": SelectField,
        "degree_of_disability": SelectField,
        "note": TextAreaField,
    }
    form_args = {
        "legal_basis": {"choices": _translated(LEGAL_BASES), "validators": [Optional()]},
        "kinds_with_findings": {"choices": _translated(KINDS_WITH_FINDINGS),
                                "validators": [Optional()]},
        "kinds_without_findings": {"choices": _translated(KINDS_WITHOUT_FINDINGS),
                                   "validators": [Optional()]},
        "care_level": {"choices": [("", lazy_gettext("none"))] + _translated(CARE_LEVELS),
                       "coerce": _int_or_none, "validators": [Optional()]},
        "with_findings": {"choices": UNANSWERED + YES_NO, "coerce": _bool_or_none,
                          "validators": [Optional()]},
        "without_findings": {"choices": UNANSWERED + YES_NO, "coerce": _bool_or_none,
                             "validators": [Optional()]},
        "degree_of_disability": {"choices": DEGREES, "coerce": _int_or_none,
                                 "validators": [Optional()]},
    }
    details_template = "admin/fallakte/participation_details.html"
    # The caseworker too: the cases of a colleague who leaves go to another at once.
    bulk_edit_fields = ("care_level", "degree_of_disability", "caseworker")

    def row_label(self, row):
        return person_label(row.person)

    def get_save_return_url(self, model, is_created=False):
        """A new participation opens on its page, where its request is created next."""
        if is_created:
            return self.get_url(".details_view", id=model.id)
        return super().get_save_return_url(model, is_created)

    def filter_value(self, row, name):
        if name == "complete":
            return "1" if row.complete else "0"
        return super().filter_value(row, name)

    def record_title(self, row):
        return f"{person_label(row.person)} – {row.project}"

    def history_value_text(self, name, value):
        if isinstance(value, list | tuple):
            return eligibility_text(name, value)
        return super().history_value_text(name, value)

    @expose("/details/")
    def details_view(self):
        """The participation page: person, eligibility, requests, messages, latest history."""
        row = self.get_one(request.args.get("id"))
        user = acting_user()
        requests = list(self.section_rows(
            AssistanceRequest,
            AssistanceRequest.select(AssistanceRequest, FundingBody)
            .join(FundingBody, on=(AssistanceRequest.funding_body == FundingBody.id))
            .where(AssistanceRequest.participation == row)
            .order_by(AssistanceRequest.approval_start.desc())))
        # The participation's own entries, its documents' and its requests' (deleted ones too),
        # of the records the user sees: a clerk not those of another body's requests.
        shown = (Participation.history_relation, Document.history_relation,
                 AssistanceRequest.history_relation)
        related = own_history(row, AssistanceRequest.history_relation)
        messages = (list(self.section_history(history_where(related & MESSAGES), shown))
                    if may_read_messages(user) else None)
        request_state().history_labels = {}
        return self.render(
            self.details_template, model=row, title=self.record_title(row),
            missing=[self.get_column_name(name) for name in missing_fields(row)],
            eligibility=self._eligibility_rows(row), requests=requests, messages=messages,
            history=list(self.section_history(history_where(related), shown)
                         .limit(RECENT_HISTORY)),
            status_label=lambda status: label_of(Status.labels(), status),
            show_personal=may_read_personal(user),
            message_form=self.message_form(), return_url=self.get_url(".index_view"),
            delegates=delegates_of([row.caseworker_id]).get(row.caseworker_id, []),
            may_work=works_on(user, row.caseworker_id),
        )

    def history_entries(self, row) -> list:
        """The participation's own entries and its documents'."""
        return list(history_where(own_history(row)))

    def _eligibility_rows(self, row):
        names = ("legal_basis", "care_level", "with_findings", "kinds_with_findings",
                 "degree_of_disability", "disability_pass", "favoured_status",
                 "without_findings", "kinds_without_findings", "created_on")
        return [(eligibility_label(n), eligibility_text(n, _plain(getattr(row, n))))
                for n in names]


def own_history(participation, *relations):
    """Condition: entries of the participation itself, its documents and `relations`, found by
    the participation id they carry (not by record id: an earlier participation deleted under
    the same id left its trace)."""
    shown = [Participation.history_relation, Document.history_relation, *relations]
    return belongs_to_participation(participation.id) & HistoryEntry.relation.in_(shown)


def _plain(value):
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


__all__ = ["ParticipationView", "Participation"]
