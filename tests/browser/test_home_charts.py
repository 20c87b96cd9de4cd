"""The start page draws its charts from their tables (Chart.js, vendored), keeps the tables
for screen readers, shows them on request, is axe clean and CSP clean; a statistics reader
gets the same charts."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from models.care.balances import Balancing
from models.core.clock import today
from models.requests.models import Status
from seed.factories import (
    make_activity,
    make_billing_rules,
    make_care_case,
    make_delivered_hours,
    make_funding_body,
    make_participation,
    make_request,
    make_user,
)
from tests.browser.test_person_flow import log_in
from tests.browser.test_request_workflow import log_out

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


def _figures(project):
    body = make_funding_body("Integrationsamt Wien")
    first = today().replace(day=1)
    for months_back in range(0, 12, 2):
        start = (first - dt.timedelta(days=31 * months_back)).replace(day=1)
        participation = make_participation(project=project)
        make_request(participation, body, status=Status.APPROVED, approval_start=start,
                     hours_per_week=Decimal(10 + months_back))
        make_delivered_hours(participation, period_start=start,
                             period_end=start + dt.timedelta(days=27),
                             hours=Decimal(30 + 3 * months_back))
    make_request(make_participation(project=project), body, status=Status.SUBMITTED)
    make_request(make_participation(project=project), body, status=Status.REWORK)
    make_billing_rules(body, balancing_period=Balancing.YEAR, contingent_socio=Decimal(1050),
                       contingent_low=Decimal(400))
    case = make_care_case(make_participation(project=project), body, billing="contingent",
                          start=dt.date(today().year, 1, 1))
    make_activity(case, day=dt.date(today().year, 1, 2), minutes=600)
    make_activity(case, day=dt.date(today().year, 1, 3), minutes=240, level="low",
                  kind="everyday", topic="household")
    return body


@pytest.mark.parametrize("role", ["staff_write", "statistics"])
def test_start_page_draws_the_charts_from_their_tables(page, steps, project, role):
    _figures(project)
    user = make_user(role=role, projects=[project] if role == "staff_write" else [],
                     password=PASSWORD)
    log_in(page, steps, user.username, PASSWORD)
    page.goto("/admin/")
    main = page.get_by_role("main")
    charts = main.locator("figure.chart-figure")
    expect(charts).to_have_count(3)
    expect(main.locator(".chart-box canvas")).to_have_count(3)
    for key in ("hours", "status", "contingents"):
        # Drawn: the table is there for screen readers, out of sight.
        expect(main.locator(f".chart-table-wrap:has(table[data-chart={key}])")) \
            .to_have_class(re.compile(r"\bsr-only\b"))
    expect(main).to_contain_text("Bewilligte und geleistete Stunden je Monat, letzte 12 Monate")
    steps(f"start page with charts ({role})")
    figure = charts.filter(has=page.locator("table[data-chart=status]"))
    figure.get_by_role("button", name="Tabelle anzeigen").click()
    expect(figure.locator(".chart-table-wrap")).not_to_have_class(re.compile(r"\bsr-only\b"))
    expect(figure.locator("table")).to_contain_text("Antrag gesendet")
    expect(figure.get_by_role("button", name="Tabelle ausblenden")).to_have_attribute(
        "aria-expanded", "true")
    steps(f"status table shown ({role})")
    log_out(page)
