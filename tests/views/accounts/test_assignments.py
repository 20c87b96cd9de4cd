"""Project leads renew the assignments of their projects' staff through the list of project
assignments; everything else there stays with administrators (issue 10, item 15)."""

import datetime as dt

import pytest

from models import UserProject
from seed.factories import assign, make_user
from tests.conftest import login

END = dt.date.today() + dt.timedelta(days=30)


def _next_year(day):
    return day.replace(year=day.year + 1) if (day.month, day.day) != (2, 29) else \
        day.replace(year=day.year + 1, day=28)


@pytest.fixture
def world(app, project, other_project):
    lead = make_user(role="project_lead", projects=[project])
    staff = make_user(role="staff_write", full_name="Sina Team")
    stranger = make_user(role="staff_write", full_name="Fritz Fremd")
    return {"lead": lead,
            "own": assign(staff, project, valid_to=END),
            "foreign": assign(stranger, other_project, valid_to=END),
            "fellow_lead": assign(make_user(role="project_lead"), project, valid_to=END)}


def _stored(assignment):
    return UserProject.get_by_id(assignment.id)


def test_a_lead_lists_the_assignments_of_own_projects_only(client, world):
    login(client, world["lead"])
    body = client.get("/admin/assignment/").get_data(as_text=True)
    assert "Sina Team" in body
    assert "Fritz Fremd" not in body


def test_a_lead_renews_from_the_list(client, world):
    login(client, world["lead"])
    page = client.post("/admin/assignment/action/", data={
        "action": "renew", "rowid": [world["own"].id]})
    assert page.status_code == 200
    assert 'name="valid_to"' in page.get_data(as_text=True)
    body = client.post("/admin/assignment/renew/", data={
        "ids": str(world["own"].id), "valid_to": ""}, follow_redirects=True).get_data(
        as_text=True)
    own = world["own"]
    assert f"Projektzuordnung {own.user} – {own.project} verlängert." in body
    assert _stored(world["own"]).valid_to == _next_year(END)


def test_a_new_end_before_the_current_one_is_refused_at_the_field(client, world):
    login(client, world["lead"])
    body = client.post("/admin/assignment/renew/", data={
        "ids": str(world["own"].id), "valid_to": END.strftime("%d.%m.%Y")}).get_data(
        as_text=True)
    assert ('<div class="invalid-feedback">Das neue Ende muss nach dem bisherigen Ende '
            'liegen.</div>') in body
    assert _stored(world["own"]).valid_to == END


def test_assignments_of_other_leads_and_projects_are_skipped(client, world):
    login(client, world["lead"])
    ids = [world["own"].id, world["fellow_lead"].id, world["foreign"].id]
    body = client.post("/admin/assignment/renew/", data={
        "ids": ",".join(map(str, ids)), "valid_to": ""}, follow_redirects=True).get_data(
        as_text=True)
    assert f"Projektzuordnung {world['own'].user} – {world['own'].project} verlängert." in body
    assert "2 Datensätze übersprungen" in body
    assert _stored(world["fellow_lead"]).valid_to == _stored(world["foreign"]).valid_to == END


@pytest.mark.parametrize(("method", "url", "data"), [
    ("get", "/admin/assignment/new/", None),
    ("post", "/admin/assignment/edit/?id={id}", {"valid_to": "31.12.2099"}),
    ("post", "/admin/assignment/delete/", {"id": "{id}"}),
    ("post", "/admin/assignment/action/", {"action": "delete", "rowid": "{id}"}),
    ("post", "/admin/assignment/bulk-edit/", {"ids": "{id}", "step": "apply",
                                              "fields": "valid_to",
                                              "value-valid_to": "31.12.2099"}),
])
def test_everything_else_stays_with_administrators(client, world, method, url, data):
    login(client, world["lead"])
    key = str(world["own"].id)
    data = {name: value.format(id=key) for name, value in (data or {}).items()}
    response = getattr(client, method)(url.format(id=key), data=data)
    assert response.status_code == 403
    assert _stored(world["own"]).valid_to == END


@pytest.mark.parametrize("role", ["staff_write", "staff_read", "clerk", "statistics"])
def test_other_roles_do_not_open_the_assignments(client, world, project, role):
    login(client, make_user(role=role, projects=[project] if role.startswith("staff") else []))
    assert client.get("/admin/assignment/").status_code == 403
    assert client.post("/admin/assignment/renew/", data={
        "ids": str(world["own"].id), "valid_to": ""}).status_code == 403
    assert _stored(world["own"]).valid_to == END


def test_an_administrator_renews_any_assignment(client, admin, world):
    login(client, admin)
    client.post("/admin/assignment/renew/", data={
        "ids": str(world["fellow_lead"].id), "valid_to": ""})
    assert _stored(world["fellow_lead"]).valid_to == _next_year(END)
