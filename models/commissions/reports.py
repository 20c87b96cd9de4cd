"""Reports of a commission (004 §9): initial counselling, initial care, status and final report,
each with its required texts and the commission's data, contacts, tasks and results mixed in;
made as a .docx stored as a document of the commission, with a history entry."""

import datetime as dt
import io
from dataclasses import dataclass, field

from models.commissions.models import (
    STATISTICAL_FIELDS,
    CaseGroup,
    Commission,
    Contact,
    ContactForm,
    ContactResult,
    ContactTask,
    EndReason,
    LegalBasis,
    Phase,
    Result,
    ResultKind,
    ServiceType,
    Task,
)
from models.commissions.phases import acts_for_commission
from models.core.base import db
from models.core.errors import DomainError, NotPermitted
from models.core.history import Event, Kind, field_changes, record_history
from models.core.labels import LabelledEnum
from models.core.records import save_edit
from models.core.text import N_
from models.documents.models import DocumentKind
from models.documents.operations import Upload, upload_documents


class ReportType(LabelledEnum):
    """The reports of 004 §9."""

    INITIAL_COUNSELLING = "initial_counselling", N_("Initial counselling report")
    INITIAL_CARE = "initial_care", N_("Initial care report")
    STATUS = "status", N_("Status report")
    FINAL = "final", N_("Final report")


# The texts each report requires (004 §9.1–§9.4), in the order it shows them.
REQUIRED_TEXTS = {
    ReportType.INITIAL_COUNSELLING: ("planned_contents",),
    ReportType.INITIAL_CARE: ("disability_effects", "agreed_goals", "additions"),
    ReportType.STATUS: ("extension_reasons",),
    ReportType.FINAL: ("closing_outcome",),
}
# The final report documents the data of the statistics as well (004 §9.4).
REQUIRED_FIELDS = {ReportType.FINAL: STATISTICAL_FIELDS}
# The P4 gate asks for a document of kind "final report" (models.commissions.phases).
DOCUMENT_KIND = {ReportType.FINAL: DocumentKind.FINAL_REPORT}
# A generated .docx is small; the limit only guards against a runaway text.
REPORT_LIMIT_MB = 50


def field_label(name: str) -> str:
    """The msgid naming a field of the commission."""
    return Commission._meta.fields[name].verbose_name


def suggested_report(phase) -> ReportType:
    """The report that usually comes next in `phase`."""
    return {Phase.P1: ReportType.INITIAL_COUNSELLING, Phase.P2: ReportType.INITIAL_COUNSELLING,
            Phase.P3: ReportType.INITIAL_CARE}.get(Phase(phase), ReportType.FINAL)


class ReportRefused(DomainError):
    """A report with required fields empty; `missing` names every one of them."""

    def __init__(self, missing):
        super().__init__(N_("The report was not made. These required fields are empty:"))
        self.missing = tuple(missing)
        self.conditions = tuple((N_("%(field)s."), {"field": (field_label(name),)})
                                for name in self.missing)


def missing_fields(commission, report_type) -> list:
    """The required fields of `report_type` that are empty on `commission`, in order."""
    report_type = ReportType(report_type)
    names = (*REQUIRED_FIELDS.get(report_type, ()), *REQUIRED_TEXTS[report_type])
    return [name for name in names
            if commission.__data__.get(name) is None
            or str(commission.__data__.get(name)).strip() == ""]


# -- what a report shows ------------------------------------------------------------------


@dataclass
class ContactLine:
    """One contact as the report lists it."""

    at: dt.datetime
    form: str
    keyword: str
    tasks: list = field(default_factory=list)
    results: list = field(default_factory=list)


@dataclass
class ReportContent:
    """Everything a report shows; labels are msgids and coded values (msgid,), the caller
    translates them."""

    report_type: ReportType
    commission: Commission
    facts: list
    texts: list
    contacts: list
    results: list
    tasks: list


def _label(enum_type, value):
    """A coded value as (msgid,): the caller translates it."""
    return (enum_type(value).label,) if value else None


def report_content(commission, report_type, person) -> ReportContent:
    """The content of `report_type` for `commission` of `person`: its data, the required
    texts, its contacts with their tasks and results, its valid results (four queries)."""
    report_type = ReportType(report_type)
    c = commission
    body = c.funding_body.name if c.funding_body_id else None
    facts = [
        (N_("Client"), f"{person.last_name}, {person.first_name}"),
        (N_("Birth date"), person.birth_date),
        (N_("Commission"), f"A{c.id}"),
        (N_("Funding body"), body),
        (N_("Legal basis"), _label(LegalBasis, c.legal_basis)),
        (N_("Service type"), _label(ServiceType, c.service_type)),
        (N_("Case group"), _label(CaseGroup, c.case_group)),
        (N_("Phase"), _label(Phase, c.phase)),
        (N_("Start"), c.start),
        (N_("Planned end"), c.planned_end),
    ]
    if c.end_reason:
        facts += [(N_("End date"), c.end_date), (N_("End reason"), _label(EndReason,
                                                                          c.end_reason))]
    texts = [(field_label(name), getattr(c, name) or "") for name in REQUIRED_TEXTS[report_type]]
    contacts = {row.id: ContactLine(row.at, ContactForm(row.form).label, row.keyword)
                for row in Contact.select().where(Contact.commission == c.id)
                .order_by(Contact.at)}
    task_counts: dict = {}
    for link in (ContactTask.select(ContactTask, Task).join(Task)
                 .where(ContactTask.contact.in_(list(contacts))).order_by(Task.name)):
        contacts[link.contact_id].tasks.append(link.task.name)
        task_counts[link.task.name] = task_counts.get(link.task.name, 0) + 1
    for link in (ContactResult.select(ContactResult, Result, ResultKind).join(Result)
                 .join(ResultKind).where(ContactResult.contact.in_(list(contacts)))
                 .order_by(ResultKind.name)):
        contacts[link.contact_id].results.append(link.result.kind.name)
    results = [(row.kind.name, row.start, row.end) for row in
               Result.select(Result, ResultKind).join(ResultKind)
               .where((Result.commission == c.id) & ~Result.invalid).order_by(Result.start)]
    return ReportContent(report_type, c, facts, texts, list(contacts.values()), results,
                         sorted(task_counts.items()))


# -- making one ----------------------------------------------------------------------------


def make_report(commission, report_type, actor, now: dt.datetime, texts: dict, render,
                file_name: str):
    """Save the report's texts on `commission` and store the report as a .docx document of
    it, with one history entry, in one transaction. `render(content) -> bytes` builds the file
    (translated by the caller); a required field left empty refuses it, naming every one."""
    report_type = ReportType(report_type)
    if not acts_for_commission(commission, actor, now.date()):
        raise NotPermitted(N_("You may not make reports for this commission."))
    old = dict(commission.__data__)
    for name in REQUIRED_TEXTS[report_type]:
        if name in texts:
            value = (texts[name] or "").strip()
            commission.__data__[name] = value or None
    missing = missing_fields(commission, report_type)
    if missing:
        commission.__data__.update(old)
        raise ReportRefused(missing)
    with db.atomic():
        save_edit(commission, old, touch=True)
        changes = field_changes(commission, old)
        changes["report"] = [None, report_type.value]
        record_history(commission, actor, now, Event.UPDATED, changes, kind=Kind.INFO)
        content = report_content(commission, report_type, commission.person)
        stored = upload_documents(
            commission, [Upload(file_name, io.BytesIO(render(content)))],
            DOCUMENT_KIND.get(report_type, DocumentKind.REPORT), None, actor, now,
            REPORT_LIMIT_MB)
        if stored.rejected:
            raise DomainError(N_("The report could not be stored."))
    return stored.stored[0]
