"""Personal API tokens in 'Mein Konto': create (password and second factor), shown once,
list, revoke; administrators see and revoke every token."""

from flask import abort, redirect, request, url_for
from flask_admin import expose
from flask_babel import gettext, lazy_gettext
from wtforms import PasswordField, SelectMultipleField, StringField, widgets
from wtforms.validators import InputRequired, Length, Optional

from models.accounts.models import User
from models.accounts.passwords import WrongPassword
from models.accounts.tokens import ApiToken, create_api_token, revoke_api_token, tokens_of
from models.core import clock
from models.core.clock import now
from models.core.errors import DomainError, ValidationError
from views.core.context import acting_user
from views.core.fields import GermanDateField
from views.core.formatting import translate_error
from views.core.forms import PostedForm
from views.core.params import id_or_404

SCOPE_CHOICES = (("read", lazy_gettext("read")), ("write", lazy_gettext("write")))


class TokenForm(PostedForm):
    """Name, scopes and expiry of a new token, confirmed with the password and a code."""

    name = StringField(lazy_gettext("Name of the token"), validators=[
        InputRequired(lazy_gettext("Please name the token.")), Length(max=80)])
    scopes = SelectMultipleField(
        lazy_gettext("Scopes"), choices=SCOPE_CHOICES, default=["read"],
        widget=widgets.ListWidget(prefix_label=False), option_widget=widgets.CheckboxInput())
    expires_on = GermanDateField(lazy_gettext("Valid until"), validators=[
        InputRequired(lazy_gettext("Please enter the last day of validity."))])
    password = PasswordField(lazy_gettext("Your password"), validators=[
        InputRequired(lazy_gettext("Please enter your password."))],
        render_kw={"autocomplete": "current-password"})
    code = StringField(lazy_gettext("Current code of the app"), validators=[Optional()],
                       render_kw={"autocomplete": "one-time-code"})


class TokenPages:
    """The token routes of the account view (mixed into views.accounts.account.AccountView)."""

    def token_context(self, user, form=None) -> dict:
        """What the account page shows of the user's tokens."""
        return {"token_form": form or TokenForm(formdata=None),
                "tokens": list(tokens_of(user)), "today": clock.today()}

    @expose("/tokens/", methods=("POST",))
    def token_create_view(self):
        """Create a token; its secret is shown on the answer page once."""
        user = acting_user()
        form = TokenForm()
        if not form.validate_on_submit():
            if "csrf_token" in form.errors:
                abort(400)
            return self._account_page(token_form=form)
        try:
            _token, secret = create_api_token(user, form.name.data, form.scopes.data,
                                              form.expires_on.data, form.password.data,
                                              form.code.data, now())
        except WrongPassword as error:
            form.password.errors = [translate_error(error)]
            return self._account_page(token_form=form)
        except ValidationError as error:
            for name, message in error.errors.items():
                getattr(form, name).errors = [gettext(message)]
            return self._account_page(token_form=form)
        except DomainError as error:
            form.password.errors = [translate_error(error)]
            return self._account_page(token_form=form)
        return self.render("admin/fallakte/account_token_created.html", secret=secret,
                           next_url=self.get_url(".index") + "#tokens")

    @expose("/tokens/revoke/", methods=("POST",))
    def token_revoke_view(self):
        """Revoke one's own token (administrators: anyone's)."""
        user = acting_user()
        if not PostedForm().validate_on_submit():
            abort(400)
        token = ApiToken.get_or_none(ApiToken.id == id_or_404(request.args.get("id")))
        if token is None or (token.user_id != user.id and not user.is_admin):
            abort(404)
        try:
            revoke_api_token(token, user, now())
        except DomainError as error:
            self._flash(translate_error(error), "danger")
        else:
            self._flash(gettext("The token '%(name)s' is revoked.", name=token.name), "success")
        if token.user_id != user.id:
            return redirect(url_for(".tokens_all_view"))
        return redirect(self.get_url(".index") + "#tokens")

    @expose("/tokens/all/")
    def tokens_all_view(self):
        """Administrators: every token in force, to revoke any of them."""
        if not acting_user().is_admin:
            abort(403)
        rows = (ApiToken.select(ApiToken, User).join(User, on=(ApiToken.user == User.id))
                .where(ApiToken.revoked_at.is_null()
                       & (ApiToken.expires_on >= clock.today()))
                .order_by(User.full_name, ApiToken.created_at))
        return self.render("admin/fallakte/account_tokens_all.html", tokens=list(rows),
                           form=PostedForm())

    @staticmethod
    def _flash(message, category):
        from flask import flash

        flash(message, category)
