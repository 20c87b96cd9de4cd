"""The yearly BIH statistics (004 §1.2): counts per year and funding body by service type,
phase reached, case group and outcome, counted in SQL; the .xlsx read back."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook
from playhouse.test_utils import count_queries

from models.commissions.models import Commission, PhaseChange
from models.commissions.statistics import statistics_xlsx, yearly_counts
from seed.factories import make_commission, make_funding_body, make_person


@pytest.fixture
def bodies(app):
    return make_funding_body(name="Integrationsamt Nord"), make_funding_body(name="DRV Süd")


def _commission(body, start=dt.date(2025, 3, 1), phases=(), end=None, **fields):
    commission = make_commission(make_person(), body, start=start, **fields)
    for number, (target, day) in enumerate(phases):
        PhaseChange.create(commission=commission, from_phase="P1", to_phase=target, date=day,
                           recorded_at=dt.datetime(2025, 1, 1) + dt.timedelta(minutes=number))
    if end is not None:
        Commission.update(phase="P4", end_date=end[0], end_reason=end[1]).where(
            Commission.id == commission.id).execute()
    return commission


def _counts(year):
    return yearly_counts(Commission.select(), year)


@pytest.mark.parametrize(("start", "end", "counted"), [
    (dt.date(2025, 12, 31), None, True),          # starts on the last day
    (dt.date(2026, 1, 1), None, False),           # starts after the year
    (dt.date(2024, 5, 1), dt.date(2025, 1, 1), True),    # ends on the first day
    (dt.date(2024, 5, 1), dt.date(2024, 12, 31), False),  # ended before
])
def test_a_commission_counts_in_the_years_it_runs(bodies, start, end, counted):
    _commission(bodies[0], start=start, end=(end, "fulfilled") if end else None)
    counts = _counts(2025)
    assert counts.get(bodies[0].id, {}).get("total", 0) == (1 if counted else 0)


def test_service_types_and_case_groups_per_funding_body(bodies):
    north, south = bodies
    _commission(north, service_type="securing", case_group="severely_disabled")
    _commission(north, service_type="securing", case_group="school_leaver")
    _commission(south, service_type="placement")
    counts = _counts(2025)
    assert counts[north.id]["service_type"] == {"securing": 2}
    assert counts[north.id]["case_group"] == {"severely_disabled": 1, "school_leaver": 1}
    assert counts[south.id]["service_type"] == {"placement": 1}
    assert counts[south.id]["case_group"] == {None: 1}


def test_the_phase_reached_is_the_highest_entered_by_the_end_of_the_year(bodies):
    body = bodies[0]
    _commission(body)                                                    # never changed: P1
    _commission(body, phases=[("P2", dt.date(2025, 4, 1))])
    _commission(body, phases=[("P2", dt.date(2025, 4, 1)), ("P3", dt.date(2025, 6, 1))])
    _commission(body, phases=[("P2", dt.date(2025, 4, 1)), ("P3", dt.date(2026, 1, 2))])
    _commission(body, service_type="expert_opinion")                     # registered: FP1
    assert _counts(2025)[body.id]["phase"] == {"P1": 1, "P2": 2, "P3": 1, "FP1": 1}


def test_the_outcome_counts_only_commissions_closed_in_the_year(bodies):
    body = bodies[0]
    _commission(body, end=(dt.date(2025, 8, 1), "placed"))
    _commission(body, end=(dt.date(2025, 9, 1), "placed"))
    _commission(body, end=(dt.date(2026, 2, 1), "failed"))
    _commission(body)
    assert _counts(2025)[body.id]["outcome"] == {"placed": 2, None: 2}


def test_only_the_commissions_of_the_given_query_are_counted(bodies):
    mine = _commission(bodies[0])
    _commission(bodies[0])
    counts = yearly_counts(Commission.select().where(Commission.id == mine.id), 2025)
    assert counts[bodies[0].id]["total"] == 1


def test_the_number_of_queries_does_not_grow_with_the_commissions(bodies):
    _commission(bodies[0], phases=[("P2", dt.date(2025, 4, 1))])
    with count_queries() as few:
        _counts(2025)
    for _ in range(6):
        _commission(bodies[1], phases=[("P2", dt.date(2025, 4, 1))])
    with count_queries() as many:
        _counts(2025)
    assert many.count == few.count == 5


def test_the_xlsx_holds_numbers_per_body_characteristic_and_value(bodies):
    north, south = bodies
    _commission(north, service_type="securing", end=(dt.date(2025, 8, 1), "placed"))
    _commission(south, service_type="placement")
    data = statistics_xlsx(_counts(2025), 2025, str)
    rows = list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "BIH statistics of the year 2025"
    assert rows[1] == ("Funding body", "Characteristic", "Value", "Number")
    body_rows = {(r[0], r[1], r[2]): r[3] for r in rows[2:]}
    assert body_rows[("Integrationsamt Nord", "Commissions in the year", None)] == 1
    assert body_rows[("Integrationsamt Nord", "Service type",
                      "Job protection (Sicherung)")] == 1
    assert body_rows[("Integrationsamt Nord", "Outcome (end reason)",
                      "Placed in employment")] == 1
    assert body_rows[("DRV Süd", "Outcome (end reason)", "open at the end of the year")] == 1
    assert all(isinstance(r[3], int) for r in rows[2:])
    # Bodies sorted by name; no personal value, only the names of funding bodies.
    assert [r[0] for r in rows[2:]][0] == "DRV Süd"


def test_a_formula_in_a_body_name_stays_text(app):
    _commission(make_funding_body(name="=HYPERLINK(\"x\")"))
    data = statistics_xlsx(_counts(2025), 2025, str)
    cell = load_workbook(io.BytesIO(data)).active["A3"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(\"x\")", "s")
