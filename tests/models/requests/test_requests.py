"""The request status machine: transitions per role, snapshot, hours, ending, concurrency."""

import datetime as dt
import threading
from decimal import Decimal

import pytest

from models import AssistanceRequest, DomainError, HistoryEntry, NotPermitted, ValidationError, db
from models.core.records import delete_record, update_record
from models.requests.models import (
    ConcurrentChange,
    Status,
    approve_request,
    end_request,
    reject_request,
    request_rework,
    save_and_submit_request,
    submit_request,
)
from seed.factories import (
    NOW,
    make_funding_body,
    make_participation,
    make_request,
    make_user,
)


@pytest.fixture
def setting(app, project):
    body = make_funding_body()
    return {
        "project": project,
        "body": body,
        "staff": make_user(role="staff_write", projects=[project]),
        "reader": make_user(role="staff_read", projects=[project]),
        "foreign_staff": make_user(role="staff_write", projects=[]),
        "clerk": make_user(role="clerk", funding_body=body),
        "other_clerk": make_user(role="clerk"),
        "statistics": make_user(role="statistics"),
        "admin": make_user(role="admin"),
        "participation": make_participation(project=project),
    }


def _request(setting, status=None):
    return make_request(setting["participation"], setting["body"], status=status)


def _end(request, actor, now):
    return end_request(request, actor, now, dt.date(2025, 1, 31), "hours_changed")


def _reject(request, actor, now):
    return reject_request(request, actor, now, "Keine Zuständigkeit")


def _rework(request, actor, now):
    return request_rework(request, actor, now, "Befund nachreichen")


ACTIONS = {
    "submit": submit_request,
    "approve": approve_request,
    "reject": _reject,
    "request_rework": _rework,
    "end": _end,
}
# (action, status, actor) -> allowed; every combination not listed is forbidden.
ALLOWED = {
    ("submit", Status.IN_PROGRESS, "staff"), ("submit", Status.REWORK, "staff"),
    ("submit", Status.IN_PROGRESS, "admin"), ("submit", Status.REWORK, "admin"),
    ("approve", Status.SUBMITTED, "clerk"), ("approve", Status.SUBMITTED, "admin"),
    ("reject", Status.SUBMITTED, "clerk"), ("reject", Status.SUBMITTED, "admin"),
    ("request_rework", Status.SUBMITTED, "clerk"), ("request_rework", Status.SUBMITTED, "admin"),
    ("end", Status.APPROVED, "staff"), ("end", Status.APPROVED, "admin"),
}
TARGET = {"submit": Status.SUBMITTED, "approve": Status.APPROVED, "reject": Status.REJECTED,
          "request_rework": Status.REWORK, "end": Status.ENDED}
ACTORS = ["staff", "reader", "foreign_staff", "clerk", "other_clerk", "statistics", "admin"]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_transition_table(setting, action, status, actor):
    request = _request(setting, status=status)
    run = ACTIONS[action]
    if (action, status, actor) in ALLOWED:
        run(request, setting[actor], NOW)
        assert AssistanceRequest.get_by_id(request.id).status == TARGET[action]
        entry = HistoryEntry.get(HistoryEntry.relation == "request", HistoryEntry.kind == "status")
        assert entry.changes["status"] == [status.value, TARGET[action].value]
    else:
        with pytest.raises(DomainError):
            run(request, setting[actor], NOW)
        assert AssistanceRequest.get_by_id(request.id).status == status
        assert not HistoryEntry.select().where(HistoryEntry.kind == "status").exists()


def test_approval_freezes_the_eligibility(setting):
    request = _request(setting, status=Status.SUBMITTED)
    participation = setting["participation"]
    participation.care_level = 5
    participation.save()
    approve_request(request, setting["clerk"], NOW)
    old = dict(participation.__data__)
    participation.care_level = 6
    update_record(participation, old, setting["staff"], NOW)
    stored = AssistanceRequest.get_by_id(request.id)
    assert stored.snapshot_data["care_level"] == 5
    assert stored.participation.care_level == 6


def test_no_snapshot_before_approval(setting):
    assert _request(setting).snapshot_data is None


@pytest.mark.parametrize("hours", [Decimal("12.3"), Decimal("0"), Decimal("-1")])
def test_hours_come_in_quarter_hours(setting, hours):
    with pytest.raises(ValidationError) as refused:
        make_request(setting["participation"], setting["body"], hours_per_week=hours)
    assert "hours_per_week" in refused.value.errors


def test_quarter_hours_are_accepted(setting):
    request = make_request(setting["participation"], setting["body"],
                           hours_per_week=Decimal("12.25"))
    assert AssistanceRequest.get_by_id(request.id).hours_per_week == Decimal("12.25")


def test_incomplete_participation_refuses_requests(setting, project):
    incomplete = make_participation(project=project, complete=False)
    with pytest.raises(ValidationError) as refused:
        make_request(incomplete, setting["body"])
    assert "participation" in refused.value.errors


def test_submitting_needs_complete_eligibility(setting):
    request = _request(setting)
    participation = setting["participation"]
    participation.legal_basis = []
    participation.save()
    with pytest.raises(DomainError):
        submit_request(AssistanceRequest.get_by_id(request.id), setting["staff"], NOW)


@pytest.mark.parametrize(
    ("end_date", "reason", "text", "field"),
    [(dt.date(2024, 5, 31), "period_expired", None, "actual_end"),
     (None, "period_expired", None, "actual_end"),
     (dt.date(2025, 1, 1), "other", "  ", "end_reason_text"),
     (dt.date(2025, 1, 1), "nonsense", None, "end_reason")],
)
def test_ending_needs_a_valid_date_and_reason(setting, end_date, reason, text, field):
    request = _request(setting, status=Status.APPROVED)
    with pytest.raises(ValidationError) as refused:
        end_request(request, setting["staff"], NOW, end_date, reason, text)
    assert field in refused.value.errors
    assert AssistanceRequest.get_by_id(request.id).status == Status.APPROVED


PLANNED_END = dt.date(2025, 5, 31)


@pytest.mark.parametrize(("planned_end", "end_date", "field"), [
    (PLANNED_END, dt.date(2025, 1, 31), "actual_end"),
    (PLANNED_END, dt.date(2025, 6, 1), "actual_end"),
    (None, dt.date(2025, 1, 31), "end_reason"),
])
def test_period_expired_needs_the_planned_end_as_end_date(setting, planned_end, end_date, field):
    request = make_request(setting["participation"], setting["body"], status=Status.APPROVED,
                           planned_end=planned_end)
    with pytest.raises(ValidationError) as refused:
        end_request(request, setting["staff"], NOW, end_date, "period_expired")
    assert field in refused.value.errors
    assert AssistanceRequest.get_by_id(request.id).status == Status.APPROVED


def test_period_expired_on_the_planned_end_ends_the_request(setting):
    request = make_request(setting["participation"], setting["body"], status=Status.APPROVED,
                           planned_end=PLANNED_END)
    end_request(request, setting["staff"], NOW, PLANNED_END, "period_expired")
    stored = AssistanceRequest.get_by_id(request.id)
    assert (stored.status, stored.actual_end) == (Status.ENDED, PLANNED_END)


def test_ending_with_other_and_text(setting):
    request = _request(setting, status=Status.APPROVED)
    end_request(request, setting["staff"], NOW, dt.date(2025, 1, 1), "other", "Umzug")
    stored = AssistanceRequest.get_by_id(request.id)
    assert (stored.status, stored.end_reason_text) == (Status.ENDED, "Umzug")


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.APPROVED, Status.REJECTED])
def test_fields_cannot_change_after_sending(setting, status):
    request = _request(setting, status=status)
    old = dict(request.__data__)
    request.hours_per_week = Decimal("10")
    with pytest.raises(DomainError):
        update_record(request, old, setting["staff"], NOW)


def test_clerk_never_edits_fields(setting):
    request = _request(setting, status=Status.REWORK)
    old = dict(request.__data__)
    request.hours_per_week = Decimal("10")
    with pytest.raises(NotPermitted):
        update_record(request, old, setting["clerk"], NOW)


@pytest.mark.parametrize(("status", "deletable"),
                         [(Status.IN_PROGRESS, True), (Status.REWORK, True),
                          (Status.SUBMITTED, False), (Status.APPROVED, False)])
def test_delete_only_in_draft_or_rework(setting, status, deletable):
    request = _request(setting, status=status)
    if deletable:
        delete_record(request, setting["staff"], NOW)
        assert AssistanceRequest.get_or_none(AssistanceRequest.id == request.id) is None
    else:
        with pytest.raises(DomainError):
            delete_record(request, setting["staff"], NOW)


def test_save_and_submit_in_one_step(setting):
    from models import AssistanceRequest as Request

    request = Request(participation=setting["participation"], funding_body=setting["body"],
                      approval_start=dt.date(2024, 6, 1), reason="studies",
                      delivery_model="mixed", hours_per_week=Decimal("8.5"))
    save_and_submit_request(request, None, setting["staff"], NOW)
    assert Request.get_by_id(request.id).status == Status.SUBMITTED


@pytest.mark.parametrize("decide", [reject_request, request_rework])
@pytest.mark.parametrize("message", [None, "", "   "])
def test_a_decision_against_the_request_needs_a_reason(setting, decide, message):
    request = _request(setting, status=Status.SUBMITTED)
    with pytest.raises(ValidationError) as refused:
        decide(request, setting["clerk"], NOW, message)
    assert "message" in refused.value.errors
    assert AssistanceRequest.get_by_id(request.id).status == Status.SUBMITTED
    assert not HistoryEntry.select().where(HistoryEntry.kind == "status").exists()


@pytest.mark.parametrize("decide", [reject_request, request_rework])
def test_a_forbidden_decision_is_refused_before_its_reason_is_asked(setting, decide):
    request = _request(setting, status=Status.SUBMITTED)
    with pytest.raises(NotPermitted):
        decide(request, setting["other_clerk"], NOW, "")


def test_rejecting_with_a_message_keeps_it_in_the_history(setting):
    request = _request(setting, status=Status.SUBMITTED)
    reject_request(request, setting["clerk"], NOW, message="Unterlagen fehlen")
    entry = HistoryEntry.get(HistoryEntry.kind == "status")
    assert entry.message == "Unterlagen fehlen"


def test_stale_copy_is_refused(setting):
    request = _request(setting, status=Status.SUBMITTED)
    stale = AssistanceRequest.get_by_id(request.id)
    approve_request(request, setting["clerk"], NOW)
    with pytest.raises(ConcurrentChange):
        reject_request(stale, setting["clerk"], NOW, "Unterlagen fehlen")
    assert AssistanceRequest.get_by_id(request.id).status == Status.APPROVED


def test_two_clerks_at_the_same_moment_exactly_one_wins(setting):
    request = _request(setting, status=Status.SUBMITTED)
    copies = [AssistanceRequest.get_by_id(request.id) for _ in range(2)]
    actions = [approve_request, _reject]
    barrier = threading.Barrier(2, timeout=30)
    outcomes = []
    db.close()

    def run(index):
        try:
            with db.connection_context():
                barrier.wait()
                actions[index](copies[index], setting["clerk"], NOW)
            outcomes.append("won")
        except ConcurrentChange:
            outcomes.append("changed meanwhile")

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["changed meanwhile", "won"]
    assert HistoryEntry.select().where(HistoryEntry.kind == "status").count() == 1
