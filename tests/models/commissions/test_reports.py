"""Reports of commissions (004 §9): required fields, the .docx read back, the document and the
history entry, the P4 gate that asks for the final report."""

import datetime as dt
import io

import docx
import pytest

from models import HistoryEntry
from models.commissions.models import Commission, Phase
from models.commissions.phases import PhaseRefused, close_commission
from models.commissions.report_docx import report_docx
from models.commissions.reports import (
    REQUIRED_TEXTS,
    ReportRefused,
    ReportType,
    make_report,
)
from models.core.errors import NotPermitted
from models.documents.models import Document, DocumentKind
from seed.factories import make_contact, make_result, make_task, make_user

NOW = dt.datetime(2026, 11, 20, 9, 0)
TEXT = "Text der Fachkraft"


def _fmt(day):
    return day.strftime("%d.%m.%Y")


def _make(commission, report_type, actor, texts):
    return make_report(commission, report_type, actor, NOW, texts,
                       lambda content: report_docx(content, str, _fmt, NOW.date()),
                       f"{report_type} A{commission.id}.docx")


def _full(report_type):
    return {name: f"{TEXT} {name}" for name in REQUIRED_TEXTS[ReportType(report_type)]}


def _state(commission):
    """What a refused report must leave as it was."""
    return (Commission.get_by_id(commission.id).__data__, Document.select().count(),
            HistoryEntry.select().count())


EACH_FIELD = [(report_type, name) for report_type in ReportType
              for name in REQUIRED_TEXTS[report_type]]


@pytest.mark.parametrize(("report_type", "empty"), EACH_FIELD)
def test_a_report_with_one_required_text_empty_is_refused_naming_it(build, caseworker,
                                                                    report_type, empty):
    commission = build(Phase.P3)
    before = _state(commission)
    texts = {**_full(report_type), empty: "   "}
    with pytest.raises(ReportRefused) as refused:
        _make(commission, report_type, caseworker, texts)
    assert refused.value.missing == (empty,)
    assert _state(commission) == before


def test_every_empty_field_is_named_at_once(build, caseworker):
    commission = build(Phase.P3, omit=("case_group",))
    with pytest.raises(ReportRefused) as refused:
        _make(commission, ReportType.FINAL, caseworker, {})
    assert refused.value.missing == ("case_group", "closing_outcome")
    assert [params["field"] for _msg, params in refused.value.conditions] == [
        ("Case group",), ("State of affairs at closing and outcome",)]


@pytest.mark.parametrize(("report_type", "kind"), [
    (ReportType.INITIAL_COUNSELLING, DocumentKind.REPORT),
    (ReportType.INITIAL_CARE, DocumentKind.REPORT),
    (ReportType.STATUS, DocumentKind.REPORT),
    (ReportType.FINAL, DocumentKind.FINAL_REPORT),
])
def test_a_report_is_stored_as_a_document_of_its_kind(build, caseworker, report_type, kind):
    commission = build(Phase.P3, omit=("final_report",))
    document = _make(commission, report_type, caseworker, _full(report_type))
    assert (document.commission_id, document.kind) == (commission.id, kind)
    assert document.display_name == f"{report_type} A{commission.id}.docx"


def test_the_report_and_its_texts_are_in_the_history(build, caseworker):
    commission = build(Phase.P2)
    _make(commission, ReportType.INITIAL_COUNSELLING, caseworker,
          {"planned_contents": "Arbeitsplatz sichern"})
    entry = (HistoryEntry.select().where((HistoryEntry.relation == "commission")
                                         & (HistoryEntry.record_id == commission.id))
             .order_by(HistoryEntry.id.desc()).first())
    assert entry.changes["report"] == [None, "initial_counselling"]
    assert entry.changes["planned_contents"] == [None, "Arbeitsplatz sichern"]
    assert Commission.get_by_id(commission.id).planned_contents == "Arbeitsplatz sichern"


def _docx_text(document) -> str:
    from models.core.storage import files

    with open(files.path(document.stored_name), "rb") as handle:
        read = docx.Document(io.BytesIO(handle.read()))
    cells = [cell.text for table in read.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in read.paragraphs] + cells)


def test_the_docx_mixes_in_data_texts_contacts_tasks_and_results(build, caseworker):
    commission = build(Phase.P3, omit=("final_report",))
    task = make_task("Arbeitsplatzbegehung")
    result = make_result(commission, start=dt.date(2026, 10, 1))
    make_contact(commission, tasks=[task], results=[result], keyword="Gespräch mit Chefin",
                 at=dt.datetime(2026, 10, 1, 9, 30))
    document = _make(commission, ReportType.FINAL, caseworker,
                     {"closing_outcome": "Arbeitsplatz gesichert"})
    text = _docx_text(document)
    for expected in ("Final report", f"A{commission.id}", "Arbeitsplatz gesichert",
                     "Gespräch mit Chefin", "Arbeitsplatzbegehung", result.kind.name,
                     "01.10.2026 09:30", "01.10.2026", commission.person.last_name):
        assert expected in text, expected


def test_the_p4_gate_recognises_a_made_final_report(build, caseworker):
    commission = build(Phase.P3, omit=("final_report",))
    _make(commission, ReportType.FINAL, caseworker, {"closing_outcome": "Ziel erreicht"})
    close_commission(commission, caseworker, NOW, NOW.date(), "fulfilled")
    assert Commission.get_by_id(commission.id).phase == Phase.P4


def test_a_status_report_does_not_open_the_p4_gate(build, caseworker):
    commission = build(Phase.P3, omit=("final_report",))
    _make(commission, ReportType.STATUS, caseworker, {"extension_reasons": "Mehr Zeit"})
    with pytest.raises(PhaseRefused) as refused:
        close_commission(commission, caseworker, NOW, NOW.date(), "fulfilled")
    assert len(refused.value.conditions) == 1


@pytest.mark.parametrize("role", ["staff_read", "clerk", "statistics"])
def test_only_those_who_work_on_it_make_a_report(build, project, role, caseworker):
    commission = build(Phase.P2)
    user = make_user(role=role, projects=[project] if role.startswith("staff") else [])
    before = _state(commission)
    with pytest.raises(NotPermitted):
        _make(commission, ReportType.INITIAL_COUNSELLING, user, {"planned_contents": TEXT})
    assert _state(commission) == before
