"""A clerk's colleague filters the request list by a German label, reads how many filters are
active, and clears them (issue 10, items 9 and 17)."""

import re

import pytest
from playwright.sync_api import expect

from models.requests.models import Status
from seed.factories import make_funding_body, make_participation, make_request, make_user
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


def test_staff_filter_requests_by_reason_and_clear_the_filter(page, steps, project):
    body = make_funding_body("Sozialministeriumservice Landesstelle Graz")
    staff = make_user(role="staff_write", projects=[project], password=PASSWORD)
    participation = make_participation(project=project)
    for reason in ("studies", "studies", "job_search"):
        make_request(participation, body, reason=reason, status=Status.SUBMITTED)

    log_in(page, steps, staff.username, PASSWORD)
    page.goto("/admin/request/")
    rows = page.locator("table.model-list tbody tr")
    expect(rows).to_have_count(3)

    page.get_by_role("button", name="Filter hinzufügen").or_(
        page.get_by_role("link", name="Filter hinzufügen")).first.click()
    page.locator(".field-filters a.filter", has_text="Betreuungsanlass").click()
    value = page.locator("#filter_form select.filter-val")
    expect(value.locator("option", has_text="Studium")).to_have_count(1)
    value.select_option(label="Studium", force=True)
    steps("filter by reason chosen")
    page.get_by_role("button", name="Übernehmen").click()

    expect(rows).to_have_count(2)
    expect(page.get_by_text("1 Filter aktiv")).to_be_visible()
    steps("filtered list")

    page.get_by_role("link", name="Alle Filter entfernen").click()
    expect(page).to_have_url(re.compile(r"/admin/request/(\?(?!.*flt).*)?$"))
    expect(rows).to_have_count(3)
    expect(page.get_by_text("Filter aktiv")).to_have_count(0)
    steps("filters cleared")
