"""Data exports: requesting with validation, rows and columns, codebook, deletion, retention."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from models import (
    AssistanceRequest,
    DataExport,
    DomainError,
    HistoryEntry,
    NotPermitted,
    Participation,
    Person,
    ValidationError,
)
from models.core.storage import FileStore
from models.exports.columns import columns_for, definition
from models.exports.models import CodebookVersion, ExportStatus
from models.exports.operations import (
    codebook_for,
    current_codebook,
    delete_export,
    due_exports,
    expire_exports,
    own_exports,
    produce_export,
    request_export,
)
from seed.factories import make_participation, make_person, make_request, make_user
from tests.models.exports.helpers import approved, day

NOW = dt.datetime(2025, 6, 15, 9, 0)


@pytest.fixture
def store(tmp_path):
    return FileStore(tmp_path / "exports")


@pytest.fixture
def staff(app, project):
    return make_user(role="staff_write", projects=[project])


def read_back(store, export):
    book = load_workbook(io.BytesIO(store.path(export.stored_name).read_bytes()))
    sheet = book.worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    return sheet, rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def produce(user, store, scope="pb", period_from=None, period_to=None, now=NOW):
    export = request_export(user, "requests", scope, period_from, period_to, None, now)
    return produce_export(export, now, store)


# --- requesting -------------------------------------------------------------------------

@pytest.mark.parametrize(("fields", "field"), [
    ({"period_from": "01.07.2025", "period_to": "01.06.2025"}, "period_to"),
    ({"period_from": "31.02.2025"}, "period_from"),
    ({"period_to": "1.2025"}, "period_to"),
    ({"scheduled_on": "14.06.2025"}, "scheduled_on"),
    ({"kind": "nonsense"}, "kind"),
    ({"scope": "both"}, "scope"),
])
def test_bad_input_is_refused_and_nothing_is_recorded(staff, fields, field):
    data = {"kind": "requests", "scope": "pb", "period_from": None, "period_to": None,
            "scheduled_on": None, **fields}
    with pytest.raises(ValidationError) as raised:
        request_export(staff, data["kind"], data["scope"], data["period_from"],
                       data["period_to"], data["scheduled_on"], NOW)
    assert field in raised.value.errors
    assert DataExport.select().count() == 0
    assert HistoryEntry.select().where(HistoryEntry.relation == "data_export").count() == 0


@pytest.mark.parametrize(("scheduled", "status"), [
    (None, ExportStatus.QUEUED), ("15.06.2025", ExportStatus.QUEUED),
    ("16.06.2025", ExportStatus.SCHEDULED)])
def test_request_queues_now_or_schedules_later(staff, scheduled, status):
    export = request_export(staff, "requests", "pb", "01.01.2025", None, scheduled, NOW)
    assert export.status == status
    assert export.period_from == day("01.01.2025")
    assert HistoryEntry.get(HistoryEntry.relation == "data_export").event == "created"


@pytest.mark.parametrize(("scope", "allowed"), [("npb", True), ("pb", False)])
def test_statistics_may_create_npb_only(app, scope, allowed):
    statistics = make_user(role="statistics")
    if allowed:
        assert request_export(statistics, "requests", scope, None, None, None, NOW).id
    else:
        with pytest.raises(NotPermitted):
            request_export(statistics, "requests", scope, None, None, None, NOW)


def test_each_user_sees_own_exports_and_admin_all(staff, project):
    colleague = make_user(role="staff_write", projects=[project])
    admin = make_user(role="admin")
    mine = request_export(staff, "requests", "pb", None, None, None, NOW)
    theirs = request_export(colleague, "requests", "pb", None, None, None, NOW)
    assert [e.id for e in own_exports(staff)] == [mine.id]
    assert {e.id for e in own_exports(admin)} == {mine.id, theirs.id}


# --- rows and columns -------------------------------------------------------------------

def test_one_row_per_valid_request_touching_the_period(staff, project, store):
    participation = make_participation(make_person(project))
    inside = approved(participation, approval_start=day("01.03.2025"))
    ended = approved(participation, status="ended", approval_start=day("01.01.2024"),
                     actual_end=day("31.01.2025"), end_reason="other")
    approved(participation, approval_start=day("01.01.2024"), planned_end=day("31.12.2024"))
    make_request(participation, status="submitted")
    _sheet, _headers, rows = read_back(store, produce(staff, store, period_from="01.01.2025"))
    assert sorted(r["request_id"] for r in rows) == sorted([inside.id, ended.id])


@pytest.mark.parametrize(("period_from", "period_to", "expected"), [
    ("01.01.2025", None, {"current", "past_2025"}),
    (None, "31.12.2024", {"old", "past_2025"}),
    (None, None, {"old", "current", "past_2025"}),
    (None, "31.12.2025", {"old", "current", "past_2025", "future"}),
])
def test_period_semantics_against_the_database(staff, project, store, period_from, period_to,
                                               expected):
    participation = make_participation(make_person(project))
    ids = {
        "old": approved(participation, approval_start=day("01.01.2023"),
                        planned_end=day("31.12.2023")).id,
        "past_2025": approved(participation, approval_start=day("01.06.2024"),
                              planned_end=day("31.01.2025")).id,
        "current": approved(participation, approval_start=day("01.03.2025")).id,
        "future": approved(participation, approval_start=day("01.09.2025")).id,
    }
    _s, _h, rows = read_back(store, produce(staff, store, period_from=period_from,
                                            period_to=period_to))
    assert {r["request_id"] for r in rows} == {ids[name] for name in expected}


def test_eligibility_comes_from_the_snapshot_frozen_at_approval(staff, project, store):
    participation = make_participation(make_person(project), care_level=5,
                                       legal_basis=["care_level_3"])
    approved(participation)
    Participation.update(care_level=6).where(Participation.id == participation.id).execute()
    _s, _h, rows = read_back(store, produce(staff, store))
    assert rows[0]["care_level"] == 5
    assert rows[0]["legal_basis_care_level_3"] == 1
    assert rows[0]["legal_basis_federal_law"] == 0


def test_categorical_values_are_numeric_codes(staff, project, store):
    person = make_person(project, gender="f")
    approved(make_participation(person), reason="studies", delivery_model="mixed")
    _s, _h, rows = read_back(store, produce(staff, store))
    assert (rows[0]["gender"], rows[0]["reason"], rows[0]["delivery_model"],
            rows[0]["status"]) == (1, 5, 3, 3)


def test_pb_export_carries_the_personal_columns(staff, project, store):
    person = make_person(project, birth_date=dt.date(1990, 4, 3))
    approved(make_participation(person))
    _s, headers, rows = read_back(store, produce(staff, store, "pb"))
    assert rows[0]["last_name"] == person.last_name
    assert rows[0]["svnr"] == person.svnr
    assert rows[0]["birth_date"].date() == dt.date(1990, 4, 3)


def test_npb_export_has_pseudonym_and_birth_year_and_no_personal_value(app, project, store):
    statistics = make_user(role="statistics")
    persons = [make_person(project, birth_date=dt.date(1980 + n, 1, 2 + n),
                           street=f"Gasse {n}", city="Graz", postcode="8010")
               for n in range(3)]
    for person in persons:
        approved(make_participation(person), end_reason_text="Frau Meier sagte ab")
    sheet, headers, rows = read_back(store, produce(statistics, store, "npb"))
    assert {r["person_id"] for r in rows} == {p.pseudonym for p in persons}
    assert {r["birth_year"] for r in rows} == {1980, 1981, 1982}
    assert not {c.name for c in columns_for("requests", True) if c.personal} & set(headers)
    values = {str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None}
    for person in Person.select():
        for field in Person.personal_fields + ("birth_date", "svnr", "street", "city"):
            personal = getattr(person, field, None)
            if personal:
                assert str(personal) not in values, field
    assert not any("Meier" in v for v in values)


def test_an_export_holds_only_rows_the_user_may_see(staff, project, other_project, store):
    approved(make_participation(make_person(project)))
    foreign = approved(make_participation(make_person(other_project)))
    _s, _h, rows = read_back(store, produce(staff, store))
    assert len(rows) == 1
    assert foreign.id not in {r["request_id"] for r in rows}


def test_text_cells_are_strings_never_formulas(staff, project, store):
    person = make_person(project, street="=SUMME(A1)", city="-5 Std.")
    approved(make_participation(person))
    sheet, _h, rows = read_back(store, produce(staff, store))
    assert (rows[0]["street"], rows[0]["city"]) == ("=SUMME(A1)", "-5 Std.")
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_file_has_frozen_header_and_autofilter(staff, project, store):
    approved(make_participation(make_person(project)))
    sheet, headers, _rows = read_back(store, produce(staff, store))
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:")


def test_production_records_rows_done_and_history(staff, project, store):
    approved(make_participation(make_person(project)))
    export = produce(staff, store)
    assert (export.status, export.progress, export.row_count) == ("done", 100, 1)
    assert export.codebook is not None
    assert HistoryEntry.select().where(HistoryEntry.relation == "data_export",
                                       HistoryEntry.event == "updated").count() == 1


# --- codebook ---------------------------------------------------------------------------

def test_codebook_lists_the_export_columns_and_codes():
    names = [entry["variable"] for entry in definition() if entry["export"] == "requests"]
    assert names == [c.name for c in columns_for("requests", True)]
    reason = next(e for e in definition() if e["variable"] == "reason")
    assert reason["codes"][0] == [1, "dependent employment"]


def test_a_changed_code_list_makes_a_new_codebook_version(app, monkeypatch):
    first = current_codebook(NOW)
    assert current_codebook(NOW + dt.timedelta(days=1)).id == first.id
    import models.exports.operations as operations

    monkeypatch.setattr(operations, "definition", lambda: [*definition(), {"variable": "x"}])
    later = NOW + dt.timedelta(days=2)
    second = current_codebook(later)
    assert second.number == first.number + 1
    assert codebook_for(NOW + dt.timedelta(hours=1)).id == first.id
    assert codebook_for(later + dt.timedelta(hours=1)).id == second.id
    assert CodebookVersion.get_by_id(first.id).valid_to == later


# --- deleting and retention -------------------------------------------------------------

def test_delete_removes_record_and_file(staff, project, store):
    approved(make_participation(make_person(project)))
    export = produce(staff, store)
    path = store.path(export.stored_name)
    delete_export(export, staff, NOW, store)
    assert not path.exists()
    assert DataExport.select().count() == 0


def test_delete_is_refused_while_running(staff, store):
    export = request_export(staff, "requests", "pb", None, None, None, NOW)
    DataExport.update(status="running").execute()
    with pytest.raises(DomainError):
        delete_export(export, staff, NOW, store)
    assert DataExport.select().count() == 1


def test_another_users_export_cannot_be_deleted(staff, project, store):
    colleague = make_user(role="staff_write", projects=[project])
    export = request_export(colleague, "requests", "pb", None, None, None, NOW)
    with pytest.raises(NotPermitted):
        delete_export(export, staff, NOW, store)


def test_exports_older_than_30_days_are_deleted_with_their_files(staff, project, store):
    approved(make_participation(make_person(project)))
    old = produce(staff, store, now=NOW - dt.timedelta(days=30, minutes=1))
    recent = produce(staff, store, now=NOW - dt.timedelta(days=29))
    assert expire_exports(NOW, store) == 1
    assert [e.id for e in DataExport.select()] == [recent.id]
    assert not store.path(old.stored_name).exists()
    assert HistoryEntry.select().where(HistoryEntry.relation == "data_export",
                                       HistoryEntry.event == "deleted").count() == 1


def test_scheduled_exports_fall_due_on_their_day(staff):
    request_export(staff, "requests", "pb", None, None, "16.06.2025", NOW)
    assert due_exports(NOW).count() == 0
    assert due_exports(dt.datetime(2025, 6, 16, 5, 0)).count() == 1


def test_snapshot_missing_gives_empty_eligibility(staff, project, store):
    request = approved(make_participation(make_person(project)))
    AssistanceRequest.update(snapshot=None).where(AssistanceRequest.id == request.id).execute()
    _s, _h, rows = read_back(store, produce(staff, store))
    assert rows[0]["care_level"] is None
