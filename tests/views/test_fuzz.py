"""No input reaches a user as a server error (issue 10, item 6).

Arbitrary values go to every list parameter (sort, desc, page, page_size, search, every filter)
and to every field of every form of every page (create and edit forms, action forms, the
views' own pages, the account pages), for every role; any 5xx fails. The pages and their
fields come from the running app: the URL rules of every registered view and the names of the
inputs its pages render, so a view or field added later is fuzzed without a change here.

The number of examples is bounded by the hypothesis profile (tests/conftest.py): "default" for
`make test`, HYPOTHESIS_PROFILE=thorough for a longer run."""

import re
from functools import cache

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import login
from tests.views.test_role_matrix import ENDPOINTS, model_views, rows_seen_by
from tests.views.world import ROLES, make_world

# Values that broke pages before (issue 10) or that parsers trip over: Unicode digits that
# str.isdigit() accepts and int() refuses, ids beyond 64 bits, NaN and infinities, NUL bytes,
# LIKE metacharacters, impossible dates, German and English number formats.
NASTY = ["²", "١٢", "𝟗", "99999999999999999999", str(2**63), str(2**31), "-1", "0", "NaN",
         "nan", "sNaN", "Infinity", "-inf", "1e309", "1E+999999", "1,5", "12.5", "1.000,25",
         "", " ", "\x00", "a\x00b", "'", "\\", "%", "_", "__None", "None", "null", "true",
         "31.02.2024", "01.01.0001 - 31.12.9999", "0000-00-00", "9" * 300, "<script>",
         "a,b", ",,,", "1,2,3", "²,³", "01.13.2024", "1.1.1 - 2.2.2", "-", "--", "+1"]

text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40)
# Half of the values are the known nasty ones, half anything.
values = st.one_of(
    st.sampled_from(NASTY),
    st.one_of(
        text,
        st.integers(min_value=-(2**70), max_value=2**70).map(str),
        st.decimals(allow_nan=True, allow_infinity=True).map(str),
        st.floats().map(str),
        st.dates().map(lambda d: d.strftime("%d.%m.%Y")),
    ),
)
# The roles that reach most pages come up more often.
roles = st.sampled_from(["admin", "staff_write", *ROLES])

LIST_ARGUMENTS = ("sort", "desc", "page", "page_size", "search", "list")
INPUT_NAME = re.compile(r"<(?:input|select|textarea)\b[^>]*\bname=\"([^\"]+)\"", re.I)
SKIPPED_INPUTS = {"csrf_token"}
# {URL rule: input names of its page}, collected once per run (the pages do not change).
INPUTS: dict = {}


def _server_error(response) -> bool:
    return response.status_code >= 500


def _send(client, method, url, **kwargs):
    """The status of one request; an exception that escapes the app counts as a 500."""
    try:
        response = client.open(url, method=method, **kwargs)
    except Exception as error:  # noqa: BLE001 - any escape is the failure we look for
        return f"{type(error).__name__}: {error}"
    if _server_error(response):
        return response.status_code
    return None


@cache
def _page_rules(app):
    """(endpoint of the view, URL rule, methods) of every page of every model view and of the
    account pages."""
    prefixes = [endpoint for endpoint, _view in model_views(app)] + ["account"]
    rules = []
    for rule in app.url_map.iter_rules():
        view_endpoint = rule.endpoint.split(".", 1)[0]
        if view_endpoint in prefixes and "." in rule.endpoint:
            rules.append((view_endpoint, rule.rule, tuple(sorted(rule.methods - {"HEAD",
                                                                               "OPTIONS"}))))
    return sorted(rules)


def _fill_arguments(rule: str, value: str) -> str:
    """A rule's URL with its <arguments> replaced by `value`."""
    return re.sub(r"<(?:[^:>]+:)?[^>]+>", lambda _m: value, rule)


class Site:
    """The world, its users, a real row per view, and the input names of every page."""

    def __init__(self, app, client):
        self.app, self.client = app, client
        self.world = make_world()
        admin = self.world["users"]["admin"]
        self.rows = {endpoint: [row._pk for row in rows_seen_by(app, view, admin, limit=2)]
                     for endpoint, view in model_views(app)}
        self.views = dict(model_views(app))
        self.rules = _page_rules(app)
        if not INPUTS:
            INPUTS.update(self._input_names(admin))
        self.inputs = INPUTS

    def _input_names(self, admin):
        """{rule: names of the inputs its page renders for the admin} (GET with a real id)."""
        login(self.client, admin)
        names = {}
        for endpoint, rule, methods in self.rules:
            # Lists take URL arguments (fuzzed separately); their action form is known.
            if "GET" not in methods or rule.endswith(f"/{endpoint}/"):
                continue
            url = self.url(endpoint, rule, self.real_id(endpoint))
            found = set(INPUT_NAME.findall(self.client.get(url).get_data(as_text=True)))
            names[rule] = sorted(found - SKIPPED_INPUTS)
        return names

    def real_id(self, endpoint):
        ids = self.rows.get(endpoint) or [1]
        return str(ids[0])

    def url(self, endpoint, rule, row_id, step="reject"):
        path = _fill_arguments(rule, step)
        if endpoint == "person" and path.endswith("/new/"):
            path += "?checked=1&"
        else:
            path += "?"
        return f"{path}id={row_id}"

    def form_names(self, endpoint, rule):
        """Inputs of the page, those of the same view's create and edit forms (POSTs of
        pages without a GET), and the fields of the view's forms by name."""
        names = set(self.inputs.get(rule, ()))
        base = rule.rsplit("/", 2)[0] + "/"
        for other in (f"{base}new/", f"{base}edit/", f"{base}details/"):
            names.update(self.inputs.get(other, ()))
        view = self.views.get(endpoint)
        if view is not None:
            with self.app.test_request_context("/"):
                form_class = view.get_create_form()
                names.update(name for name in dir(form_class)
                             if not name.startswith("_") and hasattr(
                                 getattr(form_class, name), "field_class"))
        return sorted(names - SKIPPED_INPUTS)


@pytest.fixture(scope="module")
def site(app, tmp_path_factory):
    """One world for the whole module (building it per test would cost more than the fuzzing);
    the database is emptied once at the end."""
    from models.core.storage import FileStore, files
    from tests.conftest import _truncate

    previous = files.store
    files.initialize(FileStore(tmp_path_factory.mktemp("fuzz-store")))
    yield Site(app, app.test_client())
    files.initialize(previous)
    _truncate()


@pytest.fixture
def clean_database():
    """The module's world stays for all its tests (see `site`)."""
    yield


FUZZ = settings(suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow], deadline=None)


def _list_arguments(draw, view):
    arguments = {}
    # Small numbers often: a column index or page that exists, or just does not.
    small = st.integers(min_value=0, max_value=max(len(view._list_columns) - 1, 0)).map(str)
    for name in LIST_ARGUMENTS:
        if draw(st.booleans()):
            arguments[name] = draw(st.one_of(small, values))
    filters = len(view._filters or [])
    for _ in range(draw(st.integers(min_value=0, max_value=3)) if filters else 0):
        index = draw(st.one_of(st.integers(min_value=0, max_value=filters - 1),
                               st.sampled_from(NASTY)))
        position = draw(st.one_of(st.integers(min_value=0, max_value=3).map(str),
                                  st.sampled_from(NASTY)))
        arguments[f"flt{position}_{index}"] = draw(values)
    return arguments


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_parameters_never_cause_a_server_error(site, endpoint):
    view = site.views[endpoint]

    @FUZZ
    @given(data=st.data())
    def run(data):
        role = data.draw(roles, label="role")
        login(site.client, site.world["users"][role])
        arguments = _list_arguments(data.draw, view)
        failures = []
        for method, path in (("GET", f"/admin/{endpoint}/"),
                             ("POST", f"/admin/{endpoint}/export.xlsx")):
            problem = _send(site.client, method, path, query_string=arguments)
            if problem:
                failures.append((role, method, path, arguments, problem))
        assert not failures, repr(failures)[:2000]

    run()


@pytest.mark.parametrize("endpoint", [*ENDPOINTS, "account"])
def test_form_fields_never_cause_a_server_error(site, endpoint):
    pages = [page for page in site.rules if page[0] == endpoint]

    @FUZZ
    @given(data=st.data())
    def run(data):
        role = data.draw(roles, label="role")
        login(site.client, site.world["users"][role])
        _endpoint, rule, methods = data.draw(st.sampled_from(pages), label="page")
        row_id = data.draw(st.one_of(st.just(site.real_id(endpoint)), values), label="id")
        step = data.draw(st.one_of(st.sampled_from(["reject", "request_rework"]), values))
        url = site.url(endpoint, rule, row_id, step)
        names = site.form_names(endpoint, rule)
        form = {name: data.draw(st.one_of(values, st.lists(values, max_size=3)), label=name)
                for name in names if data.draw(st.booleans())}
        if rule.endswith("/action/"):
            view = site.views.get(endpoint)
            actions = [name for name, _label in getattr(view, "_actions", [])] or ["delete"]
            form["action"] = data.draw(st.one_of(st.sampled_from(actions), values))
            form["rowid"] = data.draw(st.lists(st.one_of(
                st.just(site.real_id(endpoint)), values), max_size=3))
        failures = []
        for method in methods:
            problem = _send(site.client, method, url,
                            data=form if method == "POST" else None)
            if problem:
                failures.append((role, method, url, form, problem))
        assert not failures, repr(failures)[:2000]

    run()


# -- a fixed sweep: no chance involved, every view and every form once -------------------------

SWEEP = ["²", "99999999999999999999", "NaN"]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_list_takes_the_nasty_values_at_once(site, endpoint):
    """Every column index as sort (also those that cannot be sorted), pages beyond 64 bits,
    and each nasty value in every filter, as the admin."""
    view = site.views[endpoint]
    login(site.client, site.world["users"]["admin"])
    failures = []
    requests = [{"sort": str(index), "page": str(2**64), "page_size": str(2**64)}
                for index in range(len(view._list_columns))]
    requests += [{f"flt0_{index}": value for index in range(len(view._filters or []))}
                 for value in SWEEP]
    for arguments in requests:
        for method, path in (("GET", f"/admin/{endpoint}/"),
                             ("POST", f"/admin/{endpoint}/export.xlsx")):
            problem = _send(site.client, method, path, query_string=arguments)
            if problem:
                failures.append((method, path, arguments, problem))
    assert failures == []


@pytest.mark.parametrize("endpoint", [*ENDPOINTS, "account"])
def test_every_form_takes_the_nasty_values_in_every_field(site, endpoint):
    """Every page that takes a POST, with a real row and each nasty value in all its fields,
    as the admin."""
    login(site.client, site.world["users"]["admin"])
    failures = []
    for _endpoint, rule, methods in (page for page in site.rules if page[0] == endpoint):
        if "POST" not in methods:
            continue
        for value in SWEEP:
            form = dict.fromkeys(site.form_names(endpoint, rule), value)
            if rule.endswith("/action/"):
                form.update(action="delete", rowid=[value, site.real_id(endpoint)])
            url = site.url(endpoint, rule, site.real_id(endpoint))
            problem = _send(site.client, "POST", url, data=form)
            if problem:
                failures.append((url, value, problem))
    assert failures == []
