"""Proofs of service (Leistungsnachweise, 003) as typed .xlsx from the client list: for a funding
body per client and month, or internal with the carry-over and the balancing period."""

import datetime as dt

from flask import flash, redirect, request, send_file
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from wtforms import BooleanField, RadioField, SelectField, StringField
from wtforms.validators import InputRequired

from models.care.balances import Level
from models.care.figures import activities_counted, month_activities, month_statements, proof_kinds
from models.care.models import ALL_KINDS, ALL_TOPICS, MODE_LABELS, CareCase
from models.core import clock
from models.core.access import visible
from models.people.models import FundingBody
from views.core.context import acting_user
from views.core.export import write_workbook
from views.core.formatting import format_date
from views.core.forms import SecureForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def parse_month(text: str) -> dt.date:
    """'11.2026' (also '1.11.2026' or '2026-11') as the first day of that month."""
    value = (text or "").strip()
    for pattern in ("%m.%Y", "%d.%m.%Y", "%Y-%m"):
        try:
            return dt.datetime.strptime(value, pattern).date().replace(day=1)
        except ValueError:
            continue
    raise ValueError(value)


class MonthField(StringField):
    """A month typed as MM.JJJJ."""

    def __init__(self, label=None, validators=None, **kwargs):
        render_kw = {"placeholder": "MM.JJJJ", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(label, validators, render_kw=render_kw, **kwargs)

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.month = None
        if self.data:
            try:
                self.month = parse_month(self.data)
            except ValueError:
                raise ValueError(gettext("Please enter a month as MM.YYYY, e.g. 11.2026.")) \
                    from None


class ProofForm(SecureForm):
    """Which proof, for which month (and funding body)."""

    month = MonthField(lazy_gettext("Month"), validators=[
        InputRequired(lazy_gettext("Please enter a month as MM.YYYY, e.g. 11.2026."))])
    kind = RadioField(lazy_gettext("Proof of service"), default="funding_body", choices=[
        ("funding_body", lazy_gettext("for the funding body")),
        ("internal", lazy_gettext("internal, with carry-over and balancing period"))])
    funding_body = SelectField(lazy_gettext("Funding body"), coerce=str, default="",
                               validate_choice=False)
    with_activities = BooleanField(lazy_gettext("List every activity (second sheet)"),
                                   default=True)

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        chosen = self.funding_body.data
        if self.kind.data == "funding_body" and chosen not in dict(self.funding_body.choices[1:]):
            self.funding_body.errors = [gettext("Please choose the funding body.")]
            ok = False
        return ok


class ProofExportMixin:
    """The proof-of-service page of the client list: the current filter's clients."""

    @expose("/proof/", methods=("GET", "POST"))
    def proof_view(self):
        """GET: choose month and kind; POST: the .xlsx of the filtered clients."""
        kinds = proof_kinds(acting_user())
        if not kinds:
            flash(gettext("Proofs of service contain personal data; your role may not "
                          "export them."), "danger")
            return redirect(self.get_url(".index_view"))
        form = ProofForm(request.form if request.method == "POST" else None)
        form.kind.choices = [choice for choice in form.kind.choices if choice[0] in kinds]
        bodies = list(visible(FundingBody, acting_user()).where(
            FundingBody.id.in_(self._filtered_cases().select(CareCase.funding_body)))
            .order_by(FundingBody.name))
        form.funding_body.choices = [("", gettext("please choose"))] + [
            (str(body.id), body.name) for body in bodies]
        if request.method == "POST" and form.validate():
            return self._proof(form, {str(b.id): b for b in bodies})
        return self.render("admin/fallakte/proof_form.html", form=form,
                           list_args=request.args, return_url=self.get_url(".index_view",
                                                                           **request.args))

    def may_export_proofs(self) -> bool:
        """True when the user may export some proof of service (the list shows the link)."""
        return bool(proof_kinds(acting_user()))

    def _filtered_cases(self):
        view_args = self._get_list_extra_args()
        _count, query = self.get_list(0, None, None, view_args.search, view_args.filters,
                                      execute=False, page_size=0)
        return query

    def _proof(self, form, bodies):
        month = form.month.month
        query = self._filtered_cases()
        body = None
        if form.kind.data == "funding_body":
            body = bodies[form.funding_body.data]
            query = query.where(CareCase.funding_body == body.id)
        cases = list(query)
        ids = query.select(CareCase.id)
        statements = month_statements(cases, ids, month)
        internal = form.kind.data == "internal"
        sheets = [(gettext("Proof of service"), self._preamble(month, body, internal),
                   *summary_table(cases, statements, internal))]
        if form.with_activities.data:
            activities = month_activities(ids, month)
            sheets.append((gettext("Activities"), (), *activity_table(
                cases, activities, activities_counted(cases, ids, activities))))
        stream = write_workbook(sheets, yes_no=(gettext("Yes"), gettext("No")))
        suffix = "intern" if internal else f"kostentraeger-{body.id}"
        return send_file(stream, as_attachment=True, mimetype=XLSX,
                         download_name=f"leistungsnachweis-{suffix}-{month:%Y-%m}.xlsx")

    def _preamble(self, month, body, internal):
        title = gettext("Internal proof of service") if internal else \
            gettext("Proof of service for %(body)s", body=body.name)
        return [[title], [gettext("Month"), f"{month:%m.%Y}"],
                [gettext("Created on"), clock.today(), acting_user().full_name], []]


def _person_cells(case):
    person = case.participation.person
    return [person.pseudonym, person.last_name, person.first_name, person.birth_date,
            person.file_number, case.participation.project.name, case.funding_body.name]


def summary_table(cases, statements, internal: bool):
    """Headers and rows of the first sheet: one row per client, every figure computed."""
    headers = [gettext("Person ID"), gettext("Last name"), gettext("First name"),
               gettext("Birth date"), gettext("File number"), gettext("Project"),
               gettext("Funding body"), gettext("Approved hours in the month"),
               gettext("Direct hours"), gettext("Indirect hours counted"),
               gettext("Absences counted"), gettext("Hours counted"),
               gettext("Approved minus counted")]
    if internal:
        headers += [gettext("Time worked (not weighted)"), gettext("Carry-over from last month"),
                    gettext("Balance at the end of the month"), gettext("Balancing period from"),
                    gettext("Balancing period to"), gettext("Approved in the balancing period"),
                    gettext("Counted in the balancing period"),
                    gettext("Remaining in the balancing period")]

    def rows():
        for case in cases:
            s = statements[case.id]
            # A case billed by a contingent (or not by hours) has no approved hours of its
            # own: those cells stay empty rather than show 0 and a negative difference.
            approved = s.approved if case.hour_based else None
            row = _person_cells(case) + [approved, s.direct, s.indirect, s.absences, s.counted,
                                         s.approved - s.counted if case.hour_based else None]
            if internal:
                row += [s.worked, s.carry_over, s.balance_month_end if s.window_start else None,
                        s.window_start, s.window_end,
                        s.approved_in_window if s.window_start else None,
                        s.counted_in_window if s.window_start else None,
                        s.remaining_in_window if s.window_start else None]
            yield row

    return headers, rows()


def activity_table(cases, activities, counted):
    """Headers and rows of the second sheet: every activity of the month with the hours it
    counts for (`counted`: {activity id: hours}), which add up to the first sheet's."""
    headers = [gettext("Person ID"), gettext("Last name"), gettext("First name"), gettext("Date"),
               gettext("Duration (minutes)"), gettext("Level"), gettext("Kind"),
               gettext("Topic"), gettext("Direct or indirect"),
               gettext("Participants (group offers)"), gettext("Absence (appointment missed)"),
               gettext("Hours counted")]
    labels = {**Level.labels(), **dict(ALL_KINDS), **dict(ALL_TOPICS), **dict(MODE_LABELS)}

    def text(code):
        return gettext(labels[code]) if code in labels else None

    def rows():
        for case in cases:
            person = case.participation.person
            for a in activities.get(case.id, []):
                yield [person.pseudonym, person.last_name, person.first_name, a.day, a.minutes,
                       text(a.level), text(a.kind), text(a.topic), text(a.mode), a.group_size,
                       a.absence, counted[a.id]]

    return headers, rows()


__all__ = ["ProofExportMixin", "format_date"]
