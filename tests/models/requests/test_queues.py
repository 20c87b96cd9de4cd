"""The requests' work queues: which rows wait for whom, at chosen dates."""

import datetime as dt

import pytest

from models import AssistanceRequest
from models.core.queues import Queue, queue_counts, queues_for, register_queue
from models.requests.models import approve_request
from models.requests.queues import (
    approved_since_last_login,
    expiring_approvals,
    rework_answers,
)
from seed.factories import make_funding_body, make_participation, make_request, make_user

TODAY = dt.date(2026, 11, 29)


@pytest.mark.parametrize(("days", "expiring"), [(-1, False), (0, True), (30, True), (31, False)])
def test_an_approval_ends_within_30_days_from_today_on(project, days, expiring):
    request = make_request(make_participation(project=project), status="approved",
                           planned_end=TODAY + dt.timedelta(days=days))
    found = AssistanceRequest.select().where(expiring_approvals(TODAY))
    assert (request.id in {r.id for r in found}) is expiring


@pytest.mark.parametrize(("role", "keys"), [
    ("clerk", ["new_requests", "rework_answers", "expiring"]),
    ("staff_write", ["rework", "drafts", "expiring"]),
    ("staff_read", ["rework", "expiring"]),
    ("project_lead", ["rework", "drafts", "expiring"]),
    ("statistics", []),
])
def test_each_role_has_its_queues(app, role, keys):
    user = make_user(role=role)
    assert [queue.key for queue in queues_for(user) if queue.key in
            ("new_requests", "rework_answers", "rework", "drafts", "expiring")] == keys


def test_a_clerk_counts_the_new_requests_of_their_own_body_only(project):
    body = make_funding_body()
    clerk = make_user(role="clerk", funding_body=body)
    for funding_body in (body, body, make_funding_body()):
        make_request(make_participation(project=project), funding_body=funding_body,
                     status="submitted")
    counts = {queue.key: count for queue, count in queue_counts(clerk, TODAY)}
    assert counts["new_requests"] == 2


@pytest.mark.parametrize(("steps", "listed"), [
    (["submitted"], False),
    (["submitted", "rework", "submitted"], True),
    (["submitted", "rework"], False),
    (["submitted", "rework", "submitted", "approved"], False),
])
def test_an_answer_to_rework_waits_for_the_clerk(project, steps, listed):
    """Sent again after a rework request, and not decided yet."""
    from models.core.history import Event, Kind, record_history

    request = make_request(make_participation(project=project), status="in_progress")
    for status in steps:
        request.status = status
        request.save()
        entry = record_history(request, None, dt.datetime(2026, 11, 1), Event.UPDATED,
                               kind=Kind.STATUS)
        entry.status = status
        entry.save()
    found = AssistanceRequest.select().where(rework_answers(TODAY))
    assert (request.id in {r.id for r in found}) is listed


def test_a_queue_key_is_registered_once():
    with pytest.raises(ValueError, match="twice"):
        register_queue(Queue("drafts", "x", frozenset(), AssistanceRequest,
                             lambda today: True, "request.index_view"))


LOGIN = dt.datetime(2026, 11, 28, 8, 0)


@pytest.mark.parametrize(("approved_at", "previous_login", "listed"), [
    (LOGIN + dt.timedelta(minutes=1), LOGIN, True),
    (LOGIN, LOGIN, False),
    (LOGIN - dt.timedelta(days=1), LOGIN, False),
    # A first login: what was approved since the account was created (1.11.2026).
    (LOGIN - dt.timedelta(days=1), None, True),
    (dt.datetime(2026, 10, 31, 9, 0), None, False),
])
def test_approved_since_the_previous_login(project, approved_at, previous_login, listed):
    user = make_user(role="staff_write", projects=[project])
    user.previous_login_at, user.created_at = previous_login, dt.datetime(2026, 11, 1, 9, 0)
    request = make_request(make_participation(project=project), status="submitted")
    approve_request(request, make_user(role="admin"), approved_at)
    found = AssistanceRequest.select().where(approved_since_last_login(TODAY, user))
    assert (request.id in {r.id for r in found}) is listed


def test_an_approved_request_stays_news_after_it_ended(project):
    user = make_user(role="staff_write", projects=[project])
    user.previous_login_at = LOGIN
    request = make_request(make_participation(project=project), status="submitted")
    approve_request(request, make_user(role="admin"), LOGIN + dt.timedelta(hours=1))
    AssistanceRequest.update(status="ended").where(AssistanceRequest.id == request.id).execute()
    assert AssistanceRequest.select().where(approved_since_last_login(TODAY, user)).count() == 1
