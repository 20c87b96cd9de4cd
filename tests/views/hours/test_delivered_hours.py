"""Delivered hours through HTTP: entries, approved hours always current, bad input, scope,
the 8th predefined list, history and the aggregated hours export."""

import datetime as dt
import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playhouse.test_utils import count_queries

from models import DeliveredHours, HistoryEntry
from models.requests.models import Status
from seed.factories import (
    make_delivered_hours,
    make_participation,
    make_request,
)
from tests.conftest import login


def _form(setting, **fields):
    data = {"participation": str(setting["participation"].id), "period_start": "01.01.2025",
            "period_end": "31.01.2025", "hours": "40", "note": ""}
    data.update(fields)
    return data


def _page(client, setting):
    url = f"/admin/participation/details/?id={setting['participation'].id}"
    return client.get(url).get_data(as_text=True)


def _request(setting, status, **fields):
    data = {"approval_start": dt.date(2025, 1, 1), "hours_per_week": Decimal(7)}
    data.update(fields)
    return make_request(setting["participation"], setting["body"], status=status, **data)


def test_create_rounds_to_quarter_hours_and_writes_history(client, setting):
    login(client, setting["staff"])
    response = client.post("/admin/delivered_hours/new/", data=_form(setting, hours="12,3"))
    assert response.status_code == 302
    entry = DeliveredHours.get()
    assert entry.hours == Decimal("12.25")
    created = HistoryEntry.get(HistoryEntry.relation == "delivered_hours")
    assert (created.record_id, created.event) == (entry.id, "created")


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"hours": "-1"}, "Geleistete Stunden können nicht negativ sein."),
     ({"hours": "745"}, "Mehr Stunden, als der Zeitraum hat (24 Stunden pro Tag)."),
     ({"period_end": "31.12.2024"}, "Das Ende des Zeitraums liegt vor dem Beginn."),
     ({"period_end": "32.01.2025"}, "Bitte geben Sie ein Datum als TT.MM.JJJJ ein"),
     ({"hours": "viel"}, "Bitte geben Sie eine Zahl ein")],
)
def test_bad_input_gets_a_german_message_at_the_field_and_saves_nothing(client, setting, fields,
                                                                         message):
    login(client, setting["staff"])
    response = client.post("/admin/delivered_hours/new/", data=_form(setting, **fields))
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in body
    assert "invalid-feedback" in body or "help-block" in body
    assert not DeliveredHours.select().exists()
    assert not HistoryEntry.select().where(HistoryEntry.relation == "delivered_hours").exists()


def test_a_period_holds_at_most_24_hours_a_day(client, setting):
    login(client, setting["staff"])
    client.post("/admin/delivered_hours/new/", data=_form(setting, hours="744"))
    assert DeliveredHours.get().hours == Decimal(744)


def test_overlapping_entry_of_the_same_participation_is_refused(client, setting):
    make_delivered_hours(setting["participation"])
    login(client, setting["staff"])
    body = client.post("/admin/delivered_hours/new/", data=_form(
        setting, period_start="15.01.2025", period_end="15.02.2025")).get_data(as_text=True)
    assert "schon einen Eintrag" in body
    assert DeliveredHours.select().count() == 1


def test_approved_hours_follow_a_later_approval_and_end(client, setting):
    entry = make_delivered_hours(setting["participation"], period_start=dt.date(2025, 1, 1),
                                 period_end=dt.date(2025, 12, 31), hours=Decimal(181))
    request = _request(setting, Status.SUBMITTED)
    login(client, setting["staff"])
    assert "0,00 h" in _page(client, setting)

    login(client, setting["clerk"])
    client.post("/admin/request/action/", data={"action": "approve", "rowid": [request.id]})
    login(client, setting["staff"])
    assert "365,00 h" in _page(client, setting)

    client.post("/admin/request/end/", data={"ids": str(request.id), "actual_end": "30.06.2025",
                                             "end_reason": "hours_changed"})
    body = _page(client, setting)
    assert "181,00 h" in body
    listing = client.get("/admin/delivered_hours/").get_data(as_text=True)
    assert "181,00 h" in listing
    assert DeliveredHours.get_by_id(entry.id).hours == Decimal(181)


def test_requests_not_approved_count_nothing(client, setting):
    make_delivered_hours(setting["participation"])
    for status in (Status.IN_PROGRESS, Status.SUBMITTED, Status.REWORK, Status.REJECTED):
        _request(setting, status)
    login(client, setting["staff"])
    body = client.get("/admin/delivered_hours/").get_data(as_text=True)
    assert "0,00 h" in body


def test_edit_and_delete_are_in_the_history_of_the_participation_page(client, setting):
    entry = make_delivered_hours(setting["participation"])
    login(client, setting["staff"])
    client.post(f"/admin/delivered_hours/edit/?id={entry.id}", data=_form(setting, hours="30"))
    assert DeliveredHours.get_by_id(entry.id).hours == Decimal(30)
    client.post("/admin/delivered_hours/delete/", data={"id": str(entry.id)})
    assert not DeliveredHours.select().exists()
    events = [e.event for e in HistoryEntry.select().where(
        HistoryEntry.relation == "delivered_hours").order_by(HistoryEntry.id)]
    assert events == ["created", "updated", "deleted"]
    body = _page(client, setting)
    assert f"Eintrag #{entry.id} gelöscht" in body


@pytest.mark.parametrize(("actor", "sees"), [("staff", True), ("reader", True),
                                             ("foreign_staff", False), ("clerk", True),
                                             ("other_clerk", False), ("statistics", True),
                                             ("admin", True)])
def test_entries_follow_the_visibility_of_the_participation(client, setting, actor, sees):
    _request(setting, Status.SUBMITTED)
    entry = make_delivered_hours(setting["participation"])
    login(client, setting[actor])
    listing = client.get("/admin/delivered_hours/").get_data(as_text=True)
    assert (f"/admin/delivered_hours/details/?id={entry.id}" in listing) is sees
    details = client.get(f"/admin/delivered_hours/details/?id={entry.id}")
    assert (details.status_code == 200) is sees


@pytest.mark.parametrize("actor", ["reader", "foreign_staff", "clerk", "statistics"])
def test_only_the_project_writes_entries(client, setting, actor):
    _request(setting, Status.SUBMITTED)
    entry = make_delivered_hours(setting["participation"])
    login(client, setting[actor])
    client.post("/admin/delivered_hours/new/", data=_form(setting, period_start="01.02.2025",
                                                          period_end="28.02.2025"))
    client.post(f"/admin/delivered_hours/edit/?id={entry.id}", data=_form(setting, hours="1"))
    client.post("/admin/delivered_hours/delete/", data={"id": str(entry.id)})
    assert [(e.id, e.hours) for e in DeliveredHours.select()] == [(entry.id, Decimal(40))]


def test_participation_with_entries_cannot_be_deleted(client, setting):
    make_delivered_hours(setting["participation"])
    login(client, setting["admin"])
    client.post("/admin/participation/delete/", data={"id": str(setting["participation"].id)})
    assert DeliveredHours.select().count() == 1


def _list_count(body):
    match = re.search(r'/admin/delivered_hours/"[^>]*>[^<(]*\((\d+)\)', body)
    return int(match.group(1))


@pytest.mark.parametrize(("actor", "count"), [("staff", 2), ("clerk", 2), ("other_clerk", 0),
                                              ("foreign_staff", 0), ("admin", 3)])
def test_delivered_hours_is_a_predefined_list_with_its_count(client, setting, actor, count):
    _request(setting, Status.SUBMITTED)
    make_delivered_hours(setting["participation"])
    make_delivered_hours(setting["participation"], period_start=dt.date(2025, 2, 1),
                         period_end=dt.date(2025, 2, 28))
    make_delivered_hours(make_participation())
    login(client, setting[actor])
    for path in ("/admin/request/", "/admin/delivered_hours/"):
        body = client.get(path).get_data(as_text=True)
        assert "Geleistete Stunden" in body
        assert _list_count(body) == count


def test_delivered_hours_list_runs_a_constant_number_of_queries(client, setting, project):
    login(client, setting["admin"])
    make_delivered_hours(setting["participation"])
    with count_queries() as few:
        assert client.get("/admin/delivered_hours/").status_code == 200
    for month in range(2, 13):
        participation = make_participation(project=project)
        make_request(participation, setting["body"], status=Status.APPROVED)
        make_delivered_hours(participation, period_start=dt.date(2025, month, 1),
                             period_end=dt.date(2025, month, 28))
    with count_queries() as many:
        assert client.get("/admin/delivered_hours/").status_code == 200
    assert many.count == few.count


def test_list_export_has_the_computed_approved_hours(client, setting):
    _request(setting, Status.APPROVED)
    make_delivered_hours(setting["participation"])
    login(client, setting["staff"])
    sheet = load_workbook(io.BytesIO(client.post("/admin/delivered_hours/export.xlsx").data)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    approved = rows[1][rows[0].index("Bewilligte Stunden (berechnet)")]
    assert approved == 31.0


# -- the aggregated hours export (001 §8.2 table 7) -------------------------------------------


def _export(client, **data):
    response = client.post("/admin/delivered_hours/hours-export/", data=data)
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    sheet = load_workbook(io.BytesIO(response.data)).active
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize(("period_end", "approved", "delivered"),
                         [("30.06.2025", 181, 89.76), ("31.12.2025", 181, 181)])
def test_hours_export_pro_rates_by_days(client, setting, period_end, approved, delivered):
    _request(setting, Status.ENDED, actual_end=dt.date(2025, 6, 30))
    make_delivered_hours(setting["participation"], period_start=dt.date(2025, 1, 1),
                         period_end=dt.date(2025, 12, 31), hours=Decimal(181))
    login(client, setting["staff"])
    sheet, rows = _export(client, period_start="01.01.2025", period_end=period_end,
                          content="npb")
    assert len(rows) == 2
    header = rows[0]
    assert rows[1][header.index("Bewilligte Stunden")] == approved
    assert rows[1][header.index("Geleistete Stunden")] == delivered
    column = header.index("Geleistete Stunden") + 1
    assert sheet.cell(row=2, column=column).number_format == "#,##0.00"
    assert sheet.cell(row=2, column=header.index("Beobachtungszeitraum bis") + 1) \
        .number_format == "DD.MM.YYYY"


def test_personal_and_non_personal_exports_are_never_mixed(client, setting):
    _request(setting, Status.APPROVED)
    person = setting["participation"].person
    login(client, setting["staff"])
    _sheet, npb = _export(client, period_start="01.01.2025", period_end="31.12.2025",
                          content="npb")
    _sheet, pb = _export(client, period_start="01.01.2025", period_end="31.12.2025",
                         content="pb")
    assert person.last_name not in [str(v) for v in npb[1]]
    assert "Nachname" not in npb[0]
    assert pb[1][pb[0].index("Nachname")] == person.last_name
    assert npb[1][0] == pb[1][0] == person.pseudonym


def test_statistics_reader_gets_no_personal_export(client, setting):
    _request(setting, Status.APPROVED)
    login(client, setting["statistics"])
    response = client.post("/admin/delivered_hours/hours-export/",
                           data={"period_start": "01.01.2025", "content": "pb"})
    assert not response.mimetype.endswith("spreadsheetml.sheet")
    _sheet, rows = _export(client, period_start="01.01.2025", content="npb")
    assert setting["participation"].person.last_name not in [str(v) for v in rows[1]]


def test_hours_export_is_scoped_and_needs_a_valid_request_or_entry(client, setting, project):
    _request(setting, Status.APPROVED)
    make_request(make_participation(project=project), setting["body"], status=Status.SUBMITTED)
    foreign = make_participation()
    make_request(foreign, setting["body"], status=Status.APPROVED)
    login(client, setting["staff"])
    _sheet, rows = _export(client, content="npb")
    assert [row[0] for row in rows[1:]] == [setting["participation"].person.pseudonym]


def test_hours_export_period_end_before_start_is_refused(client, setting):
    login(client, setting["staff"])
    response = client.post("/admin/delivered_hours/hours-export/",
                           data={"period_start": "01.07.2025", "period_end": "01.01.2025",
                                 "content": "npb"})
    assert "Das Ende des Zeitraums liegt vor dem Beginn." in response.get_data(as_text=True)


def test_a_future_to_includes_requests_starting_later(client, setting):
    next_year = dt.date.today().year + 1
    _request(setting, Status.APPROVED, approval_start=dt.date(next_year, 1, 1))
    login(client, setting["staff"])
    _sheet, without = _export(client, content="npb")
    _sheet, with_future = _export(client, period_end=f"31.01.{next_year}", content="npb")
    assert len(without) == 1
    assert with_future[1][with_future[0].index("Bewilligte Stunden")] == 31.0


def test_export_needs_post_with_csrf_token(app, setting):
    from admin_app import create_app

    secured = create_app({"DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "s",
                          "WTF_CSRF_ENABLED": True}).test_client()
    login(secured, setting["staff"])
    response = secured.post("/admin/delivered_hours/hours-export/", data={"content": "npb"})
    assert response.status_code == 303
    assert not response.mimetype.endswith("spreadsheetml.sheet")


def test_participation_page_query_count_does_not_grow_with_entries(client, setting):
    login(client, setting["staff"])
    url = f"/admin/participation/details/?id={setting['participation'].id}"
    _request(setting, Status.APPROVED)
    make_delivered_hours(setting["participation"])
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for month in range(2, 10):
        _request(setting, Status.APPROVED, approval_start=dt.date(2025, month, 1))
        make_delivered_hours(setting["participation"], period_start=dt.date(2025, month, 1),
                             period_end=dt.date(2025, month, 28))
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == few.count


# -- a clerk's figures come from their own body's requests only (issue 10, item 2) ------------


@pytest.fixture
def two_bodies(setting):
    """Approved requests to the clerk's body (7 h a week) and to another (10 h a week), and
    delivered hours over January 2025."""
    from seed.factories import make_funding_body

    _request(setting, Status.APPROVED)
    make_request(setting["participation"], make_funding_body(), status=Status.APPROVED,
                 approval_start=dt.date(2025, 1, 1), hours_per_week=Decimal(10))
    make_delivered_hours(setting["participation"], period_start=dt.date(2025, 1, 1),
                         period_end=dt.date(2025, 1, 31), hours=Decimal(40))
    return setting


@pytest.mark.parametrize(("actor", "approved"), [("clerk", 31), ("staff", 75.25)])
def test_the_approved_hours_of_an_entry_count_the_requests_the_user_sees(client, two_bodies,
                                                                          actor, approved):
    login(client, two_bodies[actor])
    sheet = load_workbook(io.BytesIO(client.post("/admin/delivered_hours/export.xlsx").data))
    rows = [[cell.value for cell in row] for row in sheet.active.iter_rows()]
    assert rows[1][rows[0].index("Bewilligte Stunden (berechnet)")] == approved
    page = _page(client, two_bodies)
    assert f"{approved:.2f}".replace(".", ",") + " h" in page


@pytest.mark.parametrize(("actor", "approved", "count"), [("clerk", 31, 1), ("staff", 75.25, 2)])
def test_the_hours_export_counts_the_requests_the_user_sees(client, two_bodies, actor,
                                                            approved, count):
    login(client, two_bodies[actor])
    _sheet, rows = _export(client, period_start="01.01.2025", period_end="31.01.2025",
                           content="npb")
    header = rows[0]
    assert rows[1][header.index("Bewilligte Stunden")] == approved
    assert rows[1][header.index("Gültige Assistenzbedarfe")] == count
