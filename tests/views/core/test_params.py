"""Ids and numbers from requests are parsed in one place (views/params.py); bad values get
400/404, are ignored, or get a German message at the field, never a server error (issue 10,
item 6). The fuzz test (test_fuzz.py) throws arbitrary values; these pin the cases found."""

import datetime as dt
from decimal import Decimal

import pytest

from models import DeliveredHours, Person
from seed.factories import (
    make_activity,
    make_approval_period,
    make_care_case,
    make_delivered_hours,
    make_funding_body,
    make_person,
)
from tests.conftest import login
from tests.views.test_role_matrix import ENDPOINTS, model_views
from views.core.params import parse_decimal, parse_id, parse_ids, parse_int

BAD_IDS = ["²", "١٢", "𝟗", str(2**63), str(2**64), "99999999999999999999", "-1", "0", "1.0",
           " ", "", "1e3", "NaN"]


# -- the parsers ---------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("1", 1), (" 42 ", 42), (str(2**63 - 1), 2**63 - 1), (str(2**63), None), ("²", None),
    ("١٢", None), ("𝟗", None), ("-1", None), ("0", None), ("+1", None), ("1.0", None),
    ("", None), (None, None), ("NaN", None), ("9" * 400, None), (7, 7), (True, None),
])
def test_parse_id(text, expected):
    assert parse_id(text) == expected


def test_parse_ids_keeps_the_good_ones_in_order():
    assert parse_ids(["3", "²", "1", "3", str(2**64), "2"]) == [3, 1, 2]


@pytest.mark.parametrize(("text", "expected"), [
    ("12", 12), ("-3", -3), ("+3", 3), ("²", None), ("١", None), ("1,5", None), ("", None),
    ("99999999999999999999", None), (str(2**31), None),
])
def test_parse_int_within_32_bits(text, expected):
    assert parse_int(text, None, -(2**31), 2**31 - 1) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("12,25", Decimal("12.25")), ("12.25", Decimal("12.25")), ("1.000,5", Decimal("1000.5")),
    (" 7 ", Decimal(7)), ("-0,5", Decimal("-0.5")), (",5", Decimal("0.5")),
    ("NaN", None), ("nan", None), ("sNaN", None), ("Infinity", None), ("-inf", None),
    ("1e309", None), ("1E+999999", None), ("²", None), ("", None), ("12,5 h", None),
    ("٣", None),
])
def test_parse_decimal(text, expected):
    assert parse_decimal(text) == expected


def test_parse_decimal_refuses_what_the_column_cannot_hold():
    assert parse_decimal("999999,99", max_digits=8, places=2) == Decimal("999999.99")
    assert parse_decimal("1000000", max_digits=8, places=2) is None


# -- list arguments ------------------------------------------------------------------------

def _unsortable(app, endpoint):
    view = dict(model_views(app))[endpoint]
    with app.test_request_context("/"):
        return [index for index, (name, _label) in enumerate(view._list_columns)
                if name not in view._sortable_columns]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_sorting_by_a_column_that_cannot_be_sorted_shows_the_list(app, client, admin,
                                                                   endpoint):
    login(client, admin)
    for index in [*_unsortable(app, endpoint), 99, -1]:
        assert client.get(f"/admin/{endpoint}/?sort={index}").status_code == 200, index
        export = client.post(f"/admin/{endpoint}/export.xlsx?sort={index}")
        assert export.status_code == 200, index


def test_the_person_list_sorted_by_gender_is_the_default_order(client, admin, project):
    make_person(project, last_name="Zander")
    make_person(project, last_name="Adam")
    login(client, admin)
    body = client.get("/admin/person/?sort=4").get_data(as_text=True)
    assert body.index("Adam") < body.index("Zander")


@pytest.mark.parametrize("value", ["99999999999999999999", str(2**63), "-3", "²", "NaN"])
@pytest.mark.parametrize("name", ["page", "page_size", "desc"])
def test_page_arguments_out_of_range_are_ignored(client, admin, project, name, value):
    make_person(project, last_name="Adam")
    login(client, admin)
    response = client.get("/admin/person/", query_string={name: value})
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["99999999999999999999", "²", "NaN", "1e309", "1,5,x"])
def test_number_filters_refuse_bad_values_with_a_message(app, client, admin, project, value):
    make_person(project)
    view = dict(model_views(app))["participation"]
    indexes = [i for i, f in enumerate(view._filters)
               if getattr(f.column, "name", "") == "care_level"]
    login(client, admin)
    for index in indexes:
        response = client.get("/admin/participation/", query_string={f"flt0_{index}": value})
        assert response.status_code == 200
        if "empty" not in str(view._filters[index].operation()):
            assert "Ungültiger Filter-Wert" in response.get_data(as_text=True), index


def test_a_decimal_filter_takes_the_german_comma(app, client, setting):
    make_delivered_hours(setting["participation"], hours=Decimal("12.5"))
    make_delivered_hours(setting["participation"], hours=Decimal(3),
                         period_start=dt.date(2025, 3, 1), period_end=dt.date(2025, 3, 31))
    view = dict(model_views(app))["delivered_hours"]
    index = next(i for i, f in enumerate(view._filters)
                 if getattr(f.column, "name", "") == "hours" and str(f.operation()) == "equals")
    login(client, setting["staff"])
    body = client.get("/admin/delivered_hours/",
                      query_string={f"flt0_{index}": "12,5"}).get_data(as_text=True)
    assert "12,50 h" in body
    assert "3,00 h" not in body


def test_a_nul_character_is_a_bad_request(client, admin):
    login(client, admin)
    assert client.get("/admin/person/", query_string={"search": "a\x00b"}).status_code == 400


# -- ids -----------------------------------------------------------------------------------

@pytest.mark.parametrize("value", BAD_IDS)
def test_ids_that_cannot_exist_are_not_found(app, client, admin, value):
    login(client, admin)
    for endpoint in ENDPOINTS:
        for page in ("details", "edit", "history"):
            response = client.get(f"/admin/{endpoint}/{page}/", query_string={"id": value})
            assert response.status_code in (302, 403, 404), (endpoint, page)


@pytest.mark.parametrize("value", ["²", str(2**64)])
def test_bulk_actions_and_delete_skip_ids_that_cannot_exist(client, admin, project, value):
    person = make_person(project)
    login(client, admin)
    action = client.post("/admin/person/action/", data={"action": "delete", "rowid": [value]})
    delete = client.post("/admin/person/delete/", data={"id": value})
    assert action.status_code in (302, 404) and delete.status_code in (302, 404)
    assert Person.get_or_none(Person.id == person.id) is not None


@pytest.mark.parametrize("path", [
    "/admin/disability_proof/new/?person={value}",
    "/admin/delivered_hours/new/?participation={value}",
    "/admin/account/announcements/dismiss/?id={value}",
    "/admin/account/delegations/revoke/?id={value}",
    "/admin/document/upload/?target=participation&id={value}",
    "/admin/person/layout/save/?sort={value}",
])
@pytest.mark.parametrize("value", ["²", str(2**64)])
def test_own_pages_answer_bad_ids_without_a_server_error(client, admin, path, value):
    login(client, admin)
    url = path.format(value=value)
    for method in ("GET", "POST"):
        assert client.open(url, method=method).status_code < 500, method


@pytest.mark.parametrize("value", ["²", str(2**64), "abc"])
def test_a_relation_picker_refuses_ids_that_cannot_exist(client, setting, value):
    login(client, setting["staff"])
    response = client.post("/admin/delivered_hours/new/", data={
        "participation": value, "period_start": "01.01.2025", "period_end": "31.01.2025",
        "hours": "4"})
    assert response.status_code == 200
    assert "Bitte wählen Sie einen Eintrag aus der Liste." in response.get_data(as_text=True)
    assert not DeliveredHours.select().exists()


# -- numbers in forms ----------------------------------------------------------------------

@pytest.mark.parametrize(("hours", "message"), [
    ("NaN", "Bitte geben Sie eine Zahl ein"), ("Infinity", "Bitte geben Sie eine Zahl ein"),
    ("-inf", "Bitte geben Sie eine Zahl ein"), ("1e309", "Bitte geben Sie eine Zahl ein"),
    ("²", "Bitte geben Sie eine Zahl ein"), ("12345678901", "Diese Zahl ist zu groß"),
])
def test_delivered_hours_refuse_what_is_no_number(client, setting, hours, message):
    login(client, setting["staff"])
    response = client.post("/admin/delivered_hours/new/", data={
        "participation": str(setting["participation"].id), "period_start": "01.01.2025",
        "period_end": "31.01.2025", "hours": hours})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert not DeliveredHours.select().exists()


@pytest.mark.parametrize(("minutes", "message"), [
    ("²", "Bitte geben Sie eine ganze Zahl ein"), ("1,5", "Bitte geben Sie eine ganze Zahl ein"),
    ("99999999999999999999", "Bitte geben Sie eine ganze Zahl ein"),
    (str(2**40), "Diese Zahl ist zu groß"),
])
def test_whole_numbers_in_forms_get_a_german_message(client, setting, minutes, message):
    case = make_care_case(setting["participation"], make_funding_body())
    make_approval_period(case)
    make_activity(case)
    login(client, setting["staff"])
    response = client.post("/admin/activity/new/", data={
        "case": str(case.id), "day": "10.03.2026", "minutes": minutes, "mode": "direct",
        "level": "socio", "kind": "", "group_size": "1"})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
