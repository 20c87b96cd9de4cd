"""A staff member creates an API token in 'Mein Konto' (shown once), uses it, revokes it, and
opens the API reference (rendered on the server, no script). axe-core and the CSP check every
page."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from seed.factories import make_user
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


def test_staff_create_use_and_revoke_a_token(page, steps, project):
    user = make_user(role="staff_write", username="schnittstelle", password=PASSWORD,
                     projects=[project])
    log_in(page, steps, user.username, PASSWORD)
    page.goto("/admin/account/#tokens")
    section = page.locator("section", has=page.get_by_role("heading", name="API-Tokens"))
    section.get_by_label("Name des Tokens").fill("Zeiterfassung")
    section.get_by_label("schreiben").check()
    valid = (dt.date.today() + dt.timedelta(days=90)).strftime("%d.%m.%Y")
    section.get_by_label("Gültig bis").fill(valid)
    section.get_by_label("Ihr Passwort").fill(PASSWORD)
    steps("new token form")
    section.get_by_role("button", name="Token erstellen").click()
    secret = page.locator("code.api-token-secret").inner_text()
    assert secret.startswith("fk_")
    steps("token shown once")

    answer = page.request.get("/api/v1/persons", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200
    page.get_by_role("link", name=re.compile("Token gesichert")).click()
    expect(page.get_by_role("main")).not_to_contain_text(secret)
    page.get_by_role("button", name="Widerrufen").click()
    expect(page.get_by_role("main")).to_contain_text("widerrufen")
    steps("token revoked")
    answer = page.request.get("/api/v1/persons", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 401


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844)])
def test_the_api_reference_opens_without_a_cdn(page, steps, width, height):
    """The reference loads from this site only, passes axe-core and breaks no CSP rule, on a
    desktop and a phone."""
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.set_viewport_size({"width": width, "height": height})
    page.goto("/api/v1/docs")
    expect(page.get_by_role("heading", name="Fallakte-API – Referenz")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("offene Schnittstelle")
    expect(page.get_by_role("heading", name="GET /api/v1/persons", exact=True)).to_be_visible()
    expect(page.get_by_text("Personen suchen")).to_be_visible()
    steps("api reference")
    # Tables reflow: the page never scrolls sideways, on a phone neither.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("navigation").get_by_role("link", name="Schemata").click()
    expect(page.get_by_role("heading", name="Schemata")).to_be_in_viewport()
    steps("schemas")
    origin = page.url.split("/api/")[0]
    assert all(url.startswith(origin) for url in requested), requested
