"""Logging in and out: password, second factor, lockout, one session id per user version."""

import datetime as dt
import time

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, login_user, logout_user

from models import User
from models.accounts.announcements import pending_announcements
from models.accounts.login import (
    check_password_login,
    end_all_sessions,
    record_failure,
    record_login,
)
from models.accounts.second_factor import check_totp, remaining_recovery_codes, use_recovery_code
from models.core import clock
from views.accounts.forms import CodeForm, LoginForm
from views.core.forms import PostedForm
from views.core.session_steps import safe_next

bp = Blueprint("auth", __name__)
login_manager = LoginManager()

REFUSED = _l("User name or password is wrong.")
# How long the second step of a login may take.
PENDING_SECONDS = 300


class LogoutForm(PostedForm):
    """Only the CSRF token: logging out is a POST."""


def now() -> dt.datetime:
    """The time login events are recorded with."""
    return clock.now()


def client_address() -> str:
    """The address the request came from (behind PROXY_COUNT trusted proxies)."""
    return request.remote_addr or "unknown"


@login_manager.user_loader
def load_user(session_id: str):
    """The user of a session id 'id.version'; a bumped version ends old sessions."""
    user_id, _, version = (session_id or "").partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = User.get_or_none(User.id == int(user_id))
    if user is None or not user.active or user.is_locked or user.session_version != int(version):
        return None
    return user


def start_session(user: User, second_factor_passed: bool) -> None:
    """A fresh session for `user`: nothing of the session before the login survives."""
    session.clear()
    login_user(user)
    session["last_seen"] = int(time.time())
    if second_factor_passed:
        session["second_factor"] = user.get_id()


def complete_login(user: User, second_factor_passed: bool, target: str):
    """Open the session, record the login, note announcements to show, go on."""
    start_session(user, second_factor_passed)
    record_login(user, now())
    if pending_announcements(user, clock.today()):
        session["announcements"] = True
    return redirect(target)


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Password step; the second factor follows where the user has one."""
    form = LoginForm()
    target = safe_next(request.args.get("next"), url_for("admin.index"))
    if current_user.is_authenticated:
        return redirect(target)
    if form.validate_on_submit():
        config = current_app.config
        user = check_password_login(form.username.data, form.password.data, client_address(),
                                    now(), config["LOGIN_THROTTLE_FAILURES"],
                                    config["LOGIN_THROTTLE_MINUTES"])
        if user is not None:
            if user.totp_enabled:
                session.clear()
                session["pending"] = {"user": user.get_id(), "at": int(time.time()),
                                      "next": target}
                return redirect(url_for("auth.second_factor"))
            return complete_login(user, False, target)
        flash(gettext(REFUSED), "danger")
    return render_template("auth/login.html", form=form)


def _pending_user():
    pending = session.get("pending") or {}
    if int(time.time()) - int(pending.get("at", 0)) > PENDING_SECONDS:
        return None, None
    user = load_user(pending.get("user", ""))
    return user, pending.get("next") or url_for("admin.index")


@bp.route("/login/code", methods=["GET", "POST"])
def second_factor():
    """Second step: a code of the authenticator app or a recovery code."""
    user, target = _pending_user()
    if user is None:
        session.pop("pending", None)
        flash(gettext("Please log in again."), "info")
        return redirect(url_for("auth.login"))
    form = CodeForm()
    if form.validate_on_submit():
        code = form.code.data.strip()
        if check_totp(user, code, now()):
            return complete_login(user, True, safe_next(target, url_for("admin.index")))
        if use_recovery_code(user, code, now()):
            response = complete_login(user, True, safe_next(target, url_for("admin.index")))
            flash(gettext("You logged in with a recovery code. %(left)d codes are left; "
                          "new ones are made in “My account”.",
                          left=remaining_recovery_codes(user)), "warning")
            return response
        record_failure(user, now())
        if User.get_by_id(user.id).is_locked:
            session.clear()
            flash(gettext(REFUSED), "danger")
            return redirect(url_for("auth.login"))
        form.code.errors = [gettext("The code is wrong or expired. Please enter the current "
                                    "code.")]
    return render_template("auth/second_factor.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End every session of the user, on every device."""
    if LogoutForm().validate_on_submit():
        end_all_sessions(current_user._get_current_object(), now())
        logout_user()
        session.clear()
        flash(gettext("You have been logged out."), "success")
    return redirect(url_for("auth.login"))


def init_app(app) -> None:
    """Register login management and the auth pages."""
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    app.register_blueprint(bp)

    @app.context_processor
    def _logout_form():
        return {"logout_form": LogoutForm() if current_user.is_authenticated else None}
