"""The procedure and budget views: no delete by any route, action or crafted POST; closing in
bulk; the continuation route with its German refusal; lists in a constant number of queries."""

import datetime as dt

import pytest
from playhouse.test_utils import count_queries

from models import HistoryEntry, Procedure
from models.core.roles import Role
from models.procedures.operations import close_procedure
from seed.factories import (
    NOW,
    make_budget,
    make_partial_budget,
    make_procedure,
    make_user,
)
from tests.conftest import login


def _user_for(procedure, role):
    projects = [procedure.project] if role in ("staff_read", "staff_write",
                                               "project_lead") else []
    return make_user(role=role, projects=projects,
                     funding_body=procedure.funding_body if role == "clerk" else None)


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_no_role_deletes_a_procedure_by_a_crafted_post(app, client, role):
    procedure = make_procedure(closed=True)
    login(client, _user_for(procedure, role))
    direct = client.post("/admin/procedure/delete/", data={"id": procedure.id})
    bulk = client.post("/admin/procedure/action/", data={"action": "delete",
                                                         "rowid": [procedure.id]})
    assert direct.status_code == 403
    assert bulk.status_code in (302, 403)
    assert Procedure.select().count() == 1
    assert not HistoryEntry.select().where(HistoryEntry.event == "deleted").exists()


def test_the_list_offers_no_delete(app, client):
    procedure = make_procedure()
    login(client, make_user(role="admin"))
    body = client.get("/admin/procedure/").get_data(as_text=True)
    assert f"details/?id={procedure.id}" in body
    assert 'value="delete"' not in body and "/admin/procedure/delete/" not in body


def test_the_editor_closes_selected_procedures(app, client):
    procedure = make_procedure()
    login(client, procedure.editor)
    client.post("/admin/procedure/action/", data={"action": "close", "rowid": [procedure.id]})
    assert Procedure.get_by_id(procedure.id).closed is not None


def test_a_continuation_while_one_is_open_says_who_holds_it(app, client):
    procedure = make_procedure()
    login(client, procedure.editor)
    response = client.post("/admin/procedure/continuation/",
                           data={"person": procedure.person_id}, follow_redirects=True)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "noch offen" in body and procedure.project.name in body
    assert Procedure.select().count() == 1


def test_a_continuation_after_closing_opens_its_page(app, client):
    procedure = make_procedure()
    close_procedure(procedure, procedure.editor, NOW)
    login(client, procedure.editor)
    response = client.post("/admin/procedure/continuation/",
                           data={"person": procedure.person_id})
    continuation = Procedure.get(Procedure.previous == procedure)
    assert response.headers["Location"].endswith(f"/admin/procedure/details/?id={continuation.id}")


@pytest.mark.parametrize("person", ["", "abc", "999999"])
def test_a_continuation_for_a_bad_person_is_not_found(app, client, person):
    procedure = make_procedure(closed=True)
    login(client, procedure.editor)
    response = client.post("/admin/procedure/continuation/", data={"person": person})
    assert response.status_code == 404
    assert Procedure.select().count() == 1


@pytest.mark.parametrize("endpoint", ["procedure", "personal_budget", "partial_budget"])
def test_lists_run_a_constant_number_of_queries(app, client, endpoint):
    admin = make_user(role="admin")
    login(client, admin)

    def add():
        make_procedure()
        make_partial_budget(make_budget(), amount="100")

    add()
    with count_queries() as few:
        assert client.get(f"/admin/{endpoint}/").status_code == 200
    for _ in range(5):
        add()
    with count_queries() as many:
        client.get(f"/admin/{endpoint}/")
    assert many.count == few.count


def test_the_budget_list_shows_the_total_per_month(app, client):
    budget = make_budget(valid_from=dt.date(2026, 1, 1))
    make_partial_budget(budget, amount="1000.50")
    make_partial_budget(budget, amount="234")
    login(client, make_user(role="admin"))
    body = client.get("/admin/personal_budget/").get_data(as_text=True)
    assert "1.234,50 €" in body


def test_a_refused_notice_lists_every_missing_condition(app, client):
    budget = make_budget()
    partial = make_partial_budget(budget)
    login(client, make_user(role="admin"))
    response = client.post("/admin/personal_budget/action/",
                           data={"action": "issue_notice", "rowid": [budget.id]},
                           follow_redirects=True)
    body = response.get_data(as_text=True)
    assert "Zielvereinbarung ist nicht abgeschlossen" in body
    assert f"Teilbudget von {partial.funding_body.name} ist nicht gemeldet" in body


def test_the_person_page_offers_a_continuation_once_the_procedure_is_closed(app, client):
    procedure = make_procedure(closed=True)
    login(client, procedure.editor)
    body = client.get(f"/admin/person/details/?id={procedure.person_id}").get_data(as_text=True)
    assert f'data-row="procedure-{procedure.id}"' in body
    assert "Fortschreibung anlegen" in body


def test_the_person_page_names_who_holds_the_open_procedure(app, client):
    procedure = make_procedure()
    colleague = make_user(role="staff_write", projects=[procedure.project])
    login(client, colleague)
    body = client.get(f"/admin/person/details/?id={procedure.person_id}").get_data(as_text=True)
    assert "Fortschreibung anlegen" not in body
    assert procedure.editor.full_name in body and "noch offen" in body


def test_the_person_page_offers_no_continuation_to_readers(app, client):
    procedure = make_procedure(closed=True)
    login(client, make_user(role="staff_read", projects=[procedure.project]))
    body = client.get(f"/admin/person/details/?id={procedure.person_id}").get_data(as_text=True)
    assert f'data-row="procedure-{procedure.id}"' in body
    assert "Fortschreibung anlegen" not in body


def test_the_checks_due_list_shows_due_checks_with_its_count(app, client):
    from models.budgets.operations import schedule_check
    from models.core import clock

    today = clock.today()
    budget = make_budget()
    due = schedule_check(budget, today, None, NOW)
    later = schedule_check(budget, today + dt.timedelta(days=1), None, NOW)
    login(client, make_user(role="admin"))
    body = client.get("/admin/budget_check/?list=due").get_data(as_text=True)
    assert "Prüfungen fällig (1)" in body
    assert f"details/?id={due.id}" in body and f"details/?id={later.id}" not in body


def test_the_correction_list_reads_back_with_openpyxl(app, client):
    import io

    from openpyxl import load_workbook

    from models.core.records import update_record
    from seed.factories import make_person, make_project

    old_project, project = make_project(), make_project()
    person = make_person(old_project, file_number="AZ-4711", street="Hauptstraße 1",
                         postcode="1010", city="Wien")
    old = dict(person.__data__)
    person.project = project
    update_record(person, old, None, dt.datetime(2026, 10, 15, 8, 0))
    other = make_person(project)
    login(client, make_user(role="admin"))
    response = client.post("/admin/person/action/", data={
        "action": "correction_list", "rowid": [person.id, other.id]})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.values)
    assert rows[0] == ("Vollständiger Name", "Aktenzeichen", "Einrichtungsnummer",
                       "Stichtag des Wechsels", "Aktuelle Adresse")
    first = rows[1]
    assert first[:3] == (f"{person.first_name} {person.last_name}", "AZ-4711", project.id)
    assert first[3].date() == dt.date(2026, 10, 15)
    assert first[4] == "Hauptstraße 1, 1010 Wien"
    assert rows[2][3] is None and len(rows) == 3


def test_the_statistics_role_gets_no_correction_list(app, client):
    from seed.factories import make_person

    person = make_person()
    login(client, make_user(role="statistics"))
    response = client.post("/admin/person/action/", data={
        "action": "correction_list", "rowid": [person.id]})
    assert response.status_code == 403


@pytest.mark.parametrize(("who", "offered"), [("editor", True), ("colleague", False)])
def test_the_procedure_page_offers_closing_to_the_editor(app, client, who, offered):
    procedure = make_procedure()
    user = (procedure.editor if who == "editor"
            else make_user(role="staff_write", projects=[procedure.project]))
    login(client, user)
    body = client.get(f"/admin/procedure/details/?id={procedure.id}").get_data(as_text=True)
    assert ("Diesen Vorgang abschließen" in body) is offered
