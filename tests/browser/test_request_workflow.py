"""A project user files an assistance request, a funding-body clerk approves it."""

import re

import pytest
from playwright.sync_api import expect

from models import AssistanceRequest
from seed.factories import make_funding_body, make_participation, make_user
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


def log_out(page):
    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/login$"))


def test_project_files_and_clerk_approves_a_request(page, steps, project):
    body = make_funding_body("Sozialministeriumservice Landesstelle Wien")
    staff = make_user(role="staff_write", projects=[project], password=PASSWORD)
    clerk = make_user(role="clerk", funding_body=body, password=PASSWORD)
    participation = make_participation(project=project)

    log_in(page, steps, staff.username, PASSWORD)
    page.goto(f"/admin/participation/details/?id={participation.id}")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Die Förderbedarfsdaten sind vollständig.")
    steps("participation page")

    main.get_by_role("link", name="Neuer Antrag").click()
    main = page.get_by_role("main")
    main.locator("select[name=funding_body]").select_option(label=body.name)
    main.get_by_label("Startdatum Bewilligung").fill("01.06.2024")
    main.locator("select[name=reason]").select_option(label="Lehrausbildung")
    main.locator("select[name=delivery_model]").select_option(label="Mischmodell")
    main.get_by_label("Stunden pro Woche").fill("12,25")
    steps("request form filled")
    main.get_by_role("button", name="Speichern und Antrag senden").click()
    expect(page.locator(".alert-success").first).to_be_visible()

    page.goto("/admin/request/")
    new_requests = page.get_by_role("navigation", name="Vordefinierte Listen") \
        .get_by_role("link", name=re.compile(r"Neue Anträge \(1\)"))
    expect(new_requests).to_be_visible()
    steps("request list of the project")
    log_out(page)

    log_in(page, steps, clerk.username, PASSWORD)
    page.goto("/admin/request/")
    page.get_by_role("link", name=re.compile(r"Neue Anträge \(1\)")).click()
    rows = page.locator("table.model-list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Antrag gesendet")
    expect(rows.first).to_contain_text("12,25")
    steps("new requests of the clerk")

    rows.first.get_by_title("Eintrag ansehen").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("Werden bei der Bewilligung eingefroren.")
    steps("request page before approval")
    main.get_by_role("button", name="Bewilligen").click()

    expect(page.locator(".alert-success").first).to_contain_text("bewilligt")
    main = page.get_by_role("main")
    expect(main).to_contain_text("bewilligt")
    expect(main).to_contain_text("Leistungsberechtigt nach bundesgesetzlichen Vorschriften")
    expect(main.get_by_role("button", name="Bewilligen")).to_have_count(0)
    steps("request approved")
    assert AssistanceRequest.get().status == "approved"
    log_out(page)


def test_clerk_asks_for_rework_and_the_project_reads_the_message(page, steps, project):
    from models.requests.models import submit_request
    from seed.factories import NOW, make_request

    body = make_funding_body()
    staff = make_user(role="staff_write", projects=[project], password=PASSWORD)
    clerk = make_user(role="clerk", funding_body=body, password=PASSWORD)
    request = make_request(make_participation(project=project), body)
    submit_request(request, staff, NOW)

    log_in(page, steps, clerk.username, PASSWORD)
    page.goto(f"/admin/request/details/?id={request.id}")
    page.get_by_role("main").get_by_role("button", name="Nachreichung anfordern").click()
    main = page.get_by_role("main")
    main.get_by_label("Nachricht (optional)").fill("Bitte den aktuellen Befund nachreichen.")
    steps("rework form")
    main.get_by_role("button", name="Nachreichung anfordern").click()
    expect(page.get_by_role("main")).to_contain_text("Nachreichung/Anpassung erforderlich")
    steps("sent back")
    log_out(page)

    log_in(page, steps, staff.username, PASSWORD)
    page.goto(f"/admin/request/details/?id={request.id}")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Bitte den aktuellen Befund nachreichen.")
    expect(main.get_by_role("button", name="Antrag senden")).to_be_visible()
    steps("project reads the message")
