"""Requests through HTTP: every transition per role, bulk actions, lists, bad input."""

import datetime as dt
from decimal import Decimal

import pytest

from models import AssistanceRequest, HistoryEntry, Participation
from models.requests.models import Status
from seed.factories import (
    make_participation,
    make_request,
)
from tests.conftest import login


def _request(setting, status=None, **fields):
    return make_request(setting["participation"], setting["body"], status=status, **fields)


def _status(request):
    return AssistanceRequest.get_by_id(request.id).status


def _post_action(client, action, ids):
    return client.post("/admin/request/action/", data={"action": action, "rowid": ids},
                       follow_redirects=True)


def _hidden(body, name):
    import re

    found = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', body)
    return found.group(1) if found else ""


def _decide(client, step, ids, message=None):
    """Take a decision the way the UI does: the list action opens the decision page, its
    form (with the ids and versions the page shows) decides."""
    page = _post_action(client, step, ids)
    body = page.get_data(as_text=True)
    if page.status_code != 200 or 'name="versions"' not in body:
        return page
    data = {"ids": _hidden(body, "ids"), "versions": _hidden(body, "versions")}
    if message is not None:
        data["message"] = message
    return client.post(f"/admin/request/decide/{step}/", data=data, follow_redirects=True)


def _do(client, action, request):
    """Fire one transition the way the UI does (with its form page where it has one)."""
    if action == "submit":
        return _post_action(client, action, [request.id])
    if action in ("approve", "reject", "request_rework"):
        return _decide(client, action, [request.id],
                       None if action == "approve" else "Bitte prüfen")
    return client.post("/admin/request/end/", data={
        "ids": str(request.id), "actual_end": "31.01.2025", "end_reason": "hours_changed"},
        follow_redirects=True)


FROM = {"submit": Status.IN_PROGRESS, "approve": Status.SUBMITTED, "reject": Status.SUBMITTED,
        "request_rework": Status.SUBMITTED, "end": Status.APPROVED}
TO = {"submit": Status.SUBMITTED, "approve": Status.APPROVED, "reject": Status.REJECTED,
      "request_rework": Status.REWORK, "end": Status.ENDED}
ALLOWED = {("submit", "staff"), ("submit", "admin"), ("end", "staff"), ("end", "admin"),
           ("approve", "clerk"), ("approve", "admin"), ("reject", "clerk"), ("reject", "admin"),
           ("request_rework", "clerk"), ("request_rework", "admin")}
ACTORS = ["staff", "reader", "foreign_staff", "clerk", "other_clerk", "statistics", "admin"]


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("action", list(FROM))
def test_transitions_through_http(client, setting, action, actor):
    request = _request(setting, status=FROM[action])
    login(client, setting[actor])
    body = _do(client, action, request).get_data(as_text=True)
    if (action, actor) in ALLOWED:
        assert _status(request) == TO[action]
        assert HistoryEntry.select().where(HistoryEntry.kind == "status").count() == 1
    else:
        assert _status(request) == FROM[action]
        assert not HistoryEntry.select().where(HistoryEntry.kind == "status").exists()
        assert ("Sie dürfen das nicht" in body or "übersprungen" in body
                or "nicht gefunden" in body)


def test_bulk_approve_with_mixed_rows(client, setting):
    ready = [_request(setting, status=Status.SUBMITTED) for _ in range(2)]
    done = _request(setting, status=Status.APPROVED)
    login(client, setting["clerk"])
    body = _decide(client, "approve", [r.id for r in [*ready, done]]).get_data(as_text=True)
    assert "2 Anträge bewilligt." in body
    assert [_status(r) for r in ready] == [Status.APPROVED, Status.APPROVED]


def test_crafted_post_for_another_projects_request_changes_nothing(client, setting,
                                                                   other_project):
    foreign = make_request(make_participation(project=other_project), setting["body"])
    login(client, setting["staff"])
    body = _post_action(client, "submit", [foreign.id]).get_data(as_text=True)
    assert "nicht gefunden oder für Sie nicht sichtbar" in body
    assert _status(foreign) == Status.IN_PROGRESS


def test_approving_an_approved_request_is_not_offered(client, setting):
    request = _request(setting, status=Status.APPROVED)
    login(client, setting["clerk"])
    body = _post_action(client, "approve", [request.id]).get_data(as_text=True)
    assert "Keiner dieser Anträge kann jetzt so entschieden werden." in body
    assert 'name="versions"' not in body


def _form(setting, **overrides):
    data = {"participation": setting["participation"].id, "funding_body": setting["body"].id,
            "approval_start": "01.06.2024", "planned_end": "", "reason": "employment",
            "region": "", "delivery_model": "employer", "hours_per_week": "20", "message": ""}
    data.update(overrides)
    return data


def test_create_with_german_decimal(client, setting):
    login(client, setting["staff"])
    response = client.post("/admin/request/new/", data=_form(setting, hours_per_week="12,25"))
    assert response.status_code == 302
    assert str(AssistanceRequest.get().hours_per_week) == "12.25"


def test_hours_not_in_quarters_get_a_message(client, setting):
    login(client, setting["staff"])
    body = client.post("/admin/request/new/", data=_form(setting, hours_per_week="12,3")) \
        .get_data(as_text=True)
    assert "in Viertelstunden" in body
    assert not AssistanceRequest.select().exists()


def test_save_and_submit_in_one_step(client, setting):
    login(client, setting["staff"])
    client.post("/admin/request/new/", data=_form(setting, _submit="1"))
    assert AssistanceRequest.get().status == Status.SUBMITTED


def test_incomplete_participation_refuses_the_request(client, setting, project):
    incomplete = make_participation(project=project, complete=False)
    login(client, setting["staff"])
    body = client.post("/admin/request/new/", data=_form(setting, participation=incomplete.id)) \
        .get_data(as_text=True)
    assert "Förderbedarfsdaten der Teilnahme sind unvollständig" in body
    assert not AssistanceRequest.select().exists()


def test_submitting_after_the_participation_became_incomplete(client, setting):
    request = _request(setting)
    Participation.update(legal_basis="").execute()
    login(client, setting["staff"])
    body = _post_action(client, "submit", [request.id]).get_data(as_text=True)
    assert "unvollständig" in body
    assert _status(request) == Status.IN_PROGRESS


@pytest.mark.parametrize(
    ("data", "message"),
    [({"actual_end": "31.05.2024", "end_reason": "period_expired"},
      "Das Endedatum liegt vor dem Startdatum"),
     ({"actual_end": "31.01.2025", "end_reason": "other", "end_reason_text": ""},
      "Bitte beschreiben Sie den sonstigen Beendigungsgrund"),
     ({"actual_end": "", "end_reason": "period_expired"}, "Bitte geben Sie das tatsächliche")],
)
def test_bad_end_input(client, setting, data, message):
    request = _request(setting, status=Status.APPROVED)
    login(client, setting["staff"])
    body = client.post("/admin/request/end/", data={"ids": str(request.id), **data},
                       follow_redirects=True).get_data(as_text=True)
    assert message in body
    assert _status(request) == Status.APPROVED


def test_period_expired_before_the_planned_end_is_refused_at_the_field(client, setting):
    request = _request(setting, status=Status.APPROVED, planned_end=dt.date(2025, 5, 31))
    login(client, setting["staff"])
    body = client.post("/admin/request/end/", data={
        "ids": str(request.id), "actual_end": "31.01.2025", "end_reason": "period_expired"},
        follow_redirects=True).get_data(as_text=True)
    field_message = ('<div class="invalid-feedback">Bei abgelaufenem Bewilligungszeitraum ist '
                     'das Endedatum das geplante Ende der Bewilligung.</div>')
    assert field_message in body
    assert _status(request) == Status.APPROVED


def test_period_expired_on_the_planned_end_ends_the_request(client, setting):
    request = _request(setting, status=Status.APPROVED, planned_end=dt.date(2025, 5, 31))
    login(client, setting["staff"])
    client.post("/admin/request/end/", data={
        "ids": str(request.id), "actual_end": "31.05.2025", "end_reason": "period_expired"})
    assert _status(request) == Status.ENDED


def test_approved_request_cannot_be_edited(client, setting):
    request = _request(setting, status=Status.APPROVED)
    login(client, setting["staff"])
    response = client.post(f"/admin/request/edit/?id={request.id}",
                           data=_form(setting, hours_per_week="5"), follow_redirects=True)
    assert "Nur Anträge in Bearbeitung" in response.get_data(as_text=True)
    assert AssistanceRequest.get_by_id(request.id).hours_per_week == Decimal("20")


def test_clerk_cannot_edit_fields(client, setting):
    request = _request(setting, status=Status.REWORK)
    login(client, setting["clerk"])
    client.post(f"/admin/request/edit/?id={request.id}", data=_form(setting, hours_per_week="5"))
    assert AssistanceRequest.get_by_id(request.id).hours_per_week == Decimal("20")


LIST_KEYS = ["new", "rework", "running", "ended", "rejected", "all"]


def _counts(body):
    import re

    found = dict(re.findall(r'list=(\w+)"[^>]*>[^<(]*\((\d+)\)', body))
    found["messages"] = re.search(r"/admin/message/\"[^>]*>[^<(]*\((\d+)\)", body).group(1)
    return {key: int(value) for key, value in found.items()}


@pytest.mark.parametrize(
    ("actor", "expected"),
    [("staff", {"new": 1, "rework": 1, "running": 1, "ended": 1, "rejected": 1, "all": 6,
                "messages": 1}),
     ("clerk", {"new": 1, "rework": 1, "running": 1, "ended": 1, "rejected": 1, "all": 5,
                "messages": 1}),
     ("other_clerk", {"new": 0, "rework": 0, "running": 0, "ended": 0, "rejected": 0, "all": 0,
                      "messages": 0}),
     ("foreign_staff", {"new": 0, "rework": 0, "running": 0, "ended": 0, "rejected": 0,
                        "all": 0, "messages": 0})],
)
def test_predefined_list_counts_per_role(client, setting, actor, expected):
    from models.core.clock import now
    from models.core.history import add_message

    for status in (None, Status.SUBMITTED, Status.REWORK, Status.APPROVED, Status.ENDED,
                   Status.REJECTED):
        request = _request(setting, status=status)
    add_message(request, setting["staff"], now(), "Rückfrage")
    login(client, setting[actor])
    assert _counts(client.get("/admin/request/").get_data(as_text=True)) == expected


def test_list_shows_only_its_status(client, setting):
    submitted = _request(setting, status=Status.SUBMITTED)
    approved = _request(setting, status=Status.APPROVED)
    login(client, setting["clerk"])
    body = client.get("/admin/request/?list=new").get_data(as_text=True)
    assert f"/admin/request/details/?id={submitted.id}" in body
    assert f"/admin/request/details/?id={approved.id}" not in body


def test_message_on_a_request_is_in_history_and_messages_list(client, setting):
    request = _request(setting, status=Status.SUBMITTED)
    login(client, setting["clerk"])
    client.post(f"/admin/request/message/?id={request.id}", data={"text": "Befund fehlt"})
    history = client.get(f"/admin/request/history/?id={request.id}").get_data(as_text=True)
    listing = client.get("/admin/message/").get_data(as_text=True)
    assert "Befund fehlt" in history
    assert "Befund fehlt" in listing


def test_statistics_reader_cannot_write_messages(client, setting):
    request = _request(setting, status=Status.SUBMITTED)
    login(client, setting["statistics"])
    client.post(f"/admin/request/message/?id={request.id}", data={"text": "x"})
    assert not HistoryEntry.select().where(HistoryEntry.kind == "message").exists()


def test_request_list_query_count_is_constant(client, setting):
    from playhouse.test_utils import count_queries

    login(client, setting["staff"])
    _request(setting)
    with count_queries() as few:
        client.get("/admin/request/")
    for _ in range(10):
        _request(setting, status=Status.SUBMITTED)
    with count_queries() as many:
        client.get("/admin/request/")
    assert many.count == few.count


def test_participation_page_shows_person_requests_and_completeness(client, setting):
    request = _request(setting, status=Status.SUBMITTED)
    login(client, setting["staff"])
    body = client.get(f"/admin/participation/details/?id={setting['participation'].id}") \
        .get_data(as_text=True)
    assert "Die Förderbedarfsdaten sind vollständig." in body
    assert f"/admin/request/details/?id={request.id}" in body
    assert "Antrag gesendet" in body


def test_snapshot_is_shown_on_the_request_page(client, setting):
    request = _request(setting, status=Status.SUBMITTED)
    login(client, setting["clerk"])
    _decide(client, "approve", [request.id])
    body = client.get(f"/admin/request/details/?id={request.id}").get_data(as_text=True)
    assert "Förderbedarfsdaten bei Bewilligung" in body
    assert "Leistungsberechtigt nach bundesgesetzlichen Vorschriften" in body


def test_message_of_a_decision_is_in_the_messages_list(client, setting):
    request = _request(setting, status=Status.SUBMITTED)
    login(client, setting["clerk"])
    _decide(client, "request_rework", [request.id], "Befund nachreichen")
    login(client, setting["staff"])
    assert "Befund nachreichen" in client.get("/admin/message/").get_data(as_text=True)


@pytest.mark.parametrize(("actor", "offered"), [("staff", True), ("clerk", True),
                                                ("reader", False), ("statistics", False)])
def test_message_form_only_for_roles_that_write_messages(client, setting, actor, offered):
    request = _request(setting, status=Status.SUBMITTED)
    login(client, setting[actor])
    body = client.get(f"/admin/request/details/?id={request.id}").get_data(as_text=True)
    assert (f"/admin/request/message/?id={request.id}" in body) is offered


def test_participation_page_shows_request_messages_and_the_status_change(client, setting):
    request = _request(setting, status=Status.SUBMITTED)
    login(client, setting["clerk"])
    _decide(client, "request_rework", [request.id], "Befund nachreichen")
    login(client, setting["staff"])
    body = client.get(f"/admin/participation/details/?id={setting['participation'].id}") \
        .get_data(as_text=True)
    assert "Befund nachreichen" in body
    assert "Antrag gesendet → Nachreichung/Anpassung erforderlich" in body


def test_statistics_reader_reads_no_messages(client, setting):
    request = _request(setting, status=Status.SUBMITTED)
    login(client, setting["clerk"])
    client.post(f"/admin/request/message/?id={request.id}", data={"text": "Befund fehlt"})
    login(client, setting["statistics"])
    pages = [f"/admin/request/details/?id={request.id}", "/admin/request/",
             f"/admin/participation/details/?id={setting['participation'].id}"]
    for page in pages:
        response = client.get(page)
        body = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Befund fehlt" not in body
        assert "/admin/message/" not in body
    assert client.get("/admin/message/").status_code == 403


def test_participation_page_query_count_is_constant(client, setting):
    from playhouse.test_utils import count_queries

    login(client, setting["staff"])
    url = f"/admin/participation/details/?id={setting['participation'].id}"
    _request(setting, status=Status.SUBMITTED)
    with count_queries() as few:
        client.get(url)
    for _ in range(5):
        request = _request(setting, status=Status.SUBMITTED)
        client.post(f"/admin/request/message/?id={request.id}", data={"text": "Hinweis"})
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == few.count


@pytest.mark.parametrize(("came_from", "back_to"), [
    ("/admin/request/?list=new", "/admin/request/?list=new"),
    (None, "/admin/request/"),
    # Another site is no way back (open redirect, Flask-Admin #442): the plain list.
    ("https://evil.example/admin/request/", "/admin/request/"),
    ("javascript:alert(1)", "/admin/request/"),
])
def test_back_link_of_the_request_page_leads_to_the_list_it_came_from(client, setting,
                                                                      came_from, back_to):
    from html import escape

    request = _request(setting, status=Status.SUBMITTED)
    login(client, setting["clerk"])
    query = {"id": request.id} | ({"url": came_from} if came_from else {})
    body = client.get("/admin/request/details/", query_string=query).get_data(as_text=True)
    assert f'<a href="{escape(back_to)}">Zurück zur Liste</a>' in body
