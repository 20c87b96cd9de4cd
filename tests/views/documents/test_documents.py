"""Documents through HTTP: upload from the participation page, limits, names, download, change,
delete, history, scoping and roles."""

import io
from urllib.parse import quote

import pytest
from playhouse.test_utils import count_queries

from models import Document, HistoryEntry
from seed.factories import (
    NOW,
    PDF_BYTES,
    make_document,
    make_participation,
    make_request,
    make_user,
)
from tests.conftest import login

MB = 1024 * 1024




@pytest.fixture
def participation(project):
    return make_participation(project=project)


@pytest.fixture
def staff_client(client, staff):
    return login(client, staff)


def _stored_files(store):
    return [store.path(entry.name) for entry in store.stored() if not entry.temporary]


def upload(client, target, files_, kind="other", note="", target_name="participation"):
    """POST files [(name, bytes)] to the upload of `target`, as the record page's form does."""
    page = f"/admin/{target_name}/details/?id={target.id}"
    data = {"files": [(io.BytesIO(content), name) for name, content in files_],
            "kind": kind, "note": note, "next": f"{page}#documents"}
    return client.post(f"/admin/document/upload/?target={target_name}&id={target.id}",
                       data=data, content_type="multipart/form-data")


def page_of(client, participation):
    return client.get(f"/admin/participation/details/?id={participation.id}",
                      follow_redirects=True).get_data(as_text=True)


def test_several_files_are_uploaded_at_once(staff_client, participation, document_store):
    response = upload(staff_client, participation, [
        ("Bescheid.pdf", PDF_BYTES), ("Foto.png", b"\x89PNG\r\n\x1a\n..."),
        ("Notiz.txt", "Grüße".encode())], note="vom Amt")
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"?id={participation.id}#documents")
    rows = {d.original_name: d for d in Document.select()}
    assert set(rows) == {"Bescheid.pdf", "Foto.png", "Notiz.txt"}
    assert rows["Foto.png"].content_type == "image/png"
    assert all(d.note == "vom Amt" and d.participation_id == participation.id
               for d in rows.values())
    assert len(_stored_files(document_store)) == 3
    body = page_of(staff_client, participation)
    assert "3 Dokumente hochgeladen." in body
    assert "Bescheid.pdf" in body and "PNG-Bild" in body


@pytest.mark.parametrize(("extra", "stored"), [(0, True), (1, False)])
def test_size_limit_at_exactly_the_limit_and_one_byte_over(app, staff_client, participation,
                                                          document_store, monkeypatch, extra, stored):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_MB", 1)
    content = b"%PDF-" + b"x" * (MB - 5 + extra)
    upload(staff_client, participation, [("Scan.pdf", content)])
    assert Document.select().exists() is stored
    assert len(_stored_files(document_store)) == (1 if stored else 0)
    if not stored:
        body = page_of(staff_client, participation)
        assert "1 Datei wurde nicht gespeichert: Die Datei ist größer als 1 MB." in body
        assert not list(document_store.stored())


def test_a_file_over_the_limit_does_not_stop_the_others(app, staff_client, participation,
                                                        document_store, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_MAX_MB", 1)
    upload(staff_client, participation, [("klein.pdf", PDF_BYTES),
                                         ("gross.pdf", b"x" * (MB + 1))])
    assert [d.original_name for d in Document.select()] == ["klein.pdf"]
    body = page_of(staff_client, participation)
    assert "1 Dokument hochgeladen." in body
    assert "1 Datei wurde nicht gespeichert." in body
    assert "1 Datei wurde nicht gespeichert: Die Datei ist größer als 1 MB." in body


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Übersicht Ärztin Größe.pdf", "Übersicht Ärztin Größe.pdf"),
        ("Bescheid vom 1. März.pdf", "Bescheid vom 1. März.pdf"),
        ("U\u0308bersicht.pdf", "Übersicht.pdf"),  # decomposed, as a Mac sends it
        ("x" * 300 + ".pdf", "x" * 250 + "….pdf"),
    ],
)
def test_names_are_kept_readable(staff_client, participation, document_store, name, kept):
    upload(staff_client, participation, [(name, PDF_BYTES)])
    document = Document.get()
    assert document.original_name == document.display_name == kept
    assert kept not in str(document_store.path(document.stored_name))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../etc/passwd", "Ein Name darf weder / noch \\ enthalten"),
        # A backslash arrives escaped in the quoted multipart name.
        ("..\\\\boot.ini", "Ein Name darf weder / noch \\ enthalten"),
        ("Bescheid\x00.pdf", "Ein Name darf keine Steuerzeichen enthalten."),
        ("Rechnung\u202efdp.exe", "Ein Name darf keine Steuerzeichen enthalten."),
    ],
)
def test_names_with_path_separators_or_control_characters_are_refused(
        staff_client, participation, document_store, name, message):
    upload(staff_client, participation, [(name, PDF_BYTES)])
    assert not Document.select().exists()
    assert not list(document_store.stored())
    body = page_of(staff_client, participation)
    assert message in body
    assert "\x00" not in body and "\u202e" not in body


def test_an_empty_file_is_refused(staff_client, participation, document_store):
    upload(staff_client, participation, [("leer.pdf", b"")])
    assert not Document.select().exists()
    assert not list(document_store.stored())
    assert "1 Datei wurde nicht gespeichert: Die Datei ist leer." in page_of(
        staff_client, participation)


def test_refusals_reach_the_page_without_names_or_note_in_the_session_cookie(
        staff_client, participation, document_store):
    note = "Gespräch mit Frau Müller über ihre Diagnose. " * 44
    names = [f"Befund Müller {index:02d} {'x' * 150}.pdf" for index in range(30)]
    upload(staff_client, participation, [(name, b"") for name in names], note=note[:2000])
    with staff_client.session_transaction() as session:
        kept = repr(dict(session))
    assert "Müller" not in kept and "Befund" not in kept
    cookie = staff_client.get_cookie("fallakte_session")
    assert len(cookie.value) < 1500
    body = page_of(staff_client, participation)
    assert "30 Dateien wurden nicht gespeichert: Die Datei ist leer." in body
    assert "30 Dateien wurden nicht gespeichert." in body


def test_no_file_chosen(staff_client, participation, document_store):
    response = upload(staff_client, participation, [("", b"")])
    assert response.status_code == 303
    assert not Document.select().exists()
    assert "Bitte mindestens eine Datei auswählen." in page_of(staff_client, participation)


@pytest.mark.parametrize(("kind", "message"), [
    ("", "Bitte die Art des Dokuments wählen."),
    ("zeugnis", "Diese Art von Dokument kann hier nicht abgelegt werden."),
])
def test_a_missing_or_unknown_kind_stores_nothing(staff_client, participation, document_store, kind,
                                                  message):
    upload(staff_client, participation, [("a.pdf", PDF_BYTES)], kind=kind)
    assert not Document.select().exists()
    assert not list(document_store.stored())
    body = page_of(staff_client, participation)
    assert message in body
    assert 'class="form-control is-invalid"' in body  # next to the kind field


def test_crafted_post_for_a_record_of_another_project_is_404(staff_client, other_project,
                                                             document_store):
    foreign = make_participation(project=other_project)
    response = upload(staff_client, foreign, [("a.pdf", PDF_BYTES)])
    assert response.status_code == 404
    assert foreign.person.last_name not in response.get_data(as_text=True)
    assert not Document.select().exists()
    assert not list(document_store.stored())


@pytest.mark.parametrize("target", ["nothing", "user"])
def test_upload_to_something_that_takes_no_documents_is_404(staff_client, staff, target):
    response = staff_client.post(f"/admin/document/upload/?target={target}&id={staff.id}",
                                 data={"kind": "other"})
    assert response.status_code == 404


def test_read_only_staff_may_not_upload(client, project, participation, document_store):
    reader = make_user(role="staff_read", projects=[project])
    login(client, reader)
    upload(client, participation, [("a.pdf", PDF_BYTES)])
    assert not Document.select().exists()
    assert "Sie dürfen diesem Datensatz keine Dokumente hinzufügen." in page_of(
        client, participation)


# -- the caseworker rule: a colleague without delegation reads, but does not change ---------


@pytest.fixture
def foreign_case(project, staff, document_store):
    """A case of `staff` with one document, and a colleague of the project."""
    case = make_participation(project=project, actor=staff)
    document = make_document(case, actor=staff)
    return case, document, make_user(role="staff_write", projects=[project])


def _links_to_change(client, case, document) -> dict:
    """Where the pages offer to upload to `case` or change `document`."""
    edit = f"/admin/document/edit/?id={document.id}"
    details = client.get(f"/admin/document/details/?id={document.id}").get_data(as_text=True)
    listing = client.get("/admin/document/").get_data(as_text=True)
    page = page_of(client, case)
    return {"upload form": "Dokumente hochladen" in page, "edit on the page": edit in page,
            "edit tab": edit in details, "edit in the list": edit in listing,
            # The list's delete form is shared by its rows (issue 16): a row's button.
            "delete in the list": f'form="fallakte-delete-form" name="id" value="{document.id}"'
            in listing,
            "document shown": document.display_name in page and document.display_name in listing}


def test_a_colleague_without_delegation_is_offered_no_upload_and_no_change(client,
                                                                            foreign_case):
    case, document, colleague = foreign_case
    login(client, colleague)
    assert _links_to_change(client, case, document) == {
        "upload form": False, "edit on the page": False, "edit tab": False,
        "edit in the list": False, "delete in the list": False, "document shown": True}


def test_a_delegate_is_offered_upload_and_change(client, foreign_case, staff):
    from models.accounts.delegation import grant_delegation

    case, document, colleague = foreign_case
    grant_delegation(staff, colleague, staff, NOW)
    login(client, colleague)
    assert set(_links_to_change(client, case, document).values()) == {True}


def test_a_colleague_without_delegation_cannot_upload_rename_or_delete(client, foreign_case):
    case, document, colleague = foreign_case
    login(client, colleague)
    upload(client, case, [("neu.pdf", PDF_BYTES)])
    assert "Sie dürfen diesem Datensatz keine Dokumente hinzufügen." in page_of(client, case)
    response = client.post(f"/admin/document/edit/?id={document.id}", follow_redirects=True,
                           data={"display_name": "umbenannt.pdf", "kind": "other", "note": ""})
    assert "Sie dürfen dieses Dokument nicht ändern." in response.get_data(as_text=True)
    response = client.post("/admin/document/delete/", data={"id": document.id},
                           follow_redirects=True)
    assert "Sie dürfen dieses Dokument nicht löschen." in response.get_data(as_text=True)
    assert [d.display_name for d in Document.select()] == ["Bescheid.pdf"]


def test_download_has_the_name_for_umlauts_and_nosniff(staff_client, participation, document_store):
    document = make_document(participation, name="Übersicht Ärztin.pdf")
    response = staff_client.get(f"/admin/document/download/?id={document.id}")
    assert response.status_code == 200
    assert response.data == PDF_BYTES
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('Übersicht Ärztin.pdf')}" in disposition
    assert 'filename="Ubersicht Arztin.pdf"' in disposition
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Type"] == "application/pdf"
    assert "no-store" in response.headers["Cache-Control"]


def test_download_of_a_renamed_document_keeps_the_ending(staff_client, participation, document_store):
    document = make_document(participation, name="scan0001.pdf")
    staff_client.post(f"/admin/document/edit/?id={document.id}",
                      data={"display_name": "Bescheid 2024", "kind": "other", "note": ""})
    response = staff_client.get(f"/admin/document/download/?id={document.id}")
    assert 'filename="Bescheid 2024.pdf"' in response.headers["Content-Disposition"]


def test_document_of_another_project_is_404_by_url(staff_client, other_project, document_store):
    foreign = make_document(make_participation(project=other_project), name="Fremd.pdf")
    for path in ("download", "details", "edit", "history"):
        response = staff_client.get(f"/admin/document/{path}/?id={foreign.id}")
        assert response.status_code == 404, path
        assert "Fremd.pdf" not in response.get_data(as_text=True)
    response = staff_client.post("/admin/document/delete/", data={"id": foreign.id})
    assert response.status_code == 404
    assert Document.select().count() == 1


def test_a_missing_file_gives_a_german_message(staff_client, participation, document_store):
    document = make_document(participation)
    document_store.path(document.stored_name).unlink()
    response = staff_client.get(f"/admin/document/download/?id={document.id}",
                                follow_redirects=True)
    assert "Die Datei dieses Dokuments fehlt." in response.get_data(as_text=True)


def test_rename_note_and_kind_write_an_info_entry(staff_client, participation, document_store):
    document = make_document(participation, name="scan.pdf")
    response = staff_client.post(
        f"/admin/document/edit/?id={document.id}",
        data={"display_name": "Zielvereinbarung Müller", "kind": "goal_agreement",
              "note": "unterschrieben"})
    assert response.status_code == 302
    changed = Document.get_by_id(document.id)
    assert (changed.display_name, changed.kind, changed.note) == (
        "Zielvereinbarung Müller", "goal_agreement", "unterschrieben")
    assert changed.original_name == "scan.pdf"
    entry = HistoryEntry.get(HistoryEntry.relation == "document", HistoryEntry.event == "updated")
    assert entry.kind == "info"
    assert entry.changes["display_name"] == ["scan.pdf", "Zielvereinbarung Müller"]


@pytest.mark.parametrize(("name", "message"), [
    ("a/b", "Ein Name darf weder / noch"),
    ("Zeile\nzwei", "Ein Name darf keine Steuerzeichen enthalten."),
    ("   ", "Dieses Feld wird benötigt."),
])
def test_rename_to_a_bad_name_is_refused_at_the_field(staff_client, participation, document_store,
                                                      name, message):
    document = make_document(participation, name="scan.pdf")
    body = staff_client.post(f"/admin/document/edit/?id={document.id}",
                             data={"display_name": name, "kind": "other", "note": ""}) \
        .get_data(as_text=True)
    assert message in body
    assert Document.get_by_id(document.id).display_name == "scan.pdf"


def test_delete_removes_the_file_and_writes_an_info_entry(staff_client, participation, document_store):
    document = make_document(participation)
    path = document_store.path(document.stored_name)
    response = staff_client.post("/admin/document/delete/", data={
        "id": document.id, "url": f"/admin/participation/details/?id={participation.id}"})
    assert response.status_code == 302
    assert not Document.select().exists()
    assert not path.exists()
    entry = HistoryEntry.get(HistoryEntry.relation == "document", HistoryEntry.event == "deleted")
    assert (entry.kind, entry.record_id) == ("info", document.id)


def test_bulk_delete_removes_the_files(staff_client, participation, document_store):
    documents = [make_document(participation), make_document(participation)]
    staff_client.post("/admin/document/action/",
                      data={"action": "delete", "rowid": [d.id for d in documents]})
    assert not Document.select().exists()
    assert _stored_files(document_store) == []


def test_each_step_is_an_info_entry_in_the_participation_history(staff_client, participation,
                                                                 document_store):
    upload(staff_client, participation, [("scan.pdf", PDF_BYTES)])
    document = Document.get()
    staff_client.post(f"/admin/document/edit/?id={document.id}",
                      data={"display_name": "Bescheid.pdf", "kind": "other", "note": ""})
    staff_client.post("/admin/document/delete/", data={"id": document.id})
    entries = list(HistoryEntry.select().where(HistoryEntry.relation == "document")
                   .order_by(HistoryEntry.id))
    assert [(e.kind, e.event) for e in entries] == [
        ("info", "created"), ("info", "updated"), ("info", "deleted")]
    assert {e.record_label for e in entries} == {f"T{participation.id}"}
    body = staff_client.get(f"/admin/participation/history/?id={participation.id}") \
        .get_data(as_text=True)
    assert body.count(f"(Dokument #{document.id})") == 3
    assert "Originalname" in body and "scan.pdf" in body and "Bescheid.pdf" in body


def test_a_clerk_uploads_to_an_addressed_participation_and_sees_its_documents(
        client, participation, document_store):
    request = make_request(participation, status="submitted")
    clerk = make_user(role="clerk", funding_body=request.funding_body)
    project_document = make_document(participation, name="Vom Projekt.pdf")
    login(client, clerk)
    upload(client, participation, [("Vom Amt.pdf", PDF_BYTES)])
    body = page_of(client, participation)
    assert "Vom Projekt.pdf" in body and "Vom Amt.pdf" in body
    assert client.get(f"/admin/document/download/?id={project_document.id}").status_code == 200
    response = client.post("/admin/document/delete/", data={"id": project_document.id},
                           follow_redirects=True)
    assert "Sie dürfen dieses Dokument nicht löschen." in response.get_data(as_text=True)
    assert Document.select().count() == 2


def test_a_clerk_does_not_see_documents_of_participations_not_addressed(client, participation,
                                                                        document_store):
    clerk = make_user(role="clerk")
    document = make_document(participation)
    login(client, clerk)
    assert client.get(f"/admin/document/download/?id={document.id}").status_code == 404
    assert document.display_name not in client.get("/admin/document/").get_data(as_text=True)


def test_statistics_readers_see_counts_per_kind_only(client, statistics, participation, document_store):
    document = make_document(participation, name="Befund Müller.pdf", note="geheim")
    make_document(participation, name="Ziel.pdf", kind="goal_agreement")
    login(client, statistics)
    body = page_of(client, participation)
    assert "Sonstiges: 1" in body and "Zielvereinbarung: 1" in body
    assert "Befund Müller" not in body and "geheim" not in body and "Ziel.pdf" not in body
    assert client.get(f"/admin/document/download/?id={document.id}").status_code == 403
    assert client.get("/admin/document/").status_code == 403
    history = client.get(f"/admin/participation/history/?id={participation.id}") \
        .get_data(as_text=True)
    assert "Befund Müller" not in history and "•••" in history
    response = upload(client, participation, [("x.pdf", PDF_BYTES)])
    assert response.status_code == 403
    assert Document.select().count() == 2


def test_documents_list_shows_the_record(staff_client, participation, document_store):
    make_document(participation, name="Liste.pdf")
    body = staff_client.get("/admin/document/").get_data(as_text=True)
    assert "Liste.pdf" in body
    assert participation.person.pseudonym in body
    assert f"/admin/participation/details/?id={participation.id}#documents-T" in body
    assert "Liste.pdf" in staff_client.get("/admin/document/?search=list").get_data(as_text=True)


@pytest.mark.parametrize("path", ["/admin/document/", "participation page"])
def test_query_count_does_not_grow_with_documents(staff_client, project, participation, document_store,
                                                  path):
    from seed.factories import make_disability_proof

    url = (f"/admin/participation/details/?id={participation.id}"
           if path == "participation page" else path)
    make_document(participation)
    with count_queries() as few:
        assert staff_client.get(url).status_code == 200
    for index in range(12):
        make_document(participation, name=f"Dokument {index}.pdf")
        other = make_participation(project=project)
        make_document(other)
        make_document(make_disability_proof(other.person), kind="disability_proof")
    with count_queries() as many:
        assert staff_client.get(url).status_code == 200
    assert many.count == few.count


def test_document_pages_are_german(client, project, participation, document_store):
    from seed.factories import make_disability_proof
    from tests.test_i18n import _english_words

    admin = make_user(role="admin")
    document = make_document(participation, name="Bescheid.pdf", note="Notiz")
    proof = make_disability_proof(participation.person)
    make_document(proof, kind="disability_proof")
    login(client, admin)
    pages = ["/admin/document/", f"/admin/document/edit/?id={document.id}",
             f"/admin/document/details/?id={document.id}",
             f"/admin/document/history/?id={document.id}",
             f"/admin/participation/details/?id={participation.id}",
             f"/admin/participation/history/?id={participation.id}",
             f"/admin/person/details/?id={participation.person.id}",
             f"/admin/disability_proof/new/?person={participation.person.id}",
             f"/admin/disability_proof/edit/?id={proof.id}",
             f"/admin/disability_proof/history/?id={proof.id}", "/admin/disability_proof/"]
    leftovers = {}
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        words = _english_words(response.get_data(as_text=True))
        if words:
            leftovers[path] = words
    assert leftovers == {}
