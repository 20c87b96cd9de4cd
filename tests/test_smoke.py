from seed.factories import make_person
from tests.conftest import login


def test_person_list_renders_for_staff(client, staff, project):
    make_person(project, first_name="Mladen", last_name="Stanišić")
    login(client, staff)
    response = client.get("/admin/person/")
    assert response.status_code == 200, response.data[:2000]
    assert "Stanišić" in response.get_data(as_text=True)
