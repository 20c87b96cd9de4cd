"""The statistics role sees the non-personal facts it exists for: birth year and citizenship
category of persons, as list columns, filters and in the export (issue 10, item 12)."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from seed.factories import make_participation, make_person
from tests.conftest import login
from tests.views.test_role_matrix import model_views
from views.sections.npb import BirthYearBetween, BirthYearEqual, CitizenshipEqual

LISTS = ["person", "participation"]


@pytest.fixture
def people(app, project):
    """Three persons of known birth year and nationality, each with a participation."""
    rows = {
        "austrian": make_person(project, birth_date=dt.date(1977, 3, 17), nationality="AT"),
        "croatian": make_person(project, birth_date=dt.date(1980, 6, 1), nationality="HR"),
        "syrian": make_person(project, birth_date=dt.date(1991, 12, 31), nationality="SY"),
    }
    for person in rows.values():
        make_participation(person, project)
    return rows


def _filter(app, endpoint, kind):
    view = dict(model_views(app))[endpoint]
    return next(i for i, f in enumerate(view._filters) if type(f) is kind)


def _rows(client, url):
    return client.get(url).get_data(as_text=True)


@pytest.mark.parametrize("endpoint", LISTS)
def test_the_list_shows_birth_year_and_citizenship_category(client, statistics, people,
                                                            endpoint):
    login(client, statistics)
    body = _rows(client, f"/admin/{endpoint}/")
    assert "Geburtsjahr" in body and "Staatsbürgerschaftskategorie" in body
    for text in ("1977", "1980", "1991", "Österreich oder Deutschland", "anderer EU-Staat",
                 "anderer Staat oder unbekannt"):
        assert text in body, text
    assert "17.03.1977" not in body


@pytest.mark.parametrize("endpoint", LISTS)
@pytest.mark.parametrize(("kind", "value", "found"), [
    (BirthYearEqual, "1980", {"croatian"}),
    (BirthYearBetween, "1977 - 1980", {"austrian", "croatian"}),
    (CitizenshipEqual, "domestic", {"austrian"}),
    (CitizenshipEqual, "eu", {"croatian"}),
    (CitizenshipEqual, "other", {"syrian"}),
])
def test_the_list_filters_by_birth_year_and_citizenship_category(app, client, statistics,
                                                                 people, endpoint, kind,
                                                                 value, found):
    login(client, statistics)
    index = _filter(app, endpoint, kind)
    body = _rows(client, f"/admin/{endpoint}/?flt0_{index}={value}")
    shown = {name for name, person in people.items() if person.pseudonym in body}
    assert shown == found


@pytest.mark.parametrize("endpoint", LISTS)
def test_the_filters_are_offered_to_the_statistics_role(app, statistics, endpoint):
    from flask_login import login_user

    view = dict(model_views(app))[endpoint]
    with app.test_request_context(f"/admin/{endpoint}/"):
        login_user(statistics)
        names = {str(name) for name in view._get_filter_groups()}
    assert {"Geburtsjahr", "Staatsbürgerschaftskategorie"} <= names
    assert "Geburtsdatum" not in names


def test_a_bad_birth_year_is_a_german_message_not_an_error(app, client, statistics, people):
    login(client, statistics)
    index = _filter(app, "person", BirthYearEqual)
    response = client.get(f"/admin/person/?flt0_{index}=neunzehn")
    assert response.status_code == 200


@pytest.mark.parametrize("endpoint", LISTS)
def test_the_export_carries_birth_year_and_citizenship_category(client, statistics, people,
                                                                endpoint):
    login(client, statistics)
    response = client.post(f"/admin/{endpoint}/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    header = list(rows[0])
    year, category = header.index("Geburtsjahr"), header.index("Staatsbürgerschaftskategorie")
    assert sorted((row[year], row[category]) for row in rows[1:]) == [
        (1977, "Österreich oder Deutschland"), (1980, "anderer EU-Staat"),
        (1991, "anderer Staat oder unbekannt")]


def test_the_person_list_shows_staff_the_birth_date_not_the_year(client, staff, people):
    login(client, staff)
    body = _rows(client, "/admin/person/")
    assert "17.03.1977" in body
    assert "col-birth_date" in body and "col-birth_year" not in body
    assert "col-citizenship_category" in body
