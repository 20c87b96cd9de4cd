"""The German catalogue is complete, current, and no English reaches a page."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from models import Person
from models.core.access import may_write
from seed.factories import make_funding_body, make_person, make_project
from tests.conftest import login
from tests.views.test_role_matrix import expected, model_views
from tests.views.world import ROLES

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


# One pass over the page for all the words (a search per word took a fifth of the page walk).
ENGLISH_WORDS = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(w) for w in sorted(ENGLISH, key=len, reverse=True))
    + r")(?![\w-])")


def _english_words(html):
    return sorted(set(ENGLISH_WORDS.findall(_visible_text(html))))


def _views(app):
    return dict(model_views(app))


def _pages(app, world, role):
    """(path, must open) of every page `role` may open, with the world's real rows: lists,
    forms, and the details, edit and history page of every row the role sees."""
    user = world["users"][role]
    yield "/admin/", True
    yield "/admin/account/", True
    for endpoint, view in _views(app).items():
        rules = expected(view, user)
        if not rules["read"]:
            continue
        yield f"/admin/{endpoint}/", True
        yield f"/admin/{endpoint}/layout/", True
        if rules["create"]:
            yield f"/admin/{endpoint}/new/?checked=1", True
        if rules["actions"].get("bulk_edit"):
            yield f"/admin/{endpoint}/bulk-edit/", True
        for row, roles in world["sees"].get(endpoint, []):
            if role not in roles:
                continue
            if view.can_view_details:
                yield f"/admin/{endpoint}/details/?id={row._pk}", True
            if rules["edit"]:
                yield f"/admin/{endpoint}/edit/?id={row._pk}", True
            if view.model.history_relation and endpoint != "message":
                yield f"/admin/{endpoint}/history/?id={row._pk}", True
    for key in ("new", "rework", "running", "ended", "rejected", "all"):
        yield f"/admin/request/?list={key}", True
    yield "/admin/person/find/", may_write(user, Person)
    yield "/admin/exports/?kind=hours", True
    yield "/admin/care_case/proof/", False


@pytest.mark.parametrize("role", ROLES)
def test_no_english_on_any_page_of_any_role(app, client, document_store, world, role):
    """Every page a role opens, with real rows (a row it must see answers neither 403 nor 404),
    and the pages a refusal leads to, show German only."""
    login(client, world["users"][role])
    leftovers, refused, opened = {}, [], 0
    for path, must_open in _pages(app, world, role):
        response = client.get(path, follow_redirects=True)
        if response.status_code in (403, 404):
            if must_open:
                refused.append(f"{path}: {response.status_code}")
            continue
        assert response.status_code == 200, path
        opened += 1
        words = _english_words(response.get_data(as_text=True))
        if words:
            leftovers[path] = words
    assert refused == []
    assert leftovers == {}
    assert opened > 40


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



def _lookup_without_msgid(node) -> bool:
    """`labels.get(code, fallback)` unless the fallback is a msgid of its own."""
    import ast

    if not (isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "get"):
        return False
    fallback = node.args[1] if len(node.args) > 1 else None
    return not (isinstance(fallback, ast.Constant) and isinstance(fallback.value, str)
                and fallback.value)


def _computed_lookups():
    """gettext calls whose msgid is looked up with a fallback (`LABELS.get(code, code)`,
    `code or ''`): an empty code would translate '' into the catalogue's header."""
    import ast

    names = {"gettext", "_", "lazy_gettext", "_l", "ngettext"}
    for path in sorted(p for folder in ("admin_app", "models", "views")
                       for p in (ROOT / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name not in names:
                continue
            risky = any(isinstance(part, ast.BoolOp | ast.IfExp) or _lookup_without_msgid(part)
                        for part in ast.walk(node.args[0]))
            if risky:
                yield f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}"


def test_looked_up_msgids_go_through_the_guard():
    """Codes from data are labelled with views.formatting.label_of / translated, which never
    translate an empty msgid."""
    assert list(_computed_lookups()) == []
