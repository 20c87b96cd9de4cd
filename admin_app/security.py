"""Every page but the login page requires a session; safe redirect targets."""

from urllib.parse import urlsplit

from flask import redirect, request, url_for
from flask_login import current_user

# Endpoints reachable without a session.
PUBLIC_ENDPOINTS = {"auth.login", "static", "admin.static"}


def safe_next(target: str | None, default: str) -> str:
    """`target` when it is a path on this site, else `default` (no open redirect)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    if "\\" in target:
        return default
    return target


def init_app(app) -> None:
    """Register the session requirement and a few security headers."""

    @app.before_request
    def _require_session():
        if request.endpoint in PUBLIC_ENDPOINTS or request.endpoint is None:
            return None
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        return None

    @app.after_request
    def _headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        if current_user.is_authenticated:
            response.headers.setdefault("Cache-Control", "no-store")
        return response
