"""The commission's page with its sections, and its reports (004 §9): the form with the
required texts, the printable page and the .docx stored as a document of the commission."""

from flask import abort, flash, redirect, request, url_for
from flask_admin import expose
from flask_babel import format_date, gettext, lazy_gettext
from wtforms import TextAreaField
from wtforms.validators import Optional

from models.commissions.models import Commission, Contact, Phase, PhaseChange, Result, ResultKind
from models.commissions.occasions import OccasionAccess, open_commissions
from models.commissions.phases import acts_for_commission
from models.commissions.report_docx import report_docx, report_text
from models.commissions.reports import (
    REQUIRED_TEXTS,
    ReportRefused,
    ReportType,
    field_label,
    make_report,
    report_content,
    suggested_report,
)
from models.core.access import may_read, visible
from models.core.clock import now, today
from models.core.errors import DomainError
from models.core.roles import FUNDING_USERS, may_read_personal
from models.documents.models import DocumentKind
from models.people.models import Person
from views.core.context import acting_user
from views.core.formatting import label_of, translate_error
from views.core.forms import SecureForm
from views.core.params import id_or_404

DETAILS_TEMPLATE = "admin/fallakte/commission_details.html"
REPORT_TEMPLATE = "admin/fallakte/commission_report.html"
REPORT_KINDS = (DocumentKind.REPORT, DocumentKind.FINAL_REPORT)


class ReportForm(SecureForm):
    """The texts of "Indikation zum Auftrag" that reports mix in; each report asks for some."""

    planned_contents = TextAreaField(lazy_gettext("Planned contents and measures"),
                                     validators=[Optional()])
    disability_effects = TextAreaField(lazy_gettext("Effects of the disability on working life"),
                                       validators=[Optional()])
    agreed_goals = TextAreaField(lazy_gettext("Goal agreement"), validators=[Optional()])
    additions = TextAreaField(lazy_gettext("Additions"), validators=[Optional()])
    extension_reasons = TextAreaField(
        lazy_gettext("State of affairs and reasons for an extension"), validators=[Optional()])
    closing_outcome = TextAreaField(lazy_gettext("State of affairs at closing and outcome"),
                                    validators=[Optional()])


def report_type_arg() -> ReportType | None:
    """The report type named in the request, or None."""
    try:
        return ReportType(request.args.get("type", ""))
    except ValueError:
        return None


def _file_name(report_type, commission) -> str:
    return f"{gettext(report_type.label)} A{commission.id} {format_date(today())}.docx"


class CommissionPagesMixin:
    """The details page and the report pages of CommissionView."""

    @property
    def extra_css(self):
        # How a report prints: navigation and buttons hidden (no inline style, CSP).
        return [url_for("static", filename="report_print.css")]

    def history_field_label(self, name):
        if name == "report":
            return gettext("Report made")
        return super().history_field_label(name)

    def history_value_text(self, name, value):
        if name == "report" and value:
            return label_of(ReportType.labels(), value)
        return super().history_value_text(name, value)

    @expose("/details/")
    def details_view(self):
        """The commission: its data, phase history, contacts, results, documents, reports; each
        section lists exactly the rows the user sees in the list of their own kind."""
        row = self.get_one(request.args.get("id"))
        user = acting_user()
        phases = list(self.section_rows(PhaseChange, PhaseChange.select().where(
            PhaseChange.commission == row.id).order_by(PhaseChange.date, PhaseChange.id)))
        contacts = list(self.section_rows(Contact, Contact.select().where(
            Contact.commission == row.id).order_by(Contact.at.desc())))
        results = list(self.section_rows(Result, Result.select(Result, ResultKind)
                                         .join(ResultKind)
                                         .where(Result.commission == row.id)
                                         .order_by(Result.id)))
        section = self.documents_section(row)
        reports = [doc for doc in section.documents if doc.document.kind in REPORT_KINDS]
        return self.render(
            DETAILS_TEMPLATE, model=row, title=f"A{row.id}", phases=phases, contacts=contacts,
            results=results, documents_section=section, reports=reports,
            report_types=list(ReportType) if self._may_open_reports(user, row.id) else [],
            may_make_reports=acts_for_commission(row, user, today()),
            show_personal=may_read_personal(user),
            phase_label=lambda code: label_of(Phase.labels(), code),
            return_url=self.get_url(".index_view"), here=self.get_url(".details_view",
                                                                      id=row.id),
            **self.page_sections(row))

    # -- reports -----------------------------------------------------------------------------
    @staticmethod
    def _may_open_reports(user, commission_id=None) -> bool:
        """Reports mix in contacts and personal data: their readers only; a funding body's
        clerk only for a commission opened to them on occasion today (004 §1.3)."""
        if not (may_read_personal(user) and may_read(user, Contact)):
            return False
        if user.role not in FUNDING_USERS:
            return True
        return commission_id is not None and open_commissions(user, today()).where(
            OccasionAccess.commission == commission_id).exists()

    def _report_commission(self):
        """The commission of a report page, or None when the user may not see it."""
        user = acting_user()
        pk = id_or_404(request.args.get("id"))
        if not self._may_open_reports(user, pk):
            abort(403)
        return (visible(Commission, user, Commission.select(Commission, Person)
                        .join(Person, on=(Commission.person == Person.id)))
                .where(Commission.id == pk).first())

    @expose("/report/", methods=("GET", "POST"))
    def report_view(self):
        """The texts of one report; saving makes the .docx and stores it with the
        commission."""
        commission = self._report_commission()
        if commission is None and request.method == "GET":
            abort(404)
        if commission is None:
            flash(gettext("The commission does not exist or you may not see it. Nothing was "
                          "changed."), "danger")
            return redirect(self.get_url(".index_view"))
        report_type = report_type_arg() or suggested_report(commission.phase)
        form = ReportForm(request.form if request.method == "POST" else None, obj=commission)
        names = REQUIRED_TEXTS[report_type]
        if request.method == "POST" and form.validate():
            try:
                document = make_report(
                    commission, report_type, acting_user(), now(),
                    {name: form[name].data for name in names},
                    lambda content: report_docx(content, gettext, format_date, today()),
                    _file_name(report_type, commission))
            except ReportRefused as error:
                for name in error.missing:
                    if name in form:
                        form[name].errors = [gettext("This field is required for the "
                                                     "report.")]
                flash(translate_error(error), "danger")
            except DomainError as error:
                flash(translate_error(error), "danger")
            else:
                flash(gettext("The %(report)s was made and stored with the commission.",
                              report=gettext(report_type.label)), "success")
                return redirect(url_for("document.download_view", id=document.id)
                                if request.form.get("download") else
                                self.get_url(".details_view", id=commission.id))
        return self.render(
            REPORT_TEMPLATE, model=commission, form=form, fields=[form[n] for n in names],
            report_type=report_type, report_types=list(ReportType),
            may_make=acts_for_commission(commission, acting_user(), today()),
            content=report_content(commission, report_type, commission.person),
            fact=lambda value: report_text(value, gettext, format_date),
            label=field_label, return_url=self.get_url(".details_view", id=commission.id))
