"""Moving commissions through HTTP: one or many rows, a per-row report in German, nothing
changed and no history written for a refused row."""

import pytest

from models import HistoryEntry
from models.commissions.models import Commission, Phase
from seed.factories import make_user
from tests.conftest import login


def _move(client, ids, project="", caseworker=""):
    return client.post("/admin/commission/move/",
                       data={"ids": ",".join(str(i) for i in ids), "project": project,
                             "caseworker": caseworker}, follow_redirects=True)


def _where(*commissions):
    return [(row.project_id, row.caseworker_id) for row in
            (Commission.get_by_id(c.id) for c in commissions)]


def test_the_action_shows_the_move_form(client, build, caseworker):
    commission = build(Phase.P3)
    login(client, caseworker)
    page = client.post("/admin/commission/action/",
                       data={"action": "move", "rowid": [commission.id]})
    body = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'name="caseworker"' in body and 'name="project"' in body


def test_many_rows_move_to_a_colleague(client, build, caseworker, project):
    first, second = build(Phase.P2), build(Phase.P3)
    colleague = make_user(role="staff_write", projects=[project])
    login(client, caseworker)
    body = _move(client, [first.id, second.id], caseworker=colleague.id).get_data(as_text=True)
    assert _where(first, second) == [(project.id, colleague.id)] * 2
    assert "2 Aufträge verschoben." in body


def test_a_refused_row_is_named_with_its_reason_and_not_written(client, build, caseworker,
                                                                 other_project):
    ready = build(Phase.P3)
    unreleased = build(Phase.P3, omit=("confidentiality_release",))
    login(client, caseworker)
    entries = HistoryEntry.select().count()
    body = _move(client, [ready.id, unreleased.id], project=other_project.id)\
        .get_data(as_text=True)
    assert _where(ready, unreleased) == [(other_project.id, None),
                                         (unreleased.project_id, caseworker.id)]
    assert HistoryEntry.select().count() == entries + 1
    assert f"A{unreleased.id}" in body
    assert "Schweigepflichtentbindung" in body


def test_rows_of_another_project_are_not_moved(client, build, project, other_project):
    commission = build(Phase.P3)
    stranger = make_user(role="staff_write", projects=[other_project])
    login(client, stranger)
    entries = HistoryEntry.select().count()
    body = _move(client, [commission.id], caseworker=stranger.id).get_data(as_text=True)
    assert _where(commission) == [(project.id, commission.caseworker_id)]
    assert HistoryEntry.select().count() == entries
    assert "nicht gefunden" in body


@pytest.mark.parametrize("field", ["project", "caseworker"])
def test_an_unknown_choice_is_refused_at_the_field(client, build, caseworker, field):
    commission = build(Phase.P3)
    login(client, caseworker)
    entries = HistoryEntry.select().count()
    page = _move(client, [commission.id], **{field: "999999"})
    assert page.status_code == 200
    assert "is-invalid" in page.get_data(as_text=True)
    assert _where(commission) == [(commission.project_id, caseworker.id)]
    assert HistoryEntry.select().count() == entries


@pytest.mark.parametrize("role", ["staff_read", "clerk", "statistics"])
def test_readers_may_not_move(client, build, project, role):
    commission = build(Phase.P3)
    reader = make_user(role=role, projects=[project] if role == "staff_read" else [])
    login(client, reader)
    response = client.post("/admin/commission/move/",
                           data={"ids": str(commission.id), "caseworker": ""})
    assert response.status_code in (302, 403)
    assert _where(commission) == [(commission.project_id, commission.caseworker_id)]


def test_the_commission_page_offers_the_move_to_those_who_work_on_it(client, build, caseworker,
                                                                     project):
    commission = build(Phase.P3)
    reader = make_user(role="staff_read", projects=[project])
    pages = {}
    for user in (caseworker, reader):
        login(client, user)
        pages[user.role] = client.get(f"/admin/commission/details/?id={commission.id}")\
            .get_data(as_text=True)
    assert 'name="action" value="move"' in pages["staff_write"]
    assert 'name="action" value="move"' not in pages["staff_read"]
