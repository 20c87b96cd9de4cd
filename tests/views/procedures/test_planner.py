"""The funding body's planner (Teilhabeplanung, 000): adds the persons a provider misses to
projects under a service agreement in force with its body; staff who miss a person are told
whom to ask."""

import datetime as dt

import pytest

from models import HistoryEntry, Person
from seed.factories import (
    make_funding_body,
    make_project,
    make_service_agreement,
    make_user,
)
from tests.conftest import login
from tests.views.people.test_persons import _person_form


@pytest.fixture
def body():
    return make_funding_body("LWL Inklusionsamt")


@pytest.mark.parametrize(("valid_to", "created"), [
    (None, True),
    (dt.date(2020, 12, 31), False),
])
def test_the_planner_adds_persons_only_under_an_agreement_in_force(app, client, body,
                                                                    valid_to, created):
    project = make_project()
    make_service_agreement(project.provider, body, valid_from=dt.date(2020, 1, 1),
                           valid_to=valid_to)
    login(client, make_user(role="planner", funding_body=body))
    before = HistoryEntry.select().count()
    page = client.post("/admin/person/new/?checked=1",
                       data=_person_form(project)).get_data(as_text=True)
    assert Person.select().exists() is created
    if not created:
        assert HistoryEntry.select().count() == before
        assert "Bitte wählen Sie einen Eintrag aus der Liste." in page


def test_the_planner_is_refused_by_the_domain_for_another_project(app, body):
    from models.core.errors import ValidationError
    from models.core.records import create_record
    from seed.factories import NOW

    planner = make_user(role="planner", funding_body=body)
    data = _person_form(make_project())
    person = Person(project=data["project"], first_name="Eva", last_name="Neumann",
                    birth_date=dt.date(1985, 4, 3), gender="f", nationality="AT")
    with pytest.raises(ValidationError) as refused:
        create_record(person, planner, NOW)
    assert "project" in refused.value.errors


@pytest.mark.parametrize(("agreement", "named"), [(True, True), (False, False)])
def test_the_find_page_names_the_planner_of_a_body_with_an_agreement(app, client, body,
                                                                     agreement, named):
    project = make_project()
    if agreement:
        make_service_agreement(project.provider, body)
    make_user(role="planner", funding_body=body, full_name="Petra Planer")
    login(client, make_user(role="staff_write", projects=[project]))
    page = client.post("/admin/person/find/", data={"last_name": "Niemand"}).get_data(
        as_text=True)
    assert ("Petra Planer (LWL Inklusionsamt)" in page) is named
