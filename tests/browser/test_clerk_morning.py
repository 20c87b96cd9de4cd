"""A funding-body clerk's morning (issue 15): the start page's queue of new requests, the
request page with what the decision rests on, a bulk approval after its confirmation page,
and the Excel export of the approved requests; at 1280 and 390 px, axe clean on every page,
none scrolling sideways.

Clicks from the start page to the downloaded file, at both widths: 8 now (the queue, the
request, "Zurück zur Liste", "Mit Auswahl", "Bewilligen", "Bewilligung bestätigen", the list
"Bewilligt und laufend", "Als Excel exportieren"). Before this round of issue 15 (c48f666) the
same flow took 11 at 1280 px and 12 at 390 px: the start page was a bare list of links whose
"Anträge" (like the menu) opened "Alle", so "Neue Anträge" was a second click; the request page
showed neither eligibility data, documents, proofs nor earlier requests, so the basis took the
participation page and the person page (two), and its way back to the list led to "Alle"
again: menu "Anträge" and "Neue Anträge" (two; on a phone the menu toggle first, three);
approving acted at once, without a confirmation page (one fewer)."""

import datetime as dt
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from models import AssistanceRequest
from models.requests.models import submit_request
from seed.factories import (
    NOW,
    make_disability_proof,
    make_document,
    make_funding_body,
    make_participation,
    make_request,
    make_user,
)
from tests.browser.test_caseworker_flow import Clicks
from tests.browser.test_person_flow import log_in
from tests.browser.test_small_screens import page_width_overflow

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"
CLICKS_NOW = 8


def submitted(participation, body, staff, hours):
    """A request of `participation` to `body`, sent by the project."""
    row = make_request(participation, body, hours_per_week=hours)
    submit_request(row, staff, NOW)
    return row


@pytest.fixture
def morning(project):
    """Three new requests to the clerk's body (the first with documents, a proof of
    disability and an earlier request), one new request to another body."""
    body = make_funding_body("Integrationsamt Morgenstadt")
    other_body = make_funding_body("Integrationsamt Anderswo")
    staff = make_user(role="staff_write", projects=[project], password=PASSWORD)
    clerk = make_user(role="clerk", funding_body=body, password=PASSWORD)
    first = make_participation(project=project)
    make_document(first, name="Arbeitsvertrag.pdf")
    proof = make_disability_proof(first.person)
    make_document(proof, name="Feststellungsbescheid.pdf", kind="disability_proof")
    make_request(first, body, status="ended", approval_start=dt.date(2023, 1, 1),
                 actual_end=dt.date(2023, 1, 14), hours_per_week=7)
    mine = [submitted(first, body, staff, 12),
            submitted(make_participation(project=project), body, staff, 15),
            submitted(make_participation(project=project), body, staff, 8)]
    other = submitted(make_participation(project=project), other_body, staff, 30)
    return clerk, mine, other


def list_rows(page):
    return page.locator("table.model-list tbody tr")


def row_of(page, request_id):
    """The list row of request `request_id` (by its selection checkbox)."""
    return list_rows(page).filter(
        has=page.locator(f"input[name=rowid][value='{request_id}']"))


def fitting(steps, page):
    """The step recorder, also failing when the page scrolls sideways."""

    def record(name):
        steps(name)
        assert page_width_overflow(page) <= 0, f"{name} ({page.url}) scrolls sideways"

    return record


@pytest.mark.parametrize("width", [1280, 390])
def test_a_clerks_morning_from_the_queue_to_the_export(page, steps, morning, width):
    clerk, mine, other = morning
    first, second, third = mine
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, steps, clerk.username, PASSWORD)
    steps = fitting(steps, page)
    click = Clicks()

    queue = page.locator(".work-queues li").filter(
        has=page.get_by_role("link", name="Neue Anträge", exact=True))
    expect(queue).to_contain_text("3")
    steps(f"start page with the queue of new requests at {width} px")
    click(queue.get_by_role("link", name="Neue Anträge", exact=True))

    expect(page).to_have_url(re.compile(r"/admin/request/\?list=new$"))
    expect(list_rows(page)).to_have_count(3)
    for row in mine:
        expect(row_of(page, row.id)).to_have_count(1)
    # A new request to another body is not the clerk's.
    expect(row_of(page, other.id)).to_have_count(0)
    expect(page.get_by_role("main")).not_to_contain_text(
        other.participation.person.last_name)
    steps(f"new requests of the body at {width} px")
    click(row_of(page, first.id).get_by_title("Eintrag ansehen"))

    main = page.get_by_role("main")
    eligibility = main.locator("[data-section=eligibility]")
    expect(eligibility).to_contain_text("wird bei Bewilligung festgeschrieben")
    expect(eligibility).to_contain_text("Leistungsberechtigt nach bundesgesetzlichen Vorschriften")
    basis = main.locator("[data-section=basis]")
    expect(basis).to_contain_text("Arbeitsvertrag.pdf")
    expect(basis).to_contain_text("Feststellungsbescheid.pdf")
    expect(basis.locator("[data-section=other-requests]")).to_contain_text("14,00 h")
    steps(f"request page with the basis of the decision at {width} px")
    click(main.get_by_role("link", name="Zurück zur Liste"))

    expect(list_rows(page)).to_have_count(3)
    for row in (first, second):
        row_of(page, row.id).locator("input[name=rowid]").check()
    steps(f"two requests ticked at {width} px")
    click(page.get_by_role("button", name="Mit Auswahl"))
    click(page.locator("a[data-action=approve]"))

    main = page.get_by_role("main")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Bewilligen")
    expect(main).to_contain_text("2 Anträge ausgewählt.")
    shown = main.locator("[data-decision-rows] tbody tr")
    expect(shown).to_have_count(2)
    for row in (first, second):
        expect(main.locator(f"[data-row=request-{row.id}]")) \
            .to_contain_text(row.participation.person.last_name)
    expect(main.locator(f"[data-row=request-{first.id}]")).to_contain_text("12,00 h")
    # Nothing is decided before the confirmation.
    assert {r.status for r in AssistanceRequest.select().where(
        AssistanceRequest.id.in_([first.id, second.id]))} == {"submitted"}
    steps(f"bulk approval confirmation at {width} px")
    click(main.get_by_role("button", name="Bewilligung bestätigen"))

    expect(page.locator(".alert-success").first).to_contain_text("2 Anträge bewilligt.")
    # Back on the list of new requests, where the one not chosen still waits.
    expect(page).to_have_url(re.compile(r"/admin/request/\?list=new"))
    expect(list_rows(page)).to_have_count(1)
    expect(row_of(page, third.id)).to_have_count(1)
    steps(f"two requests approved at {width} px")
    statuses = dict(AssistanceRequest.select(AssistanceRequest.id, AssistanceRequest.status)
                    .where(AssistanceRequest.id.in_([r.id for r in (*mine, other)])).tuples())
    assert statuses == {first.id: "approved", second.id: "approved",
                        third.id: "submitted", other.id: "submitted"}

    click(page.get_by_role("navigation", name="Vordefinierte Listen")
          .get_by_role("link", name="Bewilligt und laufend (2)"))
    expect(list_rows(page)).to_have_count(2)
    steps(f"approved requests at {width} px")
    with page.expect_download() as download:
        click(page.get_by_role("button", name="Als Excel exportieren"))
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).worksheets[0]
    header, *rows = list(sheet.iter_rows(values_only=True))
    number = header.index("Nr.")
    assert sorted(row[number] for row in rows) == sorted([first.id, second.id])

    assert click.count == CLICKS_NOW
