"""Fallakte application factory."""

import logging

from flask import Flask, redirect, render_template, request, url_for
from flask_babel import Babel
from flask_wtf.csrf import CSRFError, CSRFProtect

from .clock import init_clock
from .config import init_holiday_region, load_config
from .db import init_db

csrf = CSRFProtect()
babel = Babel()
log = logging.getLogger(__name__)


def create_app(config: dict | None = None) -> Flask:
    """Build the Fallakte app; `config` overrides every other source of settings."""
    app = Flask(__name__, instance_relative_config=True)
    load_config(app, config)
    init_clock()
    init_holiday_region(app.config["HOLIDAY_REGION"])
    babel.init_app(
        app,
        locale_selector=lambda: app.config["BABEL_DEFAULT_LOCALE"],
        timezone_selector=lambda: app.config["BABEL_DEFAULT_TIMEZONE"],
    )
    csrf.init_app(app)
    init_db(app)
    if app.config["PROXY_COUNT"]:
        from werkzeug.middleware.proxy_fix import ProxyFix

        # The client address (login throttle, logs) comes from the trusted proxies' header.
        count = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=count, x_proto=count, x_host=count)

    from views import init_admin
    from views.api import init_api

    from . import auth, cli, errors, security, tasks, uploads

    auth.init_app(app)
    security.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    uploads.init_app(app)
    tasks.init_tasks(app)
    init_admin(app)
    # The API authenticates by token in a header, never by the session cookie: no CSRF there.
    for blueprint in init_api(app):
        csrf.exempt(blueprint)

    @app.route("/")
    def root():
        return redirect(url_for("admin.index"))

    return app


__all__ = ["create_app", "csrf", "render_template", "request", "CSRFError"]
