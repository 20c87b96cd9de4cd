"""The autocomplete pickers in a real browser (issue 15): a caseworker finds the person of a
new participation by typing the name as a keyboard without umlauts gives it, at 1280 and 390
px, axe-clean with the list of offers open."""

import re

import pytest
from playwright.sync_api import expect

from models import Participation
from seed.factories import make_person, make_project, make_user
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


@pytest.mark.parametrize("width", [1280, 390])
def test_a_person_is_picked_by_typing(page, steps, project, width):
    user = make_user(role="staff_write", projects=[project], password=PASSWORD)
    mine = make_person(project, first_name="Jürgen", last_name="Müller")
    make_person(make_project(), first_name="Jörg", last_name="Müller")
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, steps, user.username, PASSWORD)

    page.goto("/admin/participation/new/")
    page.locator("#s2id_person a.select2-choice").click()
    page.locator(".select2-drop-active input.select2-input:visible").fill("MUELLER")
    offers = page.locator(".select2-drop-active:visible .select2-result-label")
    # Only the Müller of the user's project: the other one is out of scope.
    expect(offers).to_have_text(["Müller, Jürgen"])
    steps("person offered")
    offers.first.click()
    expect(page.locator("#s2id_person .select2-chosen")).to_have_text("Müller, Jürgen")
    expect(page.locator("input[name=person]")).to_have_value(str(mine.id))

    page.locator("#s2id_project a.select2-choice").click()
    page.locator(".select2-drop-active input.select2-input:visible").fill(project.name[:4].upper())
    page.locator(".select2-drop-active:visible .select2-result-label", has_text=project.name).click()
    main = page.get_by_role("main")
    main.get_by_role("group", name="Rechtsgrundlage").get_by_label(
        "Leistungsberechtigt nach bundesgesetzlichen Vorschriften").check()
    main.locator("select[name=with_findings]").select_option(label="nein")
    main.locator("select[name=without_findings]").select_option(label="nein")
    steps("participation form filled")
    main.get_by_role("button", name="Speichern", exact=True).click()

    participation = Participation.get(Participation.person == mine)
    expect(page).to_have_url(
        re.compile(rf"/admin/participation/details/\?id={participation.id}$"))
    steps("participation saved")
