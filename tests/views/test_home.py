"""The start page shows the work queues of the role with counts; each link opens the list of
exactly the rows it counted."""

import datetime as dt
import re

import pytest

from models.core.clock import today
from seed.factories import make_funding_body, make_participation, make_request, make_user
from tests.conftest import login


def _queues(body: str) -> dict:
    """{label: (count, address)} of the start page's work queues."""
    items = re.findall(r'<a href="([^"]+)">([^<]+)</a>\s*<span class="badge[^"]*">(\d+)', body)
    return {label: (int(count), url.replace("&amp;", "&")) for url, label, count in items}


def _row_ids(body: str) -> set[int]:
    return {int(i) for i in re.findall(r'/admin/request/details/\?id=(\d+)&', body)}


def test_a_clerks_queues_open_exactly_the_rows_they_count(client, project):
    body = make_funding_body()
    clerk = make_user(role="clerk", funding_body=body)
    new = {make_request(make_participation(project=project), funding_body=body,
                        status="submitted").id for _ in range(2)}
    make_request(make_participation(project=project), status="submitted")  # another body
    ending = make_request(make_participation(project=project), funding_body=body,
                          status="approved", planned_end=today() + dt.timedelta(days=10))
    make_request(make_participation(project=project), funding_body=body, status="approved",
                 planned_end=today() + dt.timedelta(days=40))
    login(client, clerk)
    queues = _queues(client.get("/admin/").get_data(as_text=True))
    assert queues["Neue Anträge"][0] == 2
    assert queues["Bewilligungen, die in 30 Tagen enden"][0] == 1
    listed = client.get(queues["Neue Anträge"][1]).get_data(as_text=True)
    assert _row_ids(listed) == new
    listed = client.get(queues["Bewilligungen, die in 30 Tagen enden"][1]).get_data(as_text=True)
    assert _row_ids(listed) == {ending.id}
    assert "Arbeitsliste: Bewilligungen, die in 30 Tagen enden" in listed


def test_staff_see_their_drafts_not_those_of_other_projects(client, project, other_project):
    staff = make_user(role="staff_write", projects=[project])
    mine = make_request(make_participation(project=project))
    make_request(make_participation(project=other_project))
    login(client, staff)
    queues = _queues(client.get("/admin/").get_data(as_text=True))
    count, url = queues["Noch nicht gesendete Anträge"]
    assert count == 1
    assert _row_ids(client.get(url).get_data(as_text=True)) == {mine.id}


def test_the_statistics_role_has_no_queue_of_requests(client):
    """Only the queue everyone has: their own scheduled or failed data exports."""
    login(client, make_user(role="statistics"))
    queues = _queues(client.get("/admin/").get_data(as_text=True))
    assert list(queues) == ["Ihre geplanten oder fehlgeschlagenen Exporte"]
    assert "/admin/request/" not in " ".join(url for _count, url in queues.values())


def test_the_ifd_staff_find_the_compliance_lists_as_queues(client, project):
    from models import Commission
    from seed.factories import make_commission, make_person

    staff = make_user(role="staff_write", projects=[project])
    silent = make_commission(make_person(project=project), start=today() - dt.timedelta(days=90))
    Commission.update(phase="P2", phase_since=today() - dt.timedelta(days=80)).where(
        Commission.id == silent.id).execute()
    login(client, staff)
    queues = _queues(client.get("/admin/").get_data(as_text=True))
    count, url = queues["Seit 8 Wochen kein persönlicher Kontakt"]
    assert count == 1
    listed = client.get(url).get_data(as_text=True)
    assert set(re.findall(r'/admin/commission/details/\?id=(\d+)&', listed)) == {str(silent.id)}


def test_a_clerk_finds_the_budget_checks_due_of_their_budgets(client, project):
    from models import BudgetCheck
    from seed.factories import make_budget, make_person

    body = make_funding_body()
    clerk = make_user(role="clerk", funding_body=body)
    due = BudgetCheck.create(budget=make_budget(make_person(project=project), lead_body=body),
                             due_on=today() - dt.timedelta(days=1))
    BudgetCheck.create(budget=make_budget(make_person(project=project), lead_body=body),
                       due_on=today() + dt.timedelta(days=5))
    BudgetCheck.create(budget=make_budget(make_person(project=project)),
                       due_on=today() - dt.timedelta(days=1))  # another body's budget
    login(client, clerk)
    count, url = _queues(client.get("/admin/").get_data(as_text=True))["Prüfungen fällig"]
    assert count == 1
    listed = client.get(url).get_data(as_text=True)
    assert set(re.findall(r'/admin/budget_check/details/\?id=(\d+)&', listed)) == {str(due.id)}


@pytest.mark.parametrize(("role", "target"), [
    ("clerk", "/admin/request/?list=new"),
    ("staff_write", "/admin/request/"),
    ("admin", "/admin/request/"),
    ("planner", "/admin/request/"),
])
def test_the_menu_entry_of_requests_opens_the_new_requests_for_clerks(client, project, role,
                                                                      target):
    login(client, make_user(role=role, projects=[project] if role == "staff_write" else ()))
    for page in ("/admin/", "/admin/person/"):
        menu = client.get(page).get_data(as_text=True).split("<main", 1)[0]
        assert re.findall(r'href="(/admin/request/[^"]*)"', menu) == [target]
