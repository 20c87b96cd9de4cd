"""Commission pages through HTTP: phase changes on many rows with a per-row report, contacts
under the rules of 004 §5, results that cannot be deleted, constant query counts."""

import datetime as dt

from playhouse.test_utils import count_queries

from models import HistoryEntry
from models.commissions.models import Commission, Contact, Phase, Result
from seed.factories import make_contact, make_result, make_task, make_user
from tests.conftest import login


def _phase(client, step, ids, on_date="01.10.2026", **data):
    return client.post(f"/admin/commission/phase/{step}/",
                       data={"ids": ",".join(str(i) for i in ids), "on_date": on_date, **data},
                       follow_redirects=True)


def _phases(*commissions):
    return [Commission.get_by_id(c.id).phase for c in commissions]


def test_the_action_shows_the_date_form(client, build, caseworker):
    commission = build(Phase.P1)
    login(client, caseworker)
    page = client.post("/admin/commission/action/",
                       data={"action": "to_p2", "rowid": [commission.id]})
    assert page.status_code == 200
    assert 'name="on_date"' in page.get_data(as_text=True)


def test_a_bulk_phase_change_reports_each_refused_row_with_every_reason(client, build,
                                                                        caseworker):
    ready = build(Phase.P1)
    missing = build(Phase.P1, omit=("data_protection_notice", "proof"))
    login(client, caseworker)
    body = _phase(client, "to_p2", [ready.id, missing.id]).get_data(as_text=True)
    assert _phases(ready, missing) == [Phase.P2, Phase.P1]
    assert f"A{missing.id}" in body
    assert "Das unterschriebene Merkblatt zum Sozialdatenschutz" in body
    assert "Kein Nachweis der Behinderung" in body


def test_a_refused_row_writes_no_history(client, build, caseworker):
    missing = build(Phase.P2, omit=("goal_agreement",))
    login(client, caseworker)
    entries = HistoryEntry.select().count()
    _phase(client, "to_p3", [missing.id])
    assert _phases(missing) == [Phase.P2]
    assert HistoryEntry.select().count() == entries


def test_rows_of_another_project_are_not_changed(client, build, other_project):
    commission = build(Phase.P1)
    stranger = make_user(role="staff_write", projects=[other_project])
    login(client, stranger)
    entries = HistoryEntry.select().count()
    body = _phase(client, "to_p2", [commission.id]).get_data(as_text=True)
    assert _phases(commission) == [Phase.P1]
    assert HistoryEntry.select().count() == entries
    assert "nicht gefunden" in body


def test_closing_needs_the_end_reason(client, build, caseworker):
    commission = build(Phase.P3)
    login(client, caseworker)
    body = _phase(client, "to_p4", [commission.id]).get_data(as_text=True)
    assert _phases(commission) == [Phase.P3]
    assert "Der Grund der Abmeldung fehlt." in body
    _phase(client, "to_p4", [commission.id], end_reason="fulfilled")
    assert _phases(commission) == [Phase.P4]


def test_a_bad_date_is_refused_at_the_field(client, build, caseworker):
    commission = build(Phase.P1)
    login(client, caseworker)
    page = _phase(client, "to_p2", [commission.id], on_date="31.02.2026")
    assert page.status_code == 200
    assert _phases(commission) == [Phase.P1]


def test_a_clerk_cannot_change_phases(client, build, clerk):
    commission = build(Phase.P1)
    login(client, clerk)
    _phase(client, "to_p2", [commission.id])
    assert _phases(commission) == [Phase.P1]


# -- contacts --------------------------------------------------------------------------------


def _contact(client, commission, task, result, day, **data):
    form = {"commission": str(commission.id), "day": day.strftime("%d.%m.%Y"), "time": "09:30",
            "form": "personal", "keyword": "Arbeitsplatzbesuch", "participants": "Klient",
            "tasks": [str(task.id)], "results": [str(result.id)], **data}
    return client.post("/admin/contact/record/", data=form, follow_redirects=True)


def test_a_contact_is_documented(client, build, caseworker):
    commission = build(Phase.P3)
    task, result = make_task(), make_result(commission)
    login(client, caseworker)
    _contact(client, commission, task, result, dt.date.today())
    contact = Contact.get()
    assert (contact.commission_id, contact.keyword) == (commission.id, "Arbeitsplatzbesuch")


def test_a_contact_43_days_back_is_refused_in_german(client, build, caseworker):
    commission = build(Phase.P3)
    task, result = make_task(), make_result(commission)
    login(client, caseworker)
    body = _contact(client, commission, task, result,
                    dt.date.today() - dt.timedelta(days=43)).get_data(as_text=True)
    assert Contact.select().count() == 0
    assert "höchstens 6 Wochen" in body


def test_a_contact_without_task_is_refused(client, build, caseworker):
    commission = build(Phase.P3)
    task, result = make_task(), make_result(commission)
    login(client, caseworker)
    body = _contact(client, commission, task, result, dt.date.today(),
                    tasks=[]).get_data(as_text=True)
    assert Contact.select().count() == 0
    assert "mindestens einer Aufgabe" in body


def test_a_contact_in_the_future_is_refused(client, build, caseworker):
    commission = build(Phase.P3)
    task, result = make_task(), make_result(commission)
    login(client, caseworker)
    _contact(client, commission, task, result, dt.date.today() + dt.timedelta(days=1))
    assert Contact.select().count() == 0


# -- results ---------------------------------------------------------------------------------


def test_a_crafted_delete_of_a_result_changes_nothing(client, build, admin):
    result = make_result(build(Phase.P3))
    login(client, admin)
    client.post("/admin/result/delete/", data={"id": str(result.id)}, follow_redirects=True)
    client.post("/admin/result/action/", data={"action": "delete", "rowid": [result.id]},
                follow_redirects=True)
    assert Result.get_by_id(result.id).invalid is False


def test_a_result_is_declared_invalid_through_the_page(client, build, caseworker):
    result = make_result(build(Phase.P3))
    login(client, caseworker)
    client.post("/admin/result/invalidate/", data={"ids": str(result.id),
                                                  "reason": "Doppelt erfasst"},
                follow_redirects=True)
    assert Result.get_by_id(result.id).invalid is True


# -- query counts ----------------------------------------------------------------------------


def _constant(client, url, add):
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for _ in range(8):
        add()
    with count_queries() as many:
        assert client.get(url).status_code == 200
    return few.count, many.count


def test_the_commission_list_runs_a_constant_number_of_queries(client, build, caseworker):
    login(client, caseworker)
    build(Phase.P1)
    few, many = _constant(client, "/admin/commission/", lambda: build(Phase.P3))
    assert many == few


def test_the_contact_list_runs_a_constant_number_of_queries(client, build, caseworker):
    commission = build(Phase.P3)
    login(client, caseworker)
    make_contact(commission)
    few, many = _constant(client, "/admin/contact/", lambda: make_contact(commission))
    assert many == few


def test_the_result_list_runs_a_constant_number_of_queries(client, build, caseworker):
    commission = build(Phase.P3)
    login(client, caseworker)
    make_result(commission)
    few, many = _constant(client, "/admin/result/", lambda: make_result(commission))
    assert many == few


# -- compliance lists ------------------------------------------------------------------------


def test_the_compliance_lists_show_their_counts_and_rows(client, build, caseworker):
    overdue = build(Phase.P3, planned_end=dt.date.today() - dt.timedelta(days=1))
    running = build(Phase.P3, planned_end=dt.date.today() + dt.timedelta(days=60))
    login(client, caseworker)
    body = client.get("/admin/commission/").get_data(as_text=True)
    assert "Geplantes Ende überschritten (1)" in body
    listed = client.get("/admin/commission/?list=status_report_overdue").get_data(as_text=True)
    assert f'class="action-checkbox" value="{overdue.id}"' in listed
    assert f'class="action-checkbox" value="{running.id}"' not in listed


def test_the_compliance_counts_cost_a_constant_number_of_queries(client, build, caseworker):
    login(client, caseworker)
    build(Phase.P2, since=dt.date(2026, 1, 1))
    few, many = _constant(client, "/admin/commission/?list=p2_too_long",
                          lambda: build(Phase.P2, since=dt.date(2026, 1, 1)))
    assert many == few


def test_the_stabilisation_action_closes_and_opens_in_one_step(client, build, caseworker):
    placement = build(Phase.P3, service_type="placement")
    login(client, caseworker)
    page = client.post("/admin/commission/action/",
                       data={"action": "stabilise", "rowid": [placement.id]})
    assert "Erster Arbeitstag" in page.get_data(as_text=True)
    _phase(client, "stabilise", [placement.id], on_date="05.10.2026")
    assert _phases(placement) == [Phase.P4]
    follow_up = Commission.get(Commission.legal_basis == "stabilisation")
    assert (follow_up.phase, follow_up.start) == (Phase.P3, dt.date(2026, 10, 5))


def _filter_groups(body: str) -> dict:
    import json
    import re

    return json.loads(re.search(r'id="filter-groups-data" class="d-none">(.*?)</div>', body,
                                re.S).group(1))


def test_the_contact_list_filters_by_commission_number_without_listing_every_commission(
        client, build, caseworker):
    """A commission filter offers no option per commission (there are tens of thousands);
    the only options left are those of "empty / not empty"."""
    first, second, _third = build(Phase.P2), build(Phase.P2), build(Phase.P2)
    make_contact(first, actor=caseworker)
    make_contact(second, actor=caseworker)
    login(client, caseworker)
    body = client.get("/admin/contact/").get_data(as_text=True)
    commission_filters = _filter_groups(body)["Auftrag"]
    assert all(len(item.get("options") or ()) <= 2 for item in commission_filters)
    index = next(item["index"] for item in commission_filters if item["operation"] == "gleich")
    shown = client.get(f"/admin/contact/?flt0_{index}={second.id}").get_data(as_text=True)
    rows = {contact.id for contact in Contact.select()
            if f"/admin/contact/details/?id={contact.id}&" in shown}
    assert rows == {c.id for c in Contact.select().where(Contact.commission == second.id)}
