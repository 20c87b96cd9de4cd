"""Password policy of 004 §1.1: the rules one by one, the last six, initial passwords."""

import datetime as dt

import pytest

from models import User
from models.accounts.passwords import (
    REUSED,
    RULES,
    PasswordHistory,
    PasswordRejected,
    change_password,
    create_user_with_password,
    password_expired,
    password_problems,
    set_initial_password,
)
from seed.factories import make_user

NOW = dt.datetime(2026, 11, 1, 9, 0)


@pytest.mark.parametrize(
    ("password", "broken"),
    [
        ("Ab1!xyz", "length"),  # 7 characters
        ("abcdef1!", "upper"),
        ("ABCDEF1!", "lower"),
        ("Abcdefg!", "digit"),
        ("Abcdefg1", "special"),
        ("Abcdefghij12", "special"),  # 12 characters are not "more than 12"
        ("A" + "b1!" * 43, "too_long"),  # 130 characters
    ],
)
def test_each_rule_is_named_when_broken(password, broken):
    assert password_problems(password) == [RULES[broken]]


@pytest.mark.parametrize("password", ["Abcdef1!", "Abcdefghijk12", "Sommer 2026 ist warm",
                                      "Ärger-über-Öl-1", "Straße§2026a"])
def test_good_passwords_pass(password):
    assert password_problems(password) == []


def test_every_broken_rule_is_listed():
    assert set(password_problems("abc")) == {RULES["length"], RULES["upper"], RULES["digit"],
                                             RULES["special"]}


def _change(user, old, new, minutes):
    change_password(user, old, new, NOW + dt.timedelta(minutes=minutes))


def test_the_last_six_passwords_cannot_be_used_again(app):
    passwords = [f"Passwort-{n}-Gut" for n in range(8)]
    user = create_user_with_password(User(username="hanna", full_name="Hanna", role="staff_write"),
                                      passwords[0], None, NOW)
    for step in range(1, 6):  # five changes: six passwords in the history
        _change(user, passwords[step - 1], passwords[step], step)
    with pytest.raises(PasswordRejected) as refused:
        _change(user, passwords[5], passwords[0], 10)
    assert refused.value.problems == [REUSED]
    _change(user, passwords[5], passwords[6], 11)  # the first falls out of the six
    _change(user, passwords[6], passwords[0], 12)
    assert user.check_password(passwords[0])
    assert PasswordHistory.select().where(PasswordHistory.user == user).count() == 6


def test_the_current_password_cannot_be_kept(app):
    user = make_user(password="Geheim-2026!")
    with pytest.raises(PasswordRejected):
        change_password(user, "Geheim-2026!", "Geheim-2026!", NOW)


def test_a_change_needs_the_current_password(app):
    user = make_user(password="Geheim-2026!")
    with pytest.raises(Exception, match="current password"):
        change_password(user, "falsch", "Ganz-Neu-2026", NOW)
    assert user.check_password("Geheim-2026!")


def test_an_initial_password_must_be_changed_and_ends_sessions(app):
    user = make_user()
    admin = make_user(role="admin")
    version = user.session_version
    set_initial_password(user, "Start-Passwort-1", admin, NOW)
    fresh = User.get_by_id(user.id)
    assert fresh.must_change_password
    assert fresh.session_version == version + 1
    change_password(fresh, "Start-Passwort-1", "Eigenes-Passwort-2", NOW)
    assert not User.get_by_id(user.id).must_change_password


def test_an_administrator_cannot_set_a_weak_password(app):
    user = make_user()
    with pytest.raises(PasswordRejected):
        set_initial_password(user, "kurz", make_user(role="admin"), NOW)
    assert not User.get_by_id(user.id).must_change_password


@pytest.mark.parametrize(("days", "max_age", "expired"), [(400, 365, True), (300, 365, False),
                                                          (4000, 0, False)])
def test_password_expiry_is_a_setting(app, days, max_age, expired):
    user = make_user()
    user.password_changed_at = NOW - dt.timedelta(days=days)
    assert password_expired(user, NOW, max_age) is expired
