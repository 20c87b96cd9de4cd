"""Lists count and page over the bare rows of their model (issue 16, cause 3): the count and
the deep OFFSET never pay for the related rows the columns show; only the page's rows are
joined, in the order of the list."""

import re

import pytest
from playhouse.test_utils import count_queries

from seed.factories import make_participation, make_request
from tests.conftest import login


def _statements(client, path):
    with count_queries() as counter:
        response = client.get(path)
    assert response.status_code == 200
    return [record.msg[0] for record in counter.get_queries()], response.get_data(as_text=True)


def _cases(project, count):
    return [make_request(make_participation(project=project)) for _ in range(count)]


@pytest.mark.parametrize("path", ["/admin/request/?page=1", "/admin/delivered_hours/?page=1",
                                  "/admin/person/?page=1", "/admin/participation/?page=1"])
def test_count_and_offset_run_without_joins(client, admin, project, path):
    login(client, admin)
    _cases(project, 25)
    statements, _body = _statements(client, path)
    counts = [sql for sql in statements if "COUNT(" in sql.upper() and "_wrapped" in sql]
    offsets = [sql for sql in statements if re.search(r"\bOFFSET\b", sql, re.I)]
    assert counts and offsets
    assert not [sql for sql in counts + offsets if " JOIN " in sql.upper()]


def test_a_page_by_ids_keeps_the_order_and_the_related_columns(client, admin, project):
    """Page 2 of the requests sorted by number descending: the five oldest, newest first,
    each with the pseudonym of its person (a joined column)."""
    login(client, admin)
    requests = _cases(project, 25)
    _sql, body = _statements(client, "/admin/request/?page=1&sort=0&desc=1")
    ids = [int(number) for number in re.findall(r'name="rowid" class="action-checkbox" '
                                                r'value="(\d+)"', body)]
    assert ids == sorted((request.id for request in requests[:5]), reverse=True)
    for request in requests[:5]:
        assert request.participation.person.pseudonym in body


def test_a_search_still_counts_over_the_joined_rows(client, admin, project):
    login(client, admin)
    _cases(project, 3)
    statements, _body = _statements(client, "/admin/person/?search=zzzz")
    assert [sql for sql in statements if "COUNT(" in sql.upper()]
