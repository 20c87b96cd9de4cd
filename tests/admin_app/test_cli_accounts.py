"""Account commands on the server: unlock (also every administrator), create under the policy."""

import datetime as dt

import pytest

from models import User
from models.accounts.login import check_password_login
from seed.factories import make_user


def test_unlock_user_from_the_server(app):
    make_user(role="admin", username="chefin", second_factor=True)
    for _ in range(3):
        check_password_login("chefin", "falsch", "10.0.0.1", dt.datetime.now())
    result = app.test_cli_runner().invoke(args=["unlock-user", "chefin",
                                                "--reset-second-factor"])
    assert result.exit_code == 0, result.output
    stored = User.get(User.username == "chefin")
    assert not stored.is_locked and not stored.totp_enabled


def test_create_user_refuses_a_weak_password_in_german(app):
    result = app.test_cli_runner().invoke(args=[
        "create-user", "--username", "chef", "--full-name", "Chef", "--password", "kurz"])
    assert result.exit_code != 0
    assert "mindestens 8 Zeichen" in result.output
    assert not User.select().exists()


@pytest.mark.parametrize(("env", "address"), [
    ({}, "http://127.0.0.1:5000/"),
    ({"PORT": "8080"}, "http://127.0.0.1:8080/"),
    ({"PORT": "8080", "HOST": "0.0.0.0"}, "http://127.0.0.1:8080/"),  # noqa: S104
    ({"HOST": "192.168.1.20"}, "http://192.168.1.20:5000/"),
])
def test_demo_logins_name_the_address_make_run_serves(app, monkeypatch, env, address):
    for name in ("PORT", "HOST"):
        monkeypatch.delenv(name, raising=False)
    output = app.test_cli_runner().invoke(args=["demo-logins"], env=env).output
    assert f"Fallakte: {address}" in output


def test_demo_logins_say_who_sets_up_a_second_factor(app):
    output = app.test_cli_runner().invoke(args=["demo-logins"]).output
    assert "admin" in output and "zweiten Faktor" in output
