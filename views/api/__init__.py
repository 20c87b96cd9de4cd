"""The open API `/api/v1/` (issue 17): flask-smorest blueprints over the domain functions,
authenticated by personal tokens, answered with problem documents, limited per token."""

import functools
import http

from flask import Flask, current_app, request
from flask_limiter import Limiter
from flask_smorest import Api
from flask_smorest.utils import prepare_response
from werkzeug.exceptions import HTTPException

from models.core.errors import DomainError
from models.core.text import N_
from views.api import auth, problems
from views.api.schemas import ProblemSchema

API_PREFIX = "/api/v1"
DESCRIPTION = N_(
    "The open API of Fallakte. It obeys the same rules as the panel: a personal API token "
    "(created in 'My account') acts as its user, with the same role, the same records and the "
    "same privacy. Send it as 'Authorization: Bearer <token>'. Errors are problem documents "
    "(RFC 9457) in German. Lists page by cursor: pass the 'next' value of a page as 'after'.")


class FallakteApi(Api):
    """flask-smorest's Api without its own error handlers and spec pages: errors are problem
    documents of ours, and the document and reference are served by views/api/docs.py (in
    German, without inline scripts)."""

    def _register_error_handlers(self):
        pass

    def _register_doc_blueprint(self):
        pass

    def _register_responses(self):
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if status >= 400:
                response["schema"] = ProblemSchema
            prepare_response(response, self.spec, problems.PROBLEM_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": N_("Error (problem document)"), "schema": ProblemSchema}
        prepare_response(response, self.spec, problems.PROBLEM_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


limiter = Limiter(key_func=auth.rate_key, default_limits=[], headers_enabled=True,
                  strategy="fixed-window")


def is_api_request() -> bool:
    """True when the current request is addressed to the open API."""
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def init_api(app: Flask) -> list:
    """Register the API on `app`; returns its blueprints (the app exempts them from CSRF)."""
    from views.api import docs

    app.config.setdefault("API_TITLE", "Fallakte API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("API_RATE_LIMIT", "300 per minute")
    app.config.setdefault("API_MAX_BODY_BYTES", 1024 * 1024)
    app.config.setdefault("RATELIMIT_STORAGE_URI",
                          app.config.get("REDIS_URL") or "memory://")
    api = FallakteApi(app, spec_kwargs={
        "info": {"description": DESCRIPTION},
    })
    api.spec.components.security_scheme(
        "bearer", {"type": "http", "scheme": "bearer",
                   "description": N_("A personal API token from 'My account'.")})
    limiter.init_app(app)
    blueprints = resource_blueprints()
    for blueprint in blueprints:
        api.register_blueprint(blueprint)
    app.register_blueprint(docs.bp)
    limiter.exempt(docs.bp)
    return [*blueprints, docs.bp]


def _rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


@functools.cache
def resource_blueprints() -> list:
    """The blueprints of the resources, each authenticated and limited (set up once: several
    apps of one process share them)."""
    from views.api import changes, hours, participations, persons, requests_api

    blueprints = [persons.blp, participations.blp, requests_api.blp, hours.blp, changes.blp]
    for blueprint in blueprints:
        blueprint.before_request(auth.authenticate)
        limiter.limit(_rate_limit)(blueprint)
    return blueprints


# The reference groups operations by blueprint; these are the groups' German names.
TAGS = {"api_persons": N_("Persons"), "api_participations": N_("Participations"),
        "api_requests": N_("Assistance requests"), "api_hours": N_("Delivered hours"),
        "api_changes": N_("Changes")}


def current_api() -> Api:
    """The Api object of the current app."""
    return current_app.extensions["flask-smorest"]["apis"][""]["ext_obj"]


def api_error(error):
    """The problem document of any error of an API request, or None for other requests."""
    if not is_api_request():
        return None
    if isinstance(error, HTTPException):
        return problems.http_problem(error)
    if isinstance(error, DomainError):
        return problems.domain_problem(error)
    return problems.crash_problem(error)
