"""Login and logout with Flask-Login; German pages, CSRF-protected forms."""

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import LoginManager, current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import InputRequired

from models import User
from models.accounts import authenticate

from .security import safe_next

bp = Blueprint("auth", __name__)
login_manager = LoginManager()


class LoginForm(FlaskForm):
    """User name and password."""

    username = StringField(
        _l("User name"), validators=[InputRequired(_l("Please enter your user name."))]
    )
    password = PasswordField(
        _l("Password"), validators=[InputRequired(_l("Please enter your password."))]
    )


class LogoutForm(FlaskForm):
    """Only the CSRF token: logging out is a POST."""


@login_manager.user_loader
def load_user(session_id: str):
    """The user of a session id 'id.version'; a bumped version ends old sessions."""
    user_id, _, version = (session_id or "").partition(".")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = User.get_or_none(User.id == int(user_id))
    if user is None or not user.active or user.session_version != int(version):
        return None
    return user


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the login form; on success renew the session and go where the user wanted."""
    form = LoginForm()
    target = safe_next(request.args.get("next"), url_for("admin.index"))
    if current_user.is_authenticated:
        return redirect(target)
    if form.validate_on_submit():
        user = authenticate(form.username.data, form.password.data)
        if user is not None:
            session.clear()
            login_user(user)
            return redirect(target)
        flash(gettext("User name or password is wrong."), "danger")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """End the session."""
    if LogoutForm().validate_on_submit():
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
