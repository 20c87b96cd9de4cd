"""Every page but the login pages requires a complete session; idle timeout; safe redirect
targets; security headers."""

import time

from flask import flash, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, logout_user

from views.api import is_api_request
from views.core.session_steps import pending_step

# Endpoints reachable without a session.
PUBLIC_ENDPOINTS = {"auth.login", "auth.second_factor", "static", "admin.static"}
# Endpoints a session that still owes a step (new password, second factor) may open.
STEP_ENDPOINTS = {"auth.logout", "account.password_view", "account.enrol_view"}

# No inline scripts: every script is a file of this site (Flask-Admin's onclick handlers
# are replaced in our templates). Inline style attributes stay allowed (Bootstrap, Flask-Admin).
CONTENT_SECURITY_POLICY = "; ".join((
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}


STEP_TARGETS = {"change": "account.password_view", "enrol": "account.enrol_view"}


def _login_again(message: str):
    logout_user()
    session.clear()
    flash(message, "info")
    target = request.full_path.rstrip("?") if request.method == "GET" else None
    return redirect(url_for("auth.login", next=target))


def init_app(app) -> None:
    """Register the session requirement, the idle timeout and the security headers."""

    @app.before_request
    def _require_session():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if is_api_request():
            # The API authenticates every call by its token (views/api/auth.py); a session
            # cookie neither opens it nor is renewed by it.
            return None
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        idle = int(time.time()) - int(session.get("last_seen", 0))
        if idle > app.config["IDLE_TIMEOUT_MINUTES"] * 60:
            return _login_again(gettext(
                "Your session ended after %(minutes)d minutes without activity. "
                "Please log in again.", minutes=app.config["IDLE_TIMEOUT_MINUTES"]))
        session["last_seen"] = int(time.time())
        step = pending_step(current_user)
        if step == "verify":
            return _login_again(gettext("Please log in again."))
        if step and request.endpoint not in STEP_ENDPOINTS:
            return redirect(url_for(STEP_TARGETS[step]))
        return None

    @app.after_request
    def _headers(response):
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if is_api_request() or current_user.is_authenticated:
            response.headers.setdefault("Cache-Control", "no-store")
        return response
