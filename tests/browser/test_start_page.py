"""A caseworker's start page: the work queues with counts that open their lists, and the
announcements as one compact line each that opens for the text; at 1280 and 390 px, axe clean."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from models import Announcement
from models.core.clock import today
from models.core.records import create_record
from seed.factories import make_care_case, make_participation, make_user
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"
LONG_TEXT = ("Am Samstag wird die Datenbank gewartet. " * 12).strip()


@pytest.mark.parametrize("width", [1280, 390])
def test_a_caseworker_reads_the_queues_and_opens_an_announcement(page, steps, project, width):
    page.set_viewport_size({"width": width, "height": 900})
    staff = make_user(role="staff_write", username=f"fallfuehrung{width}", password=PASSWORD,
                      projects=[project])
    make_care_case(make_participation(project=project))  # no approval: a red mark
    create_record(Announcement(title="Wartung am Samstag", text=LONG_TEXT, audience="",
                               valid_from=today() - dt.timedelta(days=1)), None,
                  dt.datetime(2026, 11, 1, 9, 0))
    log_in(page, steps, staff.username, PASSWORD)
    banner = page.locator(".announcement")
    expect(banner).to_contain_text("Wartung am Samstag")
    text = banner.locator(".announcement-text")
    expect(text).to_be_hidden()
    # One line, however long the text: not the 150 px block of before.
    assert banner.bounding_box()["height"] <= 48
    steps(f"start page with queues and a closed announcement at {width} px")

    banner.locator("summary").click()
    expect(text).to_be_visible()
    assert banner.bounding_box()["height"] > 48
    steps(f"announcement opened at {width} px")

    queue = page.get_by_role("link", name="Klient:innen mit roter Markierung")
    expect(queue.locator("xpath=..")).to_contain_text("1")
    queue.click()
    expect(page.get_by_role("main")).to_contain_text("Arbeitsliste: Klient:innen mit roter "
                                                     "Markierung")
    steps(f"the clients with a red mark at {width} px")

    page.locator(".announcement").get_by_role("button", name=re.compile("^Schließen")).click()
    expect(page.locator(".announcement")).to_have_count(0)
