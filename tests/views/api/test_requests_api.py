"""Requests through the API: drafts, changes with If-Match (a stale ETag answers 412, of two
clients with the same ETag exactly one wins), the workflow's transitions; no query per row."""

import threading

import pytest
from playhouse.test_utils import assert_query_count

from models import AssistanceRequest, HistoryEntry
from models.requests.models import Status
from seed.factories import make_api_token, make_participation, make_request, make_user
from tests.views.api.conftest import TokenClient

REQUESTS = "/api/v1/requests"


@pytest.fixture
def draft(staff, project, clerk):
    participation = make_participation(project=project, actor=staff)
    return make_request(participation, clerk.funding_body, actor=staff)


def _body(participation, body, **changes):
    return {"participation_id": participation.id, "funding_body_id": body.id,
            "approval_start": "2026-01-01", "reason": "employment",
            "delivery_model": "employer", "hours_per_week": 12.25, **changes}


def test_staff_create_a_draft(api_client, staff, draft):
    answer = api_client(staff).post(REQUESTS, json=_body(draft.participation,
                                                         draft.funding_body))
    assert answer.status_code == 201
    assert answer.get_json()["status"] == Status.IN_PROGRESS
    assert answer.headers["ETag"] == '"v0"'


def test_a_clerk_may_not_create_a_draft(api_client, clerk, draft):
    answer = api_client(clerk).post(REQUESTS, json=_body(draft.participation,
                                                         draft.funding_body))
    assert answer.status_code == 403
    assert AssistanceRequest.select().count() == 1


@pytest.mark.parametrize("if_match, status", [(None, 428), ('"v7"', 412), ("kaputt", 412),
                                              ('"v0"', 200)])
def test_a_change_needs_the_current_etag(api_client, staff, draft, if_match, status):
    headers = {"If-Match": if_match} if if_match else {}
    answer = api_client(staff).patch(f"{REQUESTS}/{draft.id}", json={"hours_per_week": 10},
                                     headers=headers)
    assert answer.status_code == status
    changed = AssistanceRequest.get_by_id(draft.id).hours_per_week == 10
    assert changed == (status == 200)


def test_of_two_clients_with_the_same_etag_exactly_one_wins(app, staff, draft):
    clients = [TokenClient(app.test_client(), make_api_token(staff)[1]) for _ in range(2)]
    for client in clients:  # the first call of each token notes its address
        client.get(f"{REQUESTS}/{draft.id}")
    start = threading.Barrier(2)
    answers = []

    def change(client, hours):
        start.wait()
        answers.append(client.patch(f"{REQUESTS}/{draft.id}", json={"hours_per_week": hours},
                                    headers={"If-Match": '"v0"'}).status_code)

    threads = [threading.Thread(target=change, args=(client, hours))
               for client, hours in zip(clients, (10, 11), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200, 412]
    assert AssistanceRequest.get_by_id(draft.id).version == 1
    assert HistoryEntry.select().where((HistoryEntry.relation == "request")
                                       & (HistoryEntry.record_id == draft.id)
                                       & (HistoryEntry.event == "updated")).count() == 1


def test_submit_then_approve_through_the_api(api_client, staff, clerk, draft):
    assert api_client(staff).post(f"{REQUESTS}/{draft.id}/submit").status_code == 200
    answer = api_client(clerk).post(f"{REQUESTS}/{draft.id}/approve")
    assert answer.status_code == 200
    assert answer.get_json()["status"] == Status.APPROVED
    assert AssistanceRequest.get_by_id(draft.id).snapshot is not None


@pytest.mark.parametrize("step", ["approve", "reject", "rework"])
def test_staff_cannot_decide(api_client, staff, draft, step):
    api_client(staff).post(f"{REQUESTS}/{draft.id}/submit")
    answer = api_client(staff).post(f"{REQUESTS}/{draft.id}/{step}", json={})
    assert answer.status_code == 403
    assert AssistanceRequest.get_by_id(draft.id).status == Status.SUBMITTED


@pytest.mark.parametrize("step", ["reject", "rework"])
def test_a_decision_without_a_reason_is_refused_at_the_field(api_client, staff, clerk, draft,
                                                            step):
    api_client(staff).post(f"{REQUESTS}/{draft.id}/submit")
    answer = api_client(clerk).post(f"{REQUESTS}/{draft.id}/{step}", json={})
    assert answer.status_code == 422
    assert "message" in str(answer.get_json())
    assert AssistanceRequest.get_by_id(draft.id).status == Status.SUBMITTED


def test_a_step_not_possible_in_the_status_is_a_conflict(api_client, staff, draft):
    answer = api_client(staff).post(f"{REQUESTS}/{draft.id}/end", json={
        "actual_end": "2026-03-01", "end_reason": "waived"})
    assert answer.status_code in (403, 409)
    assert answer.mimetype == "application/problem+json"
    assert AssistanceRequest.get_by_id(draft.id).status == Status.IN_PROGRESS


def test_a_stale_etag_on_a_transition_answers_412(api_client, staff, draft):
    answer = api_client(staff).post(f"{REQUESTS}/{draft.id}/submit",
                                    headers={"If-Match": '"v5"'})
    assert answer.status_code == 412
    assert AssistanceRequest.get_by_id(draft.id).status == Status.IN_PROGRESS


def test_the_list_runs_no_query_per_row(api_client, staff, project, clerk):
    participation = make_participation(project=project, actor=staff)
    for _ in range(5):
        make_request(participation, clerk.funding_body, actor=staff)
    api = api_client(staff)
    api.get(REQUESTS)  # the token's first use writes its address once
    with assert_query_count(2):  # the token, the page
        answer = api.get(REQUESTS)
    assert len(answer.get_json()["items"]) == 5


def test_the_persons_list_runs_no_query_per_row(api_client, staff, project):
    from seed.factories import make_person

    for _ in range(5):
        make_person(project)
    api = api_client(staff)
    api.get("/api/v1/persons")
    with assert_query_count(2):
        answer = api.get("/api/v1/persons?limit=3")
    assert len(answer.get_json()["items"]) == 3
    following = api.get(f"/api/v1/persons?limit=3&after={answer.get_json()['next']}")
    assert len(following.get_json()["items"]) == 2
    assert following.get_json()["next"] is None


@pytest.mark.parametrize("term, found", [("stanisic", True), ("Stanišić", True),
                                         ("Sta*", True), ("Mül*", False)])
def test_search_folds_as_the_panel(api_client, staff, project, term, found):
    from seed.factories import make_person

    make_person(project, first_name="Mira", last_name="Stanišić")
    answer = api_client(staff).get("/api/v1/persons", query_string={"q": term})
    assert bool(answer.get_json()["items"]) == found


def test_a_prefix_of_two_letters_is_a_problem(api_client, staff):
    answer = api_client(staff).get("/api/v1/persons", query_string={"q": "St*"})
    assert answer.status_code == 422
    assert "q" in answer.get_json()["errors"]


def test_a_duplicate_names_only_the_candidates_the_user_sees(api_client, project,
                                                             other_project):
    from seed.factories import make_person

    make_person(other_project, first_name="Erika", last_name="Muster",
                birth_date=__import__("datetime").date(1980, 1, 1))
    staff = make_user(role="staff_write", projects=[project])
    answer = api_client(staff).post("/api/v1/persons", json={
        "project_id": project.id, "first_name": "Erika", "last_name": "Muster",
        "birth_date": "1980-01-01"})
    assert answer.status_code == 409
    assert answer.get_json()["candidates"] == []


def test_the_participations_list_runs_no_query_per_row(api_client, staff, project):
    for _ in range(4):
        make_participation(project=project, actor=staff)
    api = api_client(staff)
    api.get("/api/v1/participations")
    with assert_query_count(2):
        answer = api.get("/api/v1/participations")
    assert len(answer.get_json()["items"]) == 4
    assert all(item["complete"] for item in answer.get_json()["items"])
