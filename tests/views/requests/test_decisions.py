"""Decisions with their basis: the request page shows what a decision rests on, approve asks
for a confirmation naming the request, bulk approve lists the rows first, rejecting and
sending back need a reason."""

import datetime as dt
import re

import pytest
from playhouse.test_utils import count_queries

from models import AssistanceRequest, HistoryEntry
from models.requests.models import Status
from seed.factories import (
    make_delivered_hours,
    make_disability_proof,
    make_document,
    make_funding_body,
    make_participation,
    make_request,
)
from tests.conftest import login


def _request(setting, status=Status.SUBMITTED, **fields):
    return make_request(setting["participation"], setting["body"], status=status, **fields)


def _status(request):
    return AssistanceRequest.get_by_id(request.id).status


def _hidden(body, name):
    found = re.search(rf'name="{name}" type="hidden" value="([^"]*)"', body)
    return found.group(1) if found else None


def _status_entries():
    return HistoryEntry.select().where(HistoryEntry.kind == "status").count()


def _confirmation(client, step, request):
    return client.get(f"/admin/request/decide/{step}/?id={request.id}").get_data(as_text=True)


def _confirm(client, step, body, message=None):
    data = {"ids": _hidden(body, "ids"), "versions": _hidden(body, "versions")}
    if message is not None:
        data["message"] = message
    return client.post(f"/admin/request/decide/{step}/", data=data, follow_redirects=True)


# -- the confirmation page --------------------------------------------------------------------


def test_the_confirmation_page_names_person_period_and_hours(client, setting):
    request = _request(setting, planned_end=dt.date(2024, 12, 31))
    login(client, setting["clerk"])
    body = _confirmation(client, "approve", request)
    person = setting["participation"].person
    assert f"{person.first_name}" in body and person.pseudonym in body
    assert "01.06.2024 – 31.12.2024" in body
    assert "20,00 h" in body
    assert "Bewilligung bestätigen" in body


@pytest.mark.parametrize("step", ["approve", "reject", "request_rework"])
def test_opening_the_confirmation_changes_nothing(client, setting, step):
    request = _request(setting)
    login(client, setting["clerk"])
    _confirmation(client, step, request)
    client.post("/admin/request/action/", data={"action": step, "rowid": [request.id]})
    assert _status(request) == Status.SUBMITTED
    assert _status_entries() == 0


def test_confirming_approves_the_request(client, setting):
    request = _request(setting)
    login(client, setting["clerk"])
    body = _confirm(client, "approve", _confirmation(client, "approve", request)) \
        .get_data(as_text=True)
    assert _status(request) == Status.APPROVED
    assert _status_entries() == 1
    assert f"Antrag #{request.id} " in body and " bewilligt." in body


@pytest.mark.parametrize("versions", [None, "", "999999:1"])
def test_a_post_without_the_confirmed_version_changes_nothing(client, setting, versions):
    request = _request(setting)
    login(client, setting["clerk"])
    data = {"ids": str(request.id)}
    if versions is not None:
        data["versions"] = versions
    body = client.post("/admin/request/decide/approve/", data=data, follow_redirects=True) \
        .get_data(as_text=True)
    assert _status(request) == Status.SUBMITTED
    assert "nicht auf der Bestätigungsseite angezeigt" in body


def test_a_request_changed_after_the_confirmation_page_is_not_decided(client, setting):
    request = _request(setting)
    login(client, setting["clerk"])
    page = _confirmation(client, "approve", request)
    AssistanceRequest.update(version=AssistanceRequest.version + 1).where(
        AssistanceRequest.id == request.id).execute()
    body = _confirm(client, "approve", page).get_data(as_text=True)
    assert _status(request) == Status.SUBMITTED
    assert "übersprungen" in body


@pytest.mark.parametrize("actor", ["staff", "reader", "statistics", "other_clerk"])
@pytest.mark.parametrize("step", ["approve", "reject", "request_rework"])
def test_who_may_not_decide_gets_no_confirmation_and_changes_nothing(client, setting, actor,
                                                                     step):
    request = _request(setting)
    login(client, setting[actor])
    page = client.get(f"/admin/request/decide/{step}/?id={request.id}", follow_redirects=True)
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="versions"' not in body
    client.post(f"/admin/request/decide/{step}/", data={
        "ids": str(request.id), "versions": f"{request.id}:{request.version}",
        "message": "Keine Zuständigkeit"})
    assert _status(request) == Status.SUBMITTED
    assert _status_entries() == 0


# -- bulk approve -----------------------------------------------------------------------------


def test_bulk_approve_lists_the_rows_and_their_count_first(client, setting):
    ready = [_request(setting) for _ in range(3)]
    done = _request(setting, status=Status.APPROVED)
    login(client, setting["clerk"])
    body = client.post("/admin/request/action/", data={
        "action": "approve", "rowid": [r.id for r in [*ready, done]]}).get_data(as_text=True)
    assert "4 Anträge ausgewählt." in body
    assert "Davon können 3 jetzt entschieden werden" in body
    for row in [*ready, done]:
        assert f'data-row="request-{row.id}"' in body
    assert _hidden(body, "ids") == ",".join(str(r.id) for r in ready)
    assert [_status(r) for r in ready] == [Status.SUBMITTED] * 3


def test_bulk_approve_after_confirmation_approves_the_listed_rows(client, setting):
    ready = [_request(setting) for _ in range(3)]
    login(client, setting["clerk"])
    page = client.post("/admin/request/action/", data={
        "action": "approve", "rowid": [r.id for r in ready]}).get_data(as_text=True)
    body = _confirm(client, "approve", page).get_data(as_text=True)
    assert "3 Anträge bewilligt." in body
    assert [_status(r) for r in ready] == [Status.APPROVED] * 3


def test_bulk_approve_lists_no_row_of_another_body(client, setting):
    own = _request(setting)
    foreign = make_request(setting["participation"], make_funding_body(),
                           status=Status.SUBMITTED)
    login(client, setting["clerk"])
    body = client.post("/admin/request/action/", data={
        "action": "approve", "rowid": [own.id, foreign.id]}).get_data(as_text=True)
    assert "1 Antrag ausgewählt." in body
    assert f'data-row="request-{foreign.id}"' not in body


# -- a reason for rejecting and sending back ----------------------------------------------------


@pytest.mark.parametrize("message", ["", "   "])
@pytest.mark.parametrize("step", ["reject", "request_rework"])
def test_a_decision_against_the_request_without_reason_is_refused_at_the_field(
        client, setting, step, message):
    request = _request(setting)
    login(client, setting["clerk"])
    body = _confirm(client, step, _confirmation(client, step, request), message) \
        .get_data(as_text=True)
    assert ('<div class="invalid-feedback" id="message-error">Bitte geben Sie die Begründung '
            'an; das Projekt liest sie.</div>') in body
    assert _status(request) == Status.SUBMITTED
    assert _status_entries() == 0


@pytest.mark.parametrize(("step", "status"), [("reject", Status.REJECTED),
                                              ("request_rework", Status.REWORK)])
def test_the_project_reads_the_reason_on_the_request_page(client, setting, step, status):
    request = _request(setting)
    login(client, setting["clerk"])
    _confirm(client, step, _confirmation(client, step, request), "Befund fehlt")
    assert _status(request) == status
    login(client, setting["staff"])
    body = client.get(f"/admin/request/details/?id={request.id}").get_data(as_text=True)
    reason = re.search(r'data-section="reason">(.*?)</div>', body, re.S).group(1)
    assert "Begründung der Entscheidung" in reason
    assert "Befund fehlt" in reason


# -- the basis on the request page --------------------------------------------------------------


def _page(client, request):
    return client.get(f"/admin/request/details/?id={request.id}").get_data(as_text=True)


def _section(body, name):
    start = body.index(f'data-section="{name}"')
    return body[start:body.index("</section>", start)]


@pytest.mark.parametrize(("status", "marked"), [(Status.SUBMITTED, True),
                                                (Status.REWORK, True),
                                                (Status.REJECTED, False)])
def test_eligibility_before_approval_is_marked_as_frozen_on_approval(client, setting, status,
                                                                     marked):
    request = _request(setting, status=status)
    login(client, setting["clerk"])
    section = _section(_page(client, request), "eligibility")
    assert ("wird bei Bewilligung festgeschrieben" in section) is marked
    assert "Leistungsberechtigt nach bundesgesetzlichen Vorschriften" in section


def test_after_approval_the_page_shows_the_frozen_snapshot(client, setting):
    request = _request(setting)
    login(client, setting["clerk"])
    _confirm(client, "approve", _confirmation(client, "approve", request))
    participation = setting["participation"]
    participation.care_level = 6
    participation.save()
    section = _section(_page(client, request), "eligibility")
    assert "Förderbedarfsdaten bei Bewilligung" in section
    assert "wird bei Bewilligung festgeschrieben" not in section


def test_the_basis_lists_other_requests_with_their_hours(client, setting):
    request = _request(setting)
    earlier = _request(setting, status=Status.ENDED, approval_start=dt.date(2024, 1, 1),
                       actual_end=dt.date(2024, 1, 14), hours_per_week=7)
    login(client, setting["clerk"])
    section = _section(_page(client, request), "other-requests")
    assert f'data-row="request-{earlier.id}"' in section
    assert "01.01.2024 – 14.01.2024" in section
    assert "14,00 h" in section        # 14 days × 7 h ÷ 7
    assert f'data-row="request-{request.id}"' not in section


def test_a_clerk_sees_no_other_bodys_request_in_the_basis(client, setting):
    request = _request(setting)
    foreign = make_request(setting["participation"], make_funding_body(),
                           status=Status.APPROVED)
    login(client, setting["clerk"])
    assert f'data-row="request-{foreign.id}"' not in _page(client, request)
    login(client, setting["staff"])
    assert f'data-row="request-{foreign.id}"' in _page(client, request)


@pytest.mark.parametrize(("actor", "names_shown"), [("clerk", True), ("staff", True),
                                                   ("statistics", False)])
def test_the_basis_shows_documents_and_proofs_as_their_lists_do(client, setting, actor,
                                                               names_shown):
    request = _request(setting)
    participation = setting["participation"]
    make_document(participation, name="Bescheid-Teilnahme.pdf")
    proof = make_disability_proof(participation.person)
    make_document(proof, name="Feststellungsbescheid.pdf", kind="disability_proof")
    login(client, setting[actor])
    body = _page(client, request)
    basis = body[body.index('data-section="basis"'):]
    assert f'data-row="disability_proof-{proof.id}"' in basis
    assert ("Bescheid-Teilnahme.pdf" in basis) is names_shown
    assert ("Feststellungsbescheid.pdf" in basis) is names_shown
    assert ("Depression" in basis) is names_shown


def test_the_request_page_offers_no_upload_in_the_basis(client, setting):
    request = _request(setting)
    login(client, setting["staff"])
    assert "/admin/document/upload/" not in _page(client, request)


def test_the_request_page_shows_messages_of_the_other_requests(client, setting):
    request = _request(setting)
    earlier = _request(setting)
    login(client, setting["clerk"])
    _confirm(client, "request_rework", _confirmation(client, "request_rework", earlier),
             "Bitte Befund nachreichen")
    body = _page(client, request)
    assert "Bitte Befund nachreichen" in body
    assert f"/admin/request/details/?id={earlier.id}" in body


def test_the_request_page_query_count_is_constant(client, setting):
    request = _request(setting)
    participation = setting["participation"]
    login(client, setting["clerk"])

    def add(index):
        make_document(participation, name=f"Bescheid-{index}.pdf")
        proof = make_disability_proof(participation.person)
        make_document(proof, name=f"Nachweis-{index}.pdf", kind="disability_proof")
        _request(setting, status=Status.APPROVED)
        make_delivered_hours(participation, period_start=dt.date(2025, index + 1, 1),
                             period_end=dt.date(2025, index + 1, 28))

    add(0)
    with count_queries() as few:
        _page(client, request)
    for index in range(1, 5):
        add(index)
    with count_queries() as many:
        _page(client, request)
    assert many.count == few.count


def test_the_participation_of_another_project_gives_no_basis(client, setting, other_project):
    foreign = make_request(make_participation(project=other_project), setting["body"],
                           status=Status.SUBMITTED)
    login(client, setting["staff"])
    assert client.get(f"/admin/request/details/?id={foreign.id}").status_code == 404


@pytest.mark.parametrize(("method", "url", "data"), [
    ("get", "/admin/request/decide/approve/?id=abc", None),
    ("get", "/admin/request/decide/approve/?id=99999999999999999999999", None),
    ("get", "/admin/request/decide/approve/", None),
    ("get", "/admin/request/decide/delete/?id=1", None),
    ("post", "/admin/request/decide/approve/", {"ids": "1,x,²", "versions": "1:x,:,²:2"}),
    ("post", "/admin/request/decide/reject/", {"ids": "", "versions": "", "message": "\x00"}),
    ("post", "/admin/request/decide/request_rework/", {"ids": "-1", "message": "x" * 10000}),
])
def test_nasty_input_to_the_decision_page_is_no_server_error(client, setting, method, url,
                                                             data):
    request = _request(setting)
    login(client, setting["clerk"])
    response = getattr(client, method)(url, data=data, follow_redirects=True)
    # 400: the app refuses NUL characters in any input before a view sees them.
    assert response.status_code in (200, 400, 404)
    assert _status(request) == Status.SUBMITTED


@pytest.mark.parametrize(("chosen_in", "count", "lands_on"), [
    # Several requests: back to the list they were chosen in, where the next ones wait.
    ("/admin/request/?list=new", 2, "/admin/request/?list=new"),
    (None, 2, "/admin/request/"),
    ("https://evil.example/admin/request/?list=new", 2, "/admin/request/"),
    # One request: its page, with the decision on it.
    ("/admin/request/?list=new", 1, "/admin/request/details/?id="),
])
def test_after_a_decision_the_clerk_lands_where_the_requests_were_chosen(
        client, setting, chosen_in, count, lands_on):
    rows = [_request(setting) for _ in range(count)]
    login(client, setting["clerk"])
    data = {"action": "approve", "rowid": [row.id for row in rows]}
    if chosen_in:
        data["url"] = chosen_in
    body = client.post("/admin/request/action/", data=data).get_data(as_text=True)
    response = client.post("/admin/request/decide/approve/", data={
        "ids": _hidden(body, "ids"), "versions": _hidden(body, "versions"),
        "url": _hidden(body, "url") or ""})
    assert {_status(row) for row in rows} == {Status.APPROVED}
    assert response.status_code == 302
    assert response.headers["Location"].startswith(lands_on)
