"""Personal API tokens: made in 'Mein Konto', shown once, hashed at rest, expiry, revocation,
scopes, history; a session cookie never opens the API."""

import datetime as dt
import hashlib
import re

import pyotp
import pytest

from models import HistoryEntry, Person
from models.accounts.tokens import ApiToken, TokenEvent
from models.core import clock
from seed.factories import make_api_token, make_user
from tests.conftest import login
from tests.views.api.conftest import TokenClient

PERSONS = "/api/v1/persons"


def _form(days=30, **changes):
    valid = (clock.today() + dt.timedelta(days=days)).strftime("%d.%m.%Y")
    return {"name": "Zeiterfassung", "scopes": ["read"], "expires_on": valid,
            "password": "Geheim-2026!", **changes}


def _created_secret(html: str) -> str:
    return re.search(r'<code class="api-token-secret">([^<]+)</code>', html).group(1)


def test_a_token_is_shown_once_and_stored_as_its_hash(client, staff):
    login(client, staff)
    answer = client.post("/admin/account/tokens/", data=_form())
    secret = _created_secret(answer.get_data(as_text=True))
    token = ApiToken.get()
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in client.get("/admin/account/").get_data(as_text=True)
    assert not any(secret in str(value) for value in token.__data__.values())


def test_a_new_token_works_as_its_user(app, client, staff):
    login(client, staff)
    secret = _created_secret(client.post("/admin/account/tokens/", data=_form())
                             .get_data(as_text=True))
    assert TokenClient(app.test_client(), secret).get(PERSONS).status_code == 200


@pytest.mark.parametrize("changes, field_error", [
    ({"password": "falsch"}, "password"),
    ({"name": ""}, "name"),
    ({"scopes": []}, "scopes"),
    ({"expires_on": (dt.date.today() + dt.timedelta(days=400)).strftime("%d.%m.%Y")},
     "expires_on"),
    ({"expires_on": "31.02.2027"}, "expires_on"),
])
def test_a_refused_token_is_not_made(client, staff, changes, field_error):
    login(client, staff)
    answer = client.post("/admin/account/tokens/", data=_form(**changes))
    assert answer.status_code == 200
    assert "invalid-feedback" in answer.get_data(as_text=True)
    assert ApiToken.select().count() == 0


def test_with_a_second_factor_the_token_needs_its_code(client, app):
    user = make_user(role="staff_write", second_factor=True)
    login(client, user)
    client.post("/admin/account/tokens/", data=_form(code=""))
    assert ApiToken.select().count() == 0
    code = pyotp.TOTP(user.totp_secret).now()
    client.post("/admin/account/tokens/", data=_form(code=code))
    assert ApiToken.select().count() == 1


def test_an_expired_token_is_refused(app, staff):
    _token, secret = make_api_token(staff)
    ApiToken.update(expires_on=clock.today() - dt.timedelta(days=1)).execute()
    answer = TokenClient(app.test_client(), secret).get(PERSONS)
    assert answer.status_code == 401


def test_revocation_takes_effect_on_the_next_call(app, client, staff):
    token, secret = make_api_token(staff)
    api = TokenClient(app.test_client(), secret)
    assert api.get(PERSONS).status_code == 200
    login(client, staff)
    client.post(f"/admin/account/tokens/revoke/?id={token.id}")
    assert api.get(PERSONS).status_code == 401


@pytest.mark.parametrize("role, status", [("admin", 302), ("staff_write", 404)])
def test_only_an_administrator_revokes_someone_elses_token(client, staff, role, status):
    token, _secret = make_api_token(staff)
    login(client, make_user(role=role))
    assert client.post(f"/admin/account/tokens/revoke/?id={token.id}").status_code == status
    assert (ApiToken.get_by_id(token.id).revoked_at is not None) == (role == "admin")


def test_a_read_token_cannot_write(app, staff, project):
    _token, secret = make_api_token(staff, scopes=("read",))
    entries = HistoryEntry.select().where(HistoryEntry.relation != "user").count()
    answer = TokenClient(app.test_client(), secret).post(PERSONS, json={
        "project_id": project.id, "first_name": "Lesa", "last_name": "Nur"})
    assert answer.status_code == 403
    assert Person.select().count() == 0
    assert HistoryEntry.select().where(HistoryEntry.relation != "user").count() == entries


def test_a_session_cookie_does_not_open_the_api(client, staff):
    login(client, staff)
    assert client.get(PERSONS).status_code == 401


@pytest.mark.parametrize("event", [TokenEvent.CREATED, TokenEvent.NEW_ADDRESS,
                                   TokenEvent.REVOKED])
def test_creation_new_address_and_revocation_are_in_the_history(app, client, staff, event):
    login(client, staff)
    secret = _created_secret(client.post("/admin/account/tokens/", data=_form())
                             .get_data(as_text=True))
    TokenClient(app.test_client(), secret).get(PERSONS)
    client.post(f"/admin/account/tokens/revoke/?id={ApiToken.get().id}")
    assert HistoryEntry.select().where((HistoryEntry.relation == "user")
                                       & (HistoryEntry.record_id == staff.id)
                                       & (HistoryEntry.event == event)).count() == 1


def test_a_second_call_from_the_same_address_adds_no_history(app, staff):
    _token, secret = make_api_token(staff)
    api = TokenClient(app.test_client(), secret)
    api.get(PERSONS)
    api.get(PERSONS)
    assert HistoryEntry.select().where(HistoryEntry.event == TokenEvent.NEW_ADDRESS).count() == 1


def test_the_api_needs_no_csrf_token_where_the_panel_demands_one(app, database_url, staff,
                                                                 project):
    from admin_app import create_app

    strict = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "test-secret",
                         "TESTING": True, "WTF_CSRF_ENABLED": True})
    _token, secret = make_api_token(staff)
    answer = TokenClient(strict.test_client(), secret).post(PERSONS, json={
        "project_id": project.id, "first_name": "Ohne", "last_name": "Formular"})
    assert answer.status_code == 201
    panel = login(strict.test_client(), staff).post("/admin/account/tokens/", data=_form())
    assert panel.status_code == 303  # refused by CSRF: back to the page, nothing made
    assert ApiToken.select().count() == 1
