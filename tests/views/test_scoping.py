"""An id outside the user's scope can't be shown, edited, deleted, bulk-processed or picked."""

import pytest

from models import HistoryEntry, Person
from seed.factories import make_person
from tests.conftest import login


@pytest.fixture
def foreign_person(other_project):
    return make_person(other_project, first_name="Fremd", last_name="Außenstehend")


@pytest.fixture
def staff_client(client, staff):
    return login(client, staff)


@pytest.mark.parametrize("page", ["details", "edit", "history"])
def test_foreign_record_page_is_404_without_content(staff_client, foreign_person, page):
    response = staff_client.get(f"/admin/person/{page}/?id={foreign_person.id}")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert "Außenstehend" not in body
    assert foreign_person.pseudonym not in body


def test_foreign_record_is_not_listed(staff_client, foreign_person, project):
    own = make_person(project, last_name="Eigene")
    body = staff_client.get("/admin/person/").get_data(as_text=True)
    assert own.last_name in body
    assert "Außenstehend" not in body


def test_foreign_record_cannot_be_edited_by_post(staff_client, foreign_person):
    response = staff_client.post(
        f"/admin/person/edit/?id={foreign_person.id}",
        data={"first_name": "Gehackt", "last_name": "X", "project": foreign_person.project_id},
    )
    assert response.status_code == 404
    assert Person.get_by_id(foreign_person.id).first_name == "Fremd"


def test_foreign_record_cannot_be_deleted(staff_client, foreign_person):
    response = staff_client.post("/admin/person/delete/", data={"id": foreign_person.id})
    assert response.status_code == 404
    assert Person.get_or_none(Person.id == foreign_person.id) is not None


def test_bulk_delete_skips_foreign_ids(staff_client, foreign_person, project):
    own = make_person(project)
    response = staff_client.post(
        "/admin/person/action/",
        data={"action": "delete", "rowid": [own.id, foreign_person.id]},
        follow_redirects=True,
    )
    body = response.get_data(as_text=True)
    assert Person.get_or_none(Person.id == own.id) is None
    assert Person.get_or_none(Person.id == foreign_person.id) is not None
    assert "nicht gefunden oder für Sie nicht sichtbar" in body


def test_bulk_edit_skips_foreign_ids(staff_client, foreign_person, project):
    own = make_person(project, nationality="AT")
    response = staff_client.post(
        "/admin/person/bulk-edit/",
        data={"ids": f"{own.id},{foreign_person.id}", "step": "apply", "fields": "nationality",
              "value-nationality": "DE"},
    )
    assert response.status_code == 200
    assert Person.get_by_id(own.id).nationality == "DE"
    assert Person.get_by_id(foreign_person.id).nationality != "DE"


def test_project_picker_offers_only_own_projects(staff_client, project, other_project):
    found = staff_client.get("/admin/person/ajax/lookup/",
                             query_string={"name": "project", "query": ""}).get_json()
    assert [row[0] for row in found] == [project.id]


def test_project_picker_refuses_a_foreign_project_by_post(staff_client, other_project):
    response = staff_client.post(
        "/admin/person/new/?checked=1",
        data={"first_name": "Neu", "last_name": "Person", "project": other_project.id,
              "gender": "f", "nationality": "AT", "country": "AT"},
    )
    assert response.status_code == 200
    assert not Person.select().where(Person.last_name == "Person").exists()


def test_nothing_written_to_history_by_refused_actions(staff_client, foreign_person):
    before = HistoryEntry.select().count()
    staff_client.post("/admin/person/delete/", data={"id": foreign_person.id})
    staff_client.post(f"/admin/person/edit/?id={foreign_person.id}", data={"first_name": "X"})
    assert HistoryEntry.select().count() == before


@pytest.mark.parametrize("path", ["/admin/", "/admin/person/", "/admin/person/details/?id=1",
                                  "/admin/user/", "/admin/history/", "/admin/person/find/"])
def test_every_page_requires_a_session(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", ["/admin/user/", "/admin/history/", "/admin/assignment/"])
def test_admin_pages_are_forbidden_for_staff(staff_client, path):
    assert staff_client.get(path).status_code == 403


def test_clerk_sees_no_persons(client, clerk, project):
    make_person(project, last_name="Unsichtbar")
    login(client, clerk)
    body = client.get("/admin/person/").get_data(as_text=True)
    assert "Unsichtbar" not in body


def test_statistics_reader_sees_pseudonyms_but_no_names(client, statistics, project):
    person = make_person(project, last_name="Geheimname", first_name="Vorname")
    login(client, statistics)
    listing = client.get("/admin/person/").get_data(as_text=True)
    details = client.get(f"/admin/person/details/?id={person.id}").get_data(as_text=True)
    for body in (listing, details):
        assert person.pseudonym in body
        assert "Geheimname" not in body
        assert person.svnr not in body


def test_statistics_reader_cannot_search_by_name(client, statistics, project):
    person = make_person(project, last_name="Suchbar")
    login(client, statistics)
    by_name = client.get("/admin/person/?search=Suchbar").get_data(as_text=True)
    by_pseudonym = client.get(f"/admin/person/?search={person.pseudonym}").get_data(as_text=True)
    assert person.pseudonym not in by_name
    assert person.pseudonym in by_pseudonym


def test_read_only_staff_cannot_create(client, project):
    from seed.factories import make_user

    reader = make_user(role="staff_read", projects=[project])
    login(client, reader)
    response = client.post("/admin/person/new/?checked=1",
                           data={"first_name": "A", "last_name": "B", "project": project.id})
    assert response.status_code == 403
    assert not Person.select().exists()


def test_statistics_reader_sees_no_personal_values_in_the_history(client, statistics, project):
    from models.core.clock import now
    from models.core.records import update_record

    person = make_person(project, city="Wien")
    old = dict(person.__data__)
    person.city = "Geheimstadt"
    update_record(person, old, None, now())
    login(client, statistics)
    body = client.get(f"/admin/person/history/?id={person.id}").get_data(as_text=True)
    assert "Geheimstadt" not in body
    assert person.last_name not in body
    assert "Ort" in body
