"""Procedures (PerSEH, 000): the list with filters, export and the bulk close; opening a
continuation; no delete anywhere. Life areas and service agreements for administrators."""

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_admin.actions import action
from flask_babel import gettext, lazy_gettext
from peewee import JOIN

from models.accounts.models import User
from models.core.access import is_visible
from models.core.clock import now
from models.core.errors import DomainError
from models.people.models import FundingBody, Person, Project
from models.procedures.models import (
    ASSESSMENT_TEXTS,
    Assessment,
    LifeArea,
    Procedure,
    ProcedureStatus,
    ProcedureType,
)
from models.procedures.operations import can_close, close_procedure, open_continuation
from views.core.base import FallakteModelView
from views.core.columns import person_column, person_label
from views.core.context import acting_user
from views.core.filtering import PERSON
from views.core.fixed_parent import FixedParentMixin, ShownValueField
from views.core.formatting import choice_formatter, translate_error
from views.core.params import id_or_404
from views.sections.documents import DocumentsMixin
from views.sections.pickers import FUNDING_BODY_PICKER


def _editor(_view, _context, row, _name):
    return row.editor.full_name


class ProcedureView(DocumentsMixin, FallakteModelView):
    """Procedures the user may see. Opened through the domain (first assessment, continuation);
    the goals are edited; closing is an action; never deleted."""

    column_list = ("id", "person", "type", "project", "funding_body", "editor", "opened",
                   "closed", "status")
    column_labels = {"id": lazy_gettext("No."), "person": lazy_gettext("Person")}
    column_formatters = {"person": person_column("person"),
                         "type": choice_formatter(ProcedureType.choices()),
                         "status": choice_formatter(ProcedureStatus.choices()),
                         "project": lambda _v, _c, row, _n: row.project.name,
                         "funding_body": lambda _v, _c, row, _n: row.funding_body.name,
                         "editor": _editor}
    column_sortable_list = ("id", "type", "opened", "closed", "status",
                            ("person", Person.last_name_folded), ("project", Project.name))
    column_default_sort = ("opened", True)
    column_filters = ("type", "status", "opened", "closed")
    column_filter_sources = {"person": PERSON}
    form_columns = ("goals",)
    can_export = True
    allow_create = False
    allow_delete = False
    details_template = "admin/fallakte/procedure_details.html"

    def base_query(self):
        return (Procedure.select(Procedure, Person, Project, FundingBody, User)
                .join(Person, on=(Procedure.person == Person.id), attr="person")
                .switch(Procedure).join(Project, on=(Procedure.project == Project.id),
                                        attr="project")
                .switch(Procedure).join(FundingBody, JOIN.INNER,
                                        on=(Procedure.funding_body == FundingBody.id),
                                        attr="funding_body")
                .switch(Procedure).join(User, on=(Procedure.editor == User.id), attr="editor"))

    def prejoined_models(self):
        return {Person, Project, FundingBody, User}

    def row_label(self, row):
        return f"#{row.id} {person_label(row.person)}"

    def record_title(self, row):
        return gettext("Procedure: %(person)s", person=person_label(row.person))

    def edit_refusal(self, row):
        if row.closed is not None:
            return "This procedure is closed already."
        return None

    def is_action_allowed(self, name):
        if name == "delete":
            return False
        return super().is_action_allowed(name)

    def assessment_rows(self, procedure) -> list:
        """(life area, visible assessment or None) per active or here assessed life area."""
        query = (Assessment.select(Assessment, LifeArea)
                 .join(LifeArea, on=(Assessment.life_area == LifeArea.id), attr="life_area")
                 .where(Assessment.procedure == procedure))
        assessed = {row.life_area_id: row for row in self.section_rows(Assessment, query)}
        areas = (LifeArea.select().where(LifeArea.active | LifeArea.id.in_(list(assessed)))
                 .order_by(LifeArea.position, LifeArea.name))
        return [(area, assessed.get(area.id)) for area in areas]

    def may_close(self, procedure) -> bool:
        """True when the user may close this procedure (the editor or a delegate)."""
        return can_close(procedure, acting_user())

    def may_assess(self, procedure) -> bool:
        """True when the user may enter assessments on this (open) procedure."""
        return procedure.closed is None and self.can_edit

    @expose("/delete/", methods=("POST",))
    def delete_view(self):
        """Procedures are never deleted: no route deletes one, whatever is posted."""
        abort(403)

    @action("close", lazy_gettext("Close"))
    def action_close(self, ids):
        report = self.run_bulk(ids, lambda row: close_procedure(row, acting_user(), now()))
        self.flash_report(report, gettext("closed"))

    @expose("/continuation/", methods=("POST",))
    def continuation_view(self):
        """Open a continuation for the person of the form (after the previous is closed)."""
        if not self.can_edit:
            abort(403)
        person = Person.get_or_none(Person.id == id_or_404(request.form.get("person")))
        if person is None or not is_visible(acting_user(), person):
            abort(404)
        try:
            procedure = open_continuation(person, acting_user(), now())
        except DomainError as error:
            flash(translate_error(error), "danger")
            return redirect(request.referrer or self.get_url(".index_view"))
        flash(gettext("The continuation was opened."), "success")
        return redirect(url_for(".details_view", id=procedure.id))


class AssessmentView(FixedParentMixin, FallakteModelView):
    """A life area's assessment in a procedure: from the procedure's page, never deleted."""

    parent_field = "procedure"
    column_list = ("id", "procedure", "life_area", *ASSESSMENT_TEXTS)
    column_labels = {"id": lazy_gettext("No.")}
    column_formatters = {"procedure": lambda _v, _c, row, _n: f"V{row.procedure_id}",
                         "life_area": lambda _v, _c, row, _n: row.life_area.name}
    column_filters = ("situation", "resources", "barriers", "support_needed")
    form_columns = ("procedure", "life_area", *ASSESSMENT_TEXTS)
    can_export = True
    allow_delete = False

    def base_query(self):
        return (Assessment.select(Assessment, LifeArea)
                .join(LifeArea, on=(Assessment.life_area == LifeArea.id), attr="life_area"))

    def prejoined_models(self):
        return {LifeArea}

    def row_label(self, row):
        return f"V{row.procedure_id} {row.life_area.name}"

    def is_visible(self):
        """Reached from the procedure's page, not from the menu."""
        return False

    def edit_refusal(self, row):
        if row.procedure.closed is not None:
            return "This procedure is closed already."
        return None

    def get_edit_form(self):
        form_class = super().get_edit_form()
        shown = ShownValueField(self.get_column_name("life_area"))
        shown.creation_counter = form_class.life_area.creation_counter
        form_class.life_area = shown
        return form_class

    def create_form(self, obj=None):
        form = super().create_form(obj)
        form.life_area.query = form.life_area.query.where(LifeArea.active)
        return form

    def is_action_allowed(self, name):
        if name == "delete":
            return False
        return super().is_action_allowed(name)

    def get_save_return_url(self, model, is_created=False):
        return url_for("procedure.details_view", id=model.procedure_id)

    @expose("/delete/", methods=("POST",))
    def delete_view(self):
        """Assessments are part of a procedure and never deleted."""
        abort(403)


class LifeAreaView(FallakteModelView):
    """The life areas of the assessment instrument (administrators keep them)."""

    column_list = ("position", "name", "active")
    column_default_sort = ("position", False)
    column_filters = ("name", "active")
    form_columns = ("name", "position", "active")
    can_export = True


class ServiceAgreementView(FallakteModelView):
    """Service agreements between providers and funding bodies, with their validity."""

    column_list = ("provider", "funding_body", "valid_from", "valid_to")
    column_formatters = {"provider": lambda _v, _c, row, _n: row.provider.name,
                         "funding_body": lambda _v, _c, row, _n: row.funding_body.name}
    column_filters = ("valid_from", "valid_to")
    form_columns = ("provider", "funding_body", "valid_from", "valid_to")
    form_ajax_refs = {"funding_body": FUNDING_BODY_PICKER}
    can_export = True
