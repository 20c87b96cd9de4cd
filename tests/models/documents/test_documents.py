"""Documents in the domain: the store, names, the gate predicate, deletion with the owner, and
the cleanup that keeps files and records in step."""

import io
import os
import stat

import pytest

from models import Document, HistoryEntry, Participation, Person
from models.core.errors import NotPermitted, ValidationError
from models.core.records import delete_record
from models.documents.models import (
    DocumentKind,
    has_disability_proof,
    has_document_of_kind,
    missing_kinds,
    name_problem,
    shorten,
)
from models.documents.operations import Upload, cleanup_storage, delete_document, upload_documents
from seed.factories import (
    NOW,
    make_disability_proof,
    make_document,
    make_participation,
    make_person,
    make_user,
)


def _stored(store):
    return sorted(entry.name for entry in store.stored() if not entry.temporary)


def test_files_get_generated_names_and_mode_0600(document_store):
    document = make_document(name="Bescheid Müller.pdf")
    path = document_store.path(document.stored_name)
    assert path.read_bytes().startswith(b"%PDF")
    assert "Müller" not in str(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert document_store.root in path.parents


def test_upload_records_size_type_and_checksum(document_store):
    import hashlib

    content = b"%PDF-1.4 Inhalt"
    document = make_document(content=content)
    assert (document.size, document.content_type) == (len(content), "application/pdf")
    assert document.checksum == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("Übersicht Änderung.pdf", None),
        ("Bescheid vom 1.2.2024 (Kopie).pdf", None),
        ("..pdf", None),
        ("../geheim.pdf", "path"),
        ("ordner\\datei.pdf", "path"),
        ("..", "path"),
        ("a\x07b.pdf", "control"),
        ("Rechnung\u202efdp.exe", "control"),
        ("", "empty"),
    ],
)
def test_name_rules(name, problem):
    found = name_problem(name)
    expected = {None: None, "path": "must not contain /", "control": "control characters",
                "empty": "empty"}[problem]
    assert (found is None) if expected is None else (expected in found)


def test_long_names_keep_their_ending():
    name = "a" * 400 + ".pdf"
    short = shorten(name)
    assert len(short) == 255
    assert short.endswith("….pdf")


def test_gate_predicate_asks_for_a_kind(document_store):
    participation = make_participation()
    make_document(participation, kind=DocumentKind.GOAL_AGREEMENT)
    assert has_document_of_kind(participation, DocumentKind.GOAL_AGREEMENT)
    assert not has_document_of_kind(participation, DocumentKind.DATA_PROTECTION_NOTICE)
    assert missing_kinds(participation, [DocumentKind.DATA_PROTECTION_NOTICE,
                                         DocumentKind.GOAL_AGREEMENT]) == [
        DocumentKind.DATA_PROTECTION_NOTICE]


def test_gate_predicate_looks_at_the_record_only(document_store):
    mine, other = make_participation(), make_participation()
    make_document(other, kind=DocumentKind.GOAL_AGREEMENT)
    assert not has_document_of_kind(mine, DocumentKind.GOAL_AGREEMENT)


def test_proof_of_disability_counts_once_its_notice_is_uploaded(document_store):
    person = make_person()
    proof = make_disability_proof(person)
    assert not has_disability_proof(person)
    make_document(proof, name="Feststellungsbescheid.pdf", kind=DocumentKind.DISABILITY_PROOF)
    assert has_disability_proof(person)
    assert not has_disability_proof(make_person())


def test_a_proof_takes_only_proof_documents(document_store):
    proof = make_disability_proof()
    with pytest.raises(ValidationError) as refused:
        make_document(proof, kind=DocumentKind.OTHER)
    assert "kind" in refused.value.errors
    assert _stored(document_store) == []


def test_a_failed_insert_leaves_no_file(document_store, monkeypatch):
    participation = make_participation()

    def broken(*_args, **_kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr("models.documents.operations.record_history", broken)
    with pytest.raises(RuntimeError):
        upload_documents(participation, [Upload("a.pdf", io.BytesIO(b"%PDF-1"))], "other",
                         None, None, NOW, 50)
    assert Document.select().count() == 0
    assert list(document_store.stored()) == []


def test_delete_removes_row_and_file_after_commit(document_store):
    document = make_document()
    delete_document(document, None, NOW)
    assert Document.select().count() == 0
    assert list(document_store.stored()) == []


def test_delete_inside_an_outer_transaction_leaves_the_file_to_the_cleanup(document_store):
    from models import db

    document = make_document()
    with db.atomic():
        delete_document(document, None, NOW)
        assert document_store.exists(document.stored_name)
    report = cleanup_storage(document_store, 0)
    assert report.removed == [document.stored_name]
    assert list(document_store.stored()) == []


def test_a_clerk_changes_only_own_uploads(document_store):
    from models.documents.rules import can_change_document
    from seed.factories import make_request

    participation = make_participation()
    request = make_request(participation, status="submitted")
    clerk = make_user(role="clerk", funding_body=request.funding_body)
    theirs = make_document(participation)
    own = make_document(participation, actor=clerk)
    assert can_change_document(own, clerk)
    assert not can_change_document(theirs, clerk)
    with pytest.raises(NotPermitted):
        delete_document(theirs, clerk, NOW)


def test_deleting_a_participation_deletes_its_documents_and_files(document_store):
    participation = make_participation()
    make_document(participation)
    make_document(participation, name="Zweites.pdf")
    delete_record(participation, make_user(role="admin"), NOW)
    assert Participation.select().count() == 0
    assert Document.select().count() == 0
    assert list(document_store.stored()) == []


def test_a_deleted_participation_takes_the_history_of_its_documents_along(document_store):
    participation = make_participation()
    make_document(participation, name="Befund Müller.pdf")
    delete_record(participation, make_user(role="admin"), NOW)
    left = [(e.relation, e.event) for e in HistoryEntry.select()
            if e.relation in ("participation", "document")]
    assert left == [("participation", "deleted")]


def test_deleting_a_person_deletes_the_proofs_and_their_files(document_store):
    person = make_person()
    proof = make_disability_proof(person)
    make_document(proof, kind=DocumentKind.DISABILITY_PROOF)
    delete_record(person, make_user(role="admin"), NOW)
    assert Person.select().count() == 0
    assert Document.select().count() == 0
    assert list(document_store.stored()) == []


def test_cleanup_removes_old_orphans_and_reports_missing_files(document_store):
    kept = make_document()
    lost = make_document(name="verloren.pdf")
    document_store.path(lost.stored_name).unlink()
    orphan = document_store.root / "ab" / ("ab" + "0" * 30)
    orphan.parent.mkdir(exist_ok=True)
    orphan.write_bytes(b"x")
    os.utime(orphan, (0, 0))
    report = cleanup_storage(document_store, 3600)
    assert report.removed == [orphan.name]
    assert [d.id for d in report.missing] == [lost.id]
    assert document_store.exists(kept.stored_name)
    again = cleanup_storage(document_store, 3600)
    assert again.removed == [] and [d.id for d in again.missing] == [lost.id]


def test_cleanup_spares_young_files_of_uploads_in_progress(document_store):
    young = document_store.root / "cd" / ("cd" + "1" * 30)
    young.parent.mkdir(parents=True)
    young.write_bytes(b"x")
    assert cleanup_storage(document_store, 3600).removed == []
    assert young.exists()


def test_cleanup_verify_finds_altered_files(document_store):
    document = make_document()
    document_store.path(document.stored_name).write_bytes(b"%PDF-changed")
    assert cleanup_storage(document_store, 0).damaged == []
    assert [d.id for d in cleanup_storage(document_store, 0, verify=True).damaged] == [document.id]


def test_store_refuses_names_it_did_not_generate(document_store):
    for name in ("../etc/passwd", "ABCDEF", "a" * 33):
        with pytest.raises(ValueError):
            document_store.path(name)


# -- the caseworker rule (000): documents follow it as the participation does ----------------


@pytest.fixture
def case_team(app, document_store):
    """A case of `owner` with a document; colleagues with and without a delegation."""
    from models.accounts.delegation import grant_delegation
    from seed.factories import make_project, make_request

    project = make_project()
    owner = make_user(role="staff_write", projects=[project])
    case = make_participation(make_person(project), project, actor=owner)
    request = make_request(case, status="submitted")
    team = {
        "owner": owner,
        "colleague": make_user(role="staff_write", projects=[project]),
        "delegate": make_user(role="staff_write", projects=[project]),
        "lead": make_user(role="project_lead", projects=[project]),
        "admin": make_user(role="admin"),
        "clerk": make_user(role="clerk", funding_body=request.funding_body),
    }
    grant_delegation(owner, team["delegate"], owner, NOW)
    return case, make_document(case, actor=owner), team


@pytest.mark.parametrize(("who", "may_upload", "may_change"), [
    ("owner", True, True),
    ("colleague", False, False),
    ("delegate", True, True),
    ("lead", True, True),
    ("admin", True, True),
    # The funding body uploads to the cases addressed to it; it changes its own uploads only.
    ("clerk", True, False),
])
def test_documents_follow_the_caseworker_of_the_participation(case_team, who, may_upload,
                                                              may_change):
    from models.documents.rules import can_change_document, can_upload

    case, document, team = case_team
    assert can_upload(case, team[who]) is may_upload
    assert can_change_document(document, team[who]) is may_change


def test_a_colleague_without_delegation_can_neither_upload_nor_change(case_team):
    from models.documents.operations import change_document

    case, document, team = case_team
    colleague = team["colleague"]
    with pytest.raises(NotPermitted):
        upload_documents(case, [Upload("a.pdf", io.BytesIO(b"%PDF-1.4"))], "other", None,
                         colleague, NOW, limit_mb=1)
    old = dict(document.__data__)
    document.display_name = "umbenannt.pdf"
    with pytest.raises(NotPermitted):
        change_document(document, old, colleague, NOW)
    with pytest.raises(NotPermitted):
        delete_document(document, colleague, NOW)
    assert [d.display_name for d in Document.select()] == ["Bescheid.pdf"]


def test_a_revoked_delegation_ends_the_right_to_upload(case_team):
    from models.accounts.delegation import Delegation, revoke_delegation
    from models.documents.rules import can_upload

    case, _document, team = case_team
    revoke_delegation(Delegation.get(), team["owner"], NOW)
    assert not can_upload(case, team["delegate"])


def test_a_case_without_caseworker_takes_documents_from_the_whole_team(case_team):
    from models.documents.rules import can_upload

    case, _document, team = case_team
    team_case = make_participation(make_person(case.project), case.project)
    assert team_case.caseworker_id is None
    assert can_upload(team_case, team["colleague"])


def test_uploadable_decides_for_many_cases_in_one_query(case_team):
    from playhouse.test_utils import count_queries

    from models.documents.rules import uploadable

    case, _document, team = case_team
    project = case.project
    others = [make_participation(make_person(project), project, actor=team["colleague"]),
              make_participation(make_person(project), project)]
    with count_queries() as counted:
        allowed = uploadable(Participation, [case.id] + [o.id for o in others],
                             team["colleague"])
    assert allowed == {o.id for o in others}
    assert counted.count == 1
