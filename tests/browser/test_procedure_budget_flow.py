"""Procedures and personal budgets in the browser: a continuation after closing the previous
procedure (000), and a budget from the first approach to the decision notice (002)."""

import re

import pytest
from playwright.sync_api import expect

from models.requests.models import Status
from seed.factories import (
    make_funding_body,
    make_life_area,
    make_participation,
    make_person,
    make_procedure,
    make_request,
    make_user,
)
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


def test_the_editor_closes_a_procedure_and_opens_its_continuation(page, steps, project):
    editor = make_user(role="staff_write", projects=[project], password=PASSWORD)
    person = make_person(project, first_name="Berta", last_name="Vogel")
    procedure = make_procedure(person, project, editor=editor)
    make_life_area("Wohnen", 1)

    log_in(page, steps, editor.username, PASSWORD)
    page.goto(f"/admin/person/details/?id={person.id}")
    main = page.get_by_role("main")
    expect(main).to_contain_text("noch offen")
    expect(main.get_by_role("button", name="Fortschreibung anlegen")).to_have_count(0)
    steps("person page with an open procedure")

    page.goto(f"/admin/procedure/details/?id={procedure.id}")
    main.get_by_role("link", name="Wohnen einschätzen").click()
    main.get_by_label("Barrieren").fill("Treppe ohne Aufzug")
    steps("assessment form")
    main.get_by_role("button", name="Speichern", exact=True).click()
    expect(main).to_contain_text("Treppe ohne Aufzug")
    steps("procedure page with its assessment")

    main.get_by_role("button", name="Diesen Vorgang abschließen").click()
    expect(page.locator(".alert-success").first).to_contain_text("abgeschlossen")
    steps("procedure closed")

    page.goto(f"/admin/person/details/?id={person.id}")
    with page.expect_navigation():
        main.get_by_role("button", name="Fortschreibung anlegen").click()
    expect(page).to_have_url(re.compile(r"/admin/procedure/details/\?id=\d+"))
    expect(main).to_contain_text("Fortschreibung")
    steps("the continuation")

    page.goto(f"/admin/person/details/?id={person.id}")
    expect(main.locator("[data-row^=procedure-]")).to_have_count(2)
    expect(main).to_contain_text("noch offen")
    steps("person page with both procedures")


def test_the_lead_body_takes_a_budget_to_the_decision_notice(page, steps, project, tmp_path):
    body = make_funding_body()
    clerk = make_user(role="clerk", funding_body=body, password=PASSWORD)
    person = make_person(project, first_name="Carla", last_name="Sommer")
    make_request(make_participation(person, project), body, status=Status.SUBMITTED)

    log_in(page, steps, clerk.username, PASSWORD)
    page.goto(f"/admin/person/details/?id={person.id}")
    main = page.get_by_role("main")
    main.get_by_role("link", name="Erstkontakt erfassen").click()
    main.get_by_label("Erstkontakt am").fill("03.11.2025")
    main.get_by_label("Gültig ab").fill("01.01.2026")
    main.get_by_label("Gültig bis").fill("31.12.2026")
    steps("first approach")
    main.get_by_role("button", name="Speichern").click()
    expect(main).to_contain_text("Noch kein Teilbudget")
    steps("budget page")

    main.get_by_role("button", name="Bescheid erlassen").click()
    alert = page.locator(".alert-danger").first
    expect(alert).to_contain_text("Zielvereinbarung ist nicht abgeschlossen")
    expect(alert).to_contain_text("kein Teilbudget erfasst")
    steps("notice refused with every missing condition")

    main.get_by_role("link", name="Teilbudget hinzufügen").click()
    main.get_by_label("Betrag pro Monat").fill("-5")
    main.get_by_role("button", name="Speichern").click()
    expect(main).to_contain_text("größer als null")
    steps("negative amount refused")
    main.get_by_label("Betrag pro Monat").fill("1234,50")
    main.get_by_role("button", name="Speichern").click()
    expect(main).to_contain_text("1.234,50 €")
    main.get_by_role("button", name="An den Beauftragten melden").click()
    expect(main.locator("[data-row^=partial_budget-]")).not_to_contain_text("nicht gemeldet")
    steps("partial budget reported")

    main.get_by_role("link", name="Zielvereinbarung abschließen").click()
    main.get_by_label("Zielvereinbarung vom").fill(
        page.evaluate("new Date().toLocaleDateString('de-DE', {day: '2-digit', "
                      "month: '2-digit', year: 'numeric'})"))
    main.get_by_label("Vereinbarte Ziele").fill("Selbstständig wohnen")
    steps("goal agreement")
    main.get_by_role("button", name="Speichern").click()
    expect(main).to_contain_text("Abgeschlossen am")

    signed = tmp_path / "Zielvereinbarung.pdf"
    signed.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    main.locator("input[type=file]").set_input_files(signed)
    main.get_by_role("button", name="Hochladen").click()
    expect(main).to_contain_text("Zielvereinbarung.pdf")
    steps("signed goal agreement attached")

    main.get_by_role("button", name="Bescheid erlassen").click()
    expect(main).to_contain_text("Erlassen am")
    expect(main).to_contain_text("Bescheid erlassen")
    steps("decision notice issued")
