"""Second factor: TOTP codes (pyotp) with enrolment by QR code, and one-time recovery codes."""

import datetime as dt
import hashlib
import hmac
import secrets

import pyotp
from peewee import CharField, DateTimeField, ForeignKeyField

from models.accounts.login import AuthEvent
from models.accounts.models import User
from models.accounts.passwords import confirm_password
from models.core.base import BaseModel, db
from models.core.errors import DomainError
from models.core.history import Kind, record_history
from models.core.roles import Role
from models.core.text import N_

ISSUER = "Fallakte"
# A code of the previous or next 30-second step is accepted too (clocks drift).
VALID_WINDOW = 1
RECOVERY_CODES = 10
# No 0/O and 1/I/L: the codes are read from paper.
RECOVERY_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
# Roles that must use a second factor whatever the settings say (004 §1, 000).
ROLES_REQUIRING = frozenset({Role.ADMIN, Role.CLERK, Role.PLANNER})


class RecoveryCode(BaseModel):
    """A one-time code that replaces the authenticator once; only its hash is stored."""

    user = ForeignKeyField(User, backref="recovery_codes", on_delete="CASCADE",
                           verbose_name=N_("User"))
    code_hash = CharField(max_length=64, index=True, verbose_name=N_("Code hash"))
    created_at = DateTimeField(verbose_name=N_("Created"))
    used_at = DateTimeField(null=True, verbose_name=N_("Used"))

    verbose_name, verbose_name_plural = N_("Recovery code"), N_("recovery codes")


def second_factor_required(user: User, for_everyone: bool) -> bool:
    """True when `user` must log in with a second factor."""
    return bool(for_everyone or user.role in ROLES_REQUIRING or user.second_factor_required)


def provisioning_uri(user: User) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def start_enrolment(user: User) -> User:
    """Give `user` a fresh secret to scan; the second factor is active only once confirmed."""
    if user.totp_enabled:
        raise DomainError(N_("The second factor is set up already."))
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = 0
    user.save(only=[User.totp_secret, User.totp_last_step])
    return user


def start_voluntary_enrolment(user: User, password: str | None, now: dt.datetime) -> User:
    """Set up a second factor one's role does not require: confirmed with the password, so
    that nobody at an unattended session binds their own phone to the account."""
    if user.totp_enabled:
        raise DomainError(N_("The second factor is set up already."))
    confirm_password(user, password, now)
    return start_enrolment(user)


def _clean(code: str | None) -> str:
    return "".join(ch for ch in (code or "") if ch.isalnum()).upper()


def check_totp(user: User, code: str | None, now: dt.datetime) -> bool:
    """True for a right code of this or a neighbouring step not used before (no replay)."""
    code = _clean(code)
    if not user.totp_secret or len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(user.totp_secret)
    current = totp.timecode(now)
    for step in (current, current - VALID_WINDOW, current + VALID_WINDOW):
        if step <= (user.totp_last_step or 0):
            continue
        if hmac.compare_digest(totp.generate_otp(step), code):
            updated = (User.update(totp_last_step=step)
                       .where((User.id == user.id) & (User.totp_last_step < step)).execute())
            # Two requests with the same code at once: only one of them wins.
            if updated:
                user.totp_last_step = step
            return bool(updated)
    return False


def _hash(code: str) -> str:
    return hashlib.sha256(_clean(code).encode()).hexdigest()


def new_recovery_codes(user: User, now: dt.datetime) -> list[str]:
    """Replace the user's recovery codes by fresh ones; the plain codes are shown once."""
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    with db.atomic():
        RecoveryCode.delete().where(RecoveryCode.user == user).execute()
        RecoveryCode.insert_many(
            [{"user": user.id, "code_hash": _hash(code), "created_at": now} for code in codes]
        ).execute()
    return codes


def use_recovery_code(user: User, code: str | None, now: dt.datetime) -> bool:
    """True when `code` is an unused recovery code of `user`; it is used up by this call."""
    if not _clean(code):
        return False
    with db.atomic():
        used = (RecoveryCode.update(used_at=now)
                .where((RecoveryCode.user == user) & (RecoveryCode.code_hash == _hash(code))
                       & RecoveryCode.used_at.is_null())
                .execute())
        if used == 1:
            record_history(user, user, now, AuthEvent.RECOVERY_CODE_USED, kind=Kind.INFO)
    return used == 1


def renew_recovery_codes(user: User, now: dt.datetime) -> list[str]:
    """New recovery codes on request (the old ones stop working); in the history."""
    if not user.totp_enabled:
        raise DomainError(N_("Set up the second factor first."))
    with db.atomic():
        codes = new_recovery_codes(user, now)
        record_history(user, user, now, AuthEvent.RECOVERY_CODES_NEW, kind=Kind.INFO)
    return codes


def remaining_recovery_codes(user: User) -> int:
    """How many unused recovery codes `user` has."""
    return (RecoveryCode.select()
            .where((RecoveryCode.user == user) & RecoveryCode.used_at.is_null()).count())


def confirm_enrolment(user: User, code: str | None, now: dt.datetime) -> list[str]:
    """Switch the second factor on after a right code; returns the new recovery codes."""
    if user.totp_enabled:
        raise DomainError(N_("The second factor is set up already."))
    if not check_totp(user, code, now):
        raise DomainError(N_("The code is wrong or expired. Please enter the current code."))
    with db.atomic():
        user.totp_enabled = True
        user.save(only=[User.totp_enabled])
        codes = new_recovery_codes(user, now)
        record_history(user, user, now, AuthEvent.SECOND_FACTOR_ON, kind=Kind.INFO)
    return codes


def reset_second_factor(user: User, actor, now: dt.datetime) -> None:
    """Remove the second factor (lost phone); the user sets it up again at the next login."""
    with db.atomic():
        user.totp_secret = None
        user.totp_enabled = False
        user.totp_last_step = 0
        User.update(totp_secret=None, totp_enabled=False, totp_last_step=0,
                    session_version=User.session_version + 1).where(User.id == user.id).execute()
        user.session_version = User.select(User.session_version).where(
            User.id == user.id).scalar()
        RecoveryCode.delete().where(RecoveryCode.user == user).execute()
        record_history(user, actor, now, AuthEvent.SECOND_FACTOR_OFF, kind=Kind.INFO)


def switch_off_second_factor(user: User, password: str | None, now: dt.datetime,
                             for_everyone: bool) -> None:
    """The user removes their own second factor, where their role and the settings
    (`for_everyone`) allow it, confirmed with the password."""
    if second_factor_required(user, for_everyone):
        raise DomainError(N_("Your role requires the second factor."))
    confirm_password(user, password, now)
    reset_second_factor(user, user, now)
