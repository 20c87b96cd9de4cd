"""'Mein Konto' (001 §7.3): name, password, second factor, display, delegations,
announcements, list layouts. Also the steps a login may owe (new password, second factor)."""


import segno
from flask import abort, current_app, flash, redirect, request, session, url_for
from flask_admin import BaseView, expose
from flask_babel import gettext, ngettext
from flask_login import current_user, login_user
from markupsafe import Markup

from models.accounts.announcements import (
    Announcement,
    announcements_for,
    dismiss_announcement,
    pending_announcements,
)
from models.accounts.delegation import (
    WORKING_ROLES,
    Delegation,
    active_delegations,
    colleagues,
    grant_delegation,
    revoke_delegation,
)
from models.accounts.layouts import ListLayout, reset_layout
from models.accounts.models import User, UserProject
from models.accounts.passwords import PasswordRejected, WrongPassword, change_password
from models.accounts.second_factor import (
    check_totp,
    confirm_enrolment,
    provisioning_uri,
    remaining_recovery_codes,
    renew_recovery_codes,
    second_factor_required,
    start_enrolment,
    start_voluntary_enrolment,
    switch_off_second_factor,
)
from models.core import clock
from models.core.clock import now
from models.core.errors import DomainError, ValidationError
from models.people.models import Project
from views.accounts.forms import (
    CodeForm,
    ConfirmPasswordForm,
    DelegationForm,
    DisplayForm,
    PasswordChangeForm,
    PostedForm,
)
from views.accounts.tokens import TokenPages
from views.core.context import acting_user
from views.core.formatting import translate_error
from views.core.params import id_or_404
from views.core.session_steps import pending_step, safe_next

# The session in which a user confirmed with the password that they set up a second factor.
ENROLMENT = "enrolment"


def delegations_with(colleague, condition):
    """Active delegations matching `condition`, each with the user `colleague` points at
    (Delegation.grantee or .grantor) in the same query."""
    other = User.alias()
    return (active_delegations().select(Delegation, other)
            .join(other, on=(colleague == other.id), attr=colleague.name)
            .where(condition).order_by(other.full_name))


def qr_code_svg(uri: str) -> Markup:
    """The QR code of `uri` as inline SVG (no script, no external image)."""
    svg = segno.make(uri, error="m").svg_inline(scale=5, border=2, dark="#000", light="#fff")
    # segno draws the SVG from our own URI: no user markup reaches it.
    return Markup(svg)  # noqa: S704  # nosec B704


class AccountView(TokenPages, BaseView):
    """The page of the logged-in user; not in the menu, reached by the name in the navbar."""

    def is_accessible(self):
        return current_user.is_authenticated

    def is_visible(self):
        return False

    def inaccessible_callback(self, name, **kwargs):
        return redirect(url_for("auth.login", next=request.full_path))

    # -- overview -----------------------------------------------------------------------
    @expose("/")
    def index(self):
        """Everything about one's own account on one page."""
        return self._account_page()

    def _account_page(self, enrol_form=None, token_form=None):
        """The account page; `enrol_form` and `token_form` carry the messages of a refused
        start of the set-up of a second factor or of a refused new API token."""
        user = acting_user()
        today = clock.today()
        return self.render(
            "admin/fallakte/account.html", user=user,
            role_label=gettext(user.role_enum.label),
            projects=list(UserProject.select(UserProject, Project).join(Project)
                          .where(UserProject.user == user)
                          .order_by(UserProject.valid_from.desc())),
            display_form=DisplayForm(obj=user),
            required=second_factor_required(user, current_app.config["SECOND_FACTOR_FOR_ALL"]),
            codes_left=remaining_recovery_codes(user) if user.totp_enabled else 0,
            code_form=CodeForm(), confirm_form=ConfirmPasswordForm(),
            enrol_form=enrol_form or ConfirmPasswordForm(formdata=None),
            delegation_form=self._delegation_form(user, today),
            may_delegate=user.role in WORKING_ROLES,
            granted=list(delegations_with(Delegation.grantee, Delegation.grantor == user)),
            received=list(delegations_with(Delegation.grantor, Delegation.grantee == user)),
            announcements=announcements_for(user, today),
            pending_ids={a.id for a in pending_announcements(user, today)},
            layouts=ListLayout.select().where(ListLayout.user == user).count(),
            **self.token_context(user, token_form),
        )

    def _delegation_form(self, user, today):
        form = DelegationForm()
        taken = {d.grantee_id for d in active_delegations().where(Delegation.grantor == user)}
        form.grantee.choices = [(c.id, c.full_name) for c in colleagues(user, today)
                                if c.id not in taken]
        return form

    def _back(self, anchor=""):
        return redirect(self.get_url(".index") + anchor)

    # -- password -------------------------------------------------------------------------
    @expose("/password/", methods=("GET", "POST"))
    def password_view(self):
        """Change the password; at first login or after expiry this is the only way on."""
        user = acting_user()
        forced = pending_step(user) == "change"
        form = PasswordChangeForm()
        if form.validate_on_submit():
            try:
                change_password(user, form.current.data, form.new.data, now())
            except PasswordRejected as error:
                form.new.errors = [gettext(problem) for problem in error.problems]
            except WrongPassword as error:
                form.current.errors = [translate_error(error)]
            else:
                self._renew_session(user)
                flash(gettext("Your password has been changed. Other sessions of your "
                              "account have ended."), "success")
                return redirect(self._after_step())
        return self.render("admin/fallakte/account_password.html", form=form, forced=forced)

    def _renew_session(self, user):
        """The session id carries the new session version; the rest of the session stays."""
        passed = session.get("second_factor") is not None
        login_user(user)
        if passed:
            session["second_factor"] = user.get_id()

    def _after_step(self):
        if pending_step(acting_user()):
            return url_for("account.enrol_view")
        return safe_next(request.args.get("next"), url_for("admin.index"))

    # -- second factor ------------------------------------------------------------------
    @expose("/second-factor/start/", methods=("POST",))
    def enrol_start_view(self):
        """Begin a voluntary set-up: the password first, then a fresh secret to scan."""
        user = acting_user()
        form = ConfirmPasswordForm()
        if not form.validate_on_submit():
            if "csrf_token" in form.errors:
                abort(400)
            return self._account_page(enrol_form=form)
        try:
            start_voluntary_enrolment(user, form.password.data, now())
        except DomainError as error:
            form.password.errors = [translate_error(error)]
            return self._account_page(enrol_form=form)
        session[ENROLMENT] = user.get_id()
        return redirect(url_for(".enrol_view"))

    @expose("/second-factor/", methods=("GET", "POST"))
    def enrol_view(self):
        """Set up the authenticator app: scan the QR code, confirm with a code. Required right
        after the login (the password was just given); voluntarily after the password."""
        user = acting_user()
        if user.totp_enabled:
            return self._back("#second-factor")
        if pending_step(user) == "enrol":
            if not user.totp_secret:
                start_enrolment(user)
        elif session.get(ENROLMENT) != user.get_id() or not user.totp_secret:
            flash(gettext("Please confirm the set-up of the second factor with your password."),
                  "info")
            return self._back("#second-factor")
        form = CodeForm()
        if form.validate_on_submit():
            try:
                codes = confirm_enrolment(user, form.code.data, now())
            except DomainError as error:
                form.code.errors = [translate_error(error)]
            else:
                session.pop(ENROLMENT, None)
                session["second_factor"] = user.get_id()
                flash(gettext("The second factor is set up."), "success")
                return self.render("admin/fallakte/account_codes.html", codes=codes,
                                   next_url=self._after_step())
        secret = user.totp_secret
        return self.render(
            "admin/fallakte/account_enrol.html", form=form, qr=qr_code_svg(
                provisioning_uri(user)),
            secret=" ".join(secret[i:i + 4] for i in range(0, len(secret), 4)),
            forced=pending_step(user) == "enrol")

    @expose("/recovery-codes/", methods=("POST",))
    def codes_view(self):
        """New recovery codes, confirmed with a current code of the app."""
        user = acting_user()
        form = CodeForm()
        if not form.validate_on_submit():
            abort(400)
        if not check_totp(user, form.code.data, now()):
            flash(gettext("The code is wrong or expired. Please enter the current code."),
                  "danger")
            return self._back("#second-factor")
        try:
            codes = renew_recovery_codes(user, now())
        except DomainError as error:
            flash(translate_error(error), "danger")
            return self._back("#second-factor")
        return self.render("admin/fallakte/account_codes.html", codes=codes,
                           next_url=self.get_url(".index"))

    @expose("/second-factor/off/", methods=("POST",))
    def second_factor_off_view(self):
        """Switch one's second factor off, where it is not required."""
        user = acting_user()
        form = ConfirmPasswordForm()
        if not form.validate_on_submit():
            abort(400)
        try:
            switch_off_second_factor(user, form.password.data, now(),
                                     current_app.config["SECOND_FACTOR_FOR_ALL"])
        except DomainError as error:
            flash(translate_error(error), "danger")
        else:
            login_user(user)
            session.pop("second_factor", None)
            flash(gettext("The second factor is switched off."), "success")
        return self._back("#second-factor")

    # -- display ------------------------------------------------------------------------
    @expose("/display/", methods=("POST",))
    def display_view(self):
        """Save font size and contrast; back to the page the user came from."""
        user = acting_user()
        form = DisplayForm()
        if form.validate_on_submit():
            user.font_size, user.theme = form.font_size.data, form.theme.data
            user.save(only=[type(user).font_size, type(user).theme])
            flash(gettext("The display settings have been saved."), "success")
        else:
            flash(gettext("Please choose a font size and a contrast."), "danger")
        return redirect(safe_next(request.form.get("next"), self.get_url(".index")))

    # -- announcements ------------------------------------------------------------------
    @expose("/announcements/dismiss/", methods=("POST",))
    def dismiss_view(self):
        """Close an announcement; it stays readable on this page."""
        user = acting_user()
        if not PostedForm().validate_on_submit():
            abort(400)
        announcement = Announcement.get_or_none(
            Announcement.id == id_or_404(request.args.get("id")))
        if announcement is None or not announcement.addressed_to(user):
            abort(404)
        dismiss_announcement(user, announcement, now())
        if not pending_announcements(user, clock.today()):
            session.pop("announcements", None)
        return redirect(safe_next(request.form.get("next"), self.get_url(".index")))

    # -- delegations --------------------------------------------------------------------
    @expose("/delegations/", methods=("POST",))
    def delegate_view(self):
        """Let a colleague of one's projects work on one's cases."""
        user = acting_user()
        form = self._delegation_form(user, clock.today())
        if form.validate_on_submit():
            grantee = next((c for c in colleagues(user, clock.today())
                            if c.id == form.grantee.data), None)
            try:
                if grantee is None:
                    abort(404)
                grant_delegation(user, grantee, user, now())
            except ValidationError as error:
                for message in error.errors.values():
                    flash(gettext(message), "danger")
            except DomainError as error:
                flash(translate_error(error), "danger")
            else:
                flash(gettext("%(name)s may now work on your cases.", name=grantee.full_name),
                      "success")
        else:
            flash(gettext("Please choose a colleague."), "danger")
        return self._back("#delegations")

    @expose("/delegations/revoke/", methods=("POST",))
    def revoke_view(self):
        """End a delegation one has granted."""
        user = acting_user()
        if not PostedForm().validate_on_submit():
            abort(400)
        delegation = active_delegations().where(
            (Delegation.id == id_or_404(request.args.get("id")))
            & (Delegation.grantor == user)).first()
        if delegation is None:
            abort(404)
        revoke_delegation(delegation, user, now())
        flash(gettext("The delegation to %(name)s has ended.",
                      name=delegation.grantee.full_name), "success")
        return self._back("#delegations")

    # -- list layouts -------------------------------------------------------------------
    @expose("/layouts/reset/", methods=("POST",))
    def layouts_reset_view(self):
        """Forget every saved list layout of the user."""
        if not PostedForm().validate_on_submit():
            abort(400)
        count = reset_layout(acting_user())
        flash(ngettext("%(num)d list layout reset.", "%(num)d list layouts reset.", count),
              "success")
        return self._back("#layouts")


def init_app(app) -> None:
    """Template helpers: display classes, a step the session owes, announcements to show."""

    @app.context_processor
    def _account_context():
        if not current_user.is_authenticated:
            return {"display_classes": "font-normal theme-normal", "account_step": None,
                    "shown_announcements": []}
        user = current_user
        shown = []
        if session.get("announcements"):
            shown = pending_announcements(user, clock.today())
        return {
            "display_classes": f"font-{user.font_size} theme-{user.theme}",
            "account_step": pending_step(user),
            "shown_announcements": shown,
        }
