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
    # The confirmation page's form: the request in the version the page showed.
    client.post("/admin/request/decide/approve/",
                data={"ids": str(request.id), "versions": f"{request.id}:{request.version}"})
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
