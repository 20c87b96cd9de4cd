"""The compliance lists (004 §5, §2.2, §3.1, §7) at chosen dates, and their counts."""

import datetime as dt

import pytest

from models.commissions.compliance import COMPLIANCE_LISTS, compliance_counts
from models.commissions.models import Commission, Phase, Result
from seed.factories import make_contact, make_result

TODAY = dt.date(2026, 11, 10)


def _on(key, commission, today=TODAY):
    condition = COMPLIANCE_LISTS[key][1](today)
    return Commission.select().where(condition & (Commission.id == commission.id)).exists()


def _contact(commission, day, form="personal"):
    return make_contact(commission, at=dt.datetime.combine(day, dt.time(10)), form=form)


@pytest.mark.parametrize(("last_personal", "listed"), [
    (dt.date(2026, 9, 15), False),   # exactly 8 weeks back
    (dt.date(2026, 9, 14), True),
    (None, True),
])
def test_no_personal_contact_for_eight_weeks(build, last_personal, listed):
    commission = build(Phase.P3)
    if last_personal:
        _contact(commission, last_personal)
    _contact(commission, dt.date(2026, 11, 2), form="phone")
    assert _on("no_personal_contact", commission) is listed


@pytest.mark.parametrize(("last", "listed"), [
    (dt.date(2026, 10, 13), False),  # exactly 4 weeks back
    (dt.date(2026, 10, 12), True),
])
def test_no_contact_for_four_weeks(build, last, listed):
    commission = build(Phase.P3)
    _contact(commission, last, form="phone")
    assert _on("contact_gap", commission) is listed


def test_a_closed_commission_is_on_no_contact_list(build):
    commission = build(Phase.P4)
    assert not _on("contact_gap", commission)
    assert not _on("no_personal_contact", commission)


@pytest.mark.parametrize(("planned_end", "due", "overdue"), [
    (dt.date(2026, 11, 25), False, False),
    (dt.date(2026, 11, 24), True, False),   # 2 weeks ahead
    (dt.date(2026, 11, 10), True, False),
    (dt.date(2026, 11, 9), False, True),
])
def test_status_report_due_and_overdue(build, planned_end, due, overdue):
    commission = build(Phase.P3, planned_end=planned_end)
    assert (_on("status_report_due", commission), _on("status_report_overdue", commission)) \
        == (due, overdue)


@pytest.mark.parametrize(("since", "listed"), [
    (dt.date(2026, 9, 10), False),
    (dt.date(2026, 9, 9), True),
])
def test_p2_over_two_months(build, since, listed):
    commission = build(Phase.P2, since=since)
    assert _on("p2_too_long", commission) is listed


@pytest.mark.parametrize(("end", "invalid", "listed"), [
    (dt.date(2026, 9, 29), False, False),   # exactly 6 weeks back
    (dt.date(2026, 9, 28), False, True),
    (dt.date(2026, 9, 28), True, False),    # invalid results do not count
])
def test_results_without_contact_for_six_weeks(build, end, invalid, listed):
    commission = build(Phase.P3)
    result = make_result(commission)
    Result.update(start=end, end=end, invalid=invalid).where(Result.id == result.id).execute()
    assert _on("results_without_contact", commission) is listed


def test_the_counts_come_in_one_query(build):
    from playhouse.test_utils import count_queries

    build(Phase.P2, since=dt.date(2026, 8, 1))
    build(Phase.P3, planned_end=dt.date(2026, 11, 1))
    with count_queries() as counted:
        counts = compliance_counts(Commission.select(), TODAY)
    assert counted.count == 1
    assert counts == {"all": 2, "no_personal_contact": 2, "contact_gap": 2, "status_report_due": 0,
                      "status_report_overdue": 1, "p2_too_long": 1,
                      "results_without_contact": 0}
