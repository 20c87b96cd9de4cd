"""The commission page and the new lists through HTTP: the employment situation newest first,
recording and confirming it; the paying body of results under the release rule; releases;
occasion-based access by a clerk; constant query counts of the new lists."""

import datetime as dt

import pytest
from playhouse.test_utils import count_queries

from models import HistoryEntry
from models.commissions.models import Phase, Result
from models.commissions.occasions import OccasionAccess
from models.commissions.releases import PayingBodyRelease
from models.commissions.situations import EmploymentSituation
from models.core import clock
from seed.factories import (
    make_contact,
    make_funding_body,
    make_occasion_access,
    make_release,
    make_result,
    make_situation,
    make_task,
    make_user,
)
from tests.conftest import login

REASON = "Widerspruch gegen die Abmeldung vom 30.10.2026"


def _page(client, commission):
    return client.get(f"/admin/commission/details/?id={commission.id}").get_data(as_text=True)


def test_the_page_lists_the_situations_newest_first(client, build, caseworker):
    commission = build(Phase.P3)
    older = make_situation(commission, "employed", dt.date(2025, 1, 1))
    newer = make_situation(commission, "unemployed", dt.date(2026, 10, 1))
    login(client, caseworker)
    body = _page(client, commission)
    assert body.index(f"employment_situation-{newer.id}") \
        < body.index(f"employment_situation-{older.id}")
    assert "01.10.2026" in body and "Arbeitslos" in body


def test_a_situation_is_recorded_from_the_form(client, build, caseworker):
    commission = build(Phase.P3)
    login(client, caseworker)
    ahead = (clock.today() + dt.timedelta(days=10)).strftime("%d.%m.%Y")
    client.post("/admin/employment_situation/new/",
                data={"commission": commission.id, "kind": "old_age_pension", "since": ahead})
    stored = EmploymentSituation.get(EmploymentSituation.commission == commission.id)
    assert (stored.kind, stored.status) == ("old_age_pension", "expected")
    assert "voraussichtlich" in _page(client, commission)


@pytest.mark.parametrize(("data", "message"), [
    ({"kind": "", "since": "01.10.2026"}, "Bitte wählen Sie die Beschäftigungssituation."),
    ({"kind": "employed", "since": ""},
     "Bitte geben Sie das Datum ein, ab dem die Situation gilt."),
])
def test_bad_situations_are_refused_at_the_field(client, build, caseworker, data, message):
    commission = build(Phase.P3)
    login(client, caseworker)
    entries = HistoryEntry.select().count()
    page = client.post("/admin/employment_situation/new/",
                       data={"commission": commission.id, **data})
    assert message in page.get_data(as_text=True)
    assert EmploymentSituation.select().count() == 0
    assert HistoryEntry.select().count() == entries


def test_an_expected_situation_is_confirmed_from_the_page(client, build, caseworker):
    commission = build(Phase.P3)
    due = make_situation(commission, "unemployed", clock.today(), status="expected")
    login(client, caseworker)
    assert "Bestätigen: eingetroffen" in _page(client, commission)
    client.post("/admin/employment_situation/confirm/",
                data={"ids": str(due.id), "back": str(commission.id)})
    assert EmploymentSituation.get_by_id(due.id).status == "occurred"


def test_confirming_before_the_date_is_refused_with_a_report(client, build, caseworker):
    commission = build(Phase.P3)
    ahead = make_situation(commission, "unemployed", clock.today() + dt.timedelta(days=5),
                           status="expected")
    login(client, caseworker)
    body = client.post("/admin/employment_situation/action/",
                       data={"action": "confirm", "rowid": [ahead.id]},
                       follow_redirects=True).get_data(as_text=True)
    assert EmploymentSituation.get_by_id(ahead.id).status == "expected"
    assert f"B{ahead.id}" in body and "kann ab dem" in body


# -- the paying body of results --------------------------------------------------------------

def _choose(client, result, body):
    return client.post("/admin/result/paying-body/",
                       data={"ids": str(result.id), "paying_body": str(body.id)},
                       follow_redirects=True).get_data(as_text=True)


def test_an_unreleased_paying_body_is_refused_in_german(client, build, caseworker):
    commission = build(Phase.P3)
    result = make_result(commission, paying_body=commission.funding_body)
    insurer = make_funding_body(kind="Krankenkasse")
    login(client, caseworker)
    entries = HistoryEntry.select().count()
    body = _choose(client, result, insurer)
    assert Result.get_by_id(result.id).paying_body_id == commission.funding_body_id
    assert "vom Integrationsamt für den IFD nicht freigegeben" in body
    assert HistoryEntry.select().count() == entries


def test_a_released_paying_body_is_chosen(client, build, caseworker):
    commission = build(Phase.P3)
    result = make_result(commission, paying_body=commission.funding_body)
    insurer = make_funding_body(kind="Krankenkasse")
    make_release(commission.project, insurer, valid_from=clock.today())
    login(client, caseworker)
    _choose(client, result, insurer)
    assert Result.get_by_id(result.id).paying_body_id == insurer.id


def test_an_integration_office_clerk_releases_a_paying_body(client, project):
    office = make_funding_body(kind="Integrationsamt")
    clerk = make_user("clerk", funding_body=office)
    insurer = make_funding_body(kind="Krankenkasse")
    login(client, clerk)
    client.post("/admin/paying_body_release/new/",
                data={"project": project.id, "funding_body": insurer.id,
                      "valid_from": "01.11.2026", "valid_to": ""})
    release = PayingBodyRelease.get()
    assert (release.project_id, release.funding_body_id, release.released_by_id) == (
        project.id, insurer.id, clerk.id)


def test_another_clerk_may_not_release(client, project, clerk):
    login(client, clerk)
    page = client.post("/admin/paying_body_release/new/",
                       data={"project": project.id, "funding_body": clerk.funding_body_id,
                             "valid_from": "01.11.2026"})
    assert "Nur das Integrationsamt gibt Leistungsträger frei." in page.get_data(as_text=True)
    assert PayingBodyRelease.select().count() == 0


# -- occasion-based access -------------------------------------------------------------------

@pytest.fixture
def with_contact(build):
    commission = build(Phase.P3)
    contact = make_contact(commission, tasks=[make_task()], results=[make_result(commission)])
    return commission, contact, make_user("clerk", funding_body=commission.funding_body)


def test_a_clerk_opens_the_contacts_of_one_commission_with_a_reason(client, with_contact):
    commission, contact, clerk = with_contact
    login(client, clerk)
    assert f"contact-{contact.id}" not in _page(client, commission)
    assert client.get(f"/admin/contact/details/?id={contact.id}").status_code == 404
    client.post(f"/admin/commission/occasion/?id={commission.id}",
                data={"occasion": "objection", "reason": REASON})
    assert f"contact-{contact.id}" in _page(client, commission)
    assert client.get(f"/admin/contact/details/?id={contact.id}").status_code == 200
    access = OccasionAccess.get()
    assert (access.user_id, access.reason, access.day) == (clerk.id, REASON, clock.today())


@pytest.mark.parametrize(("data", "message"), [
    ({"occasion": "", "reason": REASON}, "Bitte wählen Sie den Anlass"),
    ({"occasion": "complaint", "reason": "kurz"}, "mindestens 10 Zeichen"),
])
def test_an_access_without_occasion_or_reason_is_refused(client, with_contact, data, message):
    commission, _contact, clerk = with_contact
    login(client, clerk)
    entries = HistoryEntry.select().count()
    body = client.post(f"/admin/commission/occasion/?id={commission.id}", data=data,
                       follow_redirects=True).get_data(as_text=True)
    assert message in body
    assert (OccasionAccess.select().count(), HistoryEntry.select().count()) == (0, entries)


def test_the_administrators_read_every_access(client, with_contact, admin):
    commission, _contact, clerk = with_contact
    make_occasion_access(commission, clerk, day=clock.today(), reason=REASON)
    login(client, admin)
    body = client.get("/admin/occasion_access/").get_data(as_text=True)
    assert REASON in body and clerk.full_name in body


# -- constant query counts of the new lists --------------------------------------------------

def _constant(client, url, add):
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for _ in range(8):
        add()
    with count_queries() as many:
        assert client.get(url).status_code == 200
    return few.count, many.count


@pytest.mark.parametrize("url", ["/admin/employment_situation/", "/admin/paying_body_release/",
                                 "/admin/occasion_access/"])
def test_the_new_lists_run_a_constant_number_of_queries(client, build, admin, url):
    commission = build(Phase.P3)
    clerk = make_user("clerk", funding_body=commission.funding_body)
    add = {
        "/admin/employment_situation/": lambda: make_situation(
            commission, "employed", dt.date(2026, 1, 1) + dt.timedelta(
                days=EmploymentSituation.select().count())),
        "/admin/paying_body_release/": lambda: make_release(commission.project),
        "/admin/occasion_access/": lambda: make_occasion_access(commission, clerk),
    }[url]
    add()
    login(client, admin)
    few, many = _constant(client, url, add)
    assert many == few


def test_the_commission_page_runs_a_constant_number_of_queries(client, build, caseworker):
    commission = build(Phase.P3)
    login(client, caseworker)
    make_situation(commission, "employed", dt.date(2026, 1, 1))
    url = f"/admin/commission/details/?id={commission.id}"
    few, many = _constant(client, url, lambda: make_situation(
        commission, "employed",
        dt.date(2026, 1, 1) + dt.timedelta(days=EmploymentSituation.select().count())))
    assert many == few


@pytest.mark.parametrize(("role", "shown"), [("admin", True), ("clerk", True),
                                             ("statistics", False)])
def test_the_reason_of_an_access_reaches_only_its_readers(client, world, document_store, role,
                                                          shown):
    from tests.views.world import OCCASION_REASON

    access = world["sees"]["occasion_access"][0][0]
    login(client, world["users"][role])
    pages = [_page(client, access.commission),
             client.get("/admin/occasion_access/").get_data(as_text=True)]
    assert any(OCCASION_REASON in page for page in pages) is shown
