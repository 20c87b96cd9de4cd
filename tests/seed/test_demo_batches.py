"""The batched demo seed writes the same rows and history entries as the per-row path did."""

import datetime as dt

import pytest
from peewee import fn

from models import (
    Activity,
    ApprovalPeriod,
    AssistanceRequest,
    CareCase,
    DeliveredHours,
    HistoryEntry,
    Participation,
    Person,
)
from seed.demo import load_demo

# The figures of `load_demo(persons=80, today=29.11.2026)` before the batches (one
# create_record and one transition call per row), measured on that code and kept here.
TODAY = dt.date(2026, 11, 29)
ROWS_BEFORE = {"person": 80, "participation": 64, "assistance_request": 55,
               "delivered_hours": 93, "care_case": 14, "approval_period": 17, "activity": 701}
HISTORY_BEFORE = {
    ("person", "system", "created"): 80, ("participation", "system", "created"): 64,
    ("request", "system", "created"): 55, ("request", "status", "updated"): 89,
    ("delivered_hours", "system", "created"): 93, ("care_case", "system", "created"): 14,
    ("approval_period", "system", "created"): 17, ("activity", "system", "created"): 701}
MODELS = [Person, Participation, AssistanceRequest, DeliveredHours, CareCase, ApprovalPeriod,
          Activity]


@pytest.fixture
def demo(app):
    load_demo(persons=80, today=TODAY)


def test_the_batched_demo_writes_the_rows_and_history_of_the_per_row_path(demo):
    rows = {model._meta.table_name: model.select().count() for model in MODELS}
    relations = {model.history_relation for model in MODELS}
    history = {(relation, kind, event): count for relation, kind, event, count in (
        HistoryEntry.select(HistoryEntry.relation, HistoryEntry.kind, HistoryEntry.event,
                            fn.COUNT(HistoryEntry.id))
        .where(HistoryEntry.relation.in_(sorted(relations)))
        .group_by(HistoryEntry.relation, HistoryEntry.kind, HistoryEntry.event).tuples())}
    assert (rows, history) == (ROWS_BEFORE, HISTORY_BEFORE)


@pytest.mark.parametrize("model", MODELS, ids=lambda model: model.__name__)
def test_every_batched_row_has_its_created_entry_with_its_participation(demo, model):
    entries = {(entry.record_id, entry.record_label, entry.participation_id) for entry in
               HistoryEntry.select().where((HistoryEntry.relation == model.history_relation)
                                           & (HistoryEntry.event == "created"))}
    assert entries == {(row.id, row.history_label(), row.history_participation())
                       for row in model.select()}


def test_status_entries_name_the_status_each_step_reached(demo):
    reached = {(entry.record_id, entry.status) for entry in HistoryEntry.select().where(
        (HistoryEntry.relation == "request") & (HistoryEntry.kind == "status"))}
    final = {(request.id, request.status) for request in AssistanceRequest.select()
             if request.status != "in_progress"}
    assert final <= reached and len(reached) == 89
