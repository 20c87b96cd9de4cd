"""Personal API tokens (issue 17): created by their user after the password and the second
factor, shown once, stored as a hash, with scopes, an expiry and the last use; revocable.

The stored hash is a plain SHA-256 of the secret, not argon2 like passwords: the secret is 256
random bits, so there is nothing to guess that a slow hash would protect, and an unsalted digest
lets every API call find its token with one indexed equality instead of a scan with a costly
verification per stored token."""

import datetime as dt
import hashlib
import secrets

from peewee import CharField, DateField, DateTimeField, ForeignKeyField

from models.accounts.models import User
from models.accounts.passwords import confirm_password
from models.accounts.second_factor import check_totp
from models.core.base import BaseModel, db
from models.core.errors import DomainError, NotPermitted, ValidationError
from models.core.history import Kind, add_event_type, record_history
from models.core.labels import LabelledEnum
from models.core.text import N_

# A recognisable start, so that a leaked token is found by secret scanners.
# A prefix, not a secret (ruff and bandit take it for a password).
TOKEN_PREFIX = "fk_"  # noqa: S105  # nosec B105
MAX_DAYS = 365
SCOPES = ("read", "write")
# A use from the same address updates the last use at most this often (no write per call).
LAST_USE_STEP = dt.timedelta(minutes=1)


class TokenEvent(LabelledEnum):
    """History events of API tokens, written on the token's user."""

    CREATED = "tok_new", N_("API token created")
    NEW_ADDRESS = "tok_addr", N_("API token used from a new address")
    REVOKED = "tok_revoke", N_("API token revoked")


add_event_type(TokenEvent)


class ApiToken(BaseModel):
    """A personal API token: acts as its user, within its scopes, until expiry or revocation."""

    user = ForeignKeyField(User, backref="api_tokens", on_delete="CASCADE",
                           verbose_name=N_("User"))
    name = CharField(max_length=80, verbose_name=N_("Name"))
    token_hash = CharField(max_length=64, unique=True, verbose_name=N_("Token hash"))
    # The first characters, shown in lists so that the user tells their tokens apart.
    hint = CharField(max_length=12, verbose_name=N_("Token start"))
    scopes = CharField(max_length=20, verbose_name=N_("Scopes"))
    created_at = DateTimeField(verbose_name=N_("Created"))
    expires_on = DateField(verbose_name=N_("Valid until"))
    last_used_at = DateTimeField(null=True, verbose_name=N_("Last used"))
    last_used_address = CharField(max_length=64, null=True, verbose_name=N_("Last address"))
    revoked_at = DateTimeField(null=True, verbose_name=N_("Revoked"))
    revoked_by = ForeignKeyField(User, null=True, on_delete="SET NULL",
                                 verbose_name=N_("Revoked by"))

    verbose_name, verbose_name_plural = N_("API token"), N_("API tokens")

    @property
    def scope_list(self) -> list[str]:
        """The token's scopes as a list."""
        return self.scopes.split()

    def allows(self, scope: str) -> bool:
        """True when the token carries `scope` ('read' or 'write')."""
        return scope in self.scope_list

    def is_valid(self, today: dt.date) -> bool:
        """True while the token is neither revoked nor expired."""
        return self.revoked_at is None and today <= self.expires_on


def token_hash(secret: str) -> str:
    """The stored form of a token secret."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _checked(name: str, scopes, expires_on, today: dt.date) -> tuple[str, str]:
    errors = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = N_("Please name the token.")
    chosen = [scope for scope in SCOPES if scope in (scopes or ())]
    if not chosen or set(scopes or ()) - set(SCOPES):
        errors["scopes"] = N_("Please choose at least one scope.")
    if expires_on is None or not (today < expires_on <= today + dt.timedelta(days=MAX_DAYS)):
        errors["expires_on"] = N_("A token is valid from tomorrow for at most one year.")
    if errors:
        raise ValidationError(errors)
    return name[:80], " ".join(chosen)


def create_api_token(user: User, name: str, scopes, expires_on: dt.date, password: str | None,
                     code: str | None, now: dt.datetime) -> tuple[ApiToken, str]:
    """A new token of `user`, confirmed with the password and, where set up, a code of the
    second factor; returns the token and its secret, which is shown once and never again."""
    name, scope_text = _checked(name, scopes, expires_on, now.date())
    confirm_password(user, password, now)
    if user.totp_enabled and not check_totp(user, code, now):
        raise ValidationError({"code": N_(
            "The code is wrong or expired. Please enter the current code.")})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with db.atomic():
        token = ApiToken.create(user=user, name=name, token_hash=token_hash(secret),
                                hint=secret[:10], scopes=scope_text, created_at=now,
                                expires_on=expires_on)
        record_history(user, user, now, TokenEvent.CREATED, {"token": [None, name]},
                       kind=Kind.INFO)
    return token, secret


def token_for(secret: str | None, address: str, now: dt.datetime) -> ApiToken | None:
    """The valid token with this secret, its user loaded, or None; notes the use (and a use
    from a new address in the user's history)."""
    if not secret or not secret.startswith(TOKEN_PREFIX) or len(secret) > 100:
        return None
    token = (ApiToken.select(ApiToken, User).join(User, on=(ApiToken.user == User.id))
             .where(ApiToken.token_hash == token_hash(secret)).first())
    if token is None or not token.is_valid(now.date()):
        return None
    user = token.user
    if not user.active or user.is_locked:
        return None
    address = (address or "unknown")[:64]
    new_address = address != token.last_used_address
    if new_address or token.last_used_at is None or now - token.last_used_at >= LAST_USE_STEP:
        with db.atomic():
            ApiToken.update(last_used_at=now, last_used_address=address).where(
                ApiToken.id == token.id).execute()
            if new_address:
                record_history(user, user, now, TokenEvent.NEW_ADDRESS,
                               {"token": [token.name, token.name],
                                "address": [token.last_used_address, address]},
                               kind=Kind.INFO)
        token.last_used_at, token.last_used_address = now, address
    return token


def revoke_api_token(token: ApiToken, actor: User, now: dt.datetime) -> None:
    """End a token at once: by its user or by an administrator; in the user's history."""
    if actor.id != token.user_id and not actor.is_admin:
        raise NotPermitted(N_("You may not revoke this token."))
    if token.revoked_at is not None:
        raise DomainError(N_("The token is revoked already."))
    with db.atomic():
        ApiToken.update(revoked_at=now, revoked_by=actor).where(
            (ApiToken.id == token.id) & ApiToken.revoked_at.is_null()).execute()
        record_history(token.user, actor, now, TokenEvent.REVOKED, {"token": [token.name, None]},
                       kind=Kind.INFO)
    token.revoked_at, token.revoked_by = now, actor


def tokens_of(user: User):
    """The tokens of `user`, newest first."""
    return ApiToken.select().where(ApiToken.user == user).order_by(ApiToken.created_at.desc(),
                                                                   ApiToken.id.desc())
