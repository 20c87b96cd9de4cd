"""Bad input and attacks are harmless: script in text fields, SQL metacharacters in search and
filters, open redirects, missing CSRF tokens on every form, no inline script on any page."""

import io
import re

import pytest
from openpyxl import load_workbook

from admin_app import create_app
from models import HistoryEntry, Person, User
from models.core.records import update_record
from seed.factories import NOW, make_participation, make_person, make_user
from tests.conftest import login
from tests.views.test_role_matrix import model_views, rows_seen_by

SCRIPT = "<script>alert(1)</script>"
IMAGE = '"><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile_person(project, staff):
    person = make_person(project, first_name=SCRIPT, last_name=IMAGE, city=SCRIPT)
    old = dict(person.__data__)
    person.street = IMAGE
    update_record(person, old, staff, NOW)
    make_participation(person, project, note=SCRIPT)
    return person


@pytest.mark.parametrize("page", ["/admin/person/", "/admin/person/details/?id={id}",
                                  "/admin/person/history/?id={id}", "/admin/participation/",
                                  "/admin/person/?search=%3Cscript"])
def test_script_in_names_shows_as_text(client, staff, hostile_person, page):
    login(client, staff)
    body = client.get(page.format(id=hostile_person.id)).get_data(as_text=True)
    assert SCRIPT not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;" in body or "&lt;img" in body or "&#34;&gt;&lt;img" in body


def test_script_in_names_stays_text_in_the_export(client, staff, hostile_person):
    login(client, staff)
    sheet = load_workbook(io.BytesIO(client.post("/admin/person/export.xlsx").data)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert SCRIPT in values
    assert IMAGE in values


@pytest.mark.parametrize("term", ["' OR 1=1 --", "%", "_", "\\", "'; DROP TABLE person; --",
                                  "Robert'); DELETE FROM \"user\";--", "%' UNION SELECT 1 --"])
@pytest.mark.parametrize("path", ["/admin/person/", "/admin/project/", "/admin/user/",
                                  "/admin/history/"])
def test_sql_metacharacters_in_search_are_plain_text(client, admin, project, term, path):
    make_person(project, last_name="Huber")
    login(client, admin)
    response = client.get(path, query_string={"search": term})
    assert response.status_code == 200
    assert Person.select().count() == 1 and User.select().count() == 1
    if path == "/admin/person/" and term in ("%", "_"):
        assert "Huber" not in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["' OR 1=1 --", "%", "1; DROP TABLE person", "\\'"])
def test_sql_metacharacters_in_filters_are_plain_text(app, client, admin, project, value):
    make_person(project, last_name="Huber", postcode="1010")
    login(client, admin)
    view = dict(model_views(app))["person"]
    for index in range(len(view._filters)):
        response = client.get("/admin/person/", query_string={f"flt0_{index}": value})
        assert response.status_code == 200, index
    assert Person.select().count() == 1


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                    "javascript:alert(1)", "/\t/evil.example", "\\\\evil.example",
                                    "https:/evil.example"])
def test_next_never_leads_off_the_site(client, project, target):
    make_user(username="sabine", password="Richtig-2026!")
    response = client.post("/login", query_string={"next": target},
                           data={"username": "sabine", "password": "Richtig-2026!"})
    location = response.headers["Location"]
    assert location in ("/admin/", "http://localhost/admin/"), location


# -- CSRF: every form of every view without a token changes nothing --------------------------

@pytest.fixture(scope="module")
def csrf_app(app):
    return create_app({"DATABASE_URL": app.config["DATABASE_URL"], "SECRET_KEY": "csrf",
                       "TESTING": True, "WTF_CSRF_ENABLED": True})


def _posts(app, world):
    """(name, url, data) for every POST a user can send: each action of each view, delete,
    edit, create, export, layout, and the account forms."""
    admin = world["users"]["admin"]
    for endpoint, view in model_views(app):
        rows = rows_seen_by(app, view, admin, limit=1)
        pk = rows[0]._pk if rows else 1
        for name, _label in view._actions:
            yield f"{endpoint} action {name}", f"/admin/{endpoint}/action/", \
                {"action": name, "rowid": [pk]}
        yield f"{endpoint} delete", f"/admin/{endpoint}/delete/", {"id": pk}
        yield f"{endpoint} edit", f"/admin/{endpoint}/edit/?id={pk}", {}
        yield f"{endpoint} create", f"/admin/{endpoint}/new/?checked=1", {}
        yield f"{endpoint} layout", f"/admin/{endpoint}/layout/", {"reset": "1"}
        yield f"{endpoint} keep sort", f"/admin/{endpoint}/layout/save/?sort=1", {}
    for path, data in [("display/", {"font_size": "large", "theme": "dark"}),
                       ("password/", {"current": "x", "new": "Neu-2026-Pass!",
                                      "repeat": "Neu-2026-Pass!"}),
                       ("delegations/", {"grantee": "1"}), ("layouts/reset/", {}),
                       ("second-factor/off/", {"password": "x"}),
                       ("second-factor/start/", {"password": "Geheim-2026!"})]:
        yield f"account {path}", f"/admin/account/{path}", data
    yield "logout", "/logout", {}


def _state():
    return (HistoryEntry.select().count(),
            [u.__data__ for u in User.select().order_by(User.id)],
            Person.select().count())


def test_no_post_without_csrf_token_changes_anything(app, csrf_app, world):
    client = login(csrf_app.test_client(), world["users"]["admin"])
    refused, changed = 0, []
    for name, url, data in _posts(app, world):
        before = _state()
        response = client.post(url, data=data)
        if response.status_code == 303:
            refused += 1
        if _state() != before:
            changed.append(name)
    assert changed == []
    assert refused > 50


def test_the_same_posts_with_a_token_do_work(app, csrf_app, world):
    """Guards the test above: with a valid token the display form does save."""
    client = login(csrf_app.test_client(), world["users"]["admin"])
    page = client.get("/admin/account/").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    client.post("/admin/account/display/", data={"font_size": "large", "theme": "dark",
                                                 "csrf_token": token})
    assert User.get_by_id(world["users"]["admin"].id).theme == "dark"


# -- no inline script on any page (the CSP forbids it) -----------------------------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
# Flask-Admin's menu toggles carry href="javascript:void(0)"; Bootstrap and static/fallakte.js
# cancel the click, so it never runs. Any other javascript: URL would.
SCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']\s*javascript:(?!void\(0\)["'])""",
                        re.I)


def test_no_page_carries_inline_script(app, client, world):
    login(client, world["users"]["admin"])
    pages = ["/admin/", "/admin/account/", "/admin/account/second-factor/", "/login"]
    for endpoint, view in model_views(app):
        rows = rows_seen_by(app, view, world["users"]["admin"], limit=1)
        pages += [f"/admin/{endpoint}/", f"/admin/{endpoint}/new/?checked=1",
                  f"/admin/{endpoint}/layout/"]
        if rows:
            pages += [f"/admin/{endpoint}/edit/?id={rows[0]._pk}",
                      f"/admin/{endpoint}/details/?id={rows[0]._pk}"]
    found = {}
    for page in pages:
        response = client.get(page)
        if response.status_code != 200:
            continue
        body = response.get_data(as_text=True)
        hits = INLINE_SCRIPT.findall(body) + INLINE_HANDLER.findall(body) + \
            SCRIPT_URL.findall(body)
        if hits:
            found[page] = hits[:3]
    assert found == {}
