"""Sessions end everywhere on logout, password change, lockout and deactivation; idle timeout;
the second factor at login; forced password change; cookie flags and security headers."""

import time

import pyotp
import pytest

from models import User
from models.accounts.login import unlock_user
from seed.factories import make_user
from tests.conftest import login

PASSWORD = "Richtig-2026!"


@pytest.fixture
def user(project):
    return make_user(role="staff_write", projects=[project], username="sabine", password=PASSWORD)


def app_with(app, **settings):
    """A second app on the test database with some settings changed."""
    from admin_app import create_app

    return create_app({"DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "other",
                       "TESTING": True, "WTF_CSRF_ENABLED": False, **settings})


def _login(client, username="sabine", password=PASSWORD, next_url=None):
    url = "/login" + (f"?next={next_url}" if next_url else "")
    return client.post(url, data={"username": username, "password": password})


def _cookie(client):
    cookie = client.get_cookie("fallakte_session")
    return cookie.value if cookie else None


def _replay(app, value):
    """A fresh browser that presents a captured session cookie."""
    thief = app.test_client()
    thief.set_cookie("fallakte_session", value)
    return thief.get("/admin/person/")


def test_a_captured_cookie_works_while_the_session_lives(app, client, user):
    _login(client)
    assert _replay(app, _cookie(client)).status_code == 200


def test_logout_ends_every_session_of_the_user(app, client, user):
    _login(client)
    other_device = app.test_client()
    _login(other_device)
    captured = _cookie(client)
    client.post("/logout")
    assert _replay(app, captured).status_code == 302
    assert other_device.get("/admin/person/").status_code == 302


def test_a_password_change_ends_other_sessions_but_keeps_this_one(app, client, user):
    _login(client)
    captured = _cookie(client)
    response = client.post("/admin/account/password/", data={
        "current": PASSWORD, "new": "Ganz-Neu-2026!", "repeat": "Ganz-Neu-2026!"})
    assert response.status_code == 302
    assert client.get("/admin/person/").status_code == 200
    assert _replay(app, captured).status_code == 302


def test_a_lockout_ends_every_session(app, client, user):
    _login(client)
    captured = _cookie(client)
    for _ in range(3):
        _login(app.test_client(), password="falsch")
    assert _replay(app, captured).status_code == 302
    assert client.get("/admin/person/").status_code == 302


def test_deactivation_ends_every_session_even_after_reactivation(app, client, user, admin):
    _login(client)
    captured = _cookie(client)
    login(app.test_client(), admin).post(f"/admin/user/edit/?id={user.id}", data={
        "username": "sabine", "full_name": user.full_name, "role": "staff_write"})
    assert not User.get_by_id(user.id).active
    stored = User.get_by_id(user.id)
    stored.active = True
    stored.save()
    assert _replay(app, captured).status_code == 302


def test_login_renews_the_session(client, user):
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    _login(client)
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session["_user_id"] == User.get_by_id(user.id).get_id()


def test_a_locked_account_reads_like_a_wrong_password(client, user):
    for _ in range(3):
        _login(client, password="falsch")
    locked = _login(client).get_data(as_text=True)
    wrong = _login(client, username="niemand").get_data(as_text=True)
    assert "Benutzername oder Passwort ist falsch." in locked
    assert locked.replace("sabine", "niemand") == wrong


def test_unlocked_users_log_in_again(client, user, admin):
    for _ in range(3):
        _login(client, password="falsch")
    unlock_user(User.get_by_id(user.id), admin, time_now())
    assert _login(client).status_code == 302


def time_now():
    import datetime as dt

    return dt.datetime.now().replace(microsecond=0)


# -- idle timeout ---------------------------------------------------------------------------

@pytest.mark.parametrize(("idle_minutes", "still_in"), [(29, True), (31, False)])
def test_idle_timeout_after_thirty_minutes(client, user, idle_minutes, still_in):
    login(client, user)
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - idle_minutes * 60
    response = client.get("/admin/person/")
    assert (response.status_code == 200) is still_in
    if not still_in:
        assert "/login" in response.headers["Location"]
        body = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "30 Minuten ohne Aktivität" in body


def test_the_idle_timeout_is_a_setting(app, user):
    client = login(app_with(app, IDLE_TIMEOUT_MINUTES=5).test_client(), user)
    with client.session_transaction() as session:
        session["last_seen"] = int(time.time()) - 6 * 60
    assert client.get("/admin/person/").status_code == 302


# -- second factor ------------------------------------------------------------------------

@pytest.fixture
def totp_admin(app):
    admin = make_user(role="admin", username="chefin", password=PASSWORD, second_factor=True)
    return admin, pyotp.TOTP(admin.totp_secret)


def test_a_second_factor_is_asked_after_the_password(client, totp_admin):
    _admin, totp = totp_admin
    response = _login(client, "chefin", next_url="/admin/person/")
    assert response.headers["Location"].endswith("/login/code")
    assert client.get("/admin/person/").status_code == 302  # not logged in yet
    done = client.post("/login/code", data={"code": totp.now()})
    assert done.headers["Location"].endswith("/admin/person/")
    assert client.get("/admin/person/").status_code == 200


def test_a_wrong_code_is_refused_and_counted(client, totp_admin):
    admin, totp = totp_admin
    _login(client, "chefin")
    wrong = f"{(int(totp.now()) + 500_000) % 1_000_000:06d}"
    body = client.post("/login/code", data={"code": wrong}).get_data(as_text=True)
    assert "falsch oder abgelaufen" in body
    assert User.get_by_id(admin.id).failed_logins == 1
    assert client.get("/admin/").status_code == 302


def test_an_expired_code_is_refused(client, totp_admin):
    _admin, totp = totp_admin
    _login(client, "chefin")
    old = totp.at(time.time() - 120)
    body = client.post("/login/code", data={"code": old}).get_data(as_text=True)
    assert "falsch oder abgelaufen" in body


def test_three_wrong_codes_lock_the_account(client, totp_admin):
    admin, _totp = totp_admin
    for _ in range(3):
        _login(client, "chefin")
        client.post("/login/code", data={"code": "000000"})
    assert User.get_by_id(admin.id).is_locked


def test_the_second_step_is_not_reachable_without_the_first(client, totp_admin):
    response = client.post("/login/code", data={"code": "123456"})
    assert response.headers["Location"].endswith("/login")


def test_the_second_step_keeps_next_on_the_site(client, totp_admin):
    _admin, totp = totp_admin
    _login(client, "chefin", next_url="https://evil.example/")
    response = client.post("/login/code", data={"code": totp.now()})
    assert "evil" not in response.headers["Location"]


def test_a_required_but_missing_second_factor_is_set_up_first(client, project):
    clerk = make_user(role="clerk", username="klara", password=PASSWORD)
    _login(client, "klara")
    response = client.get("/admin/request/")
    assert response.headers["Location"].endswith("/admin/account/second-factor/")
    page = client.get("/admin/account/second-factor/").get_data(as_text=True)
    assert "<svg" in page and "QR-Code" in page
    secret = User.get_by_id(clerk.id).totp_secret
    codes_page = client.post("/admin/account/second-factor/",
                             data={"code": pyotp.TOTP(secret).now()}).get_data(as_text=True)
    assert codes_page.count("<li><code>") == 10
    assert client.get("/admin/request/").status_code == 200


def test_an_enabled_second_factor_cannot_be_skipped_by_an_old_session(app, client, user):
    login(client, user)
    stored = User.get_by_id(user.id)
    stored.totp_secret, stored.totp_enabled = pyotp.random_base32(), True
    stored.save()
    with client.session_transaction() as session:
        session.pop("second_factor")
    assert client.get("/admin/person/").status_code == 302


def test_everyone_needs_a_second_factor_when_the_setting_says_so(app, user):
    client = app_with(app, SECOND_FACTOR_FOR_ALL=True).test_client()
    _login(client)
    assert client.get("/admin/person/").headers["Location"].endswith(
        "/admin/account/second-factor/")


# -- password changes ---------------------------------------------------------------------

def test_an_initial_password_is_changed_at_first_login(client, admin, project):
    creator = login(client.application.test_client(), admin)
    response = creator.post("/admin/user/new/", data={
        "username": "neu", "full_name": "Nina Neu", "role": "staff_write",
        "new_password": "Start-2026-Pass!", "active": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)
    assert User.get(User.username == "neu").must_change_password
    _login(client, "neu", "Start-2026-Pass!")
    assert client.get("/admin/person/").headers["Location"].endswith("/admin/account/password/")
    client.post("/admin/account/password/", data={
        "current": "Start-2026-Pass!", "new": "Mein-Eigenes-2026", "repeat": "Mein-Eigenes-2026"})
    assert client.get("/admin/person/").status_code == 200


def test_the_administrators_form_names_each_broken_rule(client, admin):
    login(client, admin)
    body = client.post("/admin/user/new/", data={
        "username": "neu", "full_name": "Nina Neu", "role": "staff_write",
        "new_password": "kurz"}).get_data(as_text=True)
    assert "mindestens 8 Zeichen" in body
    assert "Großbuchstaben" in body
    assert "Ziffer" in body
    assert not User.select().where(User.username == "neu").exists()


def test_the_change_form_names_the_broken_rules(client, user):
    login(client, user)
    body = client.post("/admin/account/password/", data={
        "current": PASSWORD, "new": "allesklein1!", "repeat": "allesklein1!"}) \
        .get_data(as_text=True)
    assert "Großbuchstaben" in body
    assert User.get_by_id(user.id).check_password(PASSWORD)


def test_the_change_form_refuses_a_recent_password(client, user):
    login(client, user)
    body = client.post("/admin/account/password/", data={
        "current": PASSWORD, "new": PASSWORD, "repeat": PASSWORD}).get_data(as_text=True)
    assert "letzten sechs Passwörter" in body


# -- cookies and headers ------------------------------------------------------------------

def test_the_session_cookie_is_secure_httponly_and_samesite(client, user):
    response = _login(client)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "Secure" in cookie
    assert "SameSite=Lax" in cookie


@pytest.mark.parametrize("path", ["/login", "/admin/", "/admin/person/"])
def test_security_headers(client, user, path):
    login(client, user)
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy
    assert "script-src 'self';" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"


def test_behind_a_trusted_proxy_the_forwarded_address_is_throttled(app, user):
    from models.accounts.login import LoginFailure

    app_with(app, PROXY_COUNT=1).test_client().post("/login", data={"username": "sabine", "password": "x"},
                               headers={"X-Forwarded-For": "203.0.113.7"})
    assert LoginFailure.get().address == "203.0.113.7"


def test_guessing_the_current_password_in_the_change_form_locks_too(client, user):
    login(client, user)
    for _ in range(3):
        client.post("/admin/account/password/", data={
            "current": "geraten", "new": "Ganz-Neu-2026!", "repeat": "Ganz-Neu-2026!"})
    assert User.get_by_id(user.id).is_locked
    assert client.get("/admin/person/").status_code == 302
