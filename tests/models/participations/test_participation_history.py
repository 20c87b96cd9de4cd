"""A participation's history goes with it (DOMAIN B, review finding 4): its own entries and those
of its documents, requests, delivered hours, care cases and their rows, deleted rows included;
one 'deleted' entry without personal content stays, and belongs to no participation created
later, even one that gets the same id."""

from decimal import Decimal

import pytest

from admin_app.migrations import m0007_history_participation as step7
from models import HistoryEntry, db
from models.core.history import add_message
from models.core.records import delete_record, update_record
from models.documents.operations import delete_document
from models.hours.models import entries_history
from seed.factories import (
    NOW,
    make_activity,
    make_approval_period,
    make_care_case,
    make_delivered_hours,
    make_document,
    make_participation,
    make_person,
    make_project,
    make_request,
    make_user,
)

OWNED = ("participation", "document", "request", "delivered_hours", "care_case",
         "approval_period", "activity")


@pytest.fixture
def case(app, document_store):
    project = make_project()
    staff = make_user(role="staff_write", projects=[project])
    person = make_person(project)
    return {"project": project, "staff": staff, "person": person,
            "participation": make_participation(person, project, actor=staff)}


def _live_through(participation, staff):
    """Rows of every kind on the participation, changed and deleted again."""
    entry = make_delivered_hours(participation, actor=staff)
    old = dict(entry.__data__)
    entry.hours = Decimal(12)
    update_record(entry, old, staff, NOW)
    care = make_care_case(participation, actor=staff)
    for row in (make_activity(care, actor=staff), make_approval_period(care, actor=staff), care,
                entry, make_request(participation, actor=staff)):
        delete_record(row, staff, NOW)
    delete_document(make_document(participation, actor=staff), staff, NOW)
    add_message(participation, staff, NOW, "Rückruf vereinbart")


def _owned_entries():
    return sorted((e.relation, e.event) for e in HistoryEntry.select().where(
        HistoryEntry.relation.in_(OWNED)))


def test_every_row_writes_its_participation_into_its_entries(case):
    _live_through(case["participation"], case["staff"])
    entries = HistoryEntry.select().where(HistoryEntry.relation.in_(OWNED))
    assert {e.relation for e in entries} == set(OWNED)
    assert {e.participation_id for e in entries} == {case["participation"].id}


def test_deleting_the_participation_leaves_only_its_trace(case):
    _live_through(case["participation"], case["staff"])
    delete_record(case["participation"], case["staff"], NOW)
    assert _owned_entries() == [("participation", "deleted")]
    trace = HistoryEntry.get(HistoryEntry.relation == "participation")
    assert (trace.record_id, trace.participation_id) == (case["participation"].id, None)


def test_a_participation_created_again_starts_with_an_empty_history(case):
    _live_through(case["participation"], case["staff"])
    delete_record(case["participation"], case["staff"], NOW)
    again = make_participation(case["person"], case["project"], actor=case["staff"])
    assert list(entries_history(again)) == []
    owned = HistoryEntry.select().where(HistoryEntry.participation_id == again.id)
    assert [(e.relation, e.event) for e in owned] == [("participation", "created")]


# -- step 7 fills in the entries written before it ---------------------------------------------


def test_the_upgrade_links_old_entries_as_the_application_does(case):
    """Entries written by the application carry their participation; with the column emptied,
    the migration's fill-in restores exactly those values, deleted rows included."""
    other = make_participation(make_person(case["project"]), case["project"],
                               actor=case["staff"])
    _live_through(case["participation"], case["staff"])
    make_delivered_hours(other, actor=case["staff"])  # on SQLite: the id of a deleted entry
    make_activity(make_care_case(other, actor=case["staff"]), actor=case["staff"])
    written = dict(HistoryEntry.select(HistoryEntry.id, HistoryEntry.participation_id).tuples())
    HistoryEntry.update(participation_id=None).execute()
    step7.fill_in(db.obj)
    filled = dict(HistoryEntry.select(HistoryEntry.id, HistoryEntry.participation_id).tuples())
    assert filled == written
    assert {other.id, case["participation"].id} <= set(filled.values())
