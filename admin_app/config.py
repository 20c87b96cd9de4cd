"""Configuration: defaults, then instance/config.py, then the environment, then the caller."""

import os
import secrets
from pathlib import Path


class Defaults:
    """Settings every deployment starts from."""

    BABEL_DEFAULT_LOCALE = "de"
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    BABEL_DOMAIN = "messages"
    UPLOAD_MAX_MB = 50
    # Where uploaded documents are kept; relative paths are taken inside the instance folder.
    UPLOAD_FOLDER = "uploads"
    # "local": documents in UPLOAD_FOLDER; "s3": in the bucket S3_BUCKET of an S3-compatible
    # store (S3_ENDPOINT_URL for MinIO and others, keys under S3_PREFIX; credentials from the
    # usual AWS_* variables), shared by several app machines. UPLOAD_FOLDER then only holds
    # uploads in progress.
    UPLOAD_STORAGE = "local"
    S3_BUCKET = ""
    S3_ENDPOINT_URL = ""
    S3_PREFIX = ""
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    # Sent over HTTPS only; `make run` turns it off for http://127.0.0.1.
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_NAME = "fallakte_session"
    REMEMBER_COOKIE_HTTPONLY = True
    # Accounts and access (issue 5).
    IDLE_TIMEOUT_MINUTES = 30
    SECOND_FACTOR_FOR_ALL = False
    PASSWORD_MAX_AGE_DAYS = 0  # 0: passwords do not expire (004 only recommends a yearly change)
    LOGIN_THROTTLE_FAILURES = 10  # failed logins from one address ...
    LOGIN_THROTTLE_MINUTES = 15  # ... within this many minutes pause its logins
    PROXY_COUNT = 0  # reverse proxies in front of the app whose X-Forwarded-For is trusted
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    FLASK_ADMIN_SWATCH = "default"
    PAGE_SIZE = 20
    # The federal state whose public holidays count for projects that name none ("AT-9": Vienna,
    # "DE-BY": Bavaria; models/core/regions.py lists them).
    HOLIDAY_REGION = "AT-9"


ENVIRONMENT_KEYS = ("SECRET_KEY", "DATABASE_URL", "UPLOAD_MAX_MB", "SESSION_COOKIE_SECURE",
                    "UPLOAD_FOLDER", "REDIS_URL", "EXPORT_FOLDER", "HOLIDAY_REGION")
ENVIRONMENT_KEYS += ("UPLOAD_STORAGE", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_PREFIX")
ENVIRONMENT_KEYS += ("IDLE_TIMEOUT_MINUTES", "SECOND_FACTOR_FOR_ALL", "PASSWORD_MAX_AGE_DAYS",
                     "LOGIN_THROTTLE_FAILURES", "LOGIN_THROTTLE_MINUTES", "PROXY_COUNT")
BOOLEAN_KEYS = ("SESSION_COOKIE_SECURE", "SECOND_FACTOR_FOR_ALL")
INTEGER_KEYS = ("IDLE_TIMEOUT_MINUTES", "PASSWORD_MAX_AGE_DAYS", "LOGIN_THROTTLE_FAILURES",
                "LOGIN_THROTTLE_MINUTES", "PROXY_COUNT")


def as_bool(value) -> bool:
    """A setting's truth: 'false', '0', 'no', 'off' and '' are False (environment strings)."""
    if isinstance(value, str):
        return value.strip().lower() not in ("", "0", "false", "no", "off")
    return bool(value)


def load_config(app, overrides: dict | None) -> None:
    """Fill `app.config` from every source, later sources winning."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key in ENVIRONMENT_KEYS:
        if key in os.environ:
            app.config[key] = os.environ[key]
    app.config.update(overrides or {})
    app.config["UPLOAD_MAX_MB"] = int(app.config["UPLOAD_MAX_MB"])
    for key in BOOLEAN_KEYS:
        app.config[key] = as_bool(app.config[key])
    for key in INTEGER_KEYS:
        app.config[key] = int(app.config[key])
    # A request may carry several files of the per-file limit.
    app.config.setdefault("MAX_CONTENT_LENGTH", app.config["UPLOAD_MAX_MB"] * 1024 * 1024 * 20)
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = f"sqlite:///{Path(app.instance_path) / 'fallakte.sqlite3'}"
    app.config["UPLOAD_FOLDER"] = str(Path(app.instance_path) / app.config["UPLOAD_FOLDER"])
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.instance_path))
    root = Path(__file__).resolve().parent.parent
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(root / "translations"))


def _instance_secret(instance: Path) -> str:
    """A secret key kept in the instance folder, created on first start."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def init_holiday_region(code: str) -> None:
    """Make HOLIDAY_REGION the default federal state; an unknown one stops the start."""
    from models.commissions.workdays import use_region
    from models.core.regions import parse_region

    try:
        use_region(*parse_region(code))
    except ValueError:
        raise SystemExit(f"HOLIDAY_REGION: {code!r} is no federal state of "
                         "models/core/regions.py (e.g. AT-9, DE-BY)") from None
