"""The autocomplete pickers (form_ajax_refs through ScopedAjaxLoader): only rows the user may
pick, names matched as the person search matches them, a crafted id refused at the field."""

import json

import pytest
from playhouse.test_utils import count_queries

from models import Participation
from seed.factories import (
    make_funding_body,
    make_participation,
    make_person,
    make_project,
    make_user,
)
from tests.conftest import login


@pytest.fixture
def picks(app):
    """Two projects with a Müller each, a funding body per role that sees one, a user per role."""
    own = make_project(name="Projekt Köln-Süd")
    foreign = make_project(name="Projekt Graz")
    body, other_body = make_funding_body("Landschaftsverband Rheinland"), \
        make_funding_body("Integrationsamt Münster")
    mine = make_person(own, first_name="Jürgen", last_name="Müller")
    theirs = make_person(foreign, first_name="Jörg", last_name="Müller")
    users = {
        "staff_write": make_user(role="staff_write", projects=[own]),
        "admin": make_user(role="admin"),
        "clerk": make_user(role="clerk", funding_body=body),
    }
    return {"own": own, "foreign": foreign, "body": body, "other_body": other_body,
            "mine": mine, "theirs": theirs,
            "mine_in": make_participation(mine, own), "theirs_in": make_participation(theirs),
            "users": users}


def lookup(client, endpoint, name, query):
    response = client.get(f"/admin/{endpoint}/ajax/lookup/",
                          query_string={"name": name, "query": query})
    assert response.status_code == 200
    return response.get_json()


@pytest.mark.parametrize(("role", "endpoint", "name", "query", "expected"), [
    ("staff_write", "participation", "person", "müller", ["mine"]),
    ("admin", "participation", "person", "müller", ["mine", "theirs"]),
    ("staff_write", "participation", "project", "projekt", ["own"]),
    ("admin", "participation", "project", "projekt", ["foreign", "own"]),
    ("staff_write", "request", "participation", "müller", ["mine_in"]),
    ("admin", "request", "participation", "müller", ["mine_in", "theirs_in"]),
    ("staff_write", "request", "funding_body", "", ["other_body", "body"]),
    ("clerk", "request", "funding_body", "", ["body"]),
    ("staff_write", "delivered_hours", "participation", "", ["mine_in"]),
    # The administrators' forms: users, assignments, service agreements, billing rules.
    ("admin", "user", "funding_body", "", ["other_body", "body"]),
    ("admin", "assignment", "project", "projekt", ["foreign", "own"]),
    ("admin", "service_agreement", "funding_body", "", ["other_body", "body"]),
    ("admin", "billing_rules", "funding_body", "", ["other_body", "body"]),
])
def test_a_lookup_answers_only_rows_the_user_may_pick(client, picks, role, endpoint, name,
                                                      query, expected):
    login(client, picks["users"][role])
    answer = lookup(client, endpoint, name, query)
    assert sorted(row[0] for row in answer) == sorted(picks[key].id for key in expected)


@pytest.mark.parametrize("typed", ["Müller", "MUELLER", "muller", "Mueller", "Mül*",
                                   "müller jürgen"])
def test_a_person_is_found_however_an_umlaut_is_typed(client, picks, typed):
    login(client, picks["users"]["staff_write"])
    answer = lookup(client, "participation", "person", typed)
    assert [row[0] for row in answer] == [picks["mine"].id]
    assert answer[0][1] == "Müller, Jürgen"


@pytest.mark.parametrize("typed", ["Miller", "Mu*", "Jörg"])
def test_a_person_is_not_found_by_another_name(client, picks, typed):
    login(client, picks["users"]["staff_write"])
    assert lookup(client, "participation", "person", typed) == []


@pytest.mark.parametrize(("typed", "expected"), [
    ("koeln", ["own"]), ("SÜD köln", ["own"]), ("graz", []), ("x", []),
])
def test_projects_are_matched_by_folded_name_words(client, picks, typed, expected):
    login(client, picks["users"]["staff_write"])
    answer = lookup(client, "participation", "project", typed)
    assert [row[0] for row in answer] == [picks[key].id for key in expected]


@pytest.mark.parametrize(("typed", "expected"), [
    ("muenster", ["other_body"]), ("RHEIN land", ["body"]), ("amt", ["other_body"]),
])
def test_funding_bodies_are_matched_by_folded_name_words(client, picks, typed, expected):
    login(client, picks["users"]["staff_write"])
    answer = lookup(client, "request", "funding_body", typed)
    assert [row[0] for row in answer] == [picks[key].id for key in expected]


def test_statistics_readers_get_pseudonyms_never_names(client, picks, statistics):
    login(client, statistics)
    answer = lookup(client, "participation", "person", picks["mine"].pseudonym)
    assert [row[1] for row in answer] == [picks["mine"].pseudonym]
    for typed in ("Müller", "Jürgen", ""):
        assert "Müller" not in json.dumps(lookup(client, "request", "participation", typed),
                                          ensure_ascii=False)


def test_a_participation_lookup_runs_the_same_queries_for_more_rows(client, picks):
    login(client, picks["users"]["admin"])

    def queries():
        with count_queries() as counter:
            lookup(client, "request", "participation", "")
        return counter.count

    few = queries()
    for _ in range(5):
        make_participation(project=picks["own"])
    assert queries() == few


def _participation_form(person, project):
    return {"person": person.id, "project": project.id, "created_on": "01.02.2024",
            "legal_basis": ["federal_law"], "care_level": "", "with_findings": "1",
            "kinds_with_findings": ["physical"], "degree_of_disability": "50",
            "disability_pass": "y", "without_findings": "0"}


@pytest.mark.parametrize(("person", "project"), [("theirs", "own"), ("mine", "foreign")])
def test_a_crafted_id_outside_the_pickable_rows_is_refused_at_the_field(client, picks, person,
                                                                        project):
    login(client, picks["users"]["staff_write"])
    before = Participation.select().count()
    response = client.post("/admin/participation/new/",
                           data=_participation_form(picks[person], picks[project]))
    assert response.status_code == 200
    assert "Bitte wählen Sie einen Eintrag aus der Liste." in response.get_data(as_text=True)
    assert Participation.select().count() == before


def test_a_pickable_id_is_saved(client, picks):
    """The same form with rows the user may pick is saved (the refusal above is the id's)."""
    login(client, picks["users"]["staff_write"])
    other = make_person(picks["own"], last_name="Neumann")
    response = client.post("/admin/participation/new/",
                           data=_participation_form(other, picks["own"]))
    assert response.status_code == 302
    assert Participation.get(Participation.person == other).project_id == picks["own"].id
