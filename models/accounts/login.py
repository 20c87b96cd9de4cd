"""Logging in: password check, lockout after three failures, throttling per address, history.

A refusal never says why: unknown user, wrong password, locked or throttled all read the same.
"""

import contextlib
import datetime as dt
import logging

from argon2.exceptions import VerificationError
from peewee import CharField, DateTimeField

from models.accounts.models import DUMMY_HASH, User
from models.core.base import BaseModel, db
from models.core.errors import DomainError
from models.core.history import Kind, add_event_type, record_history
from models.core.labels import LabelledEnum
from models.core.text import N_

log = logging.getLogger(__name__)

MAX_FAILED_LOGINS = 3


class AuthEvent(LabelledEnum):
    """History events of accounts (the history's event column holds at most 10 characters)."""

    LOGIN = "login", N_("logged in")
    LOGIN_FAILED = "login_fail", N_("login failed")
    LOCKED = "locked", N_("locked")
    UNLOCKED = "unlocked", N_("unlocked")
    LOGOUT = "logout", N_("logged out")
    # Event names, not passwords (bandit and ruff think otherwise).
    PASSWORD_CHANGED = "pw_change", N_("password changed")  # noqa: S105  # nosec B105
    PASSWORD_RESET = "pw_reset", N_("password set by an administrator")  # noqa: S105  # nosec B105
    SECOND_FACTOR_ON = "2fa_on", N_("second factor set up")
    SECOND_FACTOR_OFF = "2fa_off", N_("second factor removed")
    RECOVERY_CODE_USED = "recovery", N_("recovery code used")
    RECOVERY_CODES_NEW = "codes_new", N_("new recovery codes")


add_event_type(AuthEvent)


class LoginFailure(BaseModel):
    """A failed attempt from one address, kept for the throttle window only."""

    address = CharField(max_length=64, index=True, verbose_name=N_("Address"))
    username = CharField(max_length=80, verbose_name=N_("User name"))
    at = DateTimeField(index=True, verbose_name=N_("Timestamp"))

    verbose_name, verbose_name_plural = N_("Failed login"), N_("failed logins")


def _failures(address: str, now: dt.datetime, window_minutes: int) -> int:
    since = now - dt.timedelta(minutes=window_minutes)
    return LoginFailure.select().where((LoginFailure.address == address[:64])
                                       & (LoginFailure.at > since)).count()


def _reserve_attempt(address: str, username: str, now: dt.datetime, limit: int,
                     window_minutes: int) -> LoginFailure | None:
    """Count the attempt against the address before its password is checked, or None when the
    address is paused. Counting first, then checking, let parallel attempts all pass an empty
    count: each attempt commits its row first and then counts every row of the window, its
    own included. The n-th row to be committed sees at least n rows, so at most `limit`
    attempts pass however they interleave (parallel ones may be paused a little early)."""
    with db.atomic():
        attempt = LoginFailure.create(address=address[:64], username=(username or "")[:80],
                                      at=now)
    if limit and _failures(address, now, window_minutes) > limit:
        LoginFailure.delete().where(LoginFailure.id == attempt.id).execute()
        return None
    return attempt


def _keep_failure(now: dt.datetime, window_minutes: int) -> None:
    # Old rows have no use: keep the table as small as the window.
    LoginFailure.delete().where(
        LoginFailure.at < now - dt.timedelta(minutes=max(window_minutes, 1) * 2)).execute()


def check_password_login(username: str, password: str, address: str, now: dt.datetime,
                         limit: int = 10, window_minutes: int = 15) -> User | None:
    """The user whose password this is, or None; a wrong password counts as a failure."""
    username = (username or "").strip()
    attempt = _reserve_attempt(address, username, now, limit, window_minutes)
    if attempt is None:
        log.warning("Login from %s throttled (user name %r)", address, username)
        return None
    user = User.get_or_none(User.username == username)
    if user is None or not user.active or user.is_locked:
        with contextlib.suppress(VerificationError):
            User(password_hash=DUMMY_HASH).check_password(password or "")
        _keep_failure(now, window_minutes)
        log.info("Refused login for %r from %s (unknown, inactive or locked)", username, address)
        return None
    if not user.check_password(password or ""):
        _keep_failure(now, window_minutes)
        log.info("Wrong password for %r from %s", username, address)
        record_failure(user, now)
        return None
    # The right password: the attempt was no failure.
    LoginFailure.delete().where(LoginFailure.id == attempt.id).execute()
    return user


def record_failure(user: User, now: dt.datetime) -> None:
    """Count a failed password or code; the third one in a row locks the account."""
    with db.atomic():
        User.update(failed_logins=User.failed_logins + 1).where(User.id == user.id).execute()
        user.failed_logins = User.get_by_id(user.id).failed_logins
        record_history(user, None, now, AuthEvent.LOGIN_FAILED, kind=Kind.INFO)
        if user.failed_logins >= MAX_FAILED_LOGINS and not user.is_locked:
            lock_user(user, now)


def lock_user(user: User, now: dt.datetime) -> None:
    """Lock the account and end its sessions; only an administrator unlocks it."""
    User.update(locked_at=now, session_version=User.session_version + 1).where(
        User.id == user.id).execute()
    user.locked_at = now
    user.session_version = (user.session_version or 0) + 1
    record_history(user, None, now, AuthEvent.LOCKED, kind=Kind.INFO)
    log.warning("User %s locked after %d failed logins", user.username, user.failed_logins)


def unlock_user(user: User, actor, now: dt.datetime) -> None:
    """An administrator unlocks a locked account (the failure count starts again at zero)."""
    if not user.is_locked:
        raise DomainError(N_("This account is not locked."))
    with db.atomic():
        User.update(locked_at=None, failed_logins=0).where(User.id == user.id).execute()
        user.locked_at, user.failed_logins = None, 0
        record_history(user, actor, now, AuthEvent.UNLOCKED, kind=Kind.INFO)


def record_login(user: User, now: dt.datetime) -> None:
    """A complete login (password and, where needed, second factor): the count starts anew,
    and the login before this one is kept (what happened since then is new to the user)."""
    with db.atomic():
        User.update(failed_logins=0, previous_login_at=User.last_login_at,
                    last_login_at=now).where(User.id == user.id).execute()
        user.failed_logins = 0
        user.previous_login_at, user.last_login_at = user.last_login_at, now
        record_history(user, user, now, AuthEvent.LOGIN, kind=Kind.INFO)


def end_all_sessions(user: User, now: dt.datetime, event=AuthEvent.LOGOUT) -> None:
    """Log out: every session of the user, on every device, ends now."""
    with db.atomic():
        User.update(session_version=User.session_version + 1).where(User.id == user.id).execute()
        user.session_version = (user.session_version or 0) + 1
        record_history(user, user, now, event, kind=Kind.INFO)
