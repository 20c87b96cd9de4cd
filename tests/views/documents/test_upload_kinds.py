"""A kind per file in the multi-upload: each file stored with its own kind, bad kinds refused
with nothing stored, and the form's keywords for the preselection."""

import io
import json
import re
from html import unescape

import pytest

from models import Document, HistoryEntry
from seed.factories import PDF_BYTES, make_disability_proof, make_participation
from tests.conftest import login


@pytest.fixture
def participation(project):
    return make_participation(project=project)


@pytest.fixture
def staff_client(client, staff):
    return login(client, staff)


def upload(client, target, files_, kinds, target_name="participation"):
    """POST files [(name, bytes)] with the kinds [kind, …] as the form with documents.js does."""
    data = {"files": [(io.BytesIO(content), name) for name, content in files_],
            "kind": kinds, "note": "", "next": "/admin/"}
    return client.post(f"/admin/document/upload/?target={target_name}&id={target.id}",
                       data=data, content_type="multipart/form-data")


def test_two_files_are_stored_with_their_own_kinds(staff_client, participation, document_store):
    response = upload(staff_client, participation,
                      [("Datenschutz.pdf", PDF_BYTES), ("Vertrag.pdf", PDF_BYTES)],
                      ["data_protection_notice", "goal_agreement"])
    assert response.status_code == 303
    kinds = {d.original_name: d.kind for d in Document.select()}
    assert kinds == {"Datenschutz.pdf": "data_protection_notice",
                     "Vertrag.pdf": "goal_agreement"}
    entries = HistoryEntry.select().where(HistoryEntry.relation == "document")
    assert sorted(entry.changes["kind"][1] for entry in entries) == [
        "data_protection_notice", "goal_agreement"]


@pytest.mark.parametrize(("kinds", "message"), [
    (["data_protection_notice", "zeugnis"],
     "Diese Art von Dokument kann hier nicht abgelegt werden."),
    (["", "other"], "Bitte die Art des Dokuments wählen."),
    (["other", "other", "other"], "Bitte für jede Datei eine Art des Dokuments wählen."),
])
def test_a_bad_kind_of_one_file_stores_no_file(staff_client, participation, document_store, kinds,
                                               message):
    upload(staff_client, participation, [("a.pdf", PDF_BYTES), ("b.pdf", PDF_BYTES)], kinds)
    assert not Document.select().exists()
    assert not list(document_store.stored())
    body = staff_client.get(f"/admin/participation/details/?id={participation.id}").get_data(
        as_text=True)
    assert message in body
    assert 'data-kind-default class="form-control is-invalid"' in body  # next to the field


def test_a_kind_the_record_does_not_take_stores_no_file(staff_client, participation,
                                                        document_store):
    proof = make_disability_proof(participation.person)
    upload(staff_client, proof, [("Bescheid.pdf", PDF_BYTES), ("Notiz.pdf", PDF_BYTES)],
           ["disability_proof", "other"], target_name="disability_proof")
    assert not Document.select().exists()
    assert not list(document_store.stored())


def _kind_words(body):
    found = re.search(r'data-kind-words="([^"]*)"', body)
    return {word: kind for word, kind in json.loads(unescape(found.group(1)))}


def test_the_form_carries_the_keywords_of_the_german_kind_names(staff_client, participation):
    body = staff_client.get(f"/admin/participation/details/?id={participation.id}").get_data(
        as_text=True)
    words = _kind_words(body)
    assert words["sozialdatenschutz"] == "data_protection_notice"  # from its German name
    assert words["datenschutz"] == "data_protection_notice"  # a synonym
    assert words["zielvereinbarung"] == "goal_agreement"
