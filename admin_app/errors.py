"""German error pages; no exception text ever reaches a user."""

import logging

from flask import flash, redirect, render_template, request
from flask_babel import gettext
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from models.core.text import N_
from views.api import api_error
from views.core.session_steps import safe_next

log = logging.getLogger(__name__)

TITLES = {  # msgids, translated when shown
    400: N_("The request could not be processed."),
    403: N_("You may not open this page."),
    404: N_("This page does not exist or you may not see it."),
    405: N_("This request is not allowed here."),
    413: N_("The upload is too large."),
}


def init_app(app) -> None:
    """Register German handlers for HTTP errors, CSRF failures and crashes."""

    @app.errorhandler(CSRFError)
    def _csrf(_error):
        flash(gettext("The form had expired or was not sent from this page. Please try again."),
              "danger")
        return redirect(safe_next(request.referrer and _path(request.referrer), "/")), 303

    @app.errorhandler(HTTPException)
    def _http(error):
        answer = api_error(error)
        if answer is not None:
            return answer
        message = gettext(TITLES.get(error.code, "The request could not be processed."))
        if error.code == 403 and request.method == "POST":
            message = gettext("You may not do this.")
        return render_template("error.html", code=error.code, message=message), error.code

    @app.errorhandler(Exception)
    def _crash(error):
        answer = api_error(error)
        if answer is not None:
            return answer
        log.exception("Unhandled error", exc_info=error)
        message = gettext("An unexpected error occurred. It has been logged.")
        return render_template("error.html", code=500, message=message), 500


def _path(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")
