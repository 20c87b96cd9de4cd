"""Bulk editing: choose rows, fields and values, confirm, report changed and skipped rows."""

import pytest
from markupsafe import escape

from models import HistoryEntry, Participation, Person, UserProject
from models.core.records import update_record
from seed.factories import NOW, make_participation, make_person, make_project, make_user
from tests.conftest import login


@pytest.fixture
def admin_client(client, admin):
    return login(client, admin)


def test_choose_page_lists_only_the_allowed_fields(admin_client, project):
    people = [make_person(project) for _ in range(2)]
    response = admin_client.post("/admin/person/action/",
                                 data={"action": "bulk_edit", "rowid": [p.id for p in people]})
    body = response.get_data(as_text=True)
    assert "2 Datensätze ausgewählt" in body
    assert 'value="nationality"' in body
    assert 'value="svnr"' not in body


def test_confirm_page_says_how_many_will_change(admin_client, project):
    people = [make_person(project, nationality="AT") for _ in range(3)]
    body = admin_client.post("/admin/person/bulk-edit/", data={
        "ids": ",".join(str(p.id) for p in people), "step": "confirm",
        "fields": "nationality", "value-nationality": "DE"}).get_data(as_text=True)
    assert "3 Datensätze werden geändert" in body
    assert "Deutschland" in body
    assert not Person.select().where(Person.nationality == "DE").exists()


def test_apply_changes_each_row_with_its_history_entry(admin_client, project):
    people = [make_person(project, nationality="AT") for _ in range(3)]
    body = admin_client.post("/admin/person/bulk-edit/", data={
        "ids": ",".join(str(p.id) for p in people), "step": "apply",
        "fields": "nationality", "value-nationality": "DE"}).get_data(as_text=True)
    assert "3 Datensätze geändert" in body
    assert Person.select().where(Person.nationality == "DE").count() == 3
    updates = HistoryEntry.select().where(HistoryEntry.event == "updated",
                                          HistoryEntry.relation == "person")
    assert updates.count() == 3
    assert all(e.changes["nationality"] == ["AT", "DE"] for e in updates)


def test_apply_reports_skipped_rows_with_the_reason(admin_client, project):
    changed = make_person(project, nationality="AT")
    unchanged = make_person(project, nationality="DE")
    body = admin_client.post("/admin/person/bulk-edit/", data={
        "ids": f"{changed.id},{unchanged.id},999999", "step": "apply",
        "fields": "nationality", "value-nationality": "DE"}).get_data(as_text=True)
    assert "1 Datensatz geändert" in body
    assert "2 Datensätze übersprungen" in body
    assert "hat diese Werte bereits" in body
    assert "#999999: nicht gefunden oder für Sie nicht sichtbar" in body


def test_invalid_value_changes_nothing(admin_client, project):
    person = make_person(project, nationality="AT")
    body = admin_client.post("/admin/person/bulk-edit/", data={
        "ids": str(person.id), "step": "apply",
        "fields": "nationality", "value-nationality": "ZZ"}).get_data(as_text=True)
    assert "invalid-feedback" in body
    assert Person.get_by_id(person.id).nationality == "AT"


def test_no_field_chosen_gets_a_message(admin_client, project):
    person = make_person(project)
    body = admin_client.post("/admin/person/bulk-edit/", data={
        "ids": str(person.id), "step": "confirm"}).get_data(as_text=True)
    assert "Bitte wählen Sie mindestens ein Feld" in body


def test_all_rows_of_the_current_filter_can_be_selected(admin_client, project):
    for name in ("Huber", "Hubmann", "Maier"):
        make_person(project, last_name=name)
    body = admin_client.get("/admin/person/bulk-edit/?search=Hub*").get_data(as_text=True)
    assert "2 Datensätze ausgewählt" in body


def test_reassign_many_assignments_to_another_project(admin_client, project):
    target = make_project()
    users = [make_user(projects=[project]) for _ in range(3)]
    links = UserProject.select().where(UserProject.user.in_(users))
    body = admin_client.post("/admin/assignment/bulk-edit/", data={
        "ids": ",".join(str(link.id) for link in links), "step": "apply",
        "fields": "project", "value-project": target.id}).get_data(as_text=True)
    assert "3 Datensätze geändert" in body
    assert UserProject.select().where(UserProject.project == target).count() == 3


def test_read_only_staff_cannot_bulk_edit(client, project):
    reader = make_user(role="staff_read", projects=[project])
    login(client, reader)
    person = make_person(project, nationality="AT")
    response = client.post("/admin/person/bulk-edit/", data={
        "ids": str(person.id), "step": "apply", "fields": "nationality",
        "value-nationality": "DE"})
    assert response.status_code == 403
    assert Person.get_by_id(person.id).nationality == "AT"


def test_the_confirm_page_carries_the_version_of_each_row(admin_client, project):
    people = [make_person(project, nationality="AT") for _ in range(2)]
    body = admin_client.post("/admin/person/bulk-edit/", data={
        "ids": ",".join(str(p.id) for p in people), "step": "confirm",
        "fields": "nationality", "value-nationality": "DE"}).get_data(as_text=True)
    versions = ",".join(f"{p.id}:0" for p in people)
    assert f'name="versions" value="{versions}"' in body


def test_a_row_changed_after_the_confirmation_is_skipped(admin_client, project):
    changed, untouched = (make_person(project, nationality="AT") for _ in range(2))
    colleague = make_user(role="admin", full_name="Clara Kollegin")
    old = dict(changed.__data__)
    changed.nationality = "IT"
    update_record(changed, old, colleague, NOW)
    body = admin_client.post("/admin/person/bulk-edit/", data={
        "ids": f"{changed.id},{untouched.id}", "step": "apply",
        "versions": f"{changed.id}:0,{untouched.id}:0",
        "fields": "nationality", "value-nationality": "DE"}).get_data(as_text=True)
    assert "1 Datensatz geändert" in body
    assert "Dieser Datensatz wurde inzwischen von Clara Kollegin am" in body
    assert Person.get_by_id(changed.id).nationality == "IT"
    assert Person.get_by_id(untouched.id).nationality == "DE"


# -- a colleague leaves: their cases go to another (issue 10, item 14) ---------------------


@pytest.fixture
def leaving(app, project):
    """A project lead, a caseworker who leaves, a successor, and the leaver's three cases."""
    lead = make_user(role="project_lead", projects=[project])
    leaver = make_user(role="staff_write", projects=[project], full_name="Lena Geht")
    successor = make_user(role="staff_write", projects=[project], full_name="Sam Bleibt")
    cases = [make_participation(project=project, actor=leaver) for _ in range(3)]
    return {"lead": lead, "leaver": leaver, "successor": successor, "cases": cases}


def test_the_participation_bulk_edit_offers_the_caseworker(client, leaving):
    login(client, leaving["lead"])
    body = client.post("/admin/participation/action/", data={
        "action": "bulk_edit", "rowid": [c.id for c in leaving["cases"]]}).get_data(
        as_text=True)
    assert 'value="caseworker"' in body
    assert "Sam Bleibt" in body


def test_a_lead_hands_the_cases_of_a_leaving_colleague_to_another(client, leaving):
    login(client, leaving["lead"])
    ids = ",".join(str(c.id) for c in leaving["cases"])
    body = client.post("/admin/participation/bulk-edit/", data={
        "ids": ids, "step": "apply", "fields": "caseworker",
        "value-caseworker": leaving["successor"].id}).get_data(as_text=True)
    assert "3 Datensätze geändert" in body
    taken = Participation.select().where(Participation.caseworker == leaving["successor"])
    assert taken.count() == 3
    entries = HistoryEntry.select().where((HistoryEntry.relation == "participation")
                                          & (HistoryEntry.event == "updated"))
    assert [e.changes["caseworker"] for e in entries] == [
        [leaving["leaver"].id, leaving["successor"].id]] * 3


def test_a_case_of_a_project_the_successor_does_not_work_in_is_skipped(admin_client, leaving):
    elsewhere = make_participation(project=make_project())
    ids = ",".join(str(c.id) for c in [*leaving["cases"], elsewhere])
    body = admin_client.post("/admin/participation/bulk-edit/", data={
        "ids": ids, "step": "apply", "fields": "caseworker",
        "value-caseworker": leaving["successor"].id}).get_data(as_text=True)
    assert "3 Datensätze geändert" in body
    assert "1 Datensatz übersprungen" in body
    assert Participation.get_by_id(elsewhere.id).caseworker_id is None


def test_the_report_lists_the_changed_rows(admin_client, project):
    people = [make_person(project, nationality="AT") for _ in range(2)]
    body = admin_client.post("/admin/person/bulk-edit/", data={
        "ids": ",".join(str(p.id) for p in people), "step": "apply",
        "fields": "nationality", "value-nationality": "DE"}).get_data(as_text=True)
    changed = body[body.index("2 Datensätze geändert"):]
    for person in people:
        assert f"<li>{escape(str(person))} ({person.pseudonym})</li>" in changed
