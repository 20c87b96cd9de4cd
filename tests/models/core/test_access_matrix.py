"""The role matrix of the access registry: who sees which rows and who may write."""

import datetime as dt

import pytest

from models import FundingBody, Person, Project, Provider, User
from models.core.access import may_read, may_write, visible
from seed.factories import assign, make_funding_body, make_person, make_project, make_user

STAFF = ["staff_read", "staff_write", "project_lead"]
TODAY = dt.date.today()


@pytest.fixture
def world(app):
    own, foreign = make_project(), make_project()
    return {"own": own, "foreign": foreign, "own_person": make_person(own),
            "foreign_person": make_person(foreign)}


def _person_ids(user):
    return {p.id for p in visible(Person, user)}


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_persons_of_their_projects_only(world, role):
    user = make_user(role=role, projects=[world["own"]])
    assert _person_ids(user) == {world["own_person"].id}
    assert {p.id for p in visible(Project, user)} == {world["own"].id}
    assert {p.id for p in visible(Provider, user)} == {world["own"].provider_id}


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "sees"),
    [(TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=1), False),
     (TODAY + dt.timedelta(days=1), None, False),
     (TODAY - dt.timedelta(days=30), TODAY, True),
     (TODAY, None, True)],
)
def test_only_assignments_in_force_count(world, valid_from, valid_to, sees):
    user = make_user(role="staff_write")
    assign(user, world["own"], valid_from=valid_from, valid_to=valid_to)
    assert (world["own_person"].id in _person_ids(user)) is sees


@pytest.mark.parametrize("role", ["statistics", "admin"])
def test_statistics_and_admin_see_every_person(world, role):
    user = make_user(role=role)
    assert _person_ids(user) == {world["own_person"].id, world["foreign_person"].id}


def test_clerk_sees_its_funding_body_and_no_persons(world):
    body = make_funding_body()
    make_funding_body()
    clerk = make_user(role="clerk", funding_body=body)
    assert _person_ids(clerk) == set()
    assert {b.id for b in visible(FundingBody, clerk)} == {body.id}


def test_nobody_without_a_role_sees_anything(world):
    assert _person_ids(None) == set()


@pytest.mark.parametrize(
    ("role", "person", "project", "user"),
    [("staff_read", False, False, False), ("staff_write", True, False, False),
     ("project_lead", True, False, False), ("clerk", False, False, False),
     ("statistics", False, False, False), ("admin", True, True, True)],
)
def test_write_permissions(app, role, person, project, user):
    actor = make_user(role=role)
    assert (may_write(actor, Person), may_write(actor, Project), may_write(actor, User)) == (
        person, project, user)


@pytest.mark.parametrize(("role", "reads_users"), [("admin", True), ("staff_write", False),
                                                   ("statistics", False), ("clerk", False)])
def test_only_admins_open_user_management(app, role, reads_users):
    assert may_read(make_user(role=role), User) is reads_users
