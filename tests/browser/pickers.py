"""Choosing in an autocomplete picker (Flask-Admin's select2 ajax widget) as a user does:
open it, type part of the name, click the offered row."""

from playwright.sync_api import expect


def pick(page, field_id: str, typed: str, label: str) -> None:
    """Open the picker of form field `field_id`, type `typed`, choose the row `label`."""
    page.locator(f"#s2id_{field_id} a.select2-choice").click()
    search = page.locator(".select2-drop-active input.select2-input:visible")
    search.fill(typed)
    page.locator(".select2-drop-active:visible .select2-result-label", has_text=label).first.click()
    expect(page.locator(f"#s2id_{field_id} .select2-chosen")).to_have_text(label)
