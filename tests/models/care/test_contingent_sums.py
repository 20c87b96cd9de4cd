"""The yearly contingents sum their activities in SQL per day and kind of weight, and count
exactly what the single activities count (003: indirect and absence shares, group division,
absences capped per month)."""

import datetime as dt
from decimal import Decimal

import pytest

from models import CareCase
from models.care.balances import Balancing, GroupRule
from models.care.contingents import contingent_used
from models.care.figures import contingents, rules_by_body, works_by_case, works_by_owner
from seed.bulk import bulk_clients
from seed.factories import make_billing_rules, make_funding_body

TODAY = dt.date(2026, 11, 29)


@pytest.fixture
def clients(project):
    body = make_funding_body("Landkreis")
    make_billing_rules(body, balancing_period=Balancing.YEAR, indirect_share=Decimal(50),
                       absence_share=Decimal(100), absence_cap=Decimal(3),
                       group_rule=GroupRule.DIVIDED, contingent_socio=Decimal(900),
                       contingent_low=Decimal(300))
    case_ids = bulk_clients(project, body, 25, TODAY, per_week=4, seed=5)
    CareCase.update(billing="contingent").where(CareCase.id.in_(case_ids)).execute()
    return body, case_ids


def test_the_sums_count_what_every_single_activity_counts(project, clients):
    body, case_ids = clients
    rules = rules_by_body([body.id])[body.id]
    start = dt.date(TODAY.year, 1, 1)
    single = [work for works in works_by_case(case_ids, start, TODAY).values()
              for work in works]
    expected = contingent_used(rules, single, TODAY)
    figures = {figure.level: figure.used for figure in contingents(CareCase.select(), TODAY)}
    assert figures == expected
    assert all(value > 0 for value in expected.values())


def test_a_year_of_activities_arrives_as_fewer_rows_than_activities(project, clients):
    from models import Activity, Participation

    _body, case_ids = clients
    cases = (CareCase.select(CareCase.id, Participation.project, CareCase.funding_body)
             .join(Participation, on=(CareCase.participation == Participation.id)))
    summed = sum(len(works) for works in works_by_owner(cases, dt.date(2026, 1, 1),
                                                         TODAY).values())
    activities = Activity.select().where(Activity.day >= dt.date(2026, 1, 1),
                                         Activity.day <= TODAY).count()
    assert summed * 3 < activities
