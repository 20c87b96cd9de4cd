"""The start-page queues of issue 15, per role: each count equals the rows its link shows,
and each role sees exactly its own queues over the rows of its own scope."""

import datetime as dt
import re

import pytest
from playhouse.test_utils import count_queries

from models import User
from models.core.clock import now, today
from models.hours.queues import last_month
from models.requests.models import approve_request
from seed.factories import (
    assign,
    make_approval_period,
    make_care_case,
    make_delivered_hours,
    make_participation,
    make_project,
    make_request,
    make_user,
)
from tests.conftest import login

NEW_QUEUES = ("approved_since_login", "hours_missing", "red_marks", "expiring_assignments",
              "locked_accounts")


def _queues(body: str) -> dict:
    """{queue key: (count, address)} of the start page's queues that name a key."""
    items = re.findall(r'<a href="([^"]+)">[^<]+</a>\s*<span class="badge[^"]*">(\d+)', body)
    found = {}
    for url, count in items:
        key = re.search(r"queue=(\w+)", url)
        if key:
            found[key.group(1)] = (int(count), url.replace("&amp;", "&"))
    return found


def _listed(body: str, endpoint: str) -> set[int]:
    return {int(i) for i in re.findall(rf'/admin/{endpoint}/details/\?id=(\d+)', body)}


ENDPOINTS = {"approved_since_login": "request", "hours_missing": "participation",
             "red_marks": "care_case", "expiring_assignments": "assignment",
             "locked_accounts": "user"}


def _scene(project, admin):
    """Rows inside and outside each queue, in `project` and in another one; {name: id}."""
    other = make_project()
    ids = {}
    # Approved since the previous login (a day ago), approved before it, and elsewhere;
    # starting in the future, so that no hours of last month are due for them.
    later = today() + dt.timedelta(days=60)
    for name, where, at in (("new", project, now()),
                            ("old", project, now() - dt.timedelta(days=3)),
                            ("elsewhere", other, now())):
        request = make_request(make_participation(project=project if where is project
                                                  else other),
                               status="submitted", approval_start=later)
        approve_request(request, admin, at)
        ids[f"approved_{name}"] = request.id
    # Hours of last month: approved without an entry, approved with one, elsewhere.
    start, end = last_month(today())
    for name, where, entry in (("missing", project, False), ("entered", project, True),
                               ("elsewhere", other, False)):
        participation = make_participation(project=where)
        make_request(participation, status="approved", approval_start=start)
        if entry:
            make_delivered_hours(participation, period_start=start, period_end=end)
        ids[f"hours_{name}"] = participation.id
    # Clients: no approval (red), a running one with hours (no mark), red elsewhere.
    ids["red"] = make_care_case(make_participation(project=project)).id
    fine = make_care_case(make_participation(project=project))
    make_approval_period(fine, start=today() - dt.timedelta(days=10),
                         end=today() + dt.timedelta(days=100))
    make_care_case(make_participation(project=other))
    # Assignments: ending in 10 days here and elsewhere, in 40 days here.
    colleague = make_user(role="staff_write")
    ids["ending_here"] = assign(colleague, project, valid_to=today() + dt.timedelta(days=10)).id
    ids["ending_elsewhere"] = assign(colleague, other,
                                     valid_to=today() + dt.timedelta(days=10)).id
    assign(make_user(role="staff_read"), project, valid_to=today() + dt.timedelta(days=40))
    locked = make_user(role="staff_write")
    User.update(locked_at=now()).where(User.id == locked.id).execute()
    ids["locked"] = locked.id
    return ids


EXPECTED = {
    "staff_write": {"approved_since_login": ["approved_new"], "hours_missing": ["hours_missing"],
                    "red_marks": ["red"]},
    "staff_read": {"approved_since_login": ["approved_new"], "red_marks": ["red"]},
    "project_lead": {"approved_since_login": ["approved_new"], "hours_missing": ["hours_missing"],
                     "red_marks": ["red"], "expiring_assignments": ["ending_here"]},
    "admin": {"locked_accounts": ["locked"],
              "expiring_assignments": ["ending_here", "ending_elsewhere"]},
    "clerk": {},
    "statistics": {},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_each_role_counts_exactly_the_rows_its_queue_links_show(client, project, admin, role):
    ids = _scene(project, admin)
    user = make_user(role=role, projects=[project] if role in EXPECTED_STAFF else ())
    User.update(previous_login_at=now() - dt.timedelta(days=1)).where(
        User.id == user.id).execute()
    login(client, user)
    queues = _queues(client.get("/admin/").get_data(as_text=True))
    assert {key for key in queues if key in NEW_QUEUES} == set(EXPECTED[role])
    for key, names in EXPECTED[role].items():
        count, url = queues[key]
        shown = _listed(client.get(url).get_data(as_text=True), ENDPOINTS[key])
        assert (count, shown) == (len(names), {ids[name] for name in names})


EXPECTED_STAFF = ("staff_write", "staff_read", "project_lead")
# Loading the user of the session, and the three charts' figures (a constant number,
# tests/views/test_home_charts.py); everything else on the page is one count per queue.
SESSION_QUERIES = 1
CHART_QUERIES = 4


def _home_queries(client) -> tuple[int, int]:
    """(queries, queues) of one start page."""
    with count_queries() as counter:
        body = client.get("/admin/").get_data(as_text=True)
    return counter.count, body.count('class="list-group-item')


@pytest.mark.parametrize("role", EXPECTED_STAFF + ("admin", "clerk"))
def test_the_start_page_counts_each_queue_in_one_query_however_many_rows(client, project,
                                                                         admin, role):
    user = make_user(role=role, projects=[project] if role in EXPECTED_STAFF else ())
    login(client, user)
    client.get("/admin/")
    few, queues = _home_queries(client)
    for _ in range(2):
        _scene(project, admin)
    many, _ = _home_queries(client)
    assert many == few
    assert few <= queues + SESSION_QUERIES + CHART_QUERIES


def _reworked_and_sent(participation, body):
    """A request sent, sent back for rework and sent again (its status entries as written)."""
    from models.core.history import Event, Kind, record_history

    request = make_request(participation, body, status="submitted")
    for status in ("submitted", "rework", "submitted"):
        entry = record_history(request, None, now(), Event.UPDATED, kind=Kind.STATUS)
        entry.status = status
        entry.save()
    return request


def test_a_clerk_finds_the_answers_to_rework_of_their_body(client, project):
    from seed.factories import make_funding_body

    body, other = make_funding_body(), make_funding_body()
    answer = _reworked_and_sent(make_participation(project=project), body)
    _reworked_and_sent(make_participation(project=project), other)
    make_request(make_participation(project=project), body, status="submitted")
    login(client, make_user(role="clerk", funding_body=body))
    count, url = _queues(client.get("/admin/").get_data(as_text=True))["rework_answers"]
    shown = _listed(client.get(url).get_data(as_text=True), "request")
    assert (count, shown) == (1, {answer.id})


def test_everyone_finds_their_own_scheduled_or_failed_exports(client, admin):
    """The queue of the Datenexporte page: own exports scheduled for later or failed, not
    those produced, and not another user's (administrators see those on the page)."""
    from models import DataExport
    from models.exports.models import ExportStatus

    def export(creator, status):
        return DataExport.create(creator=creator, kind="requests", scope="pb", status=status,
                                 created_at=now(), scheduled_on=today())

    colleague = make_user(role="admin")
    waiting = {export(admin, ExportStatus.SCHEDULED).id, export(admin, ExportStatus.FAILED).id}
    export(admin, ExportStatus.DONE)
    export(colleague, ExportStatus.SCHEDULED)
    login(client, admin)
    count, url = _queues(client.get("/admin/").get_data(as_text=True))["scheduled_exports"]
    page = client.get(url).get_data(as_text=True)
    shown = {int(i) for i in re.findall(r'<tr id="export-(\d+)"', page)}
    assert (count, shown) == (2, waiting)
