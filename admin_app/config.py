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
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_TIME_LIMIT = None  # the token lives as long as the session
    FLASK_ADMIN_SWATCH = "default"
    PAGE_SIZE = 20


ENVIRONMENT_KEYS = ("SECRET_KEY", "DATABASE_URL", "UPLOAD_MAX_MB", "SESSION_COOKIE_SECURE",
                    "UPLOAD_FOLDER")


def load_config(app, overrides: dict | None) -> None:
    """Fill `app.config` from every source, later sources winning."""
    app.config.from_object(Defaults)
    app.config.from_pyfile("config.py", silent=True)
    for key in ENVIRONMENT_KEYS:
        if key in os.environ:
            app.config[key] = os.environ[key]
    app.config.update(overrides or {})
    app.config["UPLOAD_MAX_MB"] = int(app.config["UPLOAD_MAX_MB"])
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
