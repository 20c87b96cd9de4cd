"""Excel export from list views: typed cells, current filter, scope, no formulas, no pb for stats."""

import datetime as dt
import html
import io
import re

import pytest
from openpyxl import load_workbook

from seed.factories import make_person
from tests.conftest import login
from tests.views.test_role_matrix import model_views


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


# -- every export carries the columns its list shows (issue 10, item 8) ---------------------

HEADER_CELL = re.compile(r'<th class="column-header col-[^"]*">(.*?)</th>', re.S)


def _list_labels(client, endpoint):
    """The column labels the list page shows, in its order."""
    body = client.get(f"/admin/{endpoint}/").get_data(as_text=True)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split())
            for cell in HEADER_CELL.findall(body)]


@pytest.fixture
def world(document_store):
    from tests.views.world import make_world

    return make_world()


@pytest.mark.parametrize("role", ["admin", "staff_write", "clerk", "statistics"])
def test_every_export_has_the_columns_of_its_list(app, client, world, role):
    login(client, world["users"][role])
    compared, different = 0, {}
    for endpoint, _view in model_views(app):
        response = client.post(f"/admin/{endpoint}/export.xlsx")
        if response.status_code in (403, 404):
            continue
        header = _rows(_sheet(response))[0]
        shown = _list_labels(client, endpoint)
        compared += 1
        if header != shown:
            different[endpoint] = (shown, header)
    assert different == {}
    assert compared >= 5


@pytest.mark.parametrize("role", ["admin", "clerk"])
def test_the_request_export_names_person_and_project(client, world, role):
    login(client, world["users"][role])
    rows = _rows(_sheet(client.post("/admin/request/export.xlsx")))
    request = world["request"]
    row = next(dict(zip(rows[0], row, strict=True)) for row in rows[1:] if row[0] == request.id)
    person = request.participation.person
    assert row["Person"] == f"{person} ({person.pseudonym})"
    assert row["Projekt"] == request.participation.project.name


def test_the_statistics_role_exports_the_person_of_a_request_by_pseudonym(client, world):
    login(client, world["users"]["statistics"])
    rows = _rows(_sheet(client.post("/admin/request/export.xlsx")))
    people = {row[rows[0].index("Person")] for row in rows[1:]}
    assert world["person"].pseudonym in people
    assert all(name is not None and len(name) == 8 for name in people)


@pytest.mark.parametrize(("endpoint", "name"), [
    ("request", "Antraege"), ("person", "Personen"), ("care_case", "Klientinnen"),
    ("delivered_hours", "Geleistete-Stunden"), ("approval_period", "Bewilligungszeitraeume"),
    ("assignment", "Projektzuordnungen"),
])
def test_export_file_names_are_the_german_list_names(client, admin, endpoint, name):
    login(client, admin)
    response = client.post(f"/admin/{endpoint}/export.xlsx")
    assert response.status_code == 200
    disposition = response.headers["Content-Disposition"]
    assert f"filename={name}-{dt.date.today():%Y-%m-%d}.xlsx" in disposition


@pytest.mark.parametrize(("title", "name"), [
    ("Anträge", "Antraege"), ("Übersicht Maßnahmen", "Uebersicht-Massnahmen"),
    ("Klient:innen", "Klientinnen"), ("Geleistete Stunden", "Geleistete-Stunden"),
    ("Stanišić / Öz", "Stanisic-Oez"), ("", "Export"),
])
def test_file_names_are_folded_to_ascii(title, name):
    from views.core.export import file_name_part

    assert file_name_part(title) == name


def test_the_history_export_shows_changes_as_the_list_does(client, world):
    login(client, world["users"]["admin"])
    rows = _rows(_sheet(client.post("/admin/history/export.xlsx")))
    header = rows[0]
    person = world["person"]
    created = next(row for row in rows[1:]
                   if row[header.index("Datensatz")] == person.pseudonym
                   and row[header.index("Ereignis")] == "angelegt")
    details = created[header.index("Details")]
    assert f"Projekt: – → {person.project.name}" in details
    assert "; " in details and "<br>" not in details
    assert created[header.index("Bezug")] == "Person"
