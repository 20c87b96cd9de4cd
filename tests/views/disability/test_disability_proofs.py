"""Proof of disability through HTTP: entered on its form, shown on the person page, its
scanned notice uploaded as documents of that kind."""

import io

import pytest

from models import Disability, DisabilityProof, Document, HistoryEntry
from models.documents.models import has_disability_proof
from seed.factories import (
    PDF_BYTES,
    make_disability_proof,
    make_document,
    make_participation,
    make_person,
    make_request,
    make_user,
)
from tests.conftest import login


@pytest.fixture
def staff_client(client, staff):
    return login(client, staff)


def _form(**overrides):
    data = {"notice_kind": "assessment", "notice_date": "12.03.2024",
            "effective_from": "01.01.2024", "degree_of_disability": "50", "note": "",
            "conditions-0-name": "Depression", "conditions-1-name": "Tinnitus",
            "conditions-1-not_recognised": "y", "conditions-2-name": "", "relevant": "0"}
    data.update(overrides)
    return data


def test_a_proof_is_entered_with_its_disabilities(staff_client, project):
    person = make_person(project)
    response = staff_client.post(f"/admin/disability_proof/new/?person={person.id}",
                                 data=_form())
    assert response.status_code == 302
    proof = DisabilityProof.get()
    assert response.headers["Location"].endswith(
        f"/admin/person/details/?id={person.id}#proof-{proof.id}")
    assert (proof.valid_from.isoformat(), proof.degree_of_disability) == ("2024-01-01", 50)
    rows = [(d.name, d.relevant, d.not_recognised)
            for d in Disability.select().order_by(Disability.position)]
    assert rows == [("Depression", True, False), ("Tinnitus", False, True)]
    page = staff_client.get(f"/admin/person/details/?id={person.id}").get_data(as_text=True)
    assert "Feststellungsbescheid – gültig ab 01.01.2024" in page
    assert "Tinnitus" in page and "nicht anerkannt" in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"relevant": ""}, "genau eine Behinderung als betreuungsrelevant"),
        ({"relevant": "1"}, "muss im Bescheid anerkannt sein"),
        ({"conditions-0-name": "", "conditions-1-name": ""}, "mindestens eine Behinderung"),
        ({"notice_date": "01.01.2999"}, "nicht in der Zukunft"),
        ({"notice_date": "31.02.2024"}, "TT.MM.JJJJ"),
        ({"degree_of_disability": ""}, "Bitte den Grad der Behinderung wählen."),
        ({"degree_of_disability": "55"}, "Keine gültige Auswahl"),
    ],
)
def test_bad_input_gives_german_messages_and_stores_nothing(staff_client, project, overrides,
                                                            message):
    person = make_person(project)
    response = staff_client.post(f"/admin/disability_proof/new/?person={person.id}",
                                 data=_form(**overrides))
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert DisabilityProof.select().count() == 0


def test_edit_records_old_and_new(staff_client, project):
    proof = make_disability_proof(make_person(project))
    response = staff_client.post(f"/admin/disability_proof/edit/?id={proof.id}",
                                 data=_form(degree_of_disability="70"))
    assert response.status_code == 302
    entry = HistoryEntry.get(HistoryEntry.relation == "disability_proof",
                             HistoryEntry.event == "updated")
    assert entry.changes["degree_of_disability"] == [50, 70]
    history = staff_client.get(f"/admin/disability_proof/history/?id={proof.id}") \
        .get_data(as_text=True)
    assert "Tinnitus (nicht anerkannt)" in history
    assert "Depression (betreuungsrelevant)" in history


def test_foreign_person_gets_no_proof(staff_client, other_project):
    person = make_person(other_project)
    for method in ("get", "post"):
        response = getattr(staff_client, method)(
            f"/admin/disability_proof/new/?person={person.id}", data=_form())
        assert response.status_code == 404
    assert DisabilityProof.select().count() == 0


def test_foreign_proof_is_404(staff_client, other_project):
    proof = make_disability_proof(make_person(other_project))
    for page in ("edit", "details", "history"):
        assert staff_client.get(f"/admin/disability_proof/{page}/?id={proof.id}") \
            .status_code == 404


def test_the_scanned_notice_is_uploaded_to_the_proof(staff_client, project, document_store):
    person = make_person(project)
    proof = make_disability_proof(person)
    response = staff_client.post(
        f"/admin/document/upload/?target=disability_proof&id={proof.id}",
        data={"files": [(io.BytesIO(PDF_BYTES), "Feststellungsbescheid Seite 1.pdf"),
                        (io.BytesIO(PDF_BYTES), "Feststellungsbescheid Seite 2.pdf")],
              "kind": "disability_proof",
              "next": f"/admin/person/details/?id={person.id}"},
        content_type="multipart/form-data")
    assert response.status_code == 303
    assert [d.kind for d in Document.select()] == ["disability_proof"] * 2
    assert has_disability_proof(person)
    page = staff_client.get(f"/admin/person/details/?id={person.id}").get_data(as_text=True)
    assert "Feststellungsbescheid Seite 2.pdf" in page
    assert f'id="documents-N{proof.id}"' in page


def test_deleting_the_proof_deletes_its_documents(staff_client, project, document_store):
    proof = make_disability_proof(make_person(project))
    make_document(proof, kind="disability_proof")
    response = staff_client.post("/admin/disability_proof/delete/", data={"id": proof.id})
    assert response.status_code == 302
    assert DisabilityProof.select().count() == Disability.select().count() == 0
    assert not Document.select().exists()
    assert list(document_store.stored()) == []


def test_clerk_sees_the_proof_of_a_person_with_an_addressed_request(client, project, document_store):
    participation = make_participation(project=project)
    request = make_request(participation, status="submitted")
    proof = make_disability_proof(participation.person)
    make_document(proof, name="Bescheid Amt.pdf", kind="disability_proof")
    clerk = make_user(role="clerk", funding_body=request.funding_body)
    login(client, clerk)
    page = client.get(f"/admin/person/details/?id={participation.person.id}") \
        .get_data(as_text=True)
    assert "Bescheid Amt.pdf" in page and "Depression" in page
    assert "Neuer Nachweis der Behinderung" not in page
    assert client.post(f"/admin/disability_proof/edit/?id={proof.id}", data=_form()) \
        .status_code == 403


def test_statistics_reader_sees_no_disability_names(client, statistics, project, document_store):
    person = make_person(project)
    proof = make_disability_proof(person, conditions=[("Schizophrenie", True, False)],
                                  note="vertraulich")
    make_document(proof, name="Bescheid Schizophrenie.pdf", kind="disability_proof")
    login(client, statistics)
    page = client.get(f"/admin/person/details/?id={person.id}").get_data(as_text=True)
    assert "Schizophrenie" not in page and "vertraulich" not in page
    assert "1 Behinderung erfasst." in page and "Nachweis der Behinderung: 1" in page
    history = client.get(f"/admin/disability_proof/history/?id={proof.id}") \
        .get_data(as_text=True)
    assert "Schizophrenie" not in history


def test_person_page_query_count_does_not_grow_with_proofs(staff_client, project, document_store):
    from playhouse.test_utils import count_queries

    person = make_person(project)
    make_document(make_disability_proof(person), kind="disability_proof")
    url = f"/admin/person/details/?id={person.id}"
    with count_queries() as few:
        staff_client.get(url)
    for _ in range(5):
        make_document(make_disability_proof(person), kind="disability_proof")
    with count_queries() as many:
        staff_client.get(url)
    assert many.count == few.count


def test_new_proof_without_a_person_leads_to_the_person_list(staff_client):
    response = staff_client.get("/admin/disability_proof/new/", follow_redirects=True)
    assert response.request.path == "/admin/person/"
    assert "Öffnen Sie zuerst die Person" in response.get_data(as_text=True)
    assert DisabilityProof.select().count() == 0
