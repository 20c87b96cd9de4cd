"""A list renders one delete form, whatever its rows (issue 16, cause 5): each row's delete
button submits the shared form with its own id."""

import re

import pytest

from models import Person
from seed.factories import make_person
from tests.conftest import login


@pytest.mark.parametrize("rows", [1, 12])
def test_one_delete_form_for_every_row(client, admin, project, rows):
    login(client, admin)
    for _ in range(rows):
        make_person(project)
    body = client.get("/admin/person/").get_data(as_text=True)
    assert len(re.findall(r'<form[^>]*action="/admin/person/delete/"', body)) == 1
    assert body.count('form="fallakte-delete-form"') == rows


def test_a_row_button_deletes_its_own_row(client, admin, project):
    login(client, admin)
    kept, deleted = make_person(project), make_person(project)
    body = client.get("/admin/person/").get_data(as_text=True)
    form = re.search(r'<form id="fallakte-delete-form".*?</form>', body, re.S).group(0)
    fields = dict(re.findall(r'name="([^"]+)"[^>]*value="([^"]*)"', form))
    assert f'name="id" value="{deleted.id}"' in body
    response = client.post("/admin/person/delete/", data={**fields, "id": str(deleted.id)})
    assert response.status_code == 302
    assert [person.id for person in Person.select()] == [kept.id]
