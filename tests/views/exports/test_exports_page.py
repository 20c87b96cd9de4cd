"""The "Datenexporte" page: create, list with progress, download, delete, in German."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from playhouse.test_utils import count_queries

from models import DataExport, Person
from models.exports.models import ExportStatus
from seed.factories import make_participation, make_person, make_user
from tests.conftest import login
from tests.models.exports.helpers import approved

URL = "/admin/exports/"


@pytest.fixture
def staff(app, project):
    user = make_user(role="staff_write", projects=[project])
    person = make_person(project, birth_date=dt.date(1985, 3, 4), street="Hauptstraße 1",
                         city="Linz", postcode="4020")
    approved(make_participation(person), approval_start=dt.date(2025, 1, 1))
    return user


def client_of(app, user):
    return login(app.test_client(), user)


def create(client, **fields):
    data = {"kind": "requests", "scope": "pb", "period_from": "", "period_to": "",
            "scheduled_on": "", **fields}
    return client.post(URL + "create/", data=data)


def workbook(response):
    return load_workbook(io.BytesIO(response.data)).worksheets[0]


def test_page_lists_own_exports_in_german(app, staff):
    client = client_of(app, staff)
    create(client)
    page = client.get(URL).get_data(as_text=True)
    assert "Datenexporte" in page
    assert "exports.js" in page
    assert "<script>" not in page


def test_create_produces_a_file_that_reads_back(app, staff):
    client = client_of(app, staff)
    assert create(client).status_code == 302
    export = DataExport.get()
    assert export.status == ExportStatus.DONE
    response = client.get(f"{URL}{export.id}/download/")
    assert response.status_code == 200
    rows = list(workbook(response).iter_rows(values_only=True))
    assert rows[0][0] == "person_id"
    assert len(rows) == 2


@pytest.mark.parametrize(("fields", "field", "message"), [
    ({"period_from": "01.07.2025", "period_to": "01.06.2025"}, "period_to",
     "Das Ende des Zeitraums liegt vor dem Beginn."),
    ({"period_from": "31.02.2025"}, "period_from", "Bitte ein Datum als TT.MM.JJJJ eingeben."),
    ({"scheduled_on": "01.01.2020"}, "scheduled_on",
     "Der Abzugszeitpunkt kann nicht in der Vergangenheit liegen."),
])
def test_bad_input_shows_a_german_message_next_to_the_field(app, staff, fields, field,
                                                            message):
    response = create(client_of(app, staff), **fields)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="export-{field}-error"' in page
    assert message in page
    assert DataExport.select().count() == 0


def test_another_users_export_is_not_found(app, staff, project):
    colleague = make_user(role="staff_write", projects=[project])
    create(client_of(app, colleague))
    export = DataExport.get()
    client = client_of(app, staff)
    assert client.get(f"{URL}{export.id}/download/").status_code == 404
    assert client.post(f"{URL}{export.id}/delete/").status_code == 404
    assert DataExport.select().count() == 1


def test_statistics_page_offers_npb_only_and_refuses_pb(app, staff):
    statistics = make_user(role="statistics")
    client = client_of(app, statistics)
    page = client.get(URL).get_data(as_text=True)
    assert 'value="pb"' not in page
    create(client, scope="pb")
    assert DataExport.select().count() == 0


def test_npb_export_contains_no_personal_value_of_any_person(app, staff, project,
                                                             other_project):
    for n in range(3):
        person = make_person(project if n % 2 else other_project,
                             birth_date=dt.date(1970 + n, 5, 6), street=f"Weg {n}",
                             city=f"Ort{n}", postcode=f"10{n}0")
        approved(make_participation(person))
    admin = make_user(role="admin")
    client = client_of(app, admin)
    create(client, scope="npb")
    export = DataExport.get()
    sheet = workbook(client.get(f"{URL}{export.id}/download/"))
    cells = [v for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    texts = {str(v) for v in cells}
    dates = {v.date() for v in cells if isinstance(v, dt.datetime)}
    assert len(list(sheet.iter_rows())) == 5
    for person in Person.select():
        for value in (person.first_name, person.last_name, person.svnr, person.street,
                      person.city, person.postcode):
            assert value is None or str(value) not in texts
        assert person.birth_date not in dates
        assert person.birth_date.strftime("%d.%m.%Y") not in texts


def test_delete_removes_the_export(app, staff):
    client = client_of(app, staff)
    create(client)
    export = DataExport.get()
    response = client.post(f"{URL}{export.id}/delete/", follow_redirects=True)
    assert "Der Export wurde gelöscht." in response.get_data(as_text=True)
    assert DataExport.select().count() == 0


def test_deleting_a_running_export_is_refused_in_german(app, staff):
    client = client_of(app, staff)
    create(client)
    DataExport.update(status="running").execute()
    export = DataExport.get()
    response = client.post(f"{URL}{export.id}/delete/", follow_redirects=True)
    assert "kann nicht gelöscht werden" in response.get_data(as_text=True)
    assert DataExport.select().count() == 1


def test_status_gives_progress_for_the_script(app, staff):
    client = client_of(app, staff)
    create(client, scheduled_on=(dt.date.today() + dt.timedelta(days=3)).strftime("%d.%m.%Y"))
    create(client)
    states = client.get(URL + "status/").get_json()
    assert {s["status"] for s in states} == {"scheduled", "done"}
    done = next(s for s in states if s["status"] == "done")
    assert (done["progress"], done["row_count"], done["status_label"]) == (100, 1, "fertig")
    assert done["download"].endswith("/download/")


def test_codebook_of_an_export_matches_its_columns(app, staff):
    client = client_of(app, staff)
    create(client)
    export = DataExport.get()
    data_headers = next(workbook(client.get(f"{URL}{export.id}/download/"))
                        .iter_rows(values_only=True))
    response = client.get(f"{URL}{export.id}/codebook/", follow_redirects=True)
    book = load_workbook(io.BytesIO(response.data))
    assert book.worksheets[0]["A1"].value.startswith("Gültig für Exporte mit Abzugszeitpunkt")
    variables = {row[1] for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)}
    assert set(data_headers) <= variables
    codes = [row for row in book.worksheets[1].iter_rows(min_row=2, values_only=True)
             if row[1] == "reason"]
    assert codes[0][4:] == (1, "unselbstständige Beschäftigung")


def test_list_runs_a_fixed_number_of_queries(app, staff):
    client = client_of(app, staff)
    for _ in range(3):
        create(client)
    with count_queries() as few:
        client.get(URL)
    for _ in range(5):
        create(client)
    with count_queries() as many:
        client.get(URL)
    assert many.count == few.count


ROLES = ("staff_read", "staff_write", "project_lead", "clerk", "statistics", "admin")


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_its_own_exports_and_admins_all(app, project, role):
    user = make_user(role=role, projects=[project] if role.startswith(("staff", "project"))
                     else [])
    other = make_user(role="staff_write", projects=[project])
    create(client_of(app, other), scope="npb")
    client = client_of(app, user)
    assert client.get(URL).status_code == 200
    create(client, scope="npb")
    ids = {s["id"] for s in client.get(URL + "status/").get_json()}
    own = DataExport.get(DataExport.creator == user.id)
    foreign = DataExport.get(DataExport.creator == other.id)
    assert ids == ({own.id, foreign.id} if role == "admin" else {own.id})
    # Downloads are the creator's only, administrators included.
    assert client.get(f"{URL}{foreign.id}/download/").status_code == 404


def test_a_clerk_exports_only_requests_sent_to_their_body(app, project):
    from seed.factories import make_funding_body

    body, other_body = make_funding_body(), make_funding_body()
    clerk = make_user(role="clerk", funding_body=body)
    mine = approved(make_participation(make_person(project)), funding_body=body)
    approved(make_participation(make_person(project)), funding_body=other_body)
    client = client_of(app, clerk)
    create(client)
    sheet = workbook(client.get(f"{URL}{DataExport.get().id}/download/"))
    ids = [row[list(next(sheet.iter_rows(values_only=True))).index("request_id")]
           for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids == [mine.id]


def test_created_and_deleted_exports_appear_in_the_admin_history(app, staff):
    import re

    client = client_of(app, staff)
    create(client)
    export = DataExport.get()
    client.post(f"{URL}{export.id}/delete/")
    admin = client_of(app, make_user(role="admin"))
    page = admin.get("/admin/history/").get_data(as_text=True)
    # Created, produced (updated) and deleted: three entries named as data exports.
    assert len(re.findall(r"<td[^>]*>\s*Datenexport\s*</td>", page)) == 3


def _app_with_queue(app, url):
    """The app with its queue on Redis at `url` (not immediate)."""
    from admin_app import create_app

    return create_app({"DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "q",
                       "TESTING": True, "HUEY_IMMEDIATE": False, "REDIS_URL": url,
                       "WTF_CSRF_ENABLED": False, "EXPORT_FOLDER": app.config["EXPORT_FOLDER"]})


def test_an_unreachable_queue_keeps_the_export_and_says_so_in_german(app, staff):
    # Redis stopped: nothing listens on port 1.
    client = client_of(_app_with_queue(app, "redis://127.0.0.1:1/0"), staff)
    assert create(client, period_from="01.01.2025").status_code == 302
    page = client.get(URL).get_data(as_text=True)
    assert "Die Aufgabenwarteschlange ist nicht erreichbar." in page
    kept = DataExport.get()
    assert (kept.status, kept.period_from, kept.stored_name) == (
        ExportStatus.FAILED, dt.date(2025, 1, 1), None)
    assert "Erneut versuchen" in page  # kept, and it can be started again


def test_a_failure_while_writing_leaves_no_half_written_file(app, staff, monkeypatch):
    import models.exports.operations as operations

    def broken(path, *_args, **_kwargs):
        path.write_bytes(b"PK half")
        raise OSError("disk full")

    monkeypatch.setattr(operations, "write_table", broken)
    before = _files(app)
    client = client_of(app, staff)
    create(client)
    export = DataExport.get()
    assert (export.status, export.stored_name) == (ExportStatus.FAILED, None)
    assert _files(app) == before
    page = client.get(URL).get_data(as_text=True)
    assert "Der Export konnte nicht erstellt werden." in page
    assert "disk full" not in page


def _files(app):
    from pathlib import Path

    return {path for path in Path(app.config["EXPORT_FOLDER"]).rglob("*") if path.is_file()}
