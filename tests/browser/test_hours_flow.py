"""A project records delivered hours on a participation and reads the computed approved hours;
then documents an activity for an ambulatory-care client and reads the balances."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from models import Activity, DeliveredHours
from models.requests.models import Status
from seed.factories import (
    make_activity,
    make_approval_period,
    make_billing_rules,
    make_care_case,
    make_funding_body,
    make_participation,
    make_request,
    make_user,
)
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


def test_staff_records_delivered_hours_and_reads_the_approved_hours(page, steps, project,
                                                                   consumer):
    body = make_funding_body("Sozialministeriumservice Landesstelle Wien")
    staff = make_user(role="staff_write", projects=[project], password=PASSWORD)
    participation = make_participation(project=project)
    make_request(participation, body, status=Status.APPROVED,
                 approval_start=dt.date(2025, 1, 1), hours_per_week=Decimal(7))

    log_in(page, steps, staff.username, PASSWORD)
    page.goto(f"/admin/participation/details/?id={participation.id}")
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", name="Geleistete Stunden")).to_be_visible()
    expect(main).to_contain_text("Noch keine geleisteten Stunden eingetragen.")
    steps("participation without delivered hours")

    main.get_by_role("link", name="Geleistete Stunden eintragen").click()
    main = page.get_by_role("main")
    main.get_by_label("Von").fill("01.01.2025")
    main.get_by_label("Bis").fill("31.01.2025")
    main.get_by_label("Geleistete Stunden").fill("30,3")
    expect(main).to_contain_text("auf die nächste Viertelstunde gerundet")
    steps("delivered hours form")
    main.get_by_role("button", name="Speichern", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/admin/participation/details/\?id={participation.id}"))
    table = page.get_by_role("table", name=re.compile("Einträge über geleistete Stunden"))
    row = table.locator("tbody tr").first
    expect(row).to_contain_text("01.01.2025")
    expect(row).to_contain_text("31,00 h")    # 31 days × 7 h ÷ 7, computed
    expect(row).to_contain_text("30,25 h")    # 30,3 rounded to the quarter
    expect(page.get_by_role("main")).to_contain_text("angelegt.")
    steps("entry with computed approved hours")
    assert DeliveredHours.get().hours == Decimal("30.25")

    # The entry stays with its participation: the edit form shows it, read-only.
    row.get_by_role("link", name=re.compile("Bearbeiten")).click()
    main = page.get_by_role("main")
    shown = main.get_by_label("Teilnahme")
    expect(shown).to_have_attribute("readonly", "")
    expect(shown).to_have_value(str(participation))
    main.get_by_label("Geleistete Stunden").fill("29")
    steps("edit form with the participation shown read-only")
    main.get_by_role("button", name="Speichern", exact=True).click()
    expect(page).to_have_url(re.compile(rf"/admin/participation/details/\?id={participation.id}"))
    assert DeliveredHours.get().hours == Decimal("29")

    page.goto("/admin/delivered_hours/")
    lists = page.get_by_role("navigation", name="Vordefinierte Listen")
    expect(lists.get_by_role("link", name="Geleistete Stunden (1)")).to_have_attribute(
        "aria-current", "page")
    steps("delivered hours list")

    # The hours export (001 §8.2) lives on the data-export page, the type chosen.
    page.get_by_role("link", name="Stundenexport für einen Beobachtungszeitraum").click()
    main = page.get_by_role("main")
    expect(main.get_by_label("Typ")).to_have_value("hours")
    main.get_by_label("Von").fill("01.01.2025")
    main.get_by_label("Bis").fill("31.12.2024")
    main.get_by_role("button", name="Export erstellen").click()
    expect(page.get_by_role("main")).to_contain_text("Das Ende des Zeitraums liegt vor dem Beginn.")
    steps("hours export form with a message")
    main = page.get_by_role("main")
    main.get_by_label("Typ").select_option("hours")
    main.get_by_label("Bis").fill("31.01.2025")
    main.get_by_role("button", name="Export erstellen").click()
    row = page.locator("#export-list tbody tr").first
    expect(row).to_contain_text("Geleistete Stunden")
    consumer()
    expect(row).to_contain_text("fertig", timeout=30_000)
    with page.expect_download() as download:
        row.get_by_role("link", name="Download").click()
    assert download.value.suggested_filename.startswith("datenexport-hours-npb-")


def test_staff_documents_an_activity_and_reads_the_balances(page, steps, project):
    today = dt.date.today()
    body = make_funding_body("Stadt Bochum – Amt für Soziales")
    make_billing_rules(body, balancing_period="month", basis="month",
                       indirect_share=Decimal(50))
    staff = make_user(role="staff_write", projects=[project], password=PASSWORD)
    case = make_care_case(make_participation(project=project), body,
                          start=today - dt.timedelta(days=90))
    make_approval_period(case, start=today.replace(day=1) - dt.timedelta(days=60),
                         end=today.replace(day=1) + dt.timedelta(days=300), hours=Decimal(20))
    make_activity(case, day=today.replace(day=1), minutes=300)
    expired = make_care_case(make_participation(project=project), body)
    make_approval_period(expired, start=today - dt.timedelta(days=400),
                         end=today - dt.timedelta(days=30),
                         extension_requested_on=today - dt.timedelta(days=45))

    log_in(page, steps, staff.username, PASSWORD)
    page.goto("/admin/care_case/")
    rows = page.locator("table.model-list tbody tr")
    expect(rows).to_have_count(2)
    expect(page.locator("table.model-list")).to_contain_text(
        "Bewilligung abgelaufen, Verlängerung beantragt")
    expect(page.locator("table.model-list")).to_contain_text("15,00 h")
    steps("client list with marks and balances")

    page.goto(f"/admin/care_case/details/?id={case.id}")
    main = page.get_by_role("main")
    expect(main).to_contain_text("Saldo bis Ende des Monats")
    steps("case page before the activity")

    main.get_by_role("link", name="Tätigkeit erfassen").click()
    main = page.get_by_role("main")
    main.get_by_label("Datum").fill(today.strftime("%d.%m.%Y"))
    main.get_by_label("Dauer (Minuten)").fill("120")
    main.locator("select[name=level]").select_option("low")
    main.locator("select[name=mode]").select_option("indirect")
    main.locator("select[name=kind]").select_option(label="Alltagsunterstützung")
    expect(main.locator("select[name=kind] optgroup[label='sozialpädagogisch']")) \
        .to_have_attribute("hidden", "")
    steps("activity form")
    main.get_by_role("button", name="Speichern", exact=True).click()

    expect(page).to_have_url(re.compile(rf"/admin/care_case/details/\?id={case.id}"))
    main = page.get_by_role("main")
    expect(main).to_contain_text("Alltagsunterstützung")
    expect(main).to_contain_text("14,00 h")     # 20 approved − 5 − 2 h indirect × 50 %
    steps("case page after the activity")
    assert Activity.select().count() == 2

    page.goto("/admin/care_case/")
    page.get_by_role("link", name="Leistungsnachweis (Excel)").click()
    main = page.get_by_role("main")
    main.get_by_label("Monat").fill(today.strftime("%m.%Y"))
    main.get_by_label("Kostenträger", exact=True).select_option(label=body.name)
    steps("proof of service form")
    with page.expect_download() as download:
        main.get_by_role("button", name="Leistungsnachweis erstellen").click()
    assert download.value.suggested_filename.endswith(f"{today:%Y-%m}.xlsx")
