"""A caseworker creates a person, its participation and a request without a dead end
(issue 15): each save opens the new record's page, whose button starts the next step.

Clicks from the filled person form to the saved request: 7 before (each save led back to its
list, where the new row's page had to be opened), 5 now."""

import re

import pytest
from playwright.sync_api import expect

from models import AssistanceRequest, Participation, Person
from seed.factories import make_funding_body, make_user
from tests.browser.pickers import pick
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


class Clicks:
    """Clicks on links and buttons that lead to the next page, counted (typing, choosing
    and ticking in a form are not)."""

    def __init__(self):
        self.count = 0

    def __call__(self, locator):
        locator.click()
        self.count += 1


@pytest.mark.parametrize("width", [1280, 390])
def test_person_participation_request_without_dead_end(page, steps, project, width):
    body = make_funding_body("Integrationsamt Testhausen")
    user = make_user(role="staff_write", projects=[project], password=PASSWORD)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, steps, user.username, PASSWORD)
    click = Clicks()

    page.goto("/admin/person/new/?checked=1")
    main = page.get_by_role("main")
    # The form says up front what a participation will need, next to the fields.
    expect(main).to_contain_text("Nötig, bevor eine Teilnahme angelegt wird")
    pick(page, "project", project.name[:5], project.name)
    main.get_by_label("Vorname").fill("Lea")
    main.get_by_label("Nachname").fill("Ohneumweg")
    main.get_by_label("Geburtsdatum").fill("03.04.1985")
    main.get_by_label("Aktenzeichen").fill("LWL-4711")
    steps("person form filled")
    click(main.get_by_role("button", name="Speichern", exact=True))

    person = Person.get(Person.last_name == "Ohneumweg")
    expect(page).to_have_url(re.compile(rf"/admin/person/details/\?id={person.id}$"))
    steps("person page")
    click(page.get_by_role("main").get_by_role("link", name="Teilnahme anlegen"))

    main = page.get_by_role("main")
    expect(main.locator("input[name=person]")).to_have_value(str(person.id))
    pick(page, "project", project.name[:5], project.name)
    main.get_by_role("group", name="Rechtsgrundlage").get_by_label(
        "Leistungsberechtigt nach bundesgesetzlichen Vorschriften").check()
    main.locator("select[name=with_findings]").select_option(label="nein")
    main.locator("select[name=without_findings]").select_option(label="nein")
    steps("participation form filled")
    click(main.get_by_role("button", name="Speichern", exact=True))

    participation = Participation.get(Participation.person == person)
    expect(page).to_have_url(
        re.compile(rf"/admin/participation/details/\?id={participation.id}$"))
    expect(page.get_by_role("main")).to_contain_text("Die Förderbedarfsdaten sind vollständig.")
    steps("participation page")
    click(page.get_by_role("main").get_by_role("link", name="Antrag anlegen"))

    main = page.get_by_role("main")
    pick(page, "funding_body", "testhau", body.name)
    main.get_by_label("Startdatum Bewilligung").fill("01.06.2024")
    main.get_by_label("Stunden pro Woche").fill("10")
    steps("request form filled")
    click(main.get_by_role("button", name="Speichern", exact=True))
    expect(page.locator(".alert-success").first).to_be_visible()
    steps("request saved")

    assert AssistanceRequest.get().participation_id == participation.id
    assert click.count == 5
