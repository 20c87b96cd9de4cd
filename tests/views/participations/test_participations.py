"""Participations through HTTP: eligibility rules, completeness, one per project, delete guard."""

import datetime as dt
from decimal import Decimal

import pytest

from models import HistoryEntry, Participation
from seed.factories import make_participation, make_person, make_request
from tests.conftest import login


@pytest.fixture
def staff_client(client, staff):
    return login(client, staff)


def _form(person, project, **overrides):
    data = {"person": person.id, "project": project.id, "created_on": "01.02.2024",
            "note": "Klient 17", "legal_basis": ["federal_law"], "care_level": "",
            "with_findings": "1", "kinds_with_findings": ["physical"],
            "degree_of_disability": "50", "disability_pass": "y", "without_findings": "0"}
    data.update(overrides)
    return data


def _create(client, person, project, **overrides):
    return client.post("/admin/participation/new/", data=_form(person, project, **overrides))


def test_create_with_complete_eligibility(staff_client, project):
    person = make_person(project)
    response = _create(staff_client, person, project)
    assert response.status_code == 302
    participation = Participation.get()
    assert participation.legal_basis == ["federal_law"]
    assert participation.complete


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"degree_of_disability": "55"}, "Keine gültige Auswahl"),
        ({"degree_of_disability": "40"}, "mindestens 50"),
        ({"with_findings": "1", "kinds_with_findings": []}, "mindestens eine Art"),
        ({"without_findings": "1"}, "mindestens eine Art"),
        ({"care_level": "9"}, "Keine gültige Auswahl"),
        ({"legal_basis": ["nonsense"]}, "ist keine gültige Auswahl"),
        ({"legal_basis": ["care_level_3"], "care_level": "2"}, "Pflegestufe 3 oder höher"),
        ({"created_on": "01.01.2999"}, "nicht in der Zukunft"),
    ],
)
def test_eligibility_rules_give_german_messages(staff_client, project, overrides, message):
    person = make_person(project)
    body = _create(staff_client, person, project, **overrides).get_data(as_text=True)
    assert message in body
    assert not Participation.select().exists()


def test_person_without_svnr_or_file_number_cannot_take_part(staff_client, project):
    person = make_person(project, svnr=None, file_number=None)
    body = _create(staff_client, person, project).get_data(as_text=True)
    assert "Sozialversicherungsnummer oder das Aktenzeichen" in body
    assert not Participation.select().exists()


def test_one_participation_per_person_and_project(staff_client, project):
    person = make_person(project)
    make_participation(person, project)
    body = _create(staff_client, person, project).get_data(as_text=True)
    assert "nimmt an diesem Projekt bereits teil" in body
    assert Participation.select().count() == 1


def test_incomplete_participation_is_saved_and_shown_incomplete(staff_client, project):
    person = make_person(project)
    _create(staff_client, person, project, legal_basis=[], with_findings="")
    participation = Participation.get()
    page = staff_client.get(f"/admin/participation/details/?id={participation.id}")
    body = page.get_data(as_text=True)
    assert "Unvollständig:" in body
    assert "Rechtsgrundlage" in body
    listing = staff_client.get("/admin/participation/").get_data(as_text=True)
    assert "unvollständig" in listing


def test_participation_with_a_request_cannot_be_deleted(staff_client, project):
    participation = make_participation(project=project)
    make_request(participation)
    body = staff_client.post("/admin/participation/delete/", data={"id": participation.id},
                             follow_redirects=True).get_data(as_text=True)
    assert "Anträge darauf verweisen" in body
    assert Participation.get_or_none(Participation.id == participation.id) is not None


def test_participation_without_requests_is_deleted_with_a_history_entry(staff_client, project):
    participation = make_participation(project=project)
    staff_client.post("/admin/participation/delete/", data={"id": participation.id})
    assert Participation.get_or_none(Participation.id == participation.id) is None
    entry = HistoryEntry.get(HistoryEntry.relation == "participation",
                             HistoryEntry.event == "deleted")
    assert participation.person.pseudonym in entry.record_label


def test_deleted_participation_takes_its_history_along_but_one_entry(staff_client, project):
    participation = make_participation(project=project, note="Klientennummer 4711")
    staff_client.post(f"/admin/participation/message/?id={participation.id}",
                      data={"text": "Erstgespräch am Montag"})
    staff_client.post("/admin/participation/delete/", data={"id": participation.id})
    entries = list(HistoryEntry.select().where(HistoryEntry.relation == "participation",
                                               HistoryEntry.record_id == participation.id))
    assert [(e.event, e.details, e.message) for e in entries] == [("deleted", "{}", None)]


def test_edit_records_the_changed_eligibility(staff_client, project):
    participation = make_participation(project=project, care_level=None)
    form = _form(participation.person, project, care_level="4")
    response = staff_client.post(f"/admin/participation/edit/?id={participation.id}", data=form)
    assert response.status_code == 302
    entry = HistoryEntry.get(HistoryEntry.relation == "participation",
                             HistoryEntry.event == "updated")
    assert entry.changes["care_level"] == [None, 4]


def test_person_picker_offers_only_persons_in_scope(staff_client, project, other_project):
    mine = make_person(project, last_name="Meinsch")
    make_person(other_project, last_name="Meinschner")
    answer = staff_client.get("/admin/participation/ajax/lookup/?name=person&query=meinsch")
    assert [row[0] for row in answer.get_json()] == [mine.id]


def test_statistics_reader_sees_pseudonyms_not_names(client, statistics, project):
    participation = make_participation(project=project)
    login(client, statistics)
    listing = client.get("/admin/participation/").get_data(as_text=True)
    page = client.get(f"/admin/participation/details/?id={participation.id}") \
        .get_data(as_text=True)
    for body in (listing, page):
        assert participation.person.pseudonym in body
        assert participation.person.last_name not in body


def test_person_page_lists_only_visible_participations(staff_client, project, other_project):
    person = make_person(project)
    mine = make_participation(person, project)
    theirs = make_participation(person, other_project)
    body = staff_client.get(f"/admin/person/details/?id={person.id}").get_data(as_text=True)
    assert f"/admin/participation/details/?id={mine.id}" in body
    assert f"/admin/participation/details/?id={theirs.id}" not in body
    assert f"/admin/participation/new/?person={person.id}" in body


def test_participation_list_query_count_is_constant(staff_client, project):
    from playhouse.test_utils import count_queries

    make_participation(project=project)
    with count_queries() as few:
        staff_client.get("/admin/participation/")
    for _ in range(10):
        make_participation(project=project)
    with count_queries() as many:
        staff_client.get("/admin/participation/")
    assert many.count == few.count


def test_latest_history_shows_uploads_of_the_participation(staff_client, project, document_store):
    from seed.factories import make_document

    participation = make_participation(project=project)
    document = make_document(participation, name="Zielvereinbarung.pdf")
    body = staff_client.get(f"/admin/participation/details/?id={participation.id}") \
        .get_data(as_text=True)
    history = body[body.index("Letzte Einträge im Verlauf"):]
    assert f"Dokument #{document.id}" in history


def test_a_participation_created_again_shows_none_of_the_old_history(staff_client, staff,
                                                                       project):
    """Deleted entries of its hours outlived the participation and were found by its label,
    which the new one shares; on SQLite the new one even gets the old id (review finding 4)."""
    from seed.factories import make_delivered_hours

    person = make_person(project)
    participation = make_participation(person, project, actor=staff)
    entry = make_delivered_hours(participation, actor=staff)
    staff_client.post("/admin/delivered_hours/delete/", data={"id": entry.id})
    staff_client.post("/admin/participation/delete/", data={"id": participation.id})
    assert Participation.get_or_none(Participation.id == participation.id) is None
    _create(staff_client, person, project)
    staff_client.get("/admin/participation/")  # shows and clears the messages of those steps
    again = Participation.get()
    for page in ("details", "history"):
        body = staff_client.get(f"/admin/participation/{page}/?id={again.id}") \
            .get_data(as_text=True)
        assert "gelöscht" not in body, page
        assert f"Eintrag #{entry.id}" not in body, page


def test_a_clerk_sees_nothing_of_another_funding_body_on_the_participation_page(client, project,
                                                                                 staff):
    """Issue 10, item 2: requests to two bodies, a message and a care case of the other one."""
    from models.core.history import add_message
    from models.requests.models import Status
    from seed.factories import NOW, make_care_case, make_funding_body, make_user

    mine = make_funding_body(name="Landkreis Verden")
    theirs = make_funding_body(name="Sozialamt Anderswo")
    participation = make_participation(project=project, actor=staff)
    make_request(participation, mine, status=Status.SUBMITTED, hours_per_week=Decimal(10))
    request = make_request(participation, theirs, status=Status.APPROVED,
                           hours_per_week=Decimal("17.25"), approval_start=dt.date(2025, 3, 3))
    add_message(request, staff, NOW, "Nur für das Sozialamt")
    make_care_case(participation, theirs, actor=staff)
    login(client, make_user(role="clerk", funding_body=mine))
    body = client.get(f"/admin/participation/details/?id={participation.id}").get_data(
        as_text=True)
    assert "Landkreis Verden" in body
    for hidden in ("Sozialamt Anderswo", "17,25", "03.03.2025", "Nur für das Sozialamt",
                   f"#{request.id}"):
        assert hidden not in body, hidden
