"""Where a session may be sent: safe `next` targets, and the step a login still owes."""

from urllib.parse import urlsplit

from flask import current_app, session


def safe_next(target: str | None, default: str) -> str:
    """`target` when it is a path on this site, else `default` (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return default
    return target


def pending_step(user) -> str | None:
    """What the session of `user` still owes: 'change' (the password), 'enrol' (a second
    factor), 'verify' (its code) or None."""
    from models.accounts.passwords import password_expired
    from models.accounts.second_factor import second_factor_required
    from models.core import clock

    config = current_app.config
    if user.must_change_password or password_expired(user, clock.now(),
                                                     config["PASSWORD_MAX_AGE_DAYS"]):
        return "change"
    if session.get("second_factor") == user.get_id():
        return None
    if user.totp_enabled:
        return "verify"
    if second_factor_required(user, config["SECOND_FACTOR_FOR_ALL"]):
        return "enrol"
    return None
