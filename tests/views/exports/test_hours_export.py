"""The delivered-hours export (001 §8.2) on the data-export page, produced by the queue."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from models import DataExport
from models.exports.models import ExportStatus
from models.requests.models import Status
from seed.factories import make_delivered_hours, make_funding_body, make_participation, make_request
from tests.conftest import login

URL = "/admin/exports/"


def _request(setting, status, **fields):
    data = {"approval_start": dt.date(2025, 1, 1), "hours_per_week": Decimal(7)}
    data.update(fields)
    return make_request(setting["participation"], setting["body"], status=status, **data)


def _export(client, **fields):
    """Create an hours export through the page; its sheet and rows (header first)."""
    data = {"kind": "hours", "scope": "npb", "period_from": "", "period_to": "",
            "scheduled_on": "", **fields}
    assert client.post(URL + "create/", data=data).status_code == 302
    export = DataExport.select().order_by(DataExport.id.desc()).get()
    assert export.status == ExportStatus.DONE
    response = client.get(f"{URL}{export.id}/download/")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).worksheets[0]
    return sheet, [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize(("period_to", "approved", "delivered"),
                         [("30.06.2025", 181, 89.76), ("31.12.2025", 181, 181)])
def test_hours_export_pro_rates_by_days(client, setting, period_to, approved, delivered):
    _request(setting, Status.ENDED, actual_end=dt.date(2025, 6, 30))
    make_delivered_hours(setting["participation"], period_start=dt.date(2025, 1, 1),
                         period_end=dt.date(2025, 12, 31), hours=Decimal(181))
    login(client, setting["staff"])
    sheet, rows = _export(client, period_from="01.01.2025", period_to=period_to)
    assert len(rows) == 2
    header = rows[0]
    assert rows[1][header.index("approved_hours")] == approved
    assert rows[1][header.index("delivered_hours")] == delivered
    assert sheet.cell(row=2, column=header.index("delivered_hours") + 1) \
        .number_format == "#,##0.00"
    assert sheet.cell(row=2, column=header.index("period_to") + 1).number_format == "DD.MM.YYYY"


def test_personal_and_non_personal_exports_are_never_mixed(client, setting):
    _request(setting, Status.APPROVED)
    person = setting["participation"].person
    login(client, setting["staff"])
    _sheet, npb = _export(client, period_from="01.01.2025", period_to="31.12.2025")
    _sheet, pb = _export(client, period_from="01.01.2025", period_to="31.12.2025", scope="pb")
    assert person.last_name not in [str(v) for v in npb[1]]
    assert "last_name" not in npb[0]
    assert npb[1][npb[0].index("birth_year")] == person.birth_date.year
    assert pb[1][pb[0].index("last_name")] == person.last_name
    assert npb[1][0] == pb[1][0] == person.pseudonym


def test_statistics_reader_gets_no_personal_hours_export(client, setting):
    _request(setting, Status.APPROVED)
    login(client, setting["statistics"])
    client.post(URL + "create/", data={"kind": "hours", "scope": "pb"})
    assert DataExport.select().count() == 0
    _sheet, rows = _export(client, period_from="01.01.2025")
    assert setting["participation"].person.last_name not in [str(v) for v in rows[1]]


def test_hours_export_is_scoped_and_needs_a_valid_request_or_entry(client, setting, project):
    _request(setting, Status.APPROVED)
    make_request(make_participation(project=project), setting["body"], status=Status.SUBMITTED)
    make_request(make_participation(), setting["body"], status=Status.APPROVED)
    login(client, setting["staff"])
    _sheet, rows = _export(client)
    assert [row[0] for row in rows[1:]] == [setting["participation"].person.pseudonym]


@pytest.mark.parametrize(("fields", "rows"), [
    ({}, 1),                                                    # neither: up to today
    ({"period_to": "31.01.{next}"}, 2),                         # a future `to` includes it
    ({"period_from": "01.01.2025"}, 1),                         # from only: up to today
])
def test_period_semantics_of_the_hours_export(client, setting, fields, rows):
    next_year = dt.date.today().year + 1
    _request(setting, Status.APPROVED, approval_start=dt.date(next_year, 1, 1))
    login(client, setting["staff"])
    _sheet, data = _export(client, **{k: v.format(next=next_year) for k, v in fields.items()})
    assert len(data) == rows


def test_a_future_to_counts_the_approved_hours_of_requests_starting_later(client, setting):
    next_year = dt.date.today().year + 1
    _request(setting, Status.APPROVED, approval_start=dt.date(next_year, 1, 1))
    login(client, setting["staff"])
    _sheet, rows = _export(client, period_to=f"31.01.{next_year}")
    assert rows[1][rows[0].index("approved_hours")] == 31.0


@pytest.mark.parametrize(("actor", "approved", "count"), [("clerk", 31, 1), ("staff", 75.25, 2)])
def test_the_hours_export_counts_the_requests_the_user_sees(client, setting, actor, approved,
                                                            count):
    _request(setting, Status.APPROVED)
    make_request(setting["participation"], make_funding_body(), status=Status.APPROVED,
                 approval_start=dt.date(2025, 1, 1), hours_per_week=Decimal(10))
    login(client, setting[actor])
    _sheet, rows = _export(client, period_from="01.01.2025", period_to="31.01.2025")
    header = rows[0]
    assert rows[1][header.index("approved_hours")] == approved
    assert rows[1][header.index("valid_requests")] == count


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_old_hours_export_address_leads_to_the_export_page(client, setting, method):
    login(client, setting["staff"])
    response = getattr(client, method)("/admin/delivered_hours/hours-export/")
    assert response.status_code == 303
    assert response.location.endswith("/admin/exports/?kind=hours")
    page = client.get(response.location).get_data(as_text=True)
    assert '<option value="hours" selected>Geleistete Stunden</option>' in page


def test_the_codebook_of_an_hours_export_lists_its_variables(client, setting):
    _request(setting, Status.APPROVED)
    login(client, setting["staff"])
    _sheet, rows = _export(client, scope="pb")
    export = DataExport.select().order_by(DataExport.id.desc()).get()
    response = client.get(f"{URL}{export.id}/codebook/", follow_redirects=True)
    entries = list(load_workbook(io.BytesIO(response.data)).worksheets[1].iter_rows(
        min_row=2, values_only=True))
    hours = {row[1]: row[3] for row in entries if row[0] == "Geleistete Stunden"}
    assert list(hours) == rows[0]
    assert (hours["last_name"], hours["birth_year"]) == ("pb", "npb")
