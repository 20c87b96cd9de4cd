"""Who calls the open API: the user of the personal token in `Authorization: Bearer`, never a
session cookie. The token acts as its user (role, scoping, statistics privacy)."""

import functools

from flask import abort, current_app, g, request
from flask_babel import gettext

from models.accounts.tokens import ApiToken, token_for, token_hash
from models.core import clock
from views.api.problems import problem

READ, WRITE = "read", "write"


def bearer_secret() -> str | None:
    """The token secret of the request's Authorization header, or None."""
    header = request.headers.get("Authorization", "")
    kind, _, secret = header.partition(" ")
    if kind.lower() != "bearer" or not secret.strip():
        return None
    return secret.strip()


def rate_key() -> str:
    """What a rate limit counts by: the token (its hash, without asking the database), else
    the address the request came from."""
    secret = bearer_secret()
    if secret:
        return "token:" + token_hash(secret)
    return "address:" + (request.remote_addr or "unknown")


def authenticate() -> None:
    """Before every API request: refuse an oversize body (413), find the token or answer 401
    (the problem handler)."""
    # The panel allows large uploads (MAX_CONTENT_LENGTH); the API's JSON bodies stay small:
    # a batch of 1 000 rows is about 150 kB.
    limit = current_app.config["API_MAX_BODY_BYTES"]
    if (request.content_length or 0) > limit:
        abort(413)
    token = token_for(bearer_secret(), request.remote_addr or "unknown", clock.now())
    if token is None:
        abort(401)
    g.api_token = token
    g.api_user = token.user


def api_user():
    """The user the calling token acts as."""
    return g.api_user


def api_token() -> ApiToken:
    """The token of the current API request."""
    return g.api_token


def needs(scope: str):
    """Decorator: the token must carry `scope` ('read' or 'write'), else 403."""

    def wrap(view):
        @functools.wraps(view)
        def checked(*args, **kwargs):
            if not api_token().allows(scope):
                abort(problem(403, gettext("This token may read only.") if scope == WRITE
                              else gettext("This token may not read.")))
            return view(*args, **kwargs)

        return checked

    return wrap
