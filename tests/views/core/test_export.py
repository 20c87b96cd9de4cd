"""Excel export from list views: typed cells, current filter, scope, no formulas, no pb for stats."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from seed.factories import make_person
from tests.conftest import login


def _sheet(response):
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    return load_workbook(io.BytesIO(response.data)).active


def _rows(sheet):
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_export_has_german_headers_and_typed_dates(client, staff, project):
    make_person(project, last_name="Huber", birth_date=dt.date(1985, 4, 3))
    login(client, staff)
    sheet = _sheet(client.post("/admin/person/export.xlsx"))
    rows = _rows(sheet)
    assert rows[0][:3] == ["Person-ID", "Nachname", "Vorname"]
    birth = rows[1][rows[0].index("Geburtsdatum")]
    assert birth.date() == dt.date(1985, 4, 3)
    assert sheet.cell(row=2, column=rows[0].index("Geburtsdatum") + 1).number_format == "DD.MM.YYYY"


def test_export_follows_the_search(client, staff, project):
    make_person(project, last_name="Huber")
    make_person(project, last_name="Maier")
    login(client, staff)
    rows = _rows(_sheet(client.post("/admin/person/export.xlsx?search=hub")))
    names = [row[1] for row in rows[1:]]
    assert names == ["Huber"]


def test_export_contains_only_rows_in_scope(client, staff, project, other_project):
    make_person(project, last_name="Eigen")
    make_person(other_project, last_name="Fremd")
    login(client, staff)
    names = [row[1] for row in _rows(_sheet(client.post("/admin/person/export.xlsx")))[1:]]
    assert names == ["Eigen"]


def test_formulas_are_exported_as_text(client, staff, project):
    make_person(project, last_name="=HYPERLINK(\"http://x\")")
    login(client, staff)
    rows = _rows(_sheet(client.post("/admin/person/export.xlsx")))
    assert rows[1][1].startswith("'=")


def test_statistics_export_has_no_personal_columns(client, statistics, project):
    person = make_person(project, last_name="Geheim")
    login(client, statistics)
    rows = _rows(_sheet(client.post("/admin/person/export.xlsx")))
    flat = [str(value) for row in rows for value in row]
    assert person.pseudonym in flat
    assert "Geheim" not in flat
    assert "Nachname" not in rows[0]


def test_export_by_get_is_not_offered(client, staff):
    login(client, staff)
    assert client.get("/admin/person/export.xlsx").status_code == 405


@pytest.mark.parametrize(("title", "expected"), [
    ("Klient:innen", "Klientinnen"), ("A/B [neu]?*", "AB neu"), ("", "Export"),
    ("Sehr langer Titel einer Tabelle mit Umlauten äöü", "Sehr langer Titel einer Tabelle"),
])
def test_sheet_titles_are_what_excel_allows(title, expected):
    from views.core.export import sheet_title

    assert sheet_title(title) == expected
