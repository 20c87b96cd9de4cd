"""Backup and restore of one instance: the database and the document store, together.

A backup is a folder: `database.sqlite3` (SQLite's online backup API: a consistent copy while
the app runs) or `database.dump` (`pg_dump --format=custom`), the kept document files under
`documents/<2 hex>/<32 hex>` as UPLOAD_FOLDER holds them, read from whichever store the app uses
(the local folder or the S3 bucket), and `manifest.json` (schema version, rows per table, number
of files). A restore goes into an empty instance only: a new database (no tables) and an empty
document store (folder or bucket prefix); it then checks the rows and files against the
manifest. Data-export
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
from models.core.storage import CHUNK, STORED_NAME, TEMPORARY

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


def _kept(store) -> list[str]:
    """The names of the kept files of `store` (uploads in progress are not backed up)."""
    return sorted(entry.name for entry in store.stored() if not entry.temporary
                  and STORED_NAME.match(entry.name))


def _backed_up(folder: Path) -> list[Path]:
    # Older backups copied UPLOAD_FOLDER whole, uploads in progress (incoming/) included.
    return sorted(p for p in folder.glob("*/*") if p.is_file() and p.parent.name != TEMPORARY
                  and STORED_NAME.match(p.name))


def backup(database, url: str, store, target: Path) -> dict:
    """Write a backup of `database` (at `url`) and the document `store` into the new folder
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
    # The files after the database: a file uploaded meanwhile is only an orphan in the backup,
    # while the other order could miss the file of a row that the copy holds.
    names = _kept(store)
    for name in names:
        path = target / "documents" / name[:2] / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with store.open(name) as source, path.open("wb") as copy:
            shutil.copyfileobj(source, copy, CHUNK)
    (target / "documents").mkdir(exist_ok=True)
    manifest = {"created": dt.datetime.now().isoformat(timespec="seconds"),
                "engine": "postgresql" if isinstance(database, PostgresqlDatabase) else "sqlite",
                "schema_version": current_version(database), "rows": row_counts(database),
                "files": len(names)}
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return manifest


def restore(database, url: str, store, source: Path) -> dict:
    """Restore the backup in `source` into the empty `database` (at `url`) and the empty
    document `store`; return the manifest after checking rows and files against it."""
    manifest = json.loads((source / "manifest.json").read_text(encoding="utf-8"))
    engine = "postgresql" if isinstance(database, PostgresqlDatabase) else "sqlite"
    if manifest["engine"] != engine:
        raise RestoreRefused(f"A backup of {manifest['engine']} restores into {manifest['engine']}"
                             f", not into {engine}.")
    if database.get_tables() or _kept(store):
        raise RestoreRefused("The target is not empty: restore into a new database and an "
                             "empty document store (UPLOAD_FOLDER or S3_BUCKET/S3_PREFIX).")
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
    for path in _backed_up(source / "documents"):
        with path.open("rb") as content:
            store.put(path.name, content)
    found = {"rows": row_counts(database), "files": len(_kept(store))}
    if found["rows"] != manifest["rows"] or found["files"] != manifest["files"]:
        raise RestoreRefused(f"The restored data differ from the backup: {found}")
    return manifest
