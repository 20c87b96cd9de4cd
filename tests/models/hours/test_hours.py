"""The pure hour functions of models/hours/arithmetic.py and models/care/balances.py: tables from 001 §6, §8.2 and 003."""

import datetime as dt
from decimal import Decimal

import pytest

from models.care.balances import (
    Approval,
    Balancing,
    Basis,
    GroupRule,
    Level,
    Rules,
    Work,
    activity_hours,
    approved_between,
    balances,
    counted_between,
    month_statement,
)
from models.care.contingents import (
    Colour,
    client_mark,
    contingent_colour,
    contingent_pace,
    contingent_used,
)
from models.hours.arithmetic import (
    RequestHours,
    approved_hours_in_period,
    approved_hours_of_requests,
    approved_hours_so_far,
    period_hours_limit,
    prorated_delivered,
    round_quarter,
)


def d(text: str) -> dt.date:
    """'31.12.2024' as a date."""
    day, month, year = (int(part) for part in text.split("."))
    return dt.date(year, month, day)


def D(text) -> Decimal:  # noqa: N802 - reads like the figures of the manual
    return Decimal(str(text))


# -- approved hours of one request in a period (001 §6) --------------------------------------

PERIOD = ("01.06.2024", "31.12.2024")


@pytest.mark.parametrize(
    ("case", "hours", "start", "actual_end", "period", "expected"),
    [
        ("table 6 request 1: ended before the period", 30, "01.01.2023", "31.12.2023", PERIOD,
         "0.00"),
        ("table 6 request 2: starts before, open end", 20, "01.07.2022", None, PERIOD, "611.50"),
        ("table 6 request 3: inside the period", 5, "15.08.2024", "15.11.2024", PERIOD, "66.50"),
        ("starts after the period", 10, "01.01.2025", None, PERIOD, "0.00"),
        ("starts before, ends inside", 7, "01.01.2024", "10.06.2024", PERIOD, "10.00"),
        ("starts inside, open end", 7, "25.12.2024", None, PERIOD, "7.00"),
        ("ends on the first day of the period", 7, "01.01.2024", "01.06.2024", PERIOD, "1.00"),
        ("starts on the last day of the period", 7, "31.12.2024", None, PERIOD, "1.00"),
        ("single-day period", 7, "01.01.2024", None, ("05.03.2024", "05.03.2024"), "1.00"),
        ("single-day request", 7, "05.03.2024", "05.03.2024", ("01.03.2024", "31.03.2024"),
         "1.00"),
        ("leap February", 7, "01.01.2024", None, ("01.02.2024", "29.02.2024"), "29.00"),
        ("plain February", 7, "01.01.2023", None, ("01.02.2023", "28.02.2023"), "28.00"),
        ("leap day alone", 7, "29.02.2024", "29.02.2024", ("28.02.2024", "01.03.2024"), "1.00"),
        ("leap year", 7, "01.01.2024", None, ("01.01.2024", "31.12.2024"), "366.00"),
        ("period ends before it starts", 7, "01.01.2024", None, ("31.12.2024", "01.06.2024"),
         "0.00"),
        ("table 7: 7 h/week over 1.1.–30.6.2025", 7, "01.01.2025", "30.06.2025",
         ("01.01.2025", "30.06.2025"), "181.00"),
        ("table 7: the same for the whole year", 7, "01.01.2025", "30.06.2025",
         ("01.01.2025", "31.12.2025"), "181.00"),
    ],
)
def test_approved_hours_in_period(case, hours, start, actual_end, period, expected):
    result = approved_hours_in_period(D(hours), d(start), d(actual_end) if actual_end else None,
                                      d(period[0]), d(period[1]))
    assert result == D(expected), case
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("case", "start", "actual_end", "today", "expected"),
    [("running: start to today", "01.01.2025", None, "14.01.2025", "14.00"),
     ("ended: start to the end", "01.01.2025", "07.01.2025", "14.01.2025", "7.00"),
     ("ends after today: up to today", "01.01.2025", "31.01.2025", "10.01.2025", "10.00"),
     ("starts today", "14.01.2025", None, "14.01.2025", "1.00"),
     ("starts after today", "15.01.2025", None, "14.01.2025", "0.00")],
)
def test_approved_hours_so_far(case, start, actual_end, today, expected):
    result = approved_hours_so_far(D(7), d(start), d(actual_end) if actual_end else None,
                                   d(today))
    assert result == D(expected), case


@pytest.mark.parametrize(
    ("hours", "days", "expected"),
    [(10, 1, "1.50"),   # 1,4286 → 1,50
     (1, 1, "0.25"),    # 0,1429 → 0,25
     (1, 3, "0.50"),    # 0,4286 → 0,50
     (2, 1, "0.25"),    # 0,2857 → 0,25
     (1, 6, "0.75"),    # 0,8571 → 0,75
     (Decimal("12.25"), 2, "3.50"),
     (Decimal("0.25"), 1, "0.00")],   # 0,0357 → 0
)
def test_each_request_share_is_rounded_to_quarter_hours(hours, days, expected):
    start = d("01.03.2025")
    end = start + dt.timedelta(days=days - 1)
    assert approved_hours_in_period(D(hours), start, None, start, end) == D(expected)


def test_table_6_sums_the_rounded_shares_of_every_request():
    # The manual prints 681,25 h as the total, which is not the sum of its own two figures
    # (611,50 + 66,50 = 678,00); DOMAIN D fixes the per-request figures.
    requests = [RequestHours(D(30), d("01.01.2023"), d("31.12.2023")),
                RequestHours(D(20), d("01.07.2022"), None),
                RequestHours(D(5), d("15.08.2024"), d("15.11.2024"))]
    assert approved_hours_of_requests(requests, d("01.06.2024"), d("31.12.2024")) == D("678.00")


def test_no_requests_give_zero():
    assert approved_hours_of_requests([], d("01.06.2024"), d("31.12.2024")) == D("0.00")


# -- delivered hours pro-rated by days (001 §8.2) ---------------------------------------------


@pytest.mark.parametrize(
    ("case", "hours", "entry", "period", "expected"),
    [
        ("table 7: half a year of a year's entry", 181, ("01.01.2025", "31.12.2025"),
         ("01.01.2025", "30.06.2025"), "89.76"),
        ("table 7: the whole year", 181, ("01.01.2025", "31.12.2025"),
         ("01.01.2025", "31.12.2025"), "181.00"),
        ("entry inside the period", 40, ("01.03.2025", "31.03.2025"),
         ("01.01.2025", "31.12.2025"), "40.00"),
        ("entry outside the period", 40, ("01.03.2025", "31.03.2025"),
         ("01.04.2025", "30.04.2025"), "0.00"),
        ("entry starts before the period", 31, ("01.03.2025", "31.03.2025"),
         ("16.03.2025", "30.04.2025"), "16.00"),
        ("single-day entry on the period's last day", 3, ("30.04.2025", "30.04.2025"),
         ("01.04.2025", "30.04.2025"), "3.00"),
        ("one day of a leap February", 29, ("01.02.2024", "29.02.2024"),
         ("29.02.2024", "29.02.2024"), "1.00"),
        ("open period start", 10, ("01.02.2024", "29.02.2024"), ("01.01.1900", "14.02.2024"),
         "4.83"),
    ],
)
def test_prorated_delivered(case, hours, entry, period, expected):
    result = prorated_delivered(D(hours), d(entry[0]), d(entry[1]), d(period[0]), d(period[1]))
    assert result == D(expected), case


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("12.3", "12.25"), ("12.125", "12.25"), ("12.124", "12.00"), ("12.375", "12.50"),
     ("0.1", "0.00"), ("0.13", "0.25"), ("12.88", "13.00"), ("7", "7.00"), ("12.75", "12.75")],
)
def test_round_quarter(typed, stored):
    assert round_quarter(D(typed)) == D(stored)


def test_a_period_holds_24_hours_a_day():
    assert period_hours_limit(d("01.02.2024"), d("29.02.2024")) == D(29 * 24)


# -- billing rules (003), each alone and combined -----------------------------------------------

YEAR_2026 = [Approval(d("01.01.2026"), d("31.12.2026"), D(10))]


@pytest.mark.parametrize(
    ("case", "rules", "hours", "start", "end", "expected"),
    [
        ("per day: 10 h/week × 31 days ÷ 7", Rules(), 10, "01.01.2026", "31.01.2026", "44.29"),
        ("weeks per month 4,33: a whole month", Rules(weeks_per_month=D("4.33")), 10,
         "01.01.2026", "31.01.2026", "43.30"),
        ("weeks per month 4,33: half of April", Rules(weeks_per_month=D("4.33")), 10,
         "01.04.2026", "15.04.2026", "21.65"),
        ("monthly basis: February whole", Rules(basis=Basis.MONTH), 40, "01.02.2026",
         "28.02.2026", "40.00"),
        ("monthly basis: half of February", Rules(basis=Basis.MONTH), 40, "01.02.2026",
         "14.02.2026", "20.00"),
        ("monthly basis: a quarter", Rules(basis=Basis.MONTH), 40, "01.01.2026", "31.03.2026",
         "120.00"),
        ("outside the approval", Rules(basis=Basis.MONTH), 40, "01.01.2027", "31.01.2027",
         "0.00"),
    ],
)
def test_approved_between(case, rules, hours, start, end, expected):
    approvals = [Approval(d("01.01.2026"), d("31.12.2026"), D(hours))]
    assert approved_between(rules, approvals, d(start), d(end)) == D(expected), case


def test_approval_without_hours_grants_nothing():
    approvals = [Approval(d("01.01.2026"), d("31.12.2026"), None)]
    assert approved_between(Rules(), approvals, d("01.01.2026"), d("31.01.2026")) == D("0.00")


DAY = d("10.03.2026")


def _work(minutes, **kw):
    return Work(kw.pop("day", DAY), minutes, **kw)


@pytest.mark.parametrize(
    ("case", "rules", "works", "expected"),
    [
        ("direct time counts fully", Rules(), [_work(90)], "1.50"),
        ("indirect share 100 %", Rules(), [_work(60, indirect=True)], "1.00"),
        ("indirect share 50 %", Rules(indirect_share=D(50)), [_work(60, indirect=True)], "0.50"),
        ("indirect share 0 %", Rules(indirect_share=D(0)), [_work(60, indirect=True)], "0.00"),
        ("absences not counted", Rules(), [_work(60, absence=True)], "0.00"),
        ("absences counted half", Rules(absence_share=D(50)), [_work(60, absence=True)], "0.50"),
        ("absences capped per month", Rules(absence_share=D(100), absence_cap=D(1)),
         [_work(60, absence=True), _work(60, absence=True), _work(60, absence=True)], "1.00"),
        ("the cap applies to each month", Rules(absence_share=D(100), absence_cap=D(1)),
         [_work(120, absence=True), _work(120, absence=True, day=d("10.04.2026"))], "2.00"),
        ("group time divided by participants", Rules(), [_work(90, group_size=3)], "0.50"),
        ("group time counted fully", Rules(group_rule=GroupRule.FULL),
         [_work(90, group_size=3)], "1.50"),
        ("combined: indirect group work", Rules(indirect_share=D(50)),
         [_work(120, indirect=True, group_size=2)], "0.50"),
        ("combined: an absence from a group", Rules(absence_share=D(50)),
         [_work(60, absence=True, group_size=2)], "0.25"),
        ("combined: every rule at once",
         Rules(indirect_share=D(50), absence_share=D(100), absence_cap=D("0.5")),
         [_work(60), _work(60, indirect=True), _work(90, group_size=3),
          _work(60, absence=True), _work(60, absence=True)], "2.50"),
    ],
)
def test_counted_between(case, rules, works, expected):
    assert counted_between(rules, works, d("01.01.2026"), d("31.12.2026")) == D(expected), case


def test_work_outside_every_approval_is_not_counted():
    approvals = [Approval(d("01.03.2026"), d("31.03.2026"), D(10))]
    works = [_work(60, day=d("28.02.2026")), _work(60), _work(60, day=d("01.04.2026"))]
    assert counted_between(Rules(), works, d("01.01.2026"), d("31.12.2026"), approvals) == D(1)


# -- balances (003: Saldenanzeige) ---------------------------------------------------------------

HALF_YEAR = [Approval(d("01.01.2026"), d("30.06.2026"), D(7))]


def test_balances_of_a_running_approval_that_is_the_balancing_period():
    works = [_work(600, day=d("05.01.2026")), _work(300, day=d("20.03.2026"))]
    result = balances(Rules(), HALF_YEAR, works, d("15.03.2026"))
    assert (result.window_start, result.window_end) == (d("01.01.2026"), d("30.06.2026"))
    assert result.approved_to_month_end == D("90.00")   # 1.1.–31.3.: 90 days × 1 h
    assert result.approved_in_window == D("181.00")
    assert result.delivered == D("15.00")
    assert (result.to_month_end, result.to_window_end) == (D("75.00"), D("166.00"))
    assert result.frozen is False


def test_balance_is_frozen_at_the_end_of_an_expired_approval():
    approvals = [Approval(d("01.06.2012"), d("30.11.2012"), D(7))]
    works = [_work(60 * 140, day=d("15.09.2012"))]
    before = balances(Rules(), approvals, works, d("19.12.2012"))
    later = works + [_work(600, day=d("10.12.2012"))]
    after = balances(Rules(), approvals, later, d("19.12.2012"))
    assert before == after
    assert after.frozen is True
    assert after.to_window_end == D("183.00") - D("140.00")
    assert after.month_end == d("30.11.2012")


def test_frozen_balance_does_not_move_with_today():
    approvals = [Approval(d("01.06.2012"), d("30.11.2012"), D(7))]
    works = [_work(600, day=d("15.09.2012"))]
    assert balances(Rules(), approvals, works, d("19.12.2012")) == \
        balances(Rules(), approvals, works, d("01.05.2014"))


@pytest.mark.parametrize(
    ("balancing", "window", "approved_to_month_end", "approved_in_window"),
    [(Balancing.MONTH, ("01.03.2026", "31.03.2026"), "31.00", "31.00"),
     (Balancing.QUARTER, ("01.01.2026", "31.03.2026"), "90.00", "90.00"),
     (Balancing.YEAR, ("01.01.2026", "31.12.2026"), "90.00", "181.00"),
     (Balancing.APPROVAL, ("01.01.2026", "30.06.2026"), "90.00", "181.00")],
)
def test_balancing_periods(balancing, window, approved_to_month_end, approved_in_window):
    works = [_work(120, day=d("15.02.2026")), _work(60, day=d("05.03.2026"))]
    result = balances(Rules(balancing=balancing), HALF_YEAR, works, d("15.03.2026"))
    assert (result.window_start, result.window_end) == (d(window[0]), d(window[1]))
    assert result.approved_to_month_end == D(approved_to_month_end)
    assert result.approved_in_window == D(approved_in_window)
    expected_delivered = D(1) if balancing == Balancing.MONTH else D(3)
    assert result.delivered == expected_delivered


def test_balance_with_weekly_hours_and_a_weeks_per_month_factor():
    approvals = [Approval(d("01.01.2026"), d("31.12.2026"), D(5))]
    rules = Rules(balancing=Balancing.MONTH, weeks_per_month=D("4.33"),
                  indirect_share=D(50))
    works = [_work(600), _work(120, indirect=True)]
    result = balances(rules, approvals, works, d("15.03.2026"))
    assert result.approved_in_window == D("21.65")
    assert result.delivered == D("11.00")
    assert result.to_window_end == D("10.65")


@pytest.mark.parametrize("approvals", [[], [Approval(d("01.01.2026"), d("30.06.2026"), None)],
                                       [Approval(d("01.06.2026"), d("30.06.2026"), D(5))]])
def test_no_balance_without_an_approval_with_hours(approvals):
    assert balances(Rules(), approvals, [], d("15.03.2026")) is None


def test_a_following_approval_continues_a_yearly_balancing_period():
    approvals = [Approval(d("01.01.2026"), d("31.03.2026"), D(7)),
                 Approval(d("01.04.2026"), d("31.12.2026"), D(14))]
    result = balances(Rules(balancing=Balancing.YEAR), approvals, [], d("15.04.2026"))
    assert result.approved_to_month_end == D(90 + 30 * 2)
    assert result.approved_in_window == D(90 + 275 * 2)


# -- proofs of service: one client, one month ----------------------------------------------------


def test_month_statement_with_carry_over_and_balancing_period():
    rules = Rules(indirect_share=D(50), absence_share=D(100), absence_cap=D(1))
    works = [_work(600, day=d("10.01.2026")),
             _work(300, day=d("03.02.2026")), _work(120, day=d("04.02.2026"), indirect=True),
             _work(120, day=d("05.02.2026"), absence=True),
             _work(60, day=d("06.02.2026"), group_size=2)]
    statement = month_statement(rules, HALF_YEAR, works, d("14.02.2026"))
    assert (statement.month_start, statement.month_end) == (d("01.02.2026"), d("28.02.2026"))
    assert statement.approved == D("28.00")
    assert statement.worked == D("10.00")
    assert (statement.direct, statement.indirect, statement.absences) == (
        D("5.50"), D("1.00"), D("1.00"))
    assert statement.counted == D("7.50")
    assert statement.carry_over == D("31.00") - D("10.00")
    assert statement.balance_month_end == D("21.00") + D("28.00") - D("7.50")
    assert (statement.window_start, statement.window_end) == (d("01.01.2026"), d("30.06.2026"))
    assert statement.approved_in_window == D("181.00")
    assert statement.remaining_in_window == D("181.00") - D("17.50")


def test_month_statement_starts_a_monthly_balancing_period_without_carry_over():
    rules = Rules(balancing=Balancing.MONTH)
    works = [_work(600, day=d("10.01.2026")), _work(60, day=d("03.02.2026"))]
    statement = month_statement(rules, HALF_YEAR, works, d("01.02.2026"))
    assert statement.carry_over == D("0.00")
    assert statement.balance_month_end == D("27.00")


def test_month_statement_without_approval_has_no_balancing_period():
    statement = month_statement(Rules(), HALF_YEAR, [_work(60, day=d("03.08.2026"))],
                                d("01.08.2026"))
    assert statement.window_start is None
    assert (statement.approved, statement.worked, statement.counted) == (D(0), D(1), D(0))


def test_month_statement_of_a_case_not_billed_by_approved_hours_counts_all_its_work():
    """A contingent case has no approval: its work counts all the same (Landkreis Verden)."""
    works = [_work(300, day=d("03.08.2026")), _work(45, day=d("04.08.2026"), indirect=True)]
    statement = month_statement(Rules(indirect_share=D(50)), [], works, d("01.08.2026"),
                                hour_based=False)
    assert (statement.approved, statement.worked) == (D(0), D("5.75"))
    assert (statement.direct, statement.indirect, statement.counted) == (
        D("5.00"), D("0.38"), D("5.38"))


MONTH_OF_WORK = [  # (work, hours it counts for) in date order, February 2026
    (_work(100, day=d("02.02.2026"), group_size=3), "0.56"),       # 0,5556
    (_work(100, day=d("03.02.2026"), group_size=3), "0.55"),       # 1,1111 in all
    (_work(100, day=d("04.02.2026"), group_size=3), "0.56"),       # 1,6667 in all
    (_work(90, day=d("05.02.2026"), absence=True), "1.50"),
    (_work(90, day=d("06.02.2026"), absence=True), "0.50"),        # the cap of 2 h is reached
    (_work(60, day=d("09.02.2026"), absence=True), "0.00"),
    (_work(60, day=d("10.02.2026"), indirect=True), "0.50"),
]
CAPPED = Rules(indirect_share=D(50), absence_share=D(100), absence_cap=D(2))


def test_activity_hours_add_up_to_the_month_to_the_cent():
    works = [work for work, _hours in MONTH_OF_WORK]
    hours = activity_hours(CAPPED, works)
    assert hours == [D(h) for _work_, h in MONTH_OF_WORK]
    statement = month_statement(CAPPED, [Approval(d("01.01.2026"), d("31.12.2026"), D(7))],
                                works, d("01.02.2026"))
    assert sum(hours) == statement.counted == D("4.17")


def test_activity_hours_outside_every_approval_count_nothing():
    works = [_work(60, day=d("30.06.2026")), _work(60, day=d("01.07.2026")),
             _work(30, day=d("02.07.2026"), indirect=True)]
    assert activity_hours(Rules(), works, HALF_YEAR) == [D(1), D(0), D(0)]
    assert activity_hours(Rules(), works, None) == [D(1), D(1), D("0.50")]


# -- yearly contingents (003: blue, orange, red; 1 050 h by 30 June ≙ 525 h) -----------------


@pytest.mark.parametrize(("day", "pace"), [("30.06.2026", "525.00"), ("30.09.2026", "787.50"),
                                           ("31.12.2026", "1050.00"), ("15.01.2026", "42.34")])
def test_contingent_pace_is_linear(day, pace):
    assert contingent_pace(D(1050), d(day)) == D(pace)


@pytest.mark.parametrize(
    ("day", "used", "colour"),
    [("30.06.2026", "525", Colour.BLUE), ("30.06.2026", "525.25", Colour.ORANGE),
     ("30.06.2026", "1050", Colour.ORANGE), ("30.06.2026", "1050.25", Colour.RED),
     ("30.09.2026", "787.50", Colour.BLUE), ("30.09.2026", "788", Colour.ORANGE),
     ("31.12.2026", "1050", Colour.BLUE), ("31.12.2026", "1051", Colour.RED),
     ("01.01.2026", "3", Colour.ORANGE), ("01.01.2026", "0", Colour.BLUE)],
)
def test_contingent_colours_at_chosen_dates(day, used, colour):
    assert contingent_colour(D(1050), D(used), d(day)) == colour


def test_contingent_used_counts_the_calendar_year_per_level_with_the_rules():
    rules = Rules(indirect_share=D(50), contingents={Level.SOCIO: D(1050), Level.LOW: D(400)})
    works = [_work(120, day=d("31.12.2025")), _work(120), _work(60, indirect=True),
             _work(60, level=Level.LOW), _work(600, day=d("01.04.2026"))]
    assert contingent_used(rules, works, DAY) == {Level.SOCIO: D("2.50"), Level.LOW: D("1.00")}


# -- client list marks (003: Klientenauswahl, cases 1–4) -----------------------------------------

TODAY = d("19.12.2012")


@pytest.mark.parametrize(
    ("case", "hour_based", "approvals", "colour", "shown_hours"),
    [
        ("(1) supra-local care, no hours", False, [], None, None),
        ("(2) no approval yet", True, [], Colour.RED, None),
        ("(3) expired and without hours", True,
         [Approval(d("01.01.2012"), d("30.06.2012"), None)], Colour.RED, None),
        ("(4) expired, extension requested", True,
         [Approval(d("01.06.2012"), d("30.11.2012"), D("2.5"), d("15.11.2012"))],
         Colour.BLUE, D("2.5")),
        ("expired without extension", True, [Approval(d("01.06.2012"), d("30.11.2012"), D(3))],
         Colour.RED, D(3)),
        ("current approval without hours", True,
         [Approval(d("01.12.2012"), d("31.05.2013"), None)], Colour.RED, None),
        ("approval starts later", True, [Approval(d("01.01.2013"), d("31.05.2013"), D(4))],
         Colour.RED, D(4)),
        ("current approval with hours", True,
         [Approval(d("01.06.2012"), d("30.11.2012"), D(3)),
          Approval(d("01.12.2012"), d("31.05.2013"), D(4))], None, D(4)),
        ("ends today", True, [Approval(d("01.06.2012"), TODAY, D(3))], None, D(3)),
    ],
)
def test_client_marks(case, hour_based, approvals, colour, shown_hours):
    mark = client_mark(approvals, hour_based, TODAY)
    if not hour_based:
        assert mark is None
        return
    assert mark.colour == colour, case
    assert (mark.colour is None) == (mark.reason is None)
    assert (mark.approval.hours if mark.approval else None) == shown_hours
