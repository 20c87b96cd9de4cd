"""The document store of the app (UPLOAD_STORAGE: local or s3), and
`flask --app admin_app documents cleanup`."""

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from models import db
from models.core.storage import TEMPORARY, FileStore, Store, files
from models.documents.models import target_label
from models.documents.operations import cleanup_storage

documents_cli = AppGroup("documents", help="Uploaded documents.")


def upload_folder(app) -> Path:
    """The configured storage directory; refuses one inside a folder the app serves."""
    folder = Path(app.config["UPLOAD_FOLDER"]).resolve()
    for served in (app.static_folder, Path(app.root_path) / "templates"):
        served = Path(served).resolve()
        if folder == served or served in folder.parents:
            raise RuntimeError(f"UPLOAD_FOLDER {folder} lies inside {served}; "
                               "documents must never be served as static files.")
    return folder


@documents_cli.command("cleanup")
@click.option("--min-age", default=60, show_default=True,
              help="Minutes a file without record must be old before it is removed "
                   "(an upload in progress has its file before its record).")
@click.option("--dry-run", is_flag=True, help="Only report, remove nothing.")
@click.option("--verify", is_flag=True, help="Also compare every file with its SHA-256.")
def cleanup(min_age, dry_run, verify):
    """Remove files without record; report records without file (exit code 1)."""
    from flask_babel import gettext, ngettext

    # The request context (for the German texts) closes the database in its teardown.
    with current_app.test_request_context(), db.connection_context():
        report = cleanup_storage(files, min_age * 60, dry_run=dry_run, verify=verify)
        if dry_run:
            click.echo(ngettext("%(num)d file without record would be removed.",
                                "%(num)d files without record would be removed.",
                                len(report.removed)))
        else:
            click.echo(ngettext("%(num)d file without record removed.",
                                "%(num)d files without record removed.", len(report.removed)))
        for document in report.missing:
            click.echo(gettext("Missing file: document %(id)d (%(record)s, %(name)s)",
                               id=document.id, name=document.stored_name,
                               record=target_label(document.target_spec, document.target_id)))
        for document in report.damaged:
            click.echo(gettext("Altered file: document %(id)d (%(record)s, %(name)s)",
                               id=document.id, name=document.stored_name,
                               record=target_label(document.target_spec, document.target_id)))
        if report.missing or report.damaged:
            raise SystemExit(1)


def document_store(app) -> Store:
    """The store UPLOAD_STORAGE names: the local UPLOAD_FOLDER or an S3-compatible bucket."""
    kind = str(app.config.get("UPLOAD_STORAGE") or "local").strip().lower()
    folder = upload_folder(app)
    if kind == "local":
        return FileStore(folder)
    if kind != "s3":
        raise RuntimeError(f"UPLOAD_STORAGE {kind!r}: use 'local' or 's3'.")
    if not app.config.get("S3_BUCKET"):
        raise RuntimeError("UPLOAD_STORAGE 's3' needs S3_BUCKET.")
    from models.core.s3_storage import S3Store

    return S3Store(app.config["S3_BUCKET"], folder / TEMPORARY,
                   prefix=app.config.get("S3_PREFIX") or "",
                   endpoint_url=app.config.get("S3_ENDPOINT_URL") or None)


def init_app(app) -> None:
    """Point the document store at the configured storage and register the command."""
    files.initialize(document_store(app))
    app.cli.add_command(documents_cli)
