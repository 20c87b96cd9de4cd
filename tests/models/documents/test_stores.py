"""The two document stores behave alike: the local folder and an S3-compatible bucket (moto's
server, reached over HTTP by boto3 as MinIO or a cloud store would be)."""

import hashlib
import io

import pytest

from models import Document
from models.core.storage import StoredFile
from models.documents.operations import cleanup_storage, delete_document
from seed.factories import PDF_BYTES, make_document, make_user


def _kept(store) -> list[str]:
    return sorted(entry.name for entry in store.stored() if not entry.temporary)


def _read(store, name) -> bytes:
    with store.open(name) as source:
        return source.read()


def _orphan(store, content=b"x") -> str:
    """A file no document refers to, put into the store as a restore would."""
    name = hashlib.md5(content, usedforsecurity=False).hexdigest()
    store.put(name, io.BytesIO(content))
    return name


def test_an_upload_is_kept_with_its_content_under_a_generated_name(any_store):
    document = make_document(name="Bescheid Müller.pdf")
    assert _kept(any_store) == [document.stored_name]
    assert _read(any_store, document.stored_name) == PDF_BYTES
    assert "Müller" not in document.stored_name


def test_an_upload_leaves_no_temporary_file(any_store):
    make_document()
    assert [entry for entry in any_store.stored() if entry.temporary] == []


def test_opening_reports_the_size(any_store):
    document = make_document()
    stream, size = any_store.open_sized(document.stored_name)
    stream.close()
    assert size == len(PDF_BYTES) == document.size


def test_a_missing_file_is_file_not_found(any_store):
    document = make_document()
    any_store.remove(document.stored_name)
    with pytest.raises(FileNotFoundError):
        any_store.open(document.stored_name)


def test_deleting_a_document_removes_its_file_after_the_commit(any_store):
    document = make_document()
    delete_document(document, make_user(role="admin"), document.uploaded_at)
    assert Document.select().count() == 0
    assert _kept(any_store) == []


def test_a_failed_transaction_removes_the_files_it_kept(any_store, monkeypatch):
    from models.documents import operations

    def fail(*_args, **_kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(operations, "record_history", fail)
    with pytest.raises(RuntimeError):
        make_document()
    assert _kept(any_store) == []


def test_cleanup_removes_old_orphans_and_keeps_documents(any_store):
    document = make_document()
    orphan = _orphan(any_store)
    report = cleanup_storage(any_store, 0)
    assert report.removed == [orphan]
    assert _kept(any_store) == [document.stored_name]


def test_cleanup_spares_young_orphans(any_store):
    orphan = _orphan(any_store)
    assert cleanup_storage(any_store, 3600).removed == []
    assert _kept(any_store) == [orphan]


def test_cleanup_dry_run_removes_nothing(any_store):
    orphan = _orphan(any_store)
    assert cleanup_storage(any_store, 0, dry_run=True).removed == [orphan]
    assert _kept(any_store) == [orphan]


def test_cleanup_reports_documents_without_file(any_store):
    kept = make_document()
    lost = make_document(name="verloren.pdf")
    any_store.remove(lost.stored_name)
    report = cleanup_storage(any_store, 0)
    assert [d.id for d in report.missing] == [lost.id]
    assert kept.stored_name in _kept(any_store)


def test_cleanup_verify_finds_altered_files(any_store):
    document = make_document()
    any_store.put(document.stored_name, io.BytesIO(b"%PDF-changed"))
    assert [d.id for d in cleanup_storage(any_store, 0, verify=True).damaged] == [document.id]


def test_cleanup_removes_old_abandoned_temporary_files(any_store):
    received = any_store.receive(io.BytesIO(b"abandoned"), 1024)
    report = cleanup_storage(any_store, 0)
    assert report.removed == [received.temporary.name]
    assert not received.temporary.exists()


@pytest.mark.parametrize("name", ["../etc/passwd", "ABCDEF", "a" * 33, ""])
def test_stores_refuse_names_they_did_not_generate(any_store, name):
    with pytest.raises(ValueError):
        any_store.remove(name)


def test_a_listed_file_is_a_stored_file(any_store):
    document = make_document()
    assert list(any_store.stored(older_than_seconds=3600)) == [
        StoredFile(document.stored_name, temporary=False, old=False)]
