"""The German catalogue is complete, current, and no English reaches a page."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from seed.factories import make_funding_body, make_person, make_project, make_user
from tests.conftest import login

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "translations" / "de" / "LC_MESSAGES" / "messages.po"


def _catalogue():
    with PO.open("rb") as handle:
        return read_po(handle, locale="de")


def _untranslated(message):
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not all(strings)


def test_every_entry_is_translated_and_not_fuzzy():
    bad = [m.id for m in _catalogue() if m.id and (_untranslated(m) or m.fuzzy)]
    assert bad == []


def test_catalogue_is_not_stale(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "lazy_gettext", "-k", "_l", "-o", str(pot), "--omit-header", "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as handle:
        extracted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    known = {m.id if isinstance(m.id, str) else m.id[0] for m in _catalogue() if m.id}
    assert sorted(extracted - known) == []


# Words that mean an English msgid slipped through (Flask-Admin or ours), as whole words.
ENGLISH = ["Save", "Delete", "List", "Create", "Edit", "Search", "Home", "Log out",
           "Cancel", "Add Filter", "Actions", "With selected", "Yes", "No",
           "Record", "Please", "required", "Not a valid", "Invalid", "History", "Submit",
           "Apply", "Back", "Page", "Previous", "Next", "Select", "Choose", "True", "False",
           "None", "unknown", "female", "male", "Toggle", "Skip", "Failed", "items", "item"]
TAGS = re.compile(r"<script.*?</script>|<style.*?</style>|<[^>]+>", re.S)


ATTRIBUTES = re.compile(r'(?:title|placeholder|aria-label|alt|data-original-title)="([^"]*)"')


def _visible_text(html: str) -> str:
    """Text nodes plus the attributes a user (or a screen reader) is shown."""
    without_code = re.sub(r"<script.*?</script>|<style.*?</style>", " ", html, flags=re.S)
    return TAGS.sub(" ", without_code) + " " + " ".join(ATTRIBUTES.findall(without_code))


def _english_words(html):
    text = _visible_text(html)
    return sorted({w for w in ENGLISH if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)})


def _pages(app):
    with app.test_request_context():
        admin = app.extensions["admin"][0]
        views = [v for v in admin._views if hasattr(v, "model")]
    for view in views:
        yield f"/admin/{view.endpoint}/"
        yield f"/admin/{view.endpoint}/new/?checked=1"
        yield f"/admin/{view.endpoint}/edit/?id=1"
        yield f"/admin/{view.endpoint}/details/?id=1"
    yield "/admin/"
    yield "/admin/person/find/"
    yield "/admin/person/history/?id=1"


def test_no_english_on_any_page(app, client, project):
    admin = make_user(role="admin", projects=[project])
    make_person(project)
    login(client, admin)
    leftovers = {}
    for path in _pages(app):
        response = client.get(path)
        if response.status_code in (302, 403, 404):
            continue
        assert response.status_code == 200, path
        words = _english_words(response.get_data(as_text=True))
        if words:
            leftovers[path] = words
    assert leftovers == {}


def test_invalid_form_messages_are_german(client, admin, project):
    login(client, admin)
    body = client.post("/admin/person/new/?checked=1",
                       data={"project": "999", "nationality": "ZZ", "gender": "q"}) \
        .get_data(as_text=True)
    assert _english_words(body) == []


@pytest.mark.parametrize("path", ["/login", "/admin/gibt-es-nicht/"])
def test_pages_without_view_are_german(client, admin, path):
    if path != "/login":
        login(client, admin)
    assert _english_words(client.get(path).get_data(as_text=True)) == []


def test_filters_on_related_models_are_labelled_in_german(client, admin):
    make_person(make_project())
    make_funding_body()
    login(client, admin)
    for path in ("/admin/request/", "/admin/approval_period/"):
        body = client.get(path).get_data(as_text=True)
        groups = json.loads(re.search(r'id="filter-groups-data" class="d-none">(.*?)</div>',
                                      body, re.S).group(1))
        assert {"Projekt", "Kostenträger"} <= set(groups), path
        assert not any("Project" in label or " / " in label for label in groups), path
