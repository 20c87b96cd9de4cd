"""Every role × every registered view × every operation through HTTP (DOMAIN K).

The views come from the running admin, so views added later are covered without a change
here; what each role may do comes from the access registry (models/core/access.py and each
area's access module). Which rows each role must see comes from the world (tests/views/world.py), not
from the views' own scoping. Allowed operations work (no 403/404/500), forbidden ones answer
403 or 404 and change nothing: neither the row nor the history."""

import re

import pytest
from flask_login import login_user

from models import HistoryEntry
from models.core.access import may_act, may_read, may_write
from models.core.history import may_read_messages
from tests.conftest import login
from tests.views.world import ROLES, UNSCOPED, WITHOUT_ROWS

# Views whose readers are not those of their model (the messages list reads history
# entries, but every role that may read messages opens it).
READ_RULES = {"message": lambda user, _model: may_read_messages(user)}
DENIED = (403, 404)


def model_views(app):
    """(endpoint, view) of every model view registered in the admin."""
    with app.test_request_context():
        admin = app.extensions["admin"][0]
        return [(view.endpoint, view) for view in admin._views if hasattr(view, "model")]


def _endpoints():
    """The endpoints, from an app of its own; the database and document store of a running
    test (this module may be imported during one) are put back afterwards."""
    from admin_app import create_app
    from models import db
    from models.core.storage import files

    database, store = db.obj, files.store
    app = create_app({"DATABASE_URL": "sqlite:///:memory:", "SECRET_KEY": "x"})
    try:
        return [endpoint for endpoint, _view in model_views(app)]
    finally:
        if database is not None:
            db.initialize(database)
        files.initialize(store)


ENDPOINTS = _endpoints()


def expected(view, user):
    """What `user` may do in `view`, by the access registry and the view's declared switches."""
    reads = READ_RULES.get(view.endpoint, may_read)(user, view.model)
    writes = reads and may_write(user, view.model)
    actions = {}
    for name, _label in view._actions:
        if name == "delete":
            actions[name] = writes and view.allow_delete
        elif name == "bulk_edit":
            actions[name] = (writes and view.allow_edit and bool(view.bulk_edit_fields)
                             and may_act(user, view.model, name))
        else:
            actions[name] = reads and may_act(user, view.model, name)
    return {"read": reads, "create": writes and view.allow_create,
            "edit": writes and view.allow_edit, "delete": writes and view.allow_delete,
            "actions": actions}


def rows_seen_by(app, view, user, limit=50):
    """Rows the view lists for `user` (its own scoping)."""
    with app.test_request_context("/"):
        login_user(user)
        return list(view.get_query().limit(limit))


class Matrix:
    """Runs the operations of one role on one view and collects every mismatch."""

    def __init__(self, app, client, view, user):
        self.app, self.client, self.view, self.user = app, client, view, user
        self.base = f"/admin/{view.endpoint}"
        self.wrong: list[str] = []

    def check(self, operation, response, allowed, row=None):
        code = response.status_code
        if allowed and (code in DENIED or code >= 500):
            self.wrong.append(f"{operation}: allowed but answered {code}")
        if not allowed and code not in DENIED:
            self.wrong.append(f"{operation}: forbidden but answered {code}")

    def scope(self, mine, theirs):
        """The view lists exactly the declared rows: all of `mine`, none of `theirs`."""
        with self.app.test_request_context("/"):
            login_user(self.user)
            pk = self.view.model._meta.primary_key
            wanted = [row._pk for row in [*mine, *theirs]]
            seen = {key for (key,) in self.view.get_query().select(pk)
                    .where(pk.in_(wanted)).tuples()}
        for row in mine:
            if row._pk not in seen:
                self.wrong.append(f"scope: #{row._pk} is not listed but must be")
        for row in theirs:
            if row._pk in seen:
                self.wrong.append(f"scope: #{row._pk} is listed but must not be")

    def forbidden(self, operation, row, send):
        """Send a request that must be refused; the row and the history must stay as they
        were just before."""
        model = type(row)
        before = model.get_or_none(model._meta.primary_key == row._pk)
        history = HistoryEntry.select().count()
        self.check(operation, send(), False)
        after = model.get_or_none(model._meta.primary_key == row._pk)
        if before is not None and (after is None or after.__data__ != before.__data__):
            self.wrong.append(f"{operation}: forbidden but the row changed")
        if HistoryEntry.select().count() != history:
            self.wrong.append(f"{operation}: forbidden but the history grew")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("role", ROLES)
def test_role_may_do_exactly_what_access_allows(app, client, document_store, world, role,
                                               endpoint):
    user = world["users"][role]
    view = dict(model_views(app))[endpoint]
    rules = expected(view, user)
    login(client, user)
    run = Matrix(app, client, view, user)

    run.check("list", client.get(f"{run.base}/"), rules["read"])
    run.check("export", client.post(f"{run.base}/export.xlsx"), rules["read"])
    run.check("create form", client.get(f"{run.base}/new/?checked=1"), rules["create"])

    mine, theirs = scope_of(world, endpoint, role)
    if rules["read"]:
        run.scope(mine, theirs)
    row = mine[0] if mine else (theirs[0] if theirs else None)
    if row is not None:
        _row_operations(run, view, row, rules, in_scope=bool(mine))
    if theirs:
        _out_of_scope(run, view, theirs[0])
    assert run.wrong == [], f"{role} on {endpoint}"


def scope_of(world, endpoint, role):
    """(rows `role` must see in the view, rows it must not), as the world declares them."""
    declared = world["sees"].get(endpoint, [])
    return ([row for row, roles in declared if role in roles],
            [row for row, roles in declared if role not in roles])


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_the_world_has_rows_on_both_sides_for_every_role(app, document_store, world, endpoint):
    """Every view gets rows; every role that may open it has one in scope, and one out of
    scope unless it sees every row by design (world.UNSCOPED)."""
    view = dict(model_views(app))[endpoint]
    if endpoint in WITHOUT_ROWS:
        assert not world["sees"].get(endpoint)
        return
    assert world["sees"].get(endpoint), f"no rows for {endpoint}"
    missing = []
    for role in ROLES:
        reads = expected(view, world["users"][role])["read"]
        mine, theirs = scope_of(world, endpoint, role)
        if mine and not reads:
            missing.append(f"{role} sees rows of a view it may not open")
        if reads and not mine:
            missing.append(f"{role}: no row in scope")
        unscoped = role in UNSCOPED.get(endpoint, ()) or role == "admin"
        if reads and not theirs and not unscoped:
            missing.append(f"{role}: no row out of scope")
        if theirs and unscoped:
            missing.append(f"{role} is declared to see every row, but does not")
    assert missing == []


def _row_operations(run, view, row, rules, in_scope):
    client, base, pk = run.client, run.base, row._pk
    reads = rules["read"] and in_scope
    if view.can_view_details:
        run.check("details", client.get(f"{base}/details/?id={pk}"), reads)
    if view.model.history_relation and view.endpoint != "message":
        run.check("history", client.get(f"{base}/history/?id={pk}"), reads)
    run.check("edit form", client.get(f"{base}/edit/?id={pk}"), rules["edit"] and in_scope)
    if not rules["edit"]:
        run.forbidden("edit", row, lambda: client.post(f"{base}/edit/?id={pk}", data={}))
    for name, allowed in rules["actions"].items():
        def send(name=name):
            return client.post(f"{base}/action/", data={"action": name, "rowid": [pk]})

        if allowed and in_scope:
            run.check(f"action {name}", send(), True)
        elif not allowed:
            run.forbidden(f"action {name}", row, send)
    still_there = type(row).get_or_none(type(row)._meta.primary_key == pk) is not None
    if rules["delete"] and in_scope:
        if still_there:  # the delete action may have removed it already
            run.check("delete", client.post(f"{base}/delete/", data={"id": pk}), True)
    else:
        run.forbidden("delete", row, lambda: client.post(f"{base}/delete/", data={"id": pk}))


def _out_of_scope(run, view, row):
    """A row the admin sees but this user does not: every page of it is 403/404."""
    client, base, pk = run.client, run.base, row._pk
    if view.can_view_details:
        run.check("details (foreign row)", client.get(f"{base}/details/?id={pk}"), False)
    run.forbidden("edit (foreign row)", row,
                  lambda: client.post(f"{base}/edit/?id={pk}", data={}))
    run.forbidden("delete (foreign row)", row,
                  lambda: client.post(f"{base}/delete/", data={"id": pk}))


def test_the_matrix_covers_every_model_view(app):
    """A view registered without a model would escape the matrix; none does."""
    with app.test_request_context():
        admin = app.extensions["admin"][0]
        names = {view.endpoint for view in admin._views}
    # Pages without a model table of their own: the account page and the data exports (each
    # user's own; tests/views/exports covers them for every role).
    assert set(ENDPOINTS) == names - {"admin", "account", "data_export"}


# -- the sections of the details pages (issue 10, item 2) ------------------------------------

# Section rows carry data-row="endpoint-id", history entries data-entry="relation-id" (the
# record they are about); links to pages of records are found by their address.
ROW_MARK = re.compile(r'data-row="([a-z_]+)-(\d+)"')
ENTRY_MARK = re.compile(r'data-entry="([a-z_]+)-(\d+)"')
DETAILS_LINK = re.compile(r'/admin/([a-z_]+)/details/\?id=(\d+)')


def who_sees(world) -> dict:
    """{(endpoint, id): roles that see the row in the list of `endpoint`}."""
    return {(endpoint, row._pk): roles for endpoint, rows in world["sees"].items()
            for row, roles in rows}


def details_pages(world, role):
    """(endpoint, row) of every row of the world `role` sees, in views with details pages."""
    for endpoint, rows in world["sees"].items():
        for row, roles in rows:
            if role in roles:
                yield endpoint, row


def section_mismatches(world, role, endpoint, row, body) -> list[str]:
    """How the page of `row` differs from the world: rows of other records shown to a role
    that does not see them, or missing where it does; entries and links of hidden records."""
    seen = who_sees(world)
    here = (endpoint, row._pk)
    related = world["related"].get(here, [])
    wanted = {(name, other._pk) for name, other in related if role in seen[(name, other._pk)]}
    shown = {(name, int(pk)) for name, pk in ROW_MARK.findall(body)}
    wrong = [f"{endpoint} #{row._pk}: shows {name} #{pk}" for name, pk in sorted(shown - wanted)]
    wrong += [f"{endpoint} #{row._pk}: misses {name} #{pk}" for name, pk in
              sorted(wanted - shown)]
    mentioned = {(name, int(pk)) for name, pk in ENTRY_MARK.findall(body)} \
        | {(name, int(pk)) for name, pk in DETAILS_LINK.findall(body)}
    for name, pk in sorted(mentioned - {here}):
        if role not in seen.get((name, pk), ()):
            wrong.append(f"{endpoint} #{row._pk}: names {name} #{pk} (entry or link)")
    # A section without marks still names what it shows: no funding body, project or provider
    # the role does not see may appear.
    for kind in ("funding_body", "project", "provider"):
        for other, roles in world["sees"][kind]:
            if role not in roles and str(other) in body:
                wrong.append(f"{endpoint} #{row._pk}: names {kind} {other}")
    return wrong


@pytest.mark.parametrize("role", ROLES)
def test_details_pages_show_exactly_the_related_rows_the_role_sees(app, world, client,
                                                                   document_store, role):
    """Every details page of every row the role sees: each section (requests, messages,
    history, documents, hours, care cases, approval periods, activities, participations,
    proofs) lists the rows of other records the role sees in their own lists, and no other."""
    login(client, world["users"][role])
    views = dict(model_views(app))
    wrong, opened = [], set()
    for endpoint, row in details_pages(world, role):
        if not views[endpoint].can_view_details:
            continue
        response = client.get(f"/admin/{endpoint}/details/?id={row._pk}")
        if response.status_code == 302:  # a proof is shown on its person's page
            continue
        if response.status_code != 200:
            wrong.append(f"{endpoint} #{row._pk}: answered {response.status_code}")
            continue
        opened.add(endpoint)
        wrong += section_mismatches(world, role, endpoint, row, response.get_data(as_text=True))
    assert wrong == [], "\n".join(wrong)
    assert {"participation", "request", "care_case", "person"} <= opened


def test_every_page_with_sections_is_declared_in_the_world(app, world, client, document_store):
    """A details page that shows rows of other records (marked data-row) is declared in
    world['related'], so that the test above compares it: run as the administrator."""
    login(client, world["users"]["admin"])
    undeclared = []
    for endpoint, row in details_pages(world, "admin"):
        body = client.get(f"/admin/{endpoint}/details/?id={row._pk}").get_data(as_text=True)
        if ROW_MARK.search(body) and (endpoint, row._pk) not in world["related"]:
            undeclared.append(f"{endpoint} #{row._pk}")
    assert undeclared == []


# -- the report pages of commissions (004 §9) ------------------------------------------------

# Reports mix in contacts and personal data: who reads both opens them; who works on the
# commission (its caseworker, the project lead, an administrator) makes them.
REPORT_READERS = {"staff_read", "staff_write", "project_lead", "admin"}
REPORT_MAKERS = {"staff_write", "project_lead", "admin"}


@pytest.mark.parametrize("role", ROLES)
def test_report_pages_open_exactly_for_readers_of_the_commission(client, world,
                                                                 document_store, role):
    from models.commissions.reports import ReportType

    user = world["users"][role]
    login(client, user)
    # A clerk reads the reports of a commission opened to them on occasion today (004 §1.3).
    opened = {access.commission_id for access, _roles in world["sees"]["occasion_access"]
              if access.user_id == user.id}
    wrong = []
    for commission, roles in world["sees"]["commission"]:
        allowed = role in roles and (role in REPORT_READERS or commission.id in opened)
        for report_type in ReportType:
            url = f"/admin/commission/report/?id={commission.id}&type={report_type.value}"
            code = client.get(url).status_code
            if (allowed and code != 200) or (not allowed and code not in DENIED):
                wrong.append(f"A{commission.id} {report_type.value}: {code}")
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_a_report_is_made_exactly_by_those_who_work_on_the_commission(client, world,
                                                                       document_store, role):
    from models import Document

    login(client, world["users"][role])
    wrong = []
    for commission, roles in world["sees"]["commission"]:
        allowed = role in REPORT_MAKERS and role in roles
        before = (type(commission).get_by_id(commission.id).__data__, Document.select().count(),
                  HistoryEntry.select().count())
        response = client.post(f"/admin/commission/report/?id={commission.id}&type=status",
                               data={"extension_reasons": "Mehr Zeit nötig"})
        after = (type(commission).get_by_id(commission.id).__data__, Document.select().count(),
                 HistoryEntry.select().count())
        if response.status_code >= 500:
            wrong.append(f"A{commission.id}: {response.status_code}")
        elif allowed and after[1] != before[1] + 1:
            wrong.append(f"A{commission.id}: allowed but no report stored")
        elif not allowed and after != before:
            wrong.append(f"A{commission.id}: forbidden but something changed")
    assert wrong == []


# -- the data exports (issue 14): each user their own, administrators all ---------------------


@pytest.mark.parametrize("role", ROLES)
def test_each_role_lists_exactly_the_data_exports_it_may_see(app, client, world, role):
    login(client, world["users"][role])
    listed = {state["id"] for state in client.get("/admin/exports/status/").get_json()}
    assert listed == {export.id for export, roles in world["exports"] if role in roles}


@pytest.mark.parametrize("role", [role for role in ROLES if role != "admin"])
def test_no_role_downloads_or_deletes_an_export_it_may_not_see(app, client, world, role):
    from models import DataExport

    login(client, world["users"][role])
    foreign = [export for export, roles in world["exports"] if role not in roles]
    assert foreign
    for export in foreign:
        assert client.get(f"/admin/exports/{export.id}/download/").status_code == 404
        assert client.post(f"/admin/exports/{export.id}/delete/").status_code == 404
        assert client.post(f"/admin/exports/{export.id}/retry/").status_code == 404
        assert DataExport.get_or_none(DataExport.id == export.id) is not None
