"""A project member creates a data export, watches its progress on the page without reload
while a real Huey consumer produces it, and downloads the file (issue 14)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from seed.factories import make_participation, make_person, make_user
from tests.browser.test_person_flow import log_in
from tests.models.exports.helpers import approved

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


def test_staff_creates_an_export_watches_progress_and_downloads_it(page, steps, project,
                                                                   consumer):
    staff = make_user(role="staff_write", projects=[project], password=PASSWORD)
    for number in range(3):
        approved(make_participation(make_person(project)),
                 approval_start=dt.date(2025, 1, 1 + number))
    log_in(page, steps, staff.username, PASSWORD)
    page.goto("/admin/exports/")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Neuer Export")).to_be_visible()
    steps("exports page empty")

    main.get_by_label("Von").fill("31.02.2025")
    main.get_by_role("button", name="Export erstellen").click()
    expect(page.locator("#export-period_from-error")).to_contain_text("TT.MM.JJJJ")
    steps("bad date refused next to the field")

    main = page.get_by_role("main")
    main.get_by_label("Von").fill("01.01.2025")
    main.get_by_label("Daten").select_option("pb")
    main.get_by_role("button", name="Export erstellen").click()
    row = page.locator("#export-list tbody tr").first
    expect(row).to_contain_text("in Warteschlange")
    steps("export queued")

    consumer()
    expect(row).to_contain_text("fertig", timeout=30_000)      # no reload: exports.js
    expect(row.locator(".export-rows")).to_have_text("3")
    download_link = row.get_by_role("link", name="Download")
    expect(download_link).to_be_visible()
    steps("export done")

    with page.expect_download() as info:
        download_link.click()
    path = info.value.path()
    book = load_workbook(io.BytesIO(Path(path).read_bytes()))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "person_id"
    assert len(rows) == 4
