"""Small screens and wide tables (issue 15): at 390 px no page scrolls sideways, wide tables
scroll in their own box with the first column in view, the menu sits behind its toggle; at
1280 px the menu of the role with the most entries fits on one line."""

import pytest
from playwright.sync_api import expect

from seed.factories import make_participation, make_request, make_user
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"
PHONE, LAPTOP = 390, 1280


def pages_of(participation, request):
    """The start page, a list, a details page and a form."""
    return [("start", "/admin/"), ("list", "/admin/request/"),
            ("details", f"/admin/participation/details/?id={participation.id}"),
            ("form", f"/admin/request/edit/?id={request.id}")]


@pytest.fixture
def staff_case(page, steps, project):
    user = make_user(role="staff_write", projects=[project], password=PASSWORD)
    participation = make_participation(project=project)
    request = make_request(participation=participation)
    log_in(page, steps, user.username, PASSWORD)
    return participation, request


def page_width_overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.mark.parametrize("width", [PHONE, LAPTOP])
def test_pages_fit_the_window(page, steps, staff_case, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, url in pages_of(*staff_case):
        page.goto(url)
        steps(f"{name} at {width}")
        assert page_width_overflow(page) <= 0, f"{name} ({url}) scrolls sideways at {width} px"


def test_wide_table_scrolls_in_its_own_box_with_the_first_column_kept(page, steps, staff_case):
    participation, _request = staff_case
    page.set_viewport_size({"width": PHONE, "height": 900})
    page.goto(f"/admin/participation/details/?id={participation.id}")
    box = page.get_by_role("region", name="Anträge").locator(".table-scroll")
    expect(box).to_have_attribute("tabindex", "0")
    assert box.evaluate("box => box.scrollWidth > box.clientWidth")
    first_cell = box.locator("tbody tr td").first
    assert first_cell.evaluate("cell => getComputedStyle(cell).position") == "sticky"
    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    # Scrolled to the end, the first column is still at the left edge of the box.
    assert abs(first_cell.evaluate(
        "cell => cell.getBoundingClientRect().left - cell.closest('.table-scroll')"
        ".getBoundingClientRect().left")) < 1
    steps("table scrolled")


def test_menu_collapses_behind_its_toggle_on_a_phone(page, steps, staff_case):
    page.set_viewport_size({"width": PHONE, "height": 900})
    page.goto("/admin/")
    menu = page.get_by_role("navigation")
    persons = menu.get_by_role("link", name="Personen", exact=True)
    expect(persons).to_be_hidden()
    toggle = menu.get_by_role("button", name="Navigation ein-/ausblenden")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.click()
    expect(persons).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    steps("menu open on a phone")
    persons.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Personen")


@pytest.mark.parametrize("role", ["admin", "staff_write", "clerk"])
def test_menu_fits_on_one_line_at_1280(page, steps, project, role):
    projects = [] if role == "clerk" else [project]
    user = make_user(role=role, projects=projects, password=PASSWORD)
    log_in(page, steps, user.username, PASSWORD)
    page.goto("/admin/")
    tops = page.evaluate("Array.from(document.querySelectorAll("
                         "'#admin-navbar-collapse > ul.navbar-nav > li'))"
                         ".map(item => Math.round(item.getBoundingClientRect().top))")
    assert len(tops) > 3
    assert len(set(tops)) == 1, f"menu entries on several lines: {tops}"
    assert page_width_overflow(page) <= 0
    steps(f"menu of {role} at 1280")
