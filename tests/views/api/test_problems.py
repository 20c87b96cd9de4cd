"""Bad input and bad tokens: a German problem document, nothing changed, nothing in the
history, never a server error; rate limits answer 429 with Retry-After."""

import datetime as dt

import pytest

from models import AssistanceRequest, HistoryEntry, Person
from models.accounts.tokens import ApiToken
from models.core import clock
from seed.factories import make_api_token
from tests.views.api.conftest import TokenClient

PERSONS = "/api/v1/persons"


def _person(project, **changes):
    return {"project_id": project.id, "first_name": "Erika", "last_name": "Muster", **changes}


BAD_BODIES = [
    ("malformed JSON", lambda p: {"data": "{\"first_name\": ", "content_type": "application/json"},
     400, None),
    ("unknown field", lambda p: {"json": _person(p, hobby="Schach")}, 422, "hobby"),
    ("wrong type", lambda p: {"json": _person(p, project_id="eins")}, 422, "project_id"),
    ("impossible date", lambda p: {"json": _person(p, birth_date="2025-02-31")}, 422,
     "birth_date"),
    ("missing field", lambda p: {"json": {"project_id": p.id}}, 422, "last_name"),
    ("domain rule", lambda p: {"json": _person(p, birth_date="2099-01-01")}, 422, "birth_date"),
    ("list instead of object", lambda p: {"json": [1, 2]}, 422, None),
]


@pytest.mark.parametrize("case, body, status, field", BAD_BODIES,
                         ids=[case[0] for case in BAD_BODIES])
def test_bad_input_is_a_german_problem_and_changes_nothing(api_client, staff, project, case,
                                                           body, status, field):
    api = api_client(staff)
    entries = HistoryEntry.select().where(HistoryEntry.relation != "user").count()
    answer = api.post(PERSONS, **body(project))
    assert answer.status_code == status
    assert answer.mimetype == "application/problem+json"
    problem = answer.get_json()
    assert problem["status"] == status and problem["title"] != ""
    assert problem["title"] in ("Die Anfrage konnte nicht gelesen werden.",
                                "Einige Werte sind ungültig.")
    if field:
        assert field in problem["errors"]
        assert all("Traceback" not in text for text in problem["errors"][field])
    assert Person.select().count() == 0
    assert HistoryEntry.select().where(HistoryEntry.relation != "user").count() == entries


def _revoked(user):
    token, secret = make_api_token(user)
    ApiToken.update(revoked_at=clock.now()).where(ApiToken.id == token.id).execute()
    return secret


def _expired(user):
    token, secret = make_api_token(user)
    ApiToken.update(expires_on=clock.today() - dt.timedelta(days=1)).where(
        ApiToken.id == token.id).execute()
    return secret


BAD_TOKENS = [
    ("missing", lambda user: None),
    ("unknown", lambda user: "fk_" + "x" * 43),
    ("revoked", _revoked),
    ("expired", _expired),
    ("not a token", lambda user: "Basic dXNlcjpwdw=="),
]


@pytest.mark.parametrize("case, secret_of", BAD_TOKENS, ids=[case[0] for case in BAD_TOKENS])
def test_a_bad_token_is_refused_with_a_german_problem(app, staff, project, case, secret_of):
    secret = secret_of(staff)
    entries = HistoryEntry.select().where(HistoryEntry.relation != "user").count()
    client = app.test_client()
    headers = {"Authorization": f"Bearer {secret}"} if secret else {}
    answer = client.post(PERSONS, json=_person(project), headers=headers)
    assert answer.status_code == 401
    assert answer.mimetype == "application/problem+json"
    assert answer.headers["WWW-Authenticate"] == "Bearer"
    assert answer.get_json()["title"] == "Die Anmeldung fehlt oder ist ungültig."
    assert Person.select().count() == 0
    assert HistoryEntry.select().where(HistoryEntry.relation != "user").count() == entries


def test_an_unknown_address_is_a_problem_not_a_page(api_client, staff):
    answer = api_client(staff).get("/api/v1/nothing-here")
    assert answer.status_code == 404
    assert answer.mimetype == "application/problem+json"


def test_an_id_of_another_project_is_not_found(api_client, staff, other_project):
    from seed.factories import make_person

    stranger = make_person(other_project)
    answer = api_client(staff).get(f"{PERSONS}/{stranger.id}")
    assert answer.status_code == 404
    assert answer.mimetype == "application/problem+json"


def test_too_many_calls_answer_429_with_retry_after(app, staff):
    from views.api import limiter

    _token, secret = make_api_token(staff)
    api = TokenClient(app.test_client(), secret)
    limiter.reset()
    app.config["API_RATE_LIMIT"] = "2 per minute"
    try:
        answers = [api.get(PERSONS) for _ in range(3)]
    finally:
        app.config["API_RATE_LIMIT"] = "300 per minute"
        limiter.reset()
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].mimetype == "application/problem+json"
    assert int(answers[2].headers["Retry-After"]) > 0


def test_the_limit_counts_per_token(app, staff):
    from views.api import limiter

    clients = [TokenClient(app.test_client(), make_api_token(staff)[1]) for _ in range(2)]
    limiter.reset()
    app.config["API_RATE_LIMIT"] = "1 per minute"
    try:
        answers = [api.get(PERSONS).status_code for api in clients]
    finally:
        app.config["API_RATE_LIMIT"] = "300 per minute"
        limiter.reset()
    assert answers == [200, 200]


def test_a_server_error_is_a_problem_without_details(app, api_client, staff, monkeypatch):
    import views.api.persons

    def broken(*_args):
        raise RuntimeError("geheime Einzelheit")

    monkeypatch.setattr(views.api.persons, "person_data", broken)
    from seed.factories import make_person

    make_person(staff.assignments.get().project)
    answer = api_client(staff).get(PERSONS)
    assert answer.status_code == 500
    assert answer.mimetype == "application/problem+json"
    assert "geheime" not in answer.get_data(as_text=True)
    assert AssistanceRequest.select().count() == 0


def test_an_oversize_body_is_refused_before_it_is_read(api_client, staff, project):
    padding = "x" * (1024 * 1024)
    answer = api_client(staff).post(PERSONS, json=_person(project, street=padding))
    assert answer.status_code == 413
    assert answer.mimetype == "application/problem+json"
    assert Person.select().count() == 0


@pytest.mark.parametrize("changes, field, text", [
    ({"hobby": "Schach"}, "hobby", "Unbekanntes Feld."),
    ({"birth_date": "2025-02-31"}, "birth_date", "Kein gültiges Datum (JJJJ-MM-TT)."),
    ({"gender": "q"}, "gender", "Keiner der erlaubten Werte."),
    ({"project_id": "eins"}, "project_id", "Keine ganze Zahl."),
    ({"lives_in_country": "vielleicht"}, "lives_in_country",
     "Kein Ja/Nein-Wert (true oder false)."),
    ({"birth_date": "2099-01-01"}, "birth_date",
     "Das Geburtsdatum muss zwischen 1900 und heute liegen."),
])
def test_field_errors_are_german(api_client, staff, project, changes, field, text):
    answer = api_client(staff).post(PERSONS, json=_person(project, **changes))
    assert answer.get_json()["errors"][field] == [text]
