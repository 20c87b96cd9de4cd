"""List exports over the limit (5 000 rows; lowered here) go through the task queue: the file
is then on the Datenexporte page; smaller lists still download at once (issue 14)."""

import io

import pytest
from openpyxl import load_workbook

from models import DataExport
from models.exports.models import ExportKind, ExportStatus
from seed.factories import make_person, make_user
from tests.conftest import login

LIMIT = 2


@pytest.fixture
def staff(app, project, other_project):
    app.config["LIST_QUEUE_ROWS"] = LIMIT
    for name in ("Amsel", "Amsler", "Birke"):
        make_person(project, last_name=name)
    make_person(other_project, last_name="Amselfremd")
    yield make_user(role="staff_write", projects=[project])
    app.config.pop("LIST_QUEUE_ROWS")


def rows_of(response):
    return list(load_workbook(io.BytesIO(response.data)).worksheets[0].iter_rows(
        values_only=True))


def test_a_list_over_the_limit_is_exported_through_the_queue(app, staff):
    client = login(app.test_client(), staff)
    response = client.post("/admin/person/export.xlsx", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert response.request.path == "/admin/exports/"
    assert "Die Liste hat mehr als 2 Zeilen" in page
    export = DataExport.get()
    assert (export.kind, export.status, export.row_count) == (ExportKind.LIST,
                                                             ExportStatus.DONE, 3)
    download = client.get(f"/admin/exports/{export.id}/download/")
    assert "Personen-" in download.headers["Content-Disposition"]
    rows = rows_of(download)
    assert len(rows) == 4
    assert "Amselfremd" not in {str(v) for row in rows for v in row}  # only what staff sees


def test_the_queued_export_keeps_the_lists_search(app, staff):
    app.config["LIST_QUEUE_ROWS"] = 1
    client = login(app.test_client(), staff)
    client.post("/admin/person/export.xlsx?search=Ams*&sort=1")  # 2 rows of 3, limit 1
    export = DataExport.get()
    assert export.list_args == "search=Ams*&sort=1"
    assert export.row_count == 2


@pytest.mark.parametrize(("search", "queued"), [("Ams*", False), ("", True)])
def test_only_lists_over_the_limit_are_queued(app, staff, search, queued):
    client = login(app.test_client(), staff)
    response = client.post(f"/admin/person/export.xlsx?search={search}")
    assert (response.status_code == 302) is queued
    assert DataExport.select().exists() is queued
    if not queued:
        assert len(rows_of(response)) == 3


def test_an_unreachable_queue_is_said_in_german_and_the_export_kept(app, staff):
    from admin_app import create_app

    other = create_app({"DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "q",
                        "TESTING": True, "HUEY_IMMEDIATE": False,
                        "REDIS_URL": "redis://127.0.0.1:1/0", "WTF_CSRF_ENABLED": False,
                        "EXPORT_FOLDER": app.config["EXPORT_FOLDER"], "LIST_QUEUE_ROWS": LIMIT})
    client = login(other.test_client(), staff)
    page = client.post("/admin/person/export.xlsx", follow_redirects=True).get_data(as_text=True)
    assert "Die Aufgabenwarteschlange ist nicht erreichbar." in page
    assert DataExport.get().status == ExportStatus.FAILED
