"""Procedures (000, DOMAIN G): one current procedure per person, in the domain and in the
database; continuations only by writing roles once the previous one is closed; closing by the
editor or a delegate; never deleted; service agreements decide what a provider's users see."""

import contextlib
import datetime as dt
import threading

import pytest
from peewee import IntegrityError

from models import HistoryEntry, Procedure
from models.accounts.delegation import grant_delegation
from models.core.access import visible
from models.core.errors import DomainError, NotPermitted
from models.core.records import delete_record
from models.core.roles import Role
from models.procedures import operations
from models.procedures.models import ProcedureStatus, ProcedureType
from models.procedures.operations import (
    ProcedureOpen,
    close_procedure,
    close_procedures,
    open_continuation,
    open_procedure,
)
from seed.factories import (
    NOW,
    make_funding_body,
    make_person,
    make_procedure,
    make_project,
    make_service_agreement,
    make_user,
)

LATER = NOW + dt.timedelta(days=30)


def _entries(procedure):
    return HistoryEntry.select().where((HistoryEntry.relation == "procedure")
                                       & (HistoryEntry.record_id == procedure.id)).count()


def test_opening_records_the_procedure_with_its_history(app):
    procedure = make_procedure()
    assert (procedure.type, procedure.status, procedure.closed) == (
        ProcedureType.INITIAL, ProcedureStatus.OPEN, None)
    assert _entries(procedure) == 1


def test_a_continuation_while_the_previous_is_open_names_editor_and_project(app):
    procedure = make_procedure()
    with pytest.raises(ProcedureOpen) as refused:
        open_continuation(procedure.person, procedure.editor, LATER)
    assert refused.value.params == {"editor": procedure.editor.full_name,
                                    "project": procedure.project.name}
    assert Procedure.select().count() == 1
    assert HistoryEntry.select().where(HistoryEntry.relation == "procedure").count() == 1


def test_a_continuation_after_closing_takes_over_project_funding_body_and_goals(app):
    procedure = make_procedure()
    procedure.goals = "Arbeit finden"
    procedure.save()
    close_procedure(procedure, procedure.editor, LATER)
    colleague = make_user(role="staff_write", projects=[procedure.project])
    continuation = open_continuation(procedure.person, colleague, LATER)
    assert (continuation.type, continuation.previous_id, continuation.editor_id) == (
        ProcedureType.CONTINUATION, procedure.id, colleague.id)
    assert (continuation.project_id, continuation.funding_body_id, continuation.goals) == (
        procedure.project_id, procedure.funding_body_id, "Arbeit finden")


def test_a_second_initial_procedure_is_refused(app):
    procedure = make_procedure(closed=True)
    with pytest.raises(DomainError):
        open_procedure(procedure.person, procedure.project, procedure.funding_body,
                       procedure.editor, LATER)
    assert Procedure.select().count() == 1


@pytest.mark.parametrize(("role", "allowed"), [
    ("staff_read", False), ("statistics", False), ("clerk", False),
    ("staff_write", True), ("project_lead", True), ("admin", True)])
def test_only_writing_roles_open_a_continuation(app, role, allowed):
    procedure = make_procedure(closed=True)
    projects = [procedure.project] if role.startswith(("staff", "project")) else []
    user = make_user(role=role, projects=projects, funding_body=procedure.funding_body
                     if role == "clerk" else None)
    if allowed:
        assert open_continuation(procedure.person, user, LATER).editor_id == user.id
    else:
        with pytest.raises(NotPermitted):
            open_continuation(procedure.person, user, LATER)
        assert Procedure.select().count() == 1


def test_the_database_refuses_a_second_current_procedure(app):
    procedure = make_procedure()
    twin = Procedure(person=procedure.person, project=procedure.project,
                     funding_body=procedure.funding_body, editor=procedure.editor, opened=LATER)
    with pytest.raises(IntegrityError):
        twin.save(force_insert=True)


def test_two_users_racing_for_a_continuation_exactly_one_wins(app, monkeypatch):
    from models import db

    procedure = make_procedure(closed=True)
    racers = [make_user(role="staff_write", projects=[procedure.project]) for _ in range(2)]
    # Both pass the check for an open procedure before either inserts (where the database
    # lets them: SQLite's write lock queues the second transaction behind the first).
    checked = threading.Barrier(2, timeout=2)
    original = operations._refuse_while_open

    def check_then_wait(person):
        original(person)
        with contextlib.suppress(threading.BrokenBarrierError):
            checked.wait()

    monkeypatch.setattr(operations, "_refuse_while_open", check_then_wait)
    results = []

    def race(user):
        with db.connection_context():
            try:
                results.append(open_continuation(procedure.person, user, LATER))
            except ProcedureOpen as refused:
                results.append(refused)

    threads = [threading.Thread(target=race, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    winners = [r for r in results if isinstance(r, Procedure)]
    losers = [r for r in results if isinstance(r, ProcedureOpen)]
    assert (len(winners), len(losers)) == (1, 1)
    assert losers[0].params["editor"] == winners[0].editor.full_name
    assert Procedure.select().where(Procedure.closed.is_null()).count() == 1
    assert HistoryEntry.select().where(HistoryEntry.relation == "procedure").count() == 3


def test_the_editor_closes(app):
    procedure = make_procedure()
    close_procedure(procedure, procedure.editor, LATER)
    stored = Procedure.get_by_id(procedure.id)
    assert (stored.status, stored.closed) == (ProcedureStatus.CLOSED, LATER)
    assert _entries(procedure) == 2


def test_a_delegate_of_the_editor_closes(app):
    procedure = make_procedure()
    delegate = make_user(role="staff_write", projects=[procedure.project])
    grant_delegation(procedure.editor, delegate, procedure.editor, NOW)
    close_procedure(procedure, delegate, LATER)
    assert Procedure.get_by_id(procedure.id).closed == LATER


@pytest.mark.parametrize("role", ["staff_write", "staff_read", "project_lead", "clerk",
                                  "statistics"])
def test_others_do_not_close(app, role):
    procedure = make_procedure()
    other = make_user(role=role, projects=[procedure.project] if role != "clerk" else [])
    with pytest.raises(NotPermitted):
        close_procedure(procedure, other, LATER)
    assert Procedure.get_by_id(procedure.id).closed is None
    assert _entries(procedure) == 1


def test_closing_twice_is_refused(app):
    procedure = make_procedure(closed=True)
    with pytest.raises(DomainError):
        close_procedure(procedure, procedure.editor, LATER)


def test_bulk_close_closes_what_it_may_and_reports_the_rest(app):
    mine = make_procedure()
    theirs = make_procedure(project=mine.project)
    done, refused = close_procedures([mine, theirs], mine.editor, LATER)
    assert [p.id for p in done] == [mine.id]
    assert [p.id for p, _error in refused] == [theirs.id]


@pytest.mark.parametrize("role", list(Role))
def test_no_role_deletes_a_procedure(app, role):
    procedure = make_procedure(closed=True)
    user = make_user(role=role.value, projects=[procedure.project]
                     if role in (Role.STAFF_READ, Role.STAFF_WRITE, Role.PROJECT_LEAD) else [])
    with pytest.raises(NotPermitted):
        delete_record(procedure, user, LATER)
    assert Procedure.select().count() == 1


# -- service agreements --------------------------------------------------------------------


@pytest.mark.parametrize(("valid_from", "valid_to", "seen"), [
    (dt.date(2026, 11, 1), None, True),                 # starts today
    (dt.date(2026, 11, 2), None, False),                # starts tomorrow
    (dt.date(2025, 1, 1), dt.date(2026, 11, 1), True),  # ends today
    (dt.date(2025, 1, 1), dt.date(2026, 10, 31), False),  # ended yesterday
])
def test_staff_see_procedures_only_while_an_agreement_is_valid(app, valid_from, valid_to, seen):
    from models import ServiceAgreement

    procedure = make_procedure()
    ServiceAgreement.update(valid_from=valid_from, valid_to=valid_to).execute()
    staff = procedure.editor
    found = visible(Procedure, staff, today=dt.date(2026, 11, 1)).where(
        Procedure.id == procedure.id).exists()
    assert found is seen


def test_staff_of_another_project_do_not_see(app):
    make_procedure()
    stranger = make_user(role="staff_write", projects=[make_project()])
    assert not visible(Procedure, stranger, today=NOW.date()).exists()


@pytest.mark.parametrize(("own_body", "seen"), [(True, True), (False, False)])
def test_clerks_see_their_funding_bodys_procedures(app, own_body, seen):
    procedure = make_procedure()
    clerk = make_user(role="clerk", funding_body=procedure.funding_body if own_body
                      else make_funding_body())
    assert visible(Procedure, clerk, today=NOW.date()).exists() is seen


@pytest.mark.parametrize(("valid_to", "allowed"), [(None, True), (dt.date(2026, 10, 31), False)])
def test_staff_open_procedures_only_under_an_agreement_in_force(app, valid_to, allowed):
    project, body = make_project(), make_funding_body()
    make_service_agreement(project.provider, body, valid_to=valid_to)
    staff = make_user(role="staff_write", projects=[project])
    person = make_person(project)
    if allowed:
        assert open_procedure(person, project, body, staff, NOW).id
    else:
        with pytest.raises(NotPermitted):
            open_procedure(person, project, body, staff, NOW)
        assert Procedure.select().count() == 0
