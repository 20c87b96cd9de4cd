"""Steps on one's own account that need the password (a wrong one counts as a failed login),
and writes of accounts that leave what other requests wrote meanwhile alone."""

import pyotp
import pytest

from models import User
from models.accounts.login import end_all_sessions, lock_user
from models.accounts.passwords import WrongPassword, change_password, set_initial_password
from models.accounts.second_factor import (
    confirm_enrolment,
    reset_second_factor,
    start_enrolment,
    start_voluntary_enrolment,
    switch_off_second_factor,
)
from models.core.errors import DomainError
from seed.factories import NOW, make_user

PASSWORD = "Richtig-2026!"


@pytest.fixture
def user(app):
    return make_user(password=PASSWORD)


@pytest.fixture
def enrolled(user):
    start_enrolment(user)
    confirm_enrolment(user, pyotp.TOTP(user.totp_secret).at(NOW), NOW)
    return user


def _stored(user) -> User:
    return User.get_by_id(user.id)


# -- the password confirms, a wrong one counts (finding 10, 7) ---------------------------------


def test_a_wrong_current_password_counts_as_a_failed_login(user):
    with pytest.raises(WrongPassword):
        change_password(user, "falsch", "Ganz-Neu-2026!", NOW)
    assert _stored(user).failed_logins == 1


def test_three_wrong_confirmations_lock_the_account(enrolled):
    for _ in range(3):
        with pytest.raises(WrongPassword):
            switch_off_second_factor(enrolled, "falsch", NOW, for_everyone=False)
    stored = _stored(enrolled)
    assert stored.is_locked and stored.totp_enabled


def test_switching_the_second_factor_off_needs_the_password(enrolled):
    version = _stored(enrolled).session_version
    switch_off_second_factor(enrolled, PASSWORD, NOW, for_everyone=False)
    stored = _stored(enrolled)
    assert not stored.totp_enabled and stored.totp_secret is None
    assert stored.session_version == version + 1 == enrolled.session_version


@pytest.mark.parametrize(("role", "for_everyone"), [("admin", False), ("staff_write", True)])
def test_a_required_second_factor_cannot_be_switched_off(app, role, for_everyone):
    user = make_user(role=role, password=PASSWORD, second_factor=True)
    with pytest.raises(DomainError, match="requires"):
        switch_off_second_factor(user, PASSWORD, NOW, for_everyone)
    assert _stored(user).totp_enabled


def test_a_voluntary_set_up_starts_only_with_the_password(user):
    with pytest.raises(WrongPassword):
        start_voluntary_enrolment(user, "falsch", NOW)
    stored = _stored(user)
    assert stored.totp_secret is None and stored.failed_logins == 1
    start_voluntary_enrolment(user, PASSWORD, NOW)
    assert _stored(user).totp_secret == user.totp_secret is not None
    assert not _stored(user).totp_enabled


def test_a_set_up_second_factor_is_not_started_again(enrolled):
    with pytest.raises(DomainError, match="already"):
        start_voluntary_enrolment(enrolled, PASSWORD, NOW)


# -- only the columns meant (finding 8) ------------------------------------------------------


def _change_password(user):
    change_password(user, PASSWORD, "Ganz-Neu-2026!", NOW)


def _initial_password(user):
    set_initial_password(user, "Start-Passwort-1", make_user(role="admin"), NOW)


def _confirm_enrolment(user):
    confirm_enrolment(user, pyotp.TOTP(user.totp_secret).at(NOW), NOW)


WRITES = {
    "change password": _change_password,
    "initial password": _initial_password,
    "start enrolment": start_enrolment,
    "confirm enrolment": _confirm_enrolment,
    "reset second factor": lambda user: reset_second_factor(user, None, NOW),
}


@pytest.mark.parametrize("write", WRITES)
def test_a_lock_made_between_loading_and_saving_survives(user, write):
    if write == "confirm enrolment":
        start_enrolment(user)
    loaded = _stored(user)  # what a request loaded at its start
    other = _stored(user)  # meanwhile another request counts failures and locks the account
    User.update(failed_logins=3).where(User.id == user.id).execute()
    lock_user(other, NOW)
    WRITES[write](loaded)
    stored = _stored(user)
    assert stored.is_locked
    assert stored.failed_logins == 3


@pytest.mark.parametrize("write", ["change password", "initial password",
                                   "reset second factor"])
def test_a_logout_everywhere_made_meanwhile_is_not_undone(user, write):
    loaded = _stored(user)
    version = loaded.session_version
    end_all_sessions(_stored(user), NOW)
    WRITES[write](loaded)
    assert _stored(user).session_version == version + 2 == loaded.session_version
