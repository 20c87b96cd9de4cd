"""Lockout after three failures, unlock, throttling per address, second factor codes."""

import datetime as dt
import threading

import pyotp
import pytest

from models import HistoryEntry, User
from models.accounts.login import (
    LoginFailure,
    check_password_login,
    record_failure,
    record_login,
    unlock_user,
)
from models.accounts.second_factor import (
    RecoveryCode,
    check_totp,
    confirm_enrolment,
    second_factor_required,
    start_enrolment,
    use_recovery_code,
)
from models.core.base import db
from seed.factories import make_user

NOW = dt.datetime(2026, 11, 1, 9, 0)
PASSWORD = "Richtig-2026!"


@pytest.fixture
def user(app):
    return make_user(username="sabine", password=PASSWORD)


def _try(password, address="10.0.0.1", minutes=0, username="sabine"):
    return check_password_login(username, password, address, NOW + dt.timedelta(minutes=minutes))


def _events(user):
    return [e.event for e in HistoryEntry.select().where(
        (HistoryEntry.relation == "user") & (HistoryEntry.record_id == user.id)
        & (HistoryEntry.kind == "info")).order_by(HistoryEntry.id)]


def test_three_failures_lock_the_account(user):
    for _ in range(3):
        assert _try("falsch") is None
    assert User.get_by_id(user.id).is_locked
    assert _try(PASSWORD) is None  # the right password does not help
    assert _events(user) == ["login_fail", "login_fail", "login_fail", "locked"]


def test_the_lock_ends_every_session(user):
    version = user.session_version
    for _ in range(3):
        _try("falsch")
    assert User.get_by_id(user.id).session_version == version + 1


def test_a_complete_login_starts_the_count_again(user):
    _try("falsch")
    _try("falsch")
    record_login(_try(PASSWORD), NOW)
    _try("falsch")
    _try("falsch")
    assert not User.get_by_id(user.id).is_locked


def test_each_login_keeps_the_one_before_it(user):
    for minutes in (0, 60, 120):
        record_login(user, NOW + dt.timedelta(minutes=minutes))
    stored = User.get_by_id(user.id)
    assert (stored.previous_login_at, stored.last_login_at) == (
        NOW + dt.timedelta(minutes=60), NOW + dt.timedelta(minutes=120))


def test_an_administrator_unlocks(user):
    admin = make_user(role="admin")
    for _ in range(3):
        _try("falsch")
    unlock_user(User.get_by_id(user.id), admin, NOW)
    assert _try(PASSWORD) is not None
    entry = HistoryEntry.select().where(HistoryEntry.event == "unlocked").get()
    assert entry.editor_id == admin.id


def test_wrong_second_factor_codes_count_as_failures(user):
    for _ in range(3):
        record_failure(user, NOW)
    assert User.get_by_id(user.id).is_locked


def test_one_address_is_paused_after_ten_failures_without_locking_others(app):
    victims = [make_user(username=f"opfer{n}", password=PASSWORD) for n in range(5)]
    for n in range(10):
        _try("falsch", address="203.0.113.9", username=victims[n % 5].username)
    # Ten failures spread over five accounts lock none of them ...
    assert not any(User.get_by_id(v.id).is_locked for v in victims)
    # ... and the address is paused: even a right password is not checked or counted.
    assert _try(PASSWORD, address="203.0.113.9", username="opfer0") is None
    assert User.get_by_id(victims[0].id).failed_logins == 2
    # Other addresses log in as usual; the pause ends with the window.
    assert _try(PASSWORD, address="198.51.100.1", username="opfer0") is not None
    assert _try(PASSWORD, address="203.0.113.9", username="opfer0", minutes=16) is not None


def test_parallel_wrong_passwords_from_one_address_stop_at_the_limit(app):
    """36 attempts at once against 12 accounts: only ten are checked and counted, as if they
    had come one after the other (the count of the address is taken atomically)."""
    victims = [make_user(username=f"ziel{n}", password=PASSWORD) for n in range(12)]
    attempts = 36
    # A thread that cannot start (no connection) breaks the barrier instead of hanging.
    barrier = threading.Barrier(attempts, timeout=30)
    errors = []
    db.close()

    def attempt(n):
        try:
            with db.connection_context():
                barrier.wait()
                _try("falsch", address="203.0.113.7", username=victims[n % 12].username)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    counted = sum(User.get_by_id(v.id).failed_logins for v in victims)
    assert 1 <= counted <= 10
    assert LoginFailure.select().where(LoginFailure.address == "203.0.113.7").count() <= 10
    assert sum(User.get_by_id(v.id).is_locked for v in victims) <= 3


def test_a_right_password_is_not_counted_as_a_failure(user):
    assert _try(PASSWORD) is not None
    assert LoginFailure.select().count() == 0


def test_unknown_users_count_for_the_throttle_only(app):
    _try("x", username="niemand")
    assert LoginFailure.select().count() == 1
    assert not HistoryEntry.select().where(HistoryEntry.event == "login_fail").exists()


# -- second factor ------------------------------------------------------------------------

@pytest.fixture
def enrolled(user):
    start_enrolment(user)
    totp = pyotp.TOTP(user.totp_secret)
    codes = confirm_enrolment(user, totp.at(NOW), NOW)
    return user, totp, codes


@pytest.mark.parametrize(("offset", "accepted"), [(0, True), (-30, True), (30, True),
                                                  (-60, False), (-300, False), (60, False)])
def test_totp_codes_of_the_neighbouring_steps_only(enrolled, offset, accepted):
    user, totp, _codes = enrolled
    later = NOW + dt.timedelta(minutes=5)
    code = totp.at(later + dt.timedelta(seconds=offset))
    assert check_totp(user, code, later) is accepted


def test_a_wrong_totp_code_is_refused(enrolled):
    user, totp, _codes = enrolled
    later = NOW + dt.timedelta(minutes=5)
    wrong = f"{(int(totp.at(later)) + 1) % 1_000_000:06d}"
    assert not check_totp(user, wrong, later)
    assert not check_totp(user, "abcdef", later)


def test_a_totp_code_works_once(enrolled):
    user, totp, _codes = enrolled
    later = NOW + dt.timedelta(minutes=5)
    assert check_totp(user, totp.at(later), later)
    assert not check_totp(user, totp.at(later), later)


def test_enrolment_needs_a_right_code(user):
    start_enrolment(user)
    with pytest.raises(Exception, match="wrong or expired"):
        confirm_enrolment(user, "000000", NOW)
    assert not User.get_by_id(user.id).totp_enabled


def test_enrolment_gives_ten_recovery_codes_stored_as_hashes(enrolled):
    user, _totp, codes = enrolled
    assert len(set(codes)) == 10
    stored = {r.code_hash for r in RecoveryCode.select()}
    assert not stored & set(codes)


def test_a_recovery_code_works_once(enrolled):
    user, _totp, codes = enrolled
    assert use_recovery_code(user, codes[3].lower(), NOW)
    assert not use_recovery_code(user, codes[3], NOW)
    assert not use_recovery_code(user, "ABCDE-FGHJK", NOW)
    assert "recovery" in _events(user)


@pytest.mark.parametrize(("role", "for_all", "own_flag", "required"), [
    ("admin", False, False, True), ("clerk", False, False, True),
    ("staff_write", False, False, False), ("statistics", False, False, False),
    ("staff_write", True, False, True), ("staff_read", False, True, True)])
def test_who_needs_a_second_factor(app, role, for_all, own_flag, required):
    user = make_user(role=role)
    user.second_factor_required = own_flag
    assert second_factor_required(user, for_all) is required
