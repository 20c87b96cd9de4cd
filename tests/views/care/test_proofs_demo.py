"""The proofs of service of the demo data add up: for every funding body of the demo data and
for the internal proof, the activities sheet and the figures sheet tell the same hours
(003: "Leistungsnachweis ... vollständig berechnet")."""

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from models import Activity, CareCase, FundingBody, User
from seed.demo import load_demo
from tests.conftest import login

TODAY = dt.date.today()
# The current month and the one before: the demo's activities run up to today.
MONTHS = [TODAY.replace(day=1), (TODAY.replace(day=1) - dt.timedelta(days=1)).replace(day=1)]
CENT = Decimal("0.01")


@pytest.fixture
def demo(client):
    load_demo(persons=80)
    login(client, User.get(User.username == "admin"))
    return client


def _sheets(client, **data):
    response = client.post("/admin/care_case/proof/", data={"with_activities": "y", **data})
    assert response.mimetype.endswith("spreadsheetml.sheet"), response.get_data(as_text=True)
    book = load_workbook(io.BytesIO(response.data))
    return {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()]
            for sheet in book.worksheets}


def _table(rows, header_at):
    header = rows[header_at]
    return [dict(zip(header, row, strict=True)) for row in rows[header_at + 1:]]


def _amount(value) -> Decimal:
    return Decimal(str(value or 0)).quantize(CENT)


def _compare(sheets):
    """{person ID: (figures, sums of the activities)} of one proof."""
    figures = {row["Person-ID"]: row for row in _table(sheets["Leistungsnachweis"], 4)}
    sums = defaultdict(lambda: {"minutes": 0, "counted": Decimal(0), "count": 0})
    for row in _table(sheets["Tätigkeiten"], 0):
        total = sums[row["Person-ID"]]
        total["minutes"] += row["Dauer (Minuten)"]
        total["counted"] += _amount(row["Angerechnete Stunden"])
        total["count"] += 1
    return figures, sums


def _bodies_with_activities():
    return list(FundingBody.select().distinct().join(CareCase).join(Activity))


def test_the_demo_has_activities_for_every_hour_billing(demo):
    billings = {case.billing for case in CareCase.select() if case.activities.exists()}
    assert billings == {"approved_hours", "contingent"}


@pytest.mark.parametrize("month", MONTHS, ids=["this_month", "last_month"])
def test_the_internal_proof_counts_what_its_activities_sheet_lists(demo, month):
    sheets = _sheets(demo, month=f"{month:%m.%Y}", kind="internal")
    figures, sums = _compare(sheets)
    assert sums, "the demo has activities in the month"
    mismatches = {}
    for pseudonym, total in sums.items():
        row = figures[pseudonym]
        if (_amount(row["Angerechnete Stunden"]) != total["counted"]
                or _amount(row["Geleistete Zeit (ungewichtet)"])
                != _amount(Decimal(total["minutes"]) / 60)):
            mismatches[pseudonym] = (row["Kostenträger"], row["Angerechnete Stunden"],
                                     total["counted"], row["Geleistete Zeit (ungewichtet)"],
                                     total["minutes"])
    assert mismatches == {}


@pytest.mark.parametrize("month", MONTHS, ids=["this_month", "last_month"])
def test_every_funding_body_proof_counts_what_its_activities_sheet_lists(demo, month):
    bodies = _bodies_with_activities()
    assert {body.name.split(" – ")[0] for body in bodies} >= {"Landkreis Verden",
                                                              "Stadt Bochum"}
    for body in bodies:
        sheets = _sheets(demo, month=f"{month:%m.%Y}", kind="funding_body",
                         funding_body=str(body.id))
        figures, sums = _compare(sheets)
        counted = {p: _amount(row["Angerechnete Stunden"]) for p, row in figures.items()
                   if p in sums}
        assert counted == {p: total["counted"] for p, total in sums.items()}, body.name
        if body.name.startswith("Landkreis Verden"):  # billed by the yearly contingent
            assert {row["Bewilligte Stunden im Monat"] for row in figures.values()} == {None}
        # Every client with 5–6 h of work in the month counts some of it.
        worked = [p for p, total in sums.items() if total["minutes"] >= 5 * 60]
        assert not worked or any(counted[p] > 0 for p in worked), body.name
