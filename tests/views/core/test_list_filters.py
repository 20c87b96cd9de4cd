"""Every visible column of every list can be filtered, by value and by "defined / not defined"
where it can be empty; choices are picked by their German label, related records from those
the user may see; the list says how many filters are active and clears them at once (DOMAIN
K, 001 §7.2; issue 10, items 9 and 17). The views come from the running admin, so a column
added later without a filter fails here."""

import datetime as dt
import json
import re
from decimal import Decimal

import pytest
from flask_admin.contrib.peewee.filters import FilterEmpty
from flask_babel import force_locale
from flask_login import login_user

from models.requests.models import Status
from seed.factories import (
    make_delivered_hours,
    make_funding_body,
    make_participation,
    make_person,
    make_project,
    make_request,
    make_user,
)
from tests.conftest import login
from tests.views.test_role_matrix import ENDPOINTS, model_views
from tests.views.world import make_world

GROUPS = re.compile(r'<div id="filter-groups-data" class="d-none">(.*?)</div>', re.S)


def filter_groups(client, url):
    """{label: [filter items]} as the list page offers them to the browser."""
    body = client.get(url).get_data(as_text=True)
    found = GROUPS.search(body)
    return json.loads(found.group(1)) if found else {}


def offered_columns(app, view, user):
    """(visible list columns, {column: operations offered}) for `user`."""
    with app.test_request_context("/"):
        login_user(user)
        columns = [name for name, _label in view._list_columns]
        offered: dict = {}
        for items in (view._get_filter_groups() or {}).values():
            for item in items:
                flt = view._filters[item["index"]]
                offered.setdefault(getattr(flt, "list_column", None), []).append(flt)
    return columns, offered


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_visible_column_has_a_filter(app, document_store, endpoint):
    world = make_world()
    view = dict(model_views(app))[endpoint]
    columns, offered = offered_columns(app, view, world["users"]["admin"])
    assert [name for name in columns if name not in offered] == []


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_columns_that_can_be_empty_filter_by_defined_or_not(app, document_store, endpoint):
    world = make_world()
    view = dict(model_views(app))[endpoint]
    columns, offered = offered_columns(app, view, world["users"]["admin"])
    missing = []
    for name in columns:
        field = view.model._meta.fields.get(name)
        source = view.column_filter_sources.get(name)
        computed = field is None and isinstance(source, str) and source in (
            "number", "date", "text", "options")
        can_be_empty = (field is not None and field.null) or computed
        if can_be_empty and not any(isinstance(flt, FilterEmpty)
                                    for flt in offered.get(name, [])):
            missing.append(name)
    assert missing == []


def test_the_statistics_role_gets_no_filter_on_a_personal_column(app, document_store):
    world = make_world()
    user = world["users"]["statistics"]
    for endpoint, view in model_views(app):
        _columns, offered = offered_columns(app, view, user)
        # A filter on what is not personal about a personal field (the birth year of the
        # birth date) says so with `non_personal`.
        personal = [flt for flts in offered.values() for flt in flts
                    if not getattr(flt, "non_personal", False)
                    and getattr(flt.column, "name", None)
                    in getattr(flt.column.model, "personal_fields", ())]
        assert personal == [], endpoint


def test_a_new_column_without_a_filter_would_be_found(app, document_store):
    """Guards the walk above: a column the base view cannot derive a filter for is missing."""
    world = make_world()
    view = dict(model_views(app))["person"]
    with app.test_request_context("/"):
        login_user(world["users"]["admin"])
        assert view.column_filters_for("no_such_column") == []


# -- choices by their German label (item 9) --------------------------------------------------

def _requests_for_studies(setting, count=2):
    for _ in range(count):
        make_request(setting["participation"], setting["body"], reason="studies",
                     status=Status.SUBMITTED)
    make_request(setting["participation"], setting["body"], reason="job_search",
                 status=Status.SUBMITTED)


def test_a_choice_filter_offers_the_german_labels(client, setting):
    login(client, setting["staff"])
    groups = filter_groups(client, "/admin/request/")
    reason = groups["Betreuungsanlass"] if "Betreuungsanlass" in groups else next(
        items for label, items in groups.items() if "Anlass" in label or "Grund" in label)
    options = dict(reason[0]["options"])
    assert options["studies"] == "Studium"
    assert "studies" not in options.values()


def test_the_german_label_finds_the_rows(app, client, setting):
    _requests_for_studies(setting)
    login(client, setting["staff"])
    groups = filter_groups(client, "/admin/request/")
    item = next(item for items in groups.values() for item in items
                if item["options"] and ["studies", "Studium"] in item["options"]
                and item["operation"] == "gleich")
    body = client.get("/admin/request/", query_string={f"flt0_{item['arg']}": "studies"}) \
        .get_data(as_text=True)
    assert len(re.findall(r'col-reason">\s*Studium\s*<', body)) == 2


def test_no_choice_filter_compares_typed_text_with_codes(app, client, setting):
    login(client, setting["staff"])
    groups = filter_groups(client, "/admin/request/")
    for label in ("Status", "Betreuungsanlass"):
        for item in groups.get(label, []):
            assert item["options"], (label, item["operation"])


# -- related records picked from those in scope (item 9) -------------------------------------

def _options(client, url, label):
    groups = filter_groups(client, url)
    return {text for item in groups.get(label, []) for _value, text in item["options"] or []}


def test_related_filters_offer_only_records_in_scope(client, project, other_project):
    staff = make_user(role="staff_write", projects=[project])
    make_participation(make_person(project), project)
    login(client, staff)
    projects = _options(client, "/admin/participation/", "Projekt")
    assert project.name in projects
    assert other_project.name not in projects


def test_options_are_computed_per_request_not_per_class(client, project, other_project):
    own = make_user(role="staff_write", projects=[project])
    other = make_user(role="staff_write", projects=[other_project])
    login(client, own)
    first = _options(client, "/admin/person/", "Projekt")
    login(client, other)
    second = _options(client, "/admin/person/", "Projekt")
    assert first == {project.name}
    assert second == {other_project.name}


def test_a_clerk_picks_only_their_own_funding_body(client, setting):
    make_request(setting["participation"], setting["body"], status=Status.SUBMITTED)
    make_funding_body(name="Fremder Kostenträger")
    login(client, setting["clerk"])
    bodies = _options(client, "/admin/request/", "Kostenträger")
    assert bodies == {setting["body"].name}


def test_a_picked_project_filters_the_list(app, client, admin):
    first, second = make_project(name="Projekt Nord"), make_project(name="Projekt Süd")
    make_person(first, last_name="Nordmann")
    make_person(second, last_name="Südmann")
    login(client, admin)
    groups = filter_groups(client, "/admin/person/")
    item = next(i for i in groups["Projekt"] if i["operation"] == "gleich")
    body = client.get("/admin/person/", query_string={f"flt0_{item['index']}": first.id}) \
        .get_data(as_text=True)
    assert "Nordmann" in body and "Südmann" not in body


def test_a_project_out_of_scope_cannot_be_picked(app, client, project, other_project):
    staff = make_user(role="staff_write", projects=[project])
    login(client, staff)
    groups = filter_groups(client, "/admin/person/")
    item = next(i for i in groups["Projekt"] if i["operation"] == "gleich")
    body = client.get("/admin/person/", query_string={f"flt0_{item['index']}":
                                                      other_project.id}).get_data(as_text=True)
    assert "Ungültiger Filter-Wert" in body


# -- persons by name or Person ID, computed columns (item 17) --------------------------------

def _index(app, endpoint, column, operation):
    view = dict(model_views(app))[endpoint]
    with app.test_request_context("/"), force_locale("en"):
        return next(i for i, f in enumerate(view._filters)
                    if getattr(f, "list_column", None) == column
                    and str(f.operation()) == operation)


def test_the_person_list_filters_by_first_and_last_name(app, client, admin, project):
    make_person(project, first_name="Zora", last_name="Müller")
    make_person(project, first_name="Anton", last_name="Berger")
    login(client, admin)
    first = _index(app, "person", "first_name", "contains")
    last = _index(app, "person", "last_name", "contains")
    body = client.get("/admin/person/", query_string={f"flt0_{first}": "zor",
                                                      f"flt1_{last}": "Mül"}).get_data(
        as_text=True)
    assert "Müller" in body and "Berger" not in body


def test_a_list_showing_persons_filters_by_name_and_by_person_id(app, client, setting):
    other = make_participation(make_person(setting["participation"].project,
                                           last_name="Anders"), setting["participation"].project)
    make_request(other, setting["body"])
    make_request(setting["participation"], setting["body"])
    login(client, setting["staff"])
    by_name = _index(app, "request", "person", "name contains")
    body = client.get("/admin/request/", query_string={f"flt0_{by_name}": "ander"}) \
        .get_data(as_text=True)
    assert "Anders" in body and setting["participation"].person.last_name not in body
    by_id = _index(app, "request", "person", "Person ID is")
    pseudonym = setting["participation"].person.pseudonym
    body = client.get("/admin/request/", query_string={f"flt0_{by_id}": pseudonym.lower()}) \
        .get_data(as_text=True)
    assert "Anders" not in body and pseudonym in body


def test_a_computed_column_filters_by_its_value(app, client, setting):
    make_delivered_hours(setting["participation"], hours=Decimal(10),
                         period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 1, 31),
                         note="Januar")
    make_delivered_hours(setting["participation"], hours=Decimal(3),
                         period_start=dt.date(2025, 2, 1), period_end=dt.date(2025, 2, 28),
                         note="Februar")
    login(client, setting["staff"])
    smaller = _index(app, "delivered_hours", "difference", "smaller than")
    body = client.get("/admin/delivered_hours/", query_string={f"flt0_{smaller}": "-5"}) \
        .get_data(as_text=True)
    assert "Januar" in body and "Februar" not in body


def test_a_computed_filter_runs_after_the_others(app, client, setting):
    make_delivered_hours(setting["participation"], hours=Decimal(10), note="Januar",
                         period_start=dt.date(2025, 1, 1), period_end=dt.date(2025, 1, 31))
    login(client, setting["staff"])
    smaller = _index(app, "delivered_hours", "difference", "smaller than")
    start = _index(app, "delivered_hours", "period_start", "greater than")
    body = client.get("/admin/delivered_hours/", query_string={
        f"flt0_{smaller}": "-5", f"flt1_{start}": "01.06.2025"}).get_data(as_text=True)
    assert "Januar" not in body


# -- the count of active filters and "clear all" (item 17) -----------------------------------

def test_the_list_shows_how_many_filters_are_active(app, client, admin, project):
    make_person(project, last_name="Huber", birth_date=dt.date(1980, 5, 1))
    login(client, admin)
    birth = _index(app, "person", "birth_date", "smaller than")
    last = _index(app, "person", "last_name", "contains")
    body = client.get("/admin/person/", query_string={
        f"flt0_{birth}": "01.01.2000", f"flt1_{last}": "hub", "search": "Hu"}).get_data(
        as_text=True)
    assert "2 Filter aktiv" in body


def test_no_count_without_filters(client, admin):
    login(client, admin)
    assert "Filter aktiv" not in client.get("/admin/person/").get_data(as_text=True)


def test_clear_all_filters_keeps_search_and_sort(app, client, admin, project):
    make_person(project, last_name="Huber")
    login(client, admin)
    last = _index(app, "person", "last_name", "contains")
    body = client.get("/admin/person/", query_string={
        f"flt0_{last}": "hub", "search": "Hu", "sort": "0"}).get_data(as_text=True)
    link = re.search(r'<a[^>]+href="([^"]+)"[^>]*>\s*Alle Filter entfernen', body)
    assert link is not None
    url = link.group(1).replace("&amp;", "&")
    assert "flt" not in url and "search=Hu" in url and "sort=0" in url
