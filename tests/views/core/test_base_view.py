"""What the shared base view does for every view: ajax lookups, immutable history."""

from flask_login import login_user

from models import HistoryEntry, Project
from seed.factories import make_person
from tests.conftest import login
from views.core.queries import ScopedAjaxLoader


def test_ajax_lookup_offers_only_projects_in_scope(app, staff, project, other_project):
    loader = ScopedAjaxLoader("project", Project, fields=["name"])
    with app.test_request_context():
        login_user(staff)
        offered = {row.id for row in loader.get_list("", limit=50)}
        assert offered == {project.id}
        assert loader.get_one(other_project.id) is None


def test_history_cannot_be_deleted_through_the_ui(client, admin, project):
    person = make_person(project)
    login(client, admin)
    entry = HistoryEntry.get(HistoryEntry.relation == "person", HistoryEntry.record_id == person.id)
    client.post("/admin/history/delete/", data={"id": entry.id})
    client.post("/admin/history/action/", data={"action": "delete", "rowid": entry.id})
    assert HistoryEntry.get_or_none(HistoryEntry.id == entry.id) is not None


def test_history_cannot_be_edited_through_the_ui(client, admin, project):
    person = make_person(project)
    login(client, admin)
    entry = HistoryEntry.get(HistoryEntry.relation == "person", HistoryEntry.record_id == person.id)
    response = client.post(f"/admin/history/edit/?id={entry.id}", data={"relation": "x"})
    assert response.status_code == 403
    assert HistoryEntry.get_by_id(entry.id).relation == "person"


def test_global_history_lists_changes_with_german_labels(client, admin, project):
    make_person(project, city="Wien")
    login(client, admin)
    body = client.get("/admin/history/").get_data(as_text=True)
    assert "Person" in body
    assert "angelegt" in body
    assert "Ort" in body
