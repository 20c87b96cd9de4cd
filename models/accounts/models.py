"""User accounts, roles and project assignments."""

import datetime as dt

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField, IntegerField

from models.core import clock
from models.core.base import VersionedModel
from models.core.errors import ValidationError
from models.core.roles import STAFF_ROLES, Role
from models.core.text import N_
from models.people.models import FundingBody, Project

_hasher = PasswordHasher()


class User(VersionedModel):
    """Someone who logs in. Implements what Flask-Login expects without importing it."""

    username = CharField(max_length=80, unique=True, verbose_name=N_("User name"))
    full_name = CharField(max_length=160, verbose_name=N_("Name"))
    password_hash = CharField(max_length=255, verbose_name=N_("Password hash"))
    role = CharField(
        max_length=20, choices=Role.choices(), verbose_name=N_("Role")
    )
    funding_body = ForeignKeyField(
        FundingBody, null=True, on_delete="RESTRICT", verbose_name=N_("Funding body")
    )
    active = BooleanField(default=True, verbose_name=N_("Active"))
    # Bumped to end every session of the user (logout everywhere, password change).
    session_version = IntegerField(default=0, verbose_name=N_("Session version"))
    created_at = DateTimeField(default=clock.now, verbose_name=N_("Created"))
    # Password policy and lockout (004 §1.1); see models/passwords.py and models/login.py.
    must_change_password = BooleanField(default=False,
                                        verbose_name=N_("Must change password"))
    password_changed_at = DateTimeField(null=True, verbose_name=N_("Password changed"))
    failed_logins = IntegerField(default=0, verbose_name=N_("Failed logins"))
    locked_at = DateTimeField(null=True, verbose_name=N_("Locked since"))
    # The last complete login and the one before it: the start page lists what happened
    # since the previous login (the current session's own login would hide it all).
    last_login_at = DateTimeField(null=True, verbose_name=N_("Last login"))
    previous_login_at = DateTimeField(null=True, verbose_name=N_("Previous login"))
    # Second factor (TOTP); the secret exists from the start of enrolment, enabled once confirmed.
    totp_secret = CharField(max_length=64, null=True, verbose_name=N_("TOTP secret"))
    totp_enabled = BooleanField(default=False, verbose_name=N_("Second factor set up"))
    totp_last_step = IntegerField(default=0, verbose_name=N_("Last TOTP step"))
    second_factor_required = BooleanField(default=False,
                                          verbose_name=N_("Second factor required"))
    # Display settings (001 §7.3), saved per user.
    font_size = CharField(max_length=10, default="normal", verbose_name=N_("Font size"))
    theme = CharField(max_length=10, default="normal", verbose_name=N_("Contrast"))

    history_relation = "user"
    verbose_name, verbose_name_plural = N_("User"), N_("users")
    personal_fields = ("full_name",)

    history_ignored_fields = ("password_hash", "session_version", "password_changed_at",
                              "failed_logins", "locked_at", "last_login_at",
                              "previous_login_at", "totp_secret", "totp_enabled",
                              "totp_last_step", "font_size", "theme")

    def __str__(self):
        return self.full_name

    def before_save(self, actor, old: dict | None, today) -> None:
        """A clerk or planner belongs to a funding body; nobody else does."""
        self.username = (self.username or "").strip()
        if self.role in (Role.CLERK, Role.PLANNER) and self.funding_body_id is None:
            raise ValidationError({"funding_body": N_("A clerk needs a funding body.")})
        if self.role not in (Role.CLERK, Role.PLANNER):
            self.funding_body = None
        if old is not None and old.get("active") and not self.active:
            # Deactivation ends every session at once, not only at the next request.
            self.session_version = (self.session_version or 0) + 1

    @property
    def role_enum(self) -> Role:
        """The role as enum member."""
        return Role(self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    # Flask-Login protocol
    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    @property
    def is_anonymous(self) -> bool:
        return False

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None

    def get_id(self) -> str:
        return f"{self.id}.{self.session_version}"

    def set_password(self, password: str) -> None:
        """Store an argon2 hash of `password`."""
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        """True when `password` matches the stored hash."""
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False


# A hash to verify against when the user does not exist, so that timing does not tell.
DUMMY_HASH = _hasher.hash("no such user")


class UserProject(VersionedModel):
    """A staff member's assignment to a project for a period (renewed yearly)."""

    history_relation = "assignment"
    verbose_name, verbose_name_plural = N_("Project assignment"), N_("project assignments")

    user = ForeignKeyField(
        User, backref="assignments", on_delete="CASCADE", verbose_name=N_("User")
    )
    project = ForeignKeyField(
        Project, backref="assignments", on_delete="RESTRICT", verbose_name=N_("Project")
    )
    valid_from = DateField(default=clock.today, verbose_name=N_("Valid from"))
    valid_to = DateField(null=True, verbose_name=N_("Valid to"))

    class Meta:
        indexes = ((("user", "project", "valid_from"), True),)


def projects_in_force(user: User, today: dt.date):
    """Subquery of the ids of the projects `user` is assigned to on `today`."""
    return UserProject.select(UserProject.project).where(
        (UserProject.user == user)
        & (UserProject.valid_from <= today)
        & ((UserProject.valid_to.is_null()) | (UserProject.valid_to >= today))
    )
