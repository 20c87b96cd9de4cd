"""Upload and download through the panel, with the local folder and with an S3-compatible
bucket as the document store."""

from urllib.parse import quote

import pytest

from models import Document
from seed.factories import PDF_BYTES, make_participation
from tests.conftest import login
from tests.views.documents.test_documents import upload


@pytest.fixture
def participation(project):
    return make_participation(project=project)


@pytest.fixture
def staff_client(client, staff):
    return login(client, staff)


def test_an_uploaded_file_downloads_with_its_content(staff_client, participation, any_store):
    upload(staff_client, participation, [("Bescheid.pdf", PDF_BYTES)])
    response = staff_client.get(f"/admin/document/download/?id={Document.get().id}")
    assert (response.status_code, response.data) == (200, PDF_BYTES)


def test_a_download_has_the_length_type_and_name(staff_client, participation, any_store):
    upload(staff_client, participation, [("Übersicht Ärztin.pdf", PDF_BYTES)])
    response = staff_client.get(f"/admin/document/download/?id={Document.get().id}")
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.headers["Content-Length"] == str(len(PDF_BYTES))
    assert f"filename*=UTF-8''{quote('Übersicht Ärztin.pdf')}" in \
        response.headers["Content-Disposition"]


def test_a_missing_file_gives_a_german_message(staff_client, participation, any_store):
    upload(staff_client, participation, [("Bescheid.pdf", PDF_BYTES)])
    document = Document.get()
    any_store.remove(document.stored_name)
    response = staff_client.get(f"/admin/document/download/?id={document.id}",
                                follow_redirects=True)
    assert response.status_code == 200
    assert "Die Datei dieses Dokuments fehlt." in response.get_data(as_text=True)


def test_deleting_through_the_panel_removes_the_file(staff_client, participation, any_store):
    upload(staff_client, participation, [("Bescheid.pdf", PDF_BYTES)])
    document = Document.get()
    staff_client.post("/admin/document/delete/", data={"id": document.id})
    assert Document.select().count() == 0
    assert not any_store.exists(document.stored_name)
