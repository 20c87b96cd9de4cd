"""A backup restores into an empty instance with every record, history entry and document
(SQLite online backup / pg_dump and pg_restore, with the document store)."""

import hashlib
import os

import pytest

from admin_app.backup import RestoreRefused, backup, restore
from admin_app.db import make_database
from models import ALL_MODELS, Document, HistoryEntry, db
from models.core.storage import FileStore
from seed.factories import make_document, make_participation, make_request
from tests.conftest import _postgres_database


@pytest.fixture
def empty_instance(tmp_path):
    """(database, url, document folder) of a new, empty instance."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        fresh_url, drop = _postgres_database(url)
        database = make_database(fresh_url)
        yield database, fresh_url, tmp_path / "restored-documents"
        database.close()
        drop()
    else:
        fresh_url = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        database = make_database(fresh_url)
        yield database, fresh_url, tmp_path / "restored-documents"
        database.close()


def _ids(database) -> dict:
    return {model._meta.table_name: sorted(row[0] for row in database.execute_sql(
        f'SELECT "{model._meta.primary_key.column_name}" FROM "{model._meta.table_name}"'))  # noqa: S608
        for model in ALL_MODELS}


@pytest.fixture
def cases(project, document_store):
    for _ in range(3):
        participation = make_participation(project=project)
        make_request(participation)
        make_document(participation)
    return document_store


def test_a_backup_restores_every_record_history_entry_and_document(
        database_url, cases, empty_instance, tmp_path):
    target, target_url, folder = empty_instance
    db.connect(reuse_if_open=True)
    backup(db.obj, database_url, cases, tmp_path / "backup")
    restore(target, target_url, FileStore(folder), tmp_path / "backup")
    assert _ids(target) == _ids(db.obj)
    assert HistoryEntry.select().count() > 0
    assert Document.select().count() == 3
    for document in Document.select():
        stored = folder / document.stored_name[:2] / document.stored_name
        assert hashlib.sha256(stored.read_bytes()).hexdigest() == document.checksum


def test_a_restore_into_a_database_with_tables_is_refused(database_url, cases, tmp_path):
    db.connect(reuse_if_open=True)
    backup(db.obj, database_url, cases, tmp_path / "backup")
    rows = _ids(db.obj)
    with pytest.raises(RestoreRefused):
        restore(db.obj, database_url, FileStore(tmp_path / "empty"), tmp_path / "backup")
    assert _ids(db.obj) == rows


def test_the_backup_command_writes_the_database_documents_and_manifest(app, cases, tmp_path):
    import json

    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "b")])
    assert result.exit_code == 0, result.output
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["rows"]["document"] == 3 and manifest["files"] >= 3
    assert any((tmp_path / "b").glob("database.*"))


@pytest.fixture
def store_cases(project, any_store):
    for _ in range(3):
        make_document(make_participation(project=project))
    return any_store


@pytest.fixture
def empty_store(store_cases, request, tmp_path):
    """An empty store of the same kind as `store_cases` (a new bucket on the same server)."""
    from models.core.s3_storage import S3Store
    from tests.conftest import new_s3_store

    if isinstance(store_cases, S3Store):
        return new_s3_store(store_cases.endpoint_url, tmp_path / "restored-incoming")
    return FileStore(tmp_path / "restored-documents")


def test_a_backup_of_either_store_restores_every_document(
        database_url, store_cases, empty_instance, empty_store, tmp_path):
    target, target_url, _folder = empty_instance
    db.connect(reuse_if_open=True)
    manifest = backup(db.obj, database_url, store_cases, tmp_path / "backup")
    restore(target, target_url, empty_store, tmp_path / "backup")
    assert manifest["files"] == 3
    for document in Document.select():
        with empty_store.open(document.stored_name) as stored:
            assert hashlib.sha256(stored.read()).hexdigest() == document.checksum


def test_a_restore_into_a_store_with_files_is_refused(
        database_url, store_cases, empty_instance, tmp_path):
    target, target_url, _folder = empty_instance
    db.connect(reuse_if_open=True)
    backup(db.obj, database_url, store_cases, tmp_path / "backup")
    with pytest.raises(RestoreRefused):
        restore(target, target_url, store_cases, tmp_path / "backup")
    assert target.get_tables() == []


def test_a_backup_of_the_local_folder_restores_into_a_bucket(
        database_url, cases, empty_instance, s3_endpoint, tmp_path):
    from tests.conftest import new_s3_store

    target, target_url, _folder = empty_instance
    bucket = new_s3_store(s3_endpoint, tmp_path / "incoming")
    db.connect(reuse_if_open=True)
    backup(db.obj, database_url, cases, tmp_path / "backup")
    restore(target, target_url, bucket, tmp_path / "backup")
    assert sorted(e.name for e in bucket.stored()) == sorted(
        d.stored_name for d in Document.select())
