"""A staff member logs in, creates a person after searching, finds and audits it, logs out."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from seed.factories import make_person, make_user
from tests.browser.pickers import pick

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


def log_in(page, steps, username, password):
    """Log in as a user would; a second factor the role needs is entered (or first set up)
    with codes computed from the secret the server stored."""
    page.goto("/login")
    steps("login page")
    # The browser server checks CSRF tokens for real.
    expect(page.locator("form input[name=csrf_token]")).to_have_count(1)
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Anmelden").click()
    pass_second_factor(page, username)


def pass_second_factor(page, username):
    """Answer the second-factor step or the forced enrolment, if the server asks for one."""
    if re.search(r"/login/code$", page.url):
        page.get_by_label("Code", exact=True).fill(current_code(username))
        with page.expect_navigation():
            page.get_by_role("button", name="Anmelden").click()
    elif re.search(r"/admin/account/second-factor/$", page.url):
        page.get_by_role("main").get_by_label("Code", exact=True).fill(current_code(username))
        with page.expect_navigation():
            page.get_by_role("button", name="Bestätigen").click()
        with page.expect_navigation():
            page.get_by_role("link", name=re.compile("Codes aufbewahrt")).click()


def current_code(username):
    """A TOTP code the server will accept now: of this step, or the next when this one was
    used already (a second login within 30 seconds); for a third, the TOTP clock of the test
    (tests/browser/conftest.py) moves on to the step after, instead of waiting for it."""
    import pyotp

    from models import User
    from tests.browser.conftest import totp_clock

    user = User.get(User.username == username)
    totp = pyotp.TOTP(user.totp_secret)
    current = totp.timecode(dt.datetime.now())
    step = max(current, (user.totp_last_step or 0) + 1)
    # The server accepts the current step and its neighbours only.
    if step > current + 1:
        totp_clock.advance(step - current)
    return totp.generate_otp(step)


def test_staff_creates_finds_and_audits_a_person(page, steps, project):
    user = make_user(role="staff_write", projects=[project], password=PASSWORD)
    make_person(project, first_name="Anna", last_name="Huber")

    log_in(page, steps, user.username, PASSWORD)
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Willkommen")
    steps("home")

    page.get_by_role("navigation").get_by_role("link", name="Personen").click()
    expect(page).to_have_url(re.compile(r"/admin/person/$"))
    expect(page.locator("table.model-list")).to_contain_text("Huber")
    steps("person list")

    # Search before create: /new/ leads to the search page.
    page.goto("/admin/person/new/")
    expect(page).to_have_url(re.compile(r"/admin/person/find/$"))
    main = page.get_by_role("main")
    main.get_by_label("Nachname").fill("Stanišić")
    main.get_by_label("Vorname").fill("Mladen")
    main.get_by_label("Geburtsdatum").fill("03.04.1985")
    steps("find form filled")
    main.get_by_role("button", name="Suchen").click()
    expect(main).to_contain_text("Keine passende Person")
    steps("find results")

    main.get_by_role("link", name="Neue Person mit diesen Daten anlegen").click()
    expect(page).to_have_url(re.compile(r"/admin/person/new/\?"))
    main = page.get_by_role("main")
    # The search data arrive prefilled; type them again as a user would.
    main.get_by_label("Vorname").fill("Mladen")
    main.get_by_label("Nachname").fill("Stanišić")
    main.get_by_label("Geburtsdatum").fill("")
    main.get_by_label("Geburtsdatum").type("03.04.1985")
    choose_project(page, project.name)
    steps("create form filled")
    main.get_by_role("button", name="Speichern", exact=True).click()

    # A new person opens on its page (issue 15: no dead end before the participation).
    expect(page).to_have_url(re.compile(r"/admin/person/details/\?id=\d+"))
    expect(page.locator(".alert-success")).to_be_visible()
    steps("saved")

    # Search without diacritics.
    page.get_by_role("navigation").get_by_role("link", name="Personen").click()
    expect(page.locator("table.model-list tbody tr")).to_have_count(2)
    search = page.get_by_role("search").get_by_label("Suche")
    search.fill("stanisic")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"search=stanisic"))
    row = page.locator("table.model-list tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Stanišić")
    expect(row).to_contain_text("Mladen")
    expect(row).to_contain_text("03.04.1985")
    expect(row).to_contain_text(project.name)
    steps("search result")

    row.get_by_title("Verlauf").click()
    expect(page).to_have_url(re.compile(r"/admin/person/history/\?id=\d+"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Stanišić")
    entries = page.locator("main > .table-scroll > table > tbody > tr")
    expect(entries).to_have_count(1)
    expect(entries.first).to_contain_text("angelegt")
    expect(entries.first).to_contain_text(user.full_name)
    steps("history")

    page.get_by_role("button", name="Abmelden").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("button", name="Anmelden")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("abgemeldet")
    steps("logged out")


def choose_project(page, name):
    """Pick the project in its autocomplete by typing part of its name."""
    pick(page, "project", name[:5], name)


def test_wrong_password_names_neither_user_nor_password(page, steps, project):
    user = make_user(role="staff_write", projects=[project], password=PASSWORD)

    log_in(page, steps, user.username, "falsch-" + PASSWORD)
    expect(page).to_have_url(re.compile(r"/login"))
    alert = page.get_by_role("alert")
    expect(alert).to_have_text("Benutzername oder Passwort ist falsch.")
    steps("wrong password")
    wrong_password_page = page.get_by_role("main").inner_text()

    log_in(page, steps, "niemand-" + user.username, PASSWORD)
    expect(alert).to_have_text("Benutzername oder Passwort ist falsch.")
    steps("unknown user")
    # The page of an unknown user is the same as that of a wrong password.
    assert page.get_by_role("main").inner_text() == wrong_password_page
    expect(page.get_by_role("main")).not_to_contain_text(user.username)


def test_delete_a_person_from_the_list_with_its_row_button(page, steps, project):
    """One shared delete form per list (issue 16): the row's button asks, then deletes its
    own row and no other."""
    from models import Person

    user = make_user(role="admin", password=PASSWORD)
    kept = make_person(project, first_name="Berta", last_name="Bleibt")
    gone = make_person(project, first_name="Gustav", last_name="Geht")
    log_in(page, steps, user.username, PASSWORD)
    page.goto("/admin/person/")
    row = page.locator("table.model-list tbody tr", has_text="Geht")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=re.compile("löschen")).click()
    expect(page.locator("table.model-list")).not_to_contain_text("Geht")
    expect(page.locator("table.model-list")).to_contain_text("Bleibt")
    steps("person deleted from the list")
    assert [person.id for person in Person.select()] == [kept.id]
    assert gone.id != kept.id
