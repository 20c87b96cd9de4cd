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


def _queries_for_export(client, path):
    with count_queries() as counter:
        response = client.post(path)
    assert response.status_code == 200
    return counter.count


def _cases(project, count):
    from seed.factories import make_document, make_participation, make_request

    for _ in range(count):
        participation = make_participation(project=project)
        make_request(participation)
        make_document(participation)


@pytest.mark.parametrize("endpoint", ["request", "participation", "document", "history",
                                      "person"])
def test_export_query_count_does_not_grow_with_rows(client, admin, project, document_store,
                                                    endpoint):
    """The related columns of an export (person, project, record) come with the rows."""
    login(client, admin)
    _cases(project, 2)
    few = _queries_for_export(client, f"/admin/{endpoint}/export.xlsx")
    _cases(project, 10)
    many = _queries_for_export(client, f"/admin/{endpoint}/export.xlsx")
    assert many == few


@pytest.mark.parametrize(("path", "table"), [("/admin/person/", "project"),
                                             ("/admin/commission/", "funding_body"),
                                             ("/admin/request/", "funding_body")])
def test_a_list_asks_for_the_records_of_a_related_filter_once(client, admin, project, path,
                                                              table):
    """The "equal" and "not equal" filters of a related column offer the same records."""
    login(client, admin)
    statements = _statements(client, path)
    whole_table = [sql for sql in statements
                   if sql.rstrip().endswith(f'FROM "{table}" AS "t1"')
                   or f'FROM "{table}" AS "t1" ORDER BY' in sql]
    assert len(whole_table) == 1


def _statements(client, path) -> list[str]:
    """The SQL statements one page runs."""
    import logging

    statements = []

    class Recorder(logging.Handler):
        def emit(self, record):
            if isinstance(record.msg, tuple):
                statements.append(record.msg[0])

    logger, recorder = logging.getLogger("peewee"), Recorder()
    level = logger.level
    logger.addHandler(recorder)
    logger.setLevel(logging.DEBUG)
    try:
        assert client.get(path).status_code == 200
    finally:
        logger.removeHandler(recorder)
        logger.setLevel(level)
    return statements


@pytest.mark.parametrize(("path", "table"), [
    ("/admin/request/?list=new", "assistance_request"),
    ("/admin/request/", "assistance_request"),
    ("/admin/delivered_hours/", "delivered_hours"),
    ("/admin/commission/?list=p2_too_long", "commission"),
    ("/admin/commission/", "commission"),
])
def test_a_list_with_counted_tabs_counts_its_rows_once(client, staff, project, path, table):
    """The pager takes the current tab's count instead of counting the rows again."""
    from seed.factories import make_participation, make_request

    make_request(make_participation(project=project))
    login(client, staff)
    counts = [sql for sql in _statements(client, path)
              if "COUNT(" in sql and f'FROM "{table}" AS "t1"' in sql]
    assert len(counts) == 1



def test_the_pager_of_a_counted_tab_pages_exactly_its_rows(client, staff, project):
    """The pager's total comes from the tab's own count: 19 new requests fit one page of 20,
    the 22 requests of "Alle" need a second one."""
    import re

    from seed.factories import make_participation, make_request

    participation = make_participation(project=project)
    for status in ["submitted"] * 19 + ["in_progress"] * 3:
        make_request(participation, status=status)
    login(client, staff)

    def second_page_offered(path):
        return bool(re.search(r"[?&;]page=1\b", client.get(path).get_data(as_text=True)))

    assert not second_page_offered("/admin/request/?list=new")
    assert second_page_offered("/admin/request/?list=all")
