"""The statistics role reads non-personal data only: no page and no export it can open shows
a personal value of any person (DOMAIN K, 001 §1.1). Every GET page of every registered view
is scanned, with the ids of every row, plus searches, filters and the Excel exports."""

import io

import pytest
from openpyxl import load_workbook

from tests.conftest import login
from tests.views.test_role_matrix import model_views, rows_seen_by
from tests.views.world import NOTE, PERSONAL, PERSONAL_TEXTS


def personal_values(world) -> set[str]:
    """Every personal value of the world's person as a page could show it."""
    person = world["person"]
    values = {str(v) for k, v in PERSONAL.items() if k != "birth_date"}
    birth = PERSONAL["birth_date"]
    values |= {birth.strftime("%d.%m.%Y"), birth.isoformat(), person.svnr,
               f"{person.last_name}, {person.first_name}", "quaxenbruck", "zyprianella",
               NOTE, "Rückfrage zum Antrag", "Bitte rasch bearbeiten"}
    return values | set(PERSONAL_TEXTS.values())


def leaks(text: str, values, typed: str = "") -> list[str]:
    """The values found in `text`; a search term the user typed is echoed, not leaked."""
    text = text.lower().replace(typed.lower(), "") if typed else text.lower()
    return sorted(v for v in values if v and v.lower() in text)


def get_pages(app, world):
    """URLs of every GET page of every model view, for every row the admin sees."""
    admin = world["users"]["admin"]
    for endpoint, view in model_views(app):
        rows = rows_seen_by(app, view, admin, limit=20)
        for rule in app.url_map.iter_rules():
            if not rule.endpoint.startswith(f"{endpoint}.") or "GET" not in rule.methods:
                continue
            if rule.arguments:
                continue
            yield rule.rule
            for row in rows:
                yield f"{rule.rule}?id={row._pk}"
        yield f"/admin/{endpoint}/?search=Quax"
        yield f"/admin/{endpoint}/?search={PERSONAL['last_name']}"


@pytest.fixture
def statistics_client(client, document_store, world):
    login(client, world["users"]["statistics"])
    return client, world


def test_no_page_shows_a_personal_value(app, statistics_client):
    client, world = statistics_client
    values = personal_values(world)
    opened, found = set(), {}
    for url in get_pages(app, world):
        response = client.get(url)
        if response.status_code == 200:
            opened.add(url)
            typed = url.split("search=", 1)[1] if "search=" in url else ""
            hit = leaks(response.get_data(as_text=True), values, typed)
            if hit:
                found[url] = hit
    assert sorted(found.items()) == []
    assert len(opened) > 20  # the scan really opened pages
    # ... among them the page of every record whose sections show rows of other records.
    assert sorted(set(section_pages(world)) - opened) == []


def section_pages(world):
    """The details pages with sections (world['related']) of records statistics sees."""
    for (endpoint, pk), _related in world["related"].items():
        roles = next(roles for row, roles in world["sees"][endpoint] if row._pk == pk)
        if "statistics" in roles:
            yield f"/admin/{endpoint}/details/?id={pk}"


def test_the_pseudonym_is_shown_instead(statistics_client):
    client, world = statistics_client
    body = client.get("/admin/participation/").get_data(as_text=True)
    assert world["person"].pseudonym in body


def _filter_indices(app, endpoint, column):
    view = dict(model_views(app))[endpoint]
    return [i for i, f in enumerate(view._filters) if f.column.name == column]


def test_filters_on_personal_fields_are_ignored(app, statistics_client):
    """A filter by birth date would reveal it without showing it: it has no effect."""
    client, world = statistics_client
    pseudonym = world["person"].pseudonym
    for index in _filter_indices(app, "person", "birth_date"):
        body = client.get(f"/admin/person/?flt0_{index}=01.01.1900").get_data(as_text=True)
        assert pseudonym in body, index


def test_filters_on_other_fields_still_work(app, statistics_client):
    client, world = statistics_client
    index = _filter_indices(app, "person", "gender")[0]
    other = {"f": "m", "m": "f"}.get(world["person"].gender, "f")
    body = client.get(f"/admin/person/?flt0_{index}={other}").get_data(as_text=True)
    assert world["person"].pseudonym not in body


def test_the_person_list_offers_no_personal_filter_or_sort(statistics_client):
    client, _world = statistics_client
    body = client.get("/admin/person/").get_data(as_text=True)
    assert "Geburtsdatum" not in body
    assert "Sozialversicherungsnummer" not in body
    assert "Nachname" not in body


def test_no_export_contains_a_personal_value(app, statistics_client):
    client, world = statistics_client
    values = personal_values(world)
    found, exported = {}, 0
    for endpoint, _view in model_views(app):
        response = client.post(f"/admin/{endpoint}/export.xlsx")
        if response.status_code != 200:
            continue
        exported += 1
        sheet = load_workbook(io.BytesIO(response.data)).active
        cells = " | ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
        hit = leaks(cells, values)
        if hit:
            found[endpoint] = hit
    assert found == {}
    assert exported >= 5


@pytest.mark.parametrize("kind", ["requests", "hours"])
def test_no_data_export_of_statistics_contains_a_personal_value(app, statistics_client, kind):
    from models import DataExport
    from tests.models.exports.helpers import approved

    client, world = statistics_client
    approved(world["participation"])  # a valid request: the request export has a row
    assert client.post("/admin/exports/create/", data={"kind": kind, "scope": "npb"}) \
        .status_code == 302
    export = DataExport.select().order_by(DataExport.id.desc()).get()
    response = client.get(f"/admin/exports/{export.id}/download/")
    rows = list(load_workbook(io.BytesIO(response.data)).worksheets[0].iter_rows(
        values_only=True))
    assert world["person"].pseudonym in {str(row[0]) for row in rows[1:]}
    cells = " | ".join(str(c) for row in rows for c in row)
    assert leaks(cells, personal_values(world)) == []
    assert leaks(client.get("/admin/exports/").get_data(as_text=True),
                 personal_values(world)) == []


def test_the_scan_would_see_a_leak(app, client, document_store, world):
    """The same scan as the staff role, who may see names, finds them (the test can fail)."""
    login(client, world["users"]["staff_write"])
    body = client.get(f"/admin/person/details/?id={world['person'].id}").get_data(as_text=True)
    assert "Quaxenbrück" in leaks(body, personal_values(world))


def test_ajax_lookups_neither_search_nor_show_names(app, document_store, world):
    from flask_login import login_user

    from models import Person
    from views.core.queries import ScopedAjaxLoader

    loader = ScopedAjaxLoader("person", Person, fields=["last_name", "pseudonym"])
    with app.test_request_context("/"):
        login_user(world["users"]["statistics"])
        assert loader.get_list("Quax") == []
        found = loader.get_list(world["person"].pseudonym[:4])
        assert [loader.format(p)[1] for p in found] == [world["person"].pseudonym]
    with app.test_request_context("/"):
        login_user(world["users"]["admin"])
        assert "Quaxenbrück" in loader.format(loader.get_list("Quax")[0])[1]


def test_the_scan_reaches_every_personal_field_of_the_world(app, client, document_store, world):
    """Run as the staff role, the page scan finds each personal text of the world somewhere:
    notes of hours, care cases and activities, names and notes of documents, disabilities.
    So the scan of the statistics role looks where they would leak."""
    login(client, world["users"]["staff_write"])
    seen = set()
    for url in get_pages(app, world):
        response = client.get(url)
        if response.status_code == 200:
            seen |= set(leaks(response.get_data(as_text=True), PERSONAL_TEXTS.values()))
    assert sorted(set(PERSONAL_TEXTS.values()) - seen) == []


def test_the_bih_statistics_file_holds_numbers_and_no_personal_value(statistics_client):
    """The yearly statistics of commissions (004 §1.2): funding bodies, characteristics and
    numbers only, whatever the commissions' persons, contacts and report texts."""
    client, world = statistics_client
    response = client.get("/admin/commission/statistics/?year=2026&download=1")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    cells = " | ".join(str(c) for row in rows for c in row)
    assert leaks(cells, personal_values(world)) == []
    assert sum(row[3] for row in rows[2:] if row[1] == "Aufträge im Jahr") == 3
