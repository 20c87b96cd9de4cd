"""Forms of logging in and of one's account; every password field checks the policy."""

from flask_babel import gettext, lazy_gettext
from wtforms import PasswordField, SelectField, StringField
from wtforms.validators import EqualTo, InputRequired, Optional, ValidationError

from models.accounts.passwords import password_problems
from views.core.forms import PostedForm
from views.core.params import choice_number

FONT_SIZES = (("normal", lazy_gettext("Normal text")), ("large", lazy_gettext("Large text")),
              ("larger", lazy_gettext("Very large text")))
THEMES = (("normal", lazy_gettext("Normal contrast")), ("high", lazy_gettext("High contrast")),
          ("dark", lazy_gettext("Dark")))


class PasswordPolicy:
    """Validator: one German message per unmet rule of the password policy (004 §1.1)."""

    def __call__(self, form, field):
        if not field.data:
            return
        problems = [gettext(problem) for problem in password_problems(field.data)]
        if problems:
            field.errors.extend(problems[:-1])
            raise ValidationError(problems[-1])


def new_password_field(label, required=True):
    """A password field with the policy; required or optional (admin forms)."""
    first = InputRequired(lazy_gettext("Please enter the new password.")) if required \
        else Optional()
    return PasswordField(label, validators=[first, PasswordPolicy()],
                         render_kw={"autocomplete": "new-password"})


class LoginForm(PostedForm):
    """User name and password."""

    username = StringField(
        lazy_gettext("User name"),
        validators=[InputRequired(lazy_gettext("Please enter your user name."))],
        render_kw={"autocomplete": "username"})
    password = PasswordField(
        lazy_gettext("Password"),
        validators=[InputRequired(lazy_gettext("Please enter your password."))],
        render_kw={"autocomplete": "current-password"})


class CodeForm(PostedForm):
    """The code of the authenticator app, or a recovery code."""

    code = StringField(
        lazy_gettext("Code"),
        validators=[InputRequired(lazy_gettext("Please enter the code."))],
        render_kw={"autocomplete": "one-time-code", "inputmode": "text",
                   "autocapitalize": "characters", "spellcheck": "false"})


class PasswordChangeForm(PostedForm):
    """Current password, new password twice."""

    current = PasswordField(
        lazy_gettext("Current password"),
        validators=[InputRequired(lazy_gettext("Please enter your current password."))],
        render_kw={"autocomplete": "current-password"})
    new = new_password_field(lazy_gettext("New password"))
    repeat = PasswordField(
        lazy_gettext("Repeat the new password"),
        validators=[InputRequired(lazy_gettext("Please repeat the new password.")),
                    EqualTo("new", lazy_gettext("The two new passwords differ."))],
        render_kw={"autocomplete": "new-password"})


class ConfirmPasswordForm(PostedForm):
    """Confirms a sensitive step (switching the second factor off) with the password."""

    password = PasswordField(
        lazy_gettext("Your password"),
        validators=[InputRequired(lazy_gettext("Please enter your password."))],
        render_kw={"autocomplete": "current-password"})


class DisplayForm(PostedForm):
    """Font size and contrast (001 §7.3)."""

    font_size = SelectField(lazy_gettext("Font size"), choices=FONT_SIZES)
    theme = SelectField(lazy_gettext("Contrast"), choices=THEMES)


class DelegationForm(PostedForm):
    """Choose a colleague to delegate one's cases to."""

    grantee = SelectField(lazy_gettext("Colleague"), coerce=choice_number, choices=[])
