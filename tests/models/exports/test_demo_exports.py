"""The demo loader leaves data exports on the Datenexporte page: done, scheduled, failed."""

import io

import pytest
from openpyxl import load_workbook

from models import DataExport, User
from models.core.storage import FileStore
from seed.demo import load_demo


@pytest.fixture
def demo(app, tmp_path):
    store = FileStore(tmp_path / "exports")
    load_demo(persons=20, export_store=store)
    return store


def test_the_demo_has_exports_in_every_state_but_running(demo):
    states = sorted({export.status for export in DataExport.select()})
    assert states == ["done", "failed", "scheduled"]


@pytest.mark.parametrize(("username", "scopes"), [("statistik", {"npb"}), ("staff", {"pb"})])
def test_each_demo_user_gets_exports_of_the_data_they_may_read(demo, username, scopes):
    user = User.get(User.username == username)
    assert {e.scope for e in DataExport.select().where(DataExport.creator == user)} == scopes


def test_the_done_demo_exports_read_back_with_rows(demo):
    done = list(DataExport.select().where(DataExport.status == "done"))
    assert len(done) == 3
    for export in done:
        book = load_workbook(io.BytesIO(demo.path(export.stored_name).read_bytes()))
        rows = list(book.worksheets[0].iter_rows(values_only=True))
        assert len(rows) == export.row_count + 1
        assert export.row_count > 0
