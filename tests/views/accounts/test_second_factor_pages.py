"""'Mein Konto', second factor: a voluntary set-up starts with the password, by POST; switching
off needs the password; wrong passwords count as failed logins."""

import re

import pyotp
import pytest

from models import User
from seed.factories import make_user
from tests.conftest import login

PASSWORD = "Richtig-2026!"
START = "/admin/account/second-factor/start/"
ENROL = "/admin/account/second-factor/"


@pytest.fixture
def staff_client(client, project):
    user = make_user(role="staff_write", projects=[project], password=PASSWORD)
    return login(client, user), user


def _stored(user) -> User:
    return User.get_by_id(user.id)


def test_the_account_page_asks_for_the_password_before_the_set_up(staff_client):
    client, _user = staff_client
    page = client.get("/admin/account/").get_data(as_text=True)
    assert f'action="{START}"' in page
    assert 'id="enrol-password" type="password"' in page


def test_opening_the_set_up_page_writes_nothing_and_leads_to_the_password(staff_client):
    client, user = staff_client
    response = client.get(ENROL, follow_redirects=True)
    assert "Bitte bestätigen Sie die Einrichtung des zweiten Faktors mit Ihrem Passwort." \
        in response.get_data(as_text=True)
    assert _stored(user).totp_secret is None


@pytest.mark.parametrize(("password", "message"), [
    ("falsch", "Das aktuelle Passwort ist falsch."),
    ("", "Bitte geben Sie Ihr Passwort ein."),
])
def test_a_wrong_password_starts_nothing(staff_client, password, message):
    client, user = staff_client
    body = client.post(START, data={"password": password}).get_data(as_text=True)
    field = re.search(r'<input id="enrol-password"[^>]*>\s*<button[^>]*>[^<]*</button>\s*'
                      r'<div class="invalid-feedback[^"]*" id="enrol-password-error">([^<]*)</div>',
                      body)
    assert field is not None and field.group(1) == message
    assert _stored(user).totp_secret is None
    assert client.get(ENROL).status_code == 302


def test_a_wrong_password_counts_as_a_failed_login(staff_client):
    client, user = staff_client
    client.post(START, data={"password": "falsch"})
    stored = _stored(user)
    assert stored.totp_secret is None and stored.failed_logins == 1


def test_with_the_password_the_set_up_runs_to_the_end(staff_client):
    client, user = staff_client
    response = client.post(START, data={"password": PASSWORD})
    assert response.headers["Location"].endswith(ENROL)
    page = client.get(ENROL).get_data(as_text=True)
    assert "<svg" in page and "QR-Code" in page
    secret = _stored(user).totp_secret
    codes = client.post(ENROL, data={"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    assert codes.count("<li><code>") == 10
    assert _stored(user).totp_enabled


def test_a_set_up_begun_in_one_session_does_not_open_in_another(app, staff_client):
    client, user = staff_client
    client.post(START, data={"password": PASSWORD})
    unattended = login(app.test_client(), _stored(user))
    assert unattended.get(ENROL).status_code == 302
    code = pyotp.TOTP(_stored(user).totp_secret).now()
    unattended.post(ENROL, data={"code": code})
    assert not _stored(user).totp_enabled


def test_the_set_up_page_is_german(staff_client):
    from tests.test_i18n import _english_words

    client, _user = staff_client
    client.post(START, data={"password": PASSWORD})
    assert _english_words(client.get(ENROL).get_data(as_text=True)) == []


@pytest.mark.parametrize(("password", "switched_off", "message"), [
    ("falsch", False, "Das aktuelle Passwort ist falsch."),
    (PASSWORD, True, "Der zweite Faktor ist abgeschaltet."),
])
def test_switching_off_needs_the_password(client, project, password, switched_off, message):
    user = make_user(role="staff_write", projects=[project], password=PASSWORD,
                     second_factor=True)
    login(client, user)
    response = client.post("/admin/account/second-factor/off/", data={"password": password},
                           follow_redirects=True)
    assert message in response.get_data(as_text=True)
    stored = _stored(user)
    assert stored.totp_enabled is not switched_off
    assert stored.failed_logins == (0 if switched_off else 1)


def test_a_wrong_current_password_on_the_password_page_counts_once(staff_client):
    client, user = staff_client
    body = client.post("/admin/account/password/", data={
        "current": "falsch", "new": "Ganz-Neu-2026!", "repeat": "Ganz-Neu-2026!"}) \
        .get_data(as_text=True)
    assert "Das aktuelle Passwort ist falsch." in body
    assert _stored(user).failed_logins == 1
