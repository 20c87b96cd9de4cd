"""Lists run a constant number of queries, however many rows they show."""

import pytest
from playhouse.test_utils import count_queries

from seed.factories import make_person, make_user
from tests.conftest import login


def _queries_for_list(client, path):
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return counter.count


@pytest.mark.parametrize("path", ["/admin/person/", "/admin/assignment/", "/admin/history/",
                                  "/admin/project/", "/admin/user/"])
def test_list_query_count_does_not_grow_with_rows(client, admin, project, path):
    login(client, admin)
    make_person(project)
    few = _queries_for_list(client, path)
    for _ in range(15):
        make_person(project)
        make_user(projects=[project])
    many = _queries_for_list(client, path)
    assert many == few
