"""Every edit form carries the version of its record; a save from a stale form is refused with
who changed the record and when, and the form shows the current values (issue 10, item 3)."""

import threading

import pytest
from flask_admin.model.fields import AjaxSelectField
from flask_login import login_user
from werkzeug.datastructures import MultiDict
from wtforms.fields import FieldList, FormField

from models import HistoryEntry, Person
from models.accounts.announcements import Announcement
from models.core.records import create_record, update_record
from seed.factories import (
    NOW,
    assign,
    make_activity,
    make_approval_period,
    make_billing_rules,
    make_care_case,
    make_commission,
    make_delivered_hours,
    make_disability_proof,
    make_district,
    make_document,
    make_funding_body,
    make_participation,
    make_person,
    make_project,
    make_provider,
    make_request,
    make_result_kind,
    make_task,
    make_user,
)
from tests.conftest import login
from tests.views.test_role_matrix import model_views


def _issue13_rows():
    import datetime as dt

    from models.budgets.operations import schedule_check
    from models.procedures.models import LifeArea
    from seed.factories import (
        make_assessment,
        make_budget,
        make_partial_budget,
        make_procedure,
        make_service_agreement,
    )

    return {
        "procedure": (make_procedure, "goals", "Ziele der Kollegin"),
        "assessment": (make_assessment, "barriers", "Barrieren laut Kollegin"),
        "life_area": (lambda: create_record(LifeArea(name="Arbeit"), None, NOW), "name",
                      "Arbeit der Kollegin"),
        "service_agreement": (make_service_agreement, "valid_to", dt.date(2027, 1, 31)),
        "personal_budget": (make_budget, "valid_to", dt.date(2026, 12, 30)),
        "partial_budget": (make_partial_budget, "proofs", "Nachweise der Kollegin"),
        "budget_check": (lambda: schedule_check(make_budget(), NOW.date(), None, NOW),
                         "due_on", dt.date(2027, 1, 31)),
    }


# endpoint -> (a row an administrator may edit, a field a colleague changes, its new value)
EDITED = {
    "person": (make_person, "city", "Kollegenstadt"),
    "participation": (make_participation, "note", "Notiz der Kollegin"),
    "request": (make_request, "region", "Region der Kollegin"),
    "delivered_hours": (make_delivered_hours, "note", "Notiz der Kollegin"),
    "care_case": (make_care_case, "note", "Notiz der Kollegin"),
    "approval_period": (make_approval_period, "extension_requested_on", NOW.date()),
    "activity": (make_activity, "minutes", 75),
    "project": (make_project, "region", "Region der Kollegin"),
    "provider": (make_provider, "city", "Kollegenstadt"),
    "funding_body": (make_funding_body, "city", "Kollegenstadt"),
    "billing_rules": (make_billing_rules, "basis", "month"),
    "district": (lambda: make_district("8010", "Graz"), "name", "Graz der Kollegin"),
    "user": (make_user, "full_name", "Name der Kollegin"),
    "assignment": (lambda: assign(make_user(), make_project()), "valid_to", NOW.date()),
    "announcement": (lambda: create_record(Announcement(title="Wartung", text="Freitag"),
                                           None, NOW), "text", "Text der Kollegin"),
    "document": (make_document, "note", "Notiz der Kollegin"),
    "disability_proof": (make_disability_proof, "note", "Notiz der Kollegin"),
    "commission": (make_commission, "planned_end", NOW.date()),
    "task": (make_task, "name", "Aufgabe der Kollegin"),
    "result_kind": (make_result_kind, "name", "Ergebnis der Kollegin"),
    **_issue13_rows(),
}


def _colleague_edits(row, name, value):
    colleague = make_user(role="admin", full_name="Clara Kollegin")
    old = dict(row.__data__)
    setattr(row, name, value)
    update_record(row, old, colleague, NOW)


def _posted(field):
    """What a browser posts for `field` as the form shows it: [(name, value), ...]."""
    if isinstance(field, FieldList | FormField):
        return [pair for sub in field for pair in _posted(sub)]
    if field.type in ("CSRFTokenField", "SubmitField"):
        return []
    if field.type == "BooleanField":
        return [(field.name, "y")] if field.data else []
    if isinstance(field, AjaxSelectField):
        # An autocomplete picker posts the id of its chosen row.
        chosen = field.loader.format(field.data) if field.data is not None else None
        return [(field.name, str(chosen[0]))] if chosen else []
    if hasattr(field, "iter_choices"):
        return [(field.name, choice[0]) for choice in field.iter_choices() if choice[2]]
    return [(field.name, field._value())]


def form_data(app, view, row, user) -> MultiDict:
    """The data of `view`'s edit form for `row` as `user` got it."""
    with app.test_request_context(f"/admin/{view.endpoint}/edit/?id={row._pk}"):
        login_user(user)
        if view.endpoint == "disability_proof":
            from views.disability import proof_form

            form = proof_form(row, creating=False)
            extra = [("relevant", form.relevant_row)]
        else:
            form = view.edit_form(obj=view.get_one(row._pk))
            extra = []
        return MultiDict([pair for field in form for pair in _posted(field)] + extra)


def test_every_edit_view_is_checked(app):
    editable = {endpoint for endpoint, view in model_views(app)
                if view.allow_edit and "version" in view.model._meta.fields}
    assert editable == set(EDITED)


@pytest.mark.parametrize("endpoint", list(EDITED))
def test_the_edit_form_carries_the_version(client, admin, endpoint):
    make, name, value = EDITED[endpoint]
    row = make()
    _colleague_edits(row, name, value)
    login(client, admin)
    body = client.get(f"/admin/{endpoint}/edit/?id={row._pk}").get_data(as_text=True)
    assert f'id="version" name="version" type="hidden" value="{row.version}"' in body
    assert row.version == 1


@pytest.mark.parametrize("endpoint", list(EDITED))
def test_a_save_from_a_stale_form_is_refused(app, client, admin, endpoint):
    make, name, value = EDITED[endpoint]
    row = make()
    data = form_data(app, dict(model_views(app))[endpoint], row, admin)
    _colleague_edits(type(row).get_by_id(row._pk), name, value)
    login(client, admin)
    response = client.post(f"/admin/{endpoint}/edit/?id={row._pk}", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Dieser Datensatz wurde inzwischen von Clara Kollegin am" in body
    stored = type(row).get_by_id(row._pk)
    assert (getattr(stored, name), stored.version) == (value, 1)
    assert not HistoryEntry.select().where(HistoryEntry.editor == admin).exists()


def test_the_refusal_shows_the_current_values_and_the_unsaved_entry(app, client, admin,
                                                                     project):
    person = make_person(project, city="Wien")
    data = form_data(app, dict(model_views(app))["person"], person, admin).to_dict()
    _colleague_edits(Person.get_by_id(person.id), "city", "Graz")
    login(client, admin)
    body = client.post(f"/admin/person/edit/?id={person.id}",
                       data={**data, "city": "Linz"}).get_data(as_text=True)
    assert 'name="city" type="text" value="Graz"' in body
    assert "Nicht gespeichert, Ihre Eingabe: Linz" in body
    assert 'name="version" type="hidden" value="1"' in body
    # Saved again from the refreshed form, the change goes through.
    client.post(f"/admin/person/edit/?id={person.id}",
                data={**data, "city": "Linz", "version": "1"})
    assert Person.get_by_id(person.id).city == "Linz"


def test_parallel_saves_from_the_same_form_keep_one(app, admin, project):
    person = make_person(project, city="Wien")
    data = form_data(app, dict(model_views(app))["person"], person, admin).to_dict()
    saves = 20
    barrier = threading.Barrier(saves, timeout=30)
    statuses = []

    def save(n):
        client = login(app.test_client(), admin)
        barrier.wait()
        response = client.post(f"/admin/person/edit/?id={person.id}",
                               data={**data, "city": f"Ort {n}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(saves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # Accepted saves redirect; refused ones show the form again.
    assert sorted(statuses) == [200] * (saves - 1) + [302]
    updates = HistoryEntry.select().where((HistoryEntry.relation == "person")
                                          & (HistoryEntry.event == "updated"))
    assert updates.count() == 1
    assert Person.get_by_id(person.id).version == 1


def test_save_and_send_from_a_stale_form_sends_nothing(app, client, admin):
    request = make_request()
    data = form_data(app, dict(model_views(app))["request"], request, admin)
    _colleague_edits(type(request).get_by_id(request.id), "region", "Region der Kollegin")
    login(client, admin)
    data["_submit"] = "Speichern und senden"
    body = client.post(f"/admin/request/edit/?id={request.id}", data=data).get_data(
        as_text=True)
    assert "Dieser Datensatz wurde inzwischen von Clara Kollegin am" in body
    stored = type(request).get_by_id(request.id)
    assert (stored.status, stored.region) == ("in_progress", "Region der Kollegin")
    assert not HistoryEntry.select().where(HistoryEntry.kind == "status").exists()
