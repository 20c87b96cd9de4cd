"""Backup and restore of one instance: the database and the document store, together.

A backup is a folder: `database.sqlite3` (SQLite's online backup API: a consistent copy while
the app runs) or `database.dump` (`pg_dump --format=custom`), the document files under
`documents/` as they lie in UPLOAD_FOLDER, and `manifest.json` (schema version, rows per table,
number of files). A restore goes into an empty instance only: a new database (no tables) and an
empty document folder; it then checks the rows and files against the manifest. Data-export
files are not included: they are made again on request and deleted after 30 days anyway.
"""

import datetime as dt
import json
import shutil
import sqlite3
import subprocess  # noqa: S404  # nosec B404 (pg_dump / pg_restore, fixed arguments)
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from peewee import PostgresqlDatabase

from models import ALL_MODELS

from .migrations import current_version

DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}
# What libpq understands of our URLs (peewee's pool options are ours, not libpq's).
LIBPQ_OPTIONS = {"sslmode", "connect_timeout", "application_name", "options"}


class RestoreRefused(Exception):
    """The target is not empty, or the backup does not match what was restored."""


def libpq_url(url: str) -> str:
    """`url` as pg_dump and pg_restore take it: scheme postgresql, libpq options only."""
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k in LIBPQ_OPTIONS])
    return urlunsplit(parts._replace(scheme="postgresql", query=query))


def row_counts(database) -> dict:
    """{table: rows} of every model table."""
    return {model._meta.table_name: database.execute_sql(
        f'SELECT COUNT(*) FROM "{model._meta.table_name}"').fetchone()[0]  # noqa: S608  # nosec B608
        for model in ALL_MODELS}


def _files(folder: Path) -> list[Path]:
    return sorted(p.relative_to(folder) for p in folder.rglob("*") if p.is_file()) \
        if folder.is_dir() else []


def backup(database, url: str, upload_folder: Path, target: Path) -> dict:
    """Write a backup of `database` (at `url`) and `upload_folder` into the new folder
    `target`; return its manifest."""
    target.mkdir(parents=True)
    if isinstance(database, PostgresqlDatabase):
        # Our own table names above; pg_dump and pg_restore from PATH with fixed arguments.
        subprocess.run(["pg_dump", "--format=custom", "--no-owner",  # noqa: S603, S607  # nosec
                        f"--file={target / DATABASE_FILES['postgresql']}", libpq_url(url)],
                       check=True, capture_output=True)
    else:
        copy = sqlite3.connect(target / DATABASE_FILES["sqlite"])
        try:
            database.connection().backup(copy)
        finally:
            copy.close()
    shutil.copytree(upload_folder, target / "documents", dirs_exist_ok=True) \
        if upload_folder.is_dir() else (target / "documents").mkdir()
    manifest = {"created": dt.datetime.now().isoformat(timespec="seconds"),
                "engine": "postgresql" if isinstance(database, PostgresqlDatabase) else "sqlite",
                "schema_version": current_version(database), "rows": row_counts(database),
                "files": len(_files(upload_folder))}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def restore(database, url: str, upload_folder: Path, source: Path) -> dict:
    """Restore the backup in `source` into the empty `database` (at `url`) and the empty
    `upload_folder`; return the manifest after checking rows and files against it."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    engine = "postgresql" if isinstance(database, PostgresqlDatabase) else "sqlite"
    if manifest["engine"] != engine:
        raise RestoreRefused(f"A backup of {manifest['engine']} restores into {manifest['engine']}"
                             f", not into {engine}.")
    if database.get_tables() or _files(upload_folder):
        raise RestoreRefused("The target is not empty: restore into a new database and an "
                             "empty UPLOAD_FOLDER.")
    if manifest["engine"] == "postgresql":
        subprocess.run(["pg_restore", "--no-owner", "--exit-on-error",  # noqa: S603, S607  # nosec
                        f"--dbname={libpq_url(url)}", str(source / DATABASE_FILES["postgresql"])],
                       check=True, capture_output=True)
    else:
        copy = sqlite3.connect(source / DATABASE_FILES["sqlite"])
        try:
            copy.backup(database.connection())
        finally:
            copy.close()
    shutil.copytree(source / "documents", upload_folder, dirs_exist_ok=True)
    found = {"rows": row_counts(database), "files": len(_files(upload_folder))}
    if found["rows"] != manifest["rows"] or found["files"] != manifest["files"]:
        raise RestoreRefused(f"The restored data differ from the backup: {found}")
    return manifest
