"""An administrator sets up the second factor by QR code at the first login and logs in with
a code; a staff member switches to high contrast, dark and large text. axe-core checks every
page, the contrast themes included."""

import re

import pytest
from playwright.sync_api import expect

from seed.factories import make_participation, make_person, make_user
from tests.browser.test_person_flow import current_code, log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


def test_admin_sets_up_the_second_factor_and_logs_in_with_a_code(page, steps, project):
    admin = make_user(role="admin", username="chefin", password=PASSWORD)
    page.goto("/login")
    page.get_by_label("Benutzername").fill(admin.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()

    # Every page leads to the set-up until it is done; the menu is hidden meanwhile.
    expect(page).to_have_url(re.compile(r"/admin/account/second-factor/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("img", name="QR-Code für die Authenticator-App")).to_be_visible()
    expect(page.get_by_role("link", name="Personen")).to_have_count(0)
    steps("second factor set-up with QR code")

    main.get_by_label("Code", exact=True).fill("000000")
    main.get_by_role("button", name="Bestätigen").click()
    expect(main.locator(".invalid-feedback")).to_contain_text("falsch oder abgelaufen")
    steps("wrong code at set-up")

    main.get_by_label("Code", exact=True).fill(current_code(admin.username))
    main.get_by_role("button", name="Bestätigen").click()
    codes = main.locator(".recovery-codes li")
    expect(codes).to_have_count(10)
    steps("recovery codes shown once")

    main.get_by_role("link", name=re.compile("Codes aufbewahrt")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommen")
    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/login$"))

    page.get_by_label("Benutzername").fill(admin.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page).to_have_url(re.compile(r"/login/code$"))
    steps("code asked at login")
    page.get_by_label("Code", exact=True).fill(current_code(admin.username))
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommen")
    page.goto("/admin/account/")
    expect(page.get_by_role("main")).to_contain_text("10 unbenutzte Wiederherstellungscodes")
    steps("my account with second factor")

    # The helper other browser tests use passes the code step too (a second login within
    # 30 seconds needs the next step's code: a code works only once).
    page.get_by_role("button", name="Abmelden").click()
    log_in(page, steps, admin.username, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommen")


def test_staff_set_up_a_second_factor_of_their_own_after_the_password(page, steps, project):
    staff = make_user(role="staff_write", projects=[project], password=PASSWORD)
    log_in(page, steps, staff.username, PASSWORD)
    page.get_by_role("link", name=re.compile("Mein Konto")).click()
    section = page.get_by_role("region", name="Zweiter Faktor")
    section.get_by_label("Ihr Passwort").fill("falsch")
    section.get_by_role("button", name="Zweiten Faktor einrichten").click()
    section = page.get_by_role("region", name="Zweiter Faktor")
    expect(section.locator("#enrol-password-error")).to_have_text(
        "Das aktuelle Passwort ist falsch.")
    steps("wrong password before the set-up")

    section.get_by_label("Ihr Passwort").fill(PASSWORD)
    section.get_by_role("button", name="Zweiten Faktor einrichten").click()
    expect(page).to_have_url(re.compile(r"/admin/account/second-factor/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("img", name="QR-Code für die Authenticator-App")).to_be_visible()
    expect(main.get_by_role("link", name="Abbrechen")).to_be_visible()
    steps("voluntary set-up with QR code")
    main.get_by_label("Code", exact=True).fill(current_code(staff.username))
    main.get_by_role("button", name="Bestätigen").click()
    expect(main.locator(".recovery-codes li")).to_have_count(10)
    page.goto("/admin/account/")
    expect(page.get_by_role("main")).to_contain_text("10 unbenutzte Wiederherstellungscodes")
    steps("my account with the second factor set up")


@pytest.mark.parametrize(("size", "theme", "size_label", "theme_label"), [
    ("large", "high", "Große Schrift", "Hoher Kontrast"),
    ("larger", "dark", "Sehr große Schrift", "Dunkel"),
])
def test_font_size_and_contrast_are_saved_and_readable(page, steps, project, size, theme,
                                                       size_label, theme_label):
    staff = make_user(role="staff_write", projects=[project], password=PASSWORD)
    make_participation(make_person(project, last_name="Kontrastreich"), project)
    log_in(page, steps, staff.username, PASSWORD)
    page.get_by_role("link", name=re.compile("Mein Konto")).click()
    main = page.get_by_role("main")
    main.get_by_label("Schriftgröße").select_option(label=size_label)
    main.get_by_label("Kontrast").select_option(label=theme_label)
    main.get_by_role("button", name="Darstellung speichern").click()
    expect(page.locator("html")).to_have_class(f"font-{size} theme-{theme}")
    expect(page.locator(".alert-success")).to_contain_text("Darstellung wurde gespeichert")
    steps(f"my account in {theme} contrast")

    page.get_by_role("navigation").get_by_role("link", name="Personen").click()
    expect(page.locator("table.model-list")).to_contain_text("Kontrastreich")
    steps(f"person list in {theme} contrast")
    page.get_by_role("navigation").get_by_role("link", name="Teilnahmen").click()
    page.locator("table.model-list tbody tr").first.get_by_title("Eintrag ansehen").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kontrastreich")
    steps(f"participation page in {theme} contrast")

    # The setting belongs to the user: it is there again after the next login.
    page.get_by_role("button", name="Abmelden").click()
    log_in(page, steps, staff.username, PASSWORD)
    expect(page.locator("html")).to_have_class(f"font-{size} theme-{theme}")
