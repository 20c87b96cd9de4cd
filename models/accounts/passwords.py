"""Password policy (004 §1.1): the rules, the last six passwords, initial passwords."""

import datetime as dt
import string

from peewee import CharField, DateTimeField, ForeignKeyField

from models.accounts.login import AuthEvent, record_failure
from models.accounts.models import User
from models.core.base import BaseModel, db
from models.core.errors import DomainError
from models.core.history import Kind, record_history
from models.core.text import N_

MIN_LENGTH = 8
# Over this length the special character may be left out.
LONG_ENOUGH = 12
# A limit so that nobody hashes megabytes; far above what anyone types.
MAX_LENGTH = 128
# The last six passwords (the current one included) may not be used again.
HISTORY_DEPTH = 6
SPECIALS = frozenset(string.punctuation + " §€°´äöüÄÖÜß")

RULES = {
    "length": N_("The password needs at least 8 characters."),
    "too_long": N_("The password may have at most 128 characters."),
    "upper": N_("The password needs an upper-case letter."),
    "lower": N_("The password needs a lower-case letter."),
    "digit": N_("The password needs a digit."),
    "special": N_("The password needs a special character (e.g. ! ? # -), "
                  "or more than 12 characters."),
}
REUSED = N_("This password was one of your last six passwords. Please choose a new one.")


class PasswordRejected(DomainError):
    """A new password breaks one or more rules; `problems` are msgids, one per rule."""

    def __init__(self, problems: list[str]):
        super().__init__(problems[0])
        self.problems = problems


class WrongPassword(DomainError):
    """The current password given to confirm a step is wrong (counts as a failed login)."""

    def __init__(self):
        super().__init__(N_("The current password is wrong."))


class PasswordHistory(BaseModel):
    """A hash of a password a user had, kept so that the last six are not used again."""

    user = ForeignKeyField(User, backref="password_history", on_delete="CASCADE",
                           verbose_name=N_("User"))
    password_hash = CharField(max_length=255, verbose_name=N_("Password hash"))
    created_at = DateTimeField(index=True, verbose_name=N_("Created"))

    verbose_name, verbose_name_plural = N_("Former password"), N_("former passwords")


def password_problems(password: str | None) -> list[str]:
    """Msgids of every rule `password` breaks (empty when it is acceptable)."""
    password = password or ""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(RULES["length"])
    if len(password) > MAX_LENGTH:
        problems.append(RULES["too_long"])
    if not any(ch.isupper() for ch in password):
        problems.append(RULES["upper"])
    if not any(ch.islower() for ch in password):
        problems.append(RULES["lower"])
    if not any(ch.isdigit() for ch in password):
        problems.append(RULES["digit"])
    if len(password) <= LONG_ENOUGH and not any(_is_special(ch) for ch in password):
        problems.append(RULES["special"])
    return problems


def _is_special(ch: str) -> bool:
    return ch in SPECIALS or not (ch.isalnum() or ch.isspace())


def was_used_recently(user: User, password: str) -> bool:
    """True when `password` is the current one or one of the last six."""
    if user.password_hash and user.check_password(password):
        return True
    return any(_matches(row.password_hash, password) for row in _recent(user))


def _matches(stored_hash: str, password: str) -> bool:
    probe = User(password_hash=stored_hash)
    return probe.check_password(password)


def _recent(user: User):
    return (PasswordHistory.select()
            .where(PasswordHistory.user == user)
            .order_by(PasswordHistory.created_at.desc(), PasswordHistory.id.desc())
            .limit(HISTORY_DEPTH))


def _store(user: User, password: str, now: dt.datetime, must_change: bool) -> None:
    user.set_password(password)
    user.password_changed_at = now
    user.must_change_password = must_change
    # Only these columns: a lock or a failure count written meanwhile by another request
    # stays. A new password ends every session that was opened with the old one.
    User.update(password_hash=user.password_hash, password_changed_at=now,
                must_change_password=must_change,
                session_version=User.session_version + 1).where(User.id == user.id).execute()
    user.session_version = User.select(User.session_version).where(User.id == user.id).scalar()
    PasswordHistory.create(user=user, password_hash=user.password_hash, created_at=now)
    keep = [row.id for row in _recent(user)]
    PasswordHistory.delete().where((PasswordHistory.user == user)
                                   & PasswordHistory.id.not_in(keep)).execute()


def check_new_password(user: User | None, password: str) -> None:
    """Raise PasswordRejected when `password` breaks a rule or was used recently."""
    problems = password_problems(password)
    if problems:
        raise PasswordRejected(problems)
    if user is not None and user.id is not None and was_used_recently(user, password):
        raise PasswordRejected([REUSED])


def confirm_password(user: User, password: str | None, now: dt.datetime) -> None:
    """Raise WrongPassword unless `password` is the user's own. A wrong one counts as a failed
    login (the third locks the account): nobody guesses it through a confirmation form."""
    if not user.check_password(password or ""):
        record_failure(user, now)
        raise WrongPassword()


def change_password(user: User, current: str, new: str, now: dt.datetime) -> None:
    """The user replaces their password; the current one must be given."""
    confirm_password(user, current, now)
    check_new_password(user, new)
    with db.atomic():
        _store(user, new, now, must_change=False)
        record_history(user, user, now, AuthEvent.PASSWORD_CHANGED, kind=Kind.INFO)


def set_initial_password(user: User, password: str, actor, now: dt.datetime) -> None:
    """An administrator sets a password that the user must change at the next login."""
    check_new_password(user, password)
    with db.atomic():
        _store(user, password, now, must_change=True)
        record_history(user, actor, now, AuthEvent.PASSWORD_RESET, kind=Kind.INFO)


def create_user_with_password(user: User, password: str, actor, now: dt.datetime,
                              must_change: bool = True) -> User:
    """Insert `user` with its first password (by default one to change at first login)."""
    from models.core.records import create_record

    check_new_password(None, password)
    with db.atomic():
        user.set_password(password)
        user.password_changed_at = now
        user.must_change_password = must_change
        create_record(user, actor, now)
        PasswordHistory.create(user=user, password_hash=user.password_hash, created_at=now)
    return user


def password_expired(user: User, now: dt.datetime, max_age_days: int) -> bool:
    """True when a maximum age is set and the password is older (0 = never expires)."""
    if not max_age_days:
        return False
    changed = user.password_changed_at or user.created_at
    return changed is not None and now - changed > dt.timedelta(days=max_age_days)
