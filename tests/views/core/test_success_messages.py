"""Success messages name what happened: the record and the step ("Antrag #12 … bewilligt.",
"Person Müller, Anna gespeichert."), not "1 Datensatz"."""

import re

import pytest

from models import Person
from models.requests.models import Status
from seed.factories import make_person, make_project, make_request
from tests.conftest import login
from tests.views.requests.test_decisions import _confirm
from tests.views.requests.test_requests import _do

STEPS = [
    # (step, status before, who, German verb)
    ("submit", Status.IN_PROGRESS, "staff", "gesendet"),
    ("approve", Status.SUBMITTED, "clerk", "bewilligt"),
    ("reject", Status.SUBMITTED, "clerk", "abgelehnt"),
    ("request_rework", Status.SUBMITTED, "clerk", "zur Nachreichung zurückgesendet"),
    ("end", Status.APPROVED, "staff", "beendet"),
]


def _success(body: str) -> list[str]:
    return [" ".join(text.split()) for text in re.findall(
        r'<div class="alert alert-success[^"]*"[^>]*>\s*(.*?)\s*<button', body, re.S)]


@pytest.mark.parametrize(("step", "status", "who", "verb"), STEPS)
def test_a_step_on_one_request_names_the_request(client, setting, step, status, who, verb):
    request = make_request(setting["participation"], setting["body"], status=status)
    login(client, setting[who])
    body = _do(client, step, request).get_data(as_text=True)
    person = setting["participation"].person
    assert _success(body) == [
        f"Antrag #{request.id} {person.last_name}, {person.first_name} ({person.pseudonym}) "
        f"{verb}."]


def test_a_step_on_many_requests_counts_them_as_requests(client, setting):
    ids = [make_request(setting["participation"], setting["body"], status=Status.SUBMITTED).id
           for _ in range(3)]
    login(client, setting["clerk"])
    page = client.post("/admin/request/action/", data={"action": "approve", "rowid": ids})
    body = _confirm(client, "approve", page.get_data(as_text=True)).get_data(as_text=True)
    assert _success(body) == ["3 Anträge bewilligt."]


def test_saving_a_person_names_the_person(client, project, staff):
    person = make_person(project, last_name="Müller", first_name="Anna")
    login(client, staff)
    page = client.get(f"/admin/person/edit/?id={person.id}").get_data(as_text=True)
    version = re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)
    fields = {name: value for name, value in re.findall(
        r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page) if name != "csrf_token"}
    body = client.post(f"/admin/person/edit/?id={person.id}",
                       data={**fields, "version": version, "city": "Graz",
                             "project": str(project.id)},
                       follow_redirects=True).get_data(as_text=True)
    assert Person.get_by_id(person.id).city == "Graz"
    assert "Person Müller, Anna gespeichert." in _success(body)


def test_creating_a_record_names_it(client, admin):
    provider = make_project().provider
    login(client, admin)
    body = client.post("/admin/project/new/", data={"name": "Assistenz Nord",
                                                    "provider": str(provider.id)},
                       follow_redirects=True).get_data(as_text=True)
    assert _success(body) == ["Projekt Assistenz Nord angelegt."]
