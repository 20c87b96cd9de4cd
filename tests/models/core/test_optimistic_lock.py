"""Edits are optimistically locked: a stale edit is refused, an edit writes only what it changed
and never a field of the workflow (status, version, snapshot)."""

import datetime as dt
import threading
from decimal import Decimal

import pytest

from models import (
    Activity,
    Announcement,
    ApprovalPeriod,
    AssistanceRequest,
    BillingRules,
    CareCase,
    Delegation,
    DeliveredHours,
    DisabilityProof,
    District,
    Document,
    FundingBody,
    HistoryEntry,
    Participation,
    Person,
    Project,
    Provider,
    User,
    UserProject,
    db,
)
from models.commissions.models import Commission, Contact, ResultKind, Task
from models.commissions.releases import PayingBodyRelease
from models.commissions.situations import EmploymentSituation
from models.core.access import registered
from models.core.records import ChangedMeanwhile, create_record, update_record
from models.requests.models import Status, approve_request, save_and_submit_request, submit_request
from seed.factories import (
    NOW,
    assign,
    make_activity,
    make_approval_period,
    make_billing_rules,
    make_care_case,
    make_commission,
    make_contact,
    make_delivered_hours,
    make_disability_proof,
    make_district,
    make_document,
    make_funding_body,
    make_participation,
    make_person,
    make_project,
    make_provider,
    make_release,
    make_request,
    make_result_kind,
    make_situation,
    make_task,
    make_user,
)

LATER = NOW + dt.timedelta(minutes=5)


def _announcement():
    return create_record(Announcement(title="Wartung", text="Am Freitag"), None, NOW)


def _delegation():
    project = make_project()
    return create_record(Delegation(grantor=make_user(projects=[project]),
                                    grantee=make_user(projects=[project]), created_at=NOW),
                         None, NOW)


def _issue13_rows():
    from models.budgets.models import BudgetCheck, PartialBudget, PersonalBudget
    from models.budgets.operations import schedule_check
    from models.procedures.models import Assessment, LifeArea, Procedure, ServiceAgreement
    from seed.factories import (
        make_budget,
        make_partial_budget,
        make_procedure,
        make_service_agreement,
    )

    def assessment():
        area = create_record(LifeArea(name="Wohnen"), None, NOW)
        return create_record(Assessment(procedure=make_procedure(), life_area=area), None, NOW)

    return {
        Procedure: (make_procedure, "goals", ("eins", "zwei")),
        LifeArea: (lambda: create_record(LifeArea(name="Arbeit"), None, NOW), "name",
                   ("Arbeit und Beruf", "Beruf")),
        Assessment: (assessment, "barriers", ("eins", "zwei")),
        ServiceAgreement: (make_service_agreement, "valid_to",
                           (dt.date(2027, 1, 31), dt.date(2027, 2, 28))),
        PersonalBudget: (make_budget, "valid_to", (dt.date(2026, 12, 30), dt.date(2026, 12, 29))),
        PartialBudget: (make_partial_budget, "proofs", ("eins", "zwei")),
        BudgetCheck: (lambda: schedule_check(make_budget(), NOW.date(), None, NOW), "due_on",
                      (dt.date(2027, 1, 31), dt.date(2027, 2, 28))),
    }


# model -> (a row of it, a field an edit changes, two values for two editors)
EDITABLE = {
    Provider: (make_provider, "city", ("Graz", "Linz")),
    Project: (make_project, "region", ("Nord", "Süd")),
    FundingBody: (make_funding_body, "city", ("Graz", "Linz")),
    District: (lambda: make_district("8010", "Graz"), "name", ("Graz-Stadt", "Graz-Mitte")),
    User: (make_user, "full_name", ("Anna Berger", "Anna Huber")),
    UserProject: (lambda: assign(make_user(), make_project()), "valid_to",
                  (dt.date(2027, 1, 31), dt.date(2027, 2, 28))),
    Person: (make_person, "city", ("Graz", "Linz")),
    Participation: (make_participation, "note", ("eins", "zwei")),
    AssistanceRequest: (make_request, "region", ("Nord", "Süd")),
    DisabilityProof: (make_disability_proof, "note", ("eins", "zwei")),
    Document: (make_document, "note", ("eins", "zwei")),
    DeliveredHours: (make_delivered_hours, "note", ("eins", "zwei")),
    BillingRules: (make_billing_rules, "indirect_share", (Decimal(50), Decimal(60))),
    CareCase: (make_care_case, "note", ("eins", "zwei")),
    ApprovalPeriod: (make_approval_period, "hours", (Decimal(6), Decimal(7))),
    Activity: (make_activity, "minutes", (30, 45)),
    Delegation: (_delegation, "revoked_at", (NOW, LATER)),
    Announcement: (_announcement, "text", ("Am Montag", "Am Dienstag")),
    Commission: (make_commission, "planned_end", (dt.date(2027, 1, 31), dt.date(2027, 2, 28))),
    Contact: (make_contact, "keyword", ("Besuch", "Telefonat")),
    Task: (make_task, "name", ("Aufgabe eins", "Aufgabe zwei")),
    ResultKind: (make_result_kind, "name", ("Ergebnis eins", "Ergebnis zwei")),
    EmploymentSituation: (make_situation, "since", (dt.date(2026, 9, 2), dt.date(2026, 9, 3))),
    PayingBodyRelease: (make_release, "valid_to", (dt.date(2027, 1, 31), dt.date(2027, 2, 28))),
    **_issue13_rows(),
}


def test_every_editable_model_is_in_the_table():
    editable = {model for model, rules in registered().items() if rules.write}
    assert editable == set(EDITABLE)


@pytest.mark.parametrize("model", list(EDITABLE), ids=lambda m: m.__name__)
def test_every_editable_model_has_a_version(model):
    assert "version" in model._meta.fields


def _load(row):
    model = type(row)
    return model.get_by_id(row._pk)


def _edit(row, name, value, actor, now=NOW):
    old = dict(row.__data__)
    setattr(row, name, value)
    return update_record(row, old, actor, now)


@pytest.mark.parametrize("model", list(EDITABLE), ids=lambda m: m.__name__)
def test_a_stale_edit_is_refused_and_names_who_changed_it(app, model):
    make, name, (first, second) = EDITABLE[model]
    row = make()
    mine, theirs = _load(row), _load(row)
    colleague = make_user(role="admin", full_name="Clara Kollegin")
    _edit(theirs, name, first, colleague, LATER)
    with pytest.raises(ChangedMeanwhile) as refused:
        _edit(mine, name, second, make_user(role="admin"))
    assert getattr(_load(row), name) == first
    assert refused.value.editor.full_name == "Clara Kollegin"
    assert refused.value.changed_at == LATER
    assert getattr(refused.value.current, name) == first


@pytest.mark.parametrize("model", list(EDITABLE), ids=lambda m: m.__name__)
def test_an_edit_raises_the_version(app, model):
    make, name, (first, _second) = EDITABLE[model]
    row = make()
    before = _load(row).version
    _edit(row, name, first, None)
    assert _load(row).version == row.version == before + 1


def test_a_stale_edit_without_changes_is_refused(app, project):
    person = make_person(project)
    mine = _load(person)
    _edit(_load(person), "city", "Graz", None)
    old = dict(mine.__data__)
    fresh = _load(person)
    with pytest.raises(ChangedMeanwhile):
        update_record(fresh, old, None, NOW)


def test_an_edit_writes_only_the_columns_it_changed(app):
    user = make_user(full_name="Anna Berger")
    loaded = _load(user)
    # Meanwhile a login fails twice: no edit, so no new version.
    User.update(failed_logins=2).where(User.id == user.id).execute()
    _edit(loaded, "full_name", "Anna Huber", make_user(role="admin"))
    stored = _load(user)
    assert (stored.full_name, stored.failed_logins) == ("Anna Huber", 2)


# -- requests: an edit never writes the workflow's fields (issue 10, item 4) ----------------


@pytest.fixture
def setting(app, project):
    body = make_funding_body()
    return {"staff": make_user(role="staff_write", projects=[project]),
            "clerk": make_user(role="clerk", funding_body=body, full_name="Klara Kostentr"),
            "participation": make_participation(project=project), "body": body}


def _request(setting):
    return make_request(setting["participation"], setting["body"])


def _status_entries(request):
    return HistoryEntry.select().where((HistoryEntry.relation == "request")
                                       & (HistoryEntry.record_id == request.id)
                                       & (HistoryEntry.kind == "status")).count()


def test_an_edit_never_writes_status_or_snapshot(setting):
    request = _request(setting)
    old = dict(request.__data__)
    request.status, request.snapshot = Status.APPROVED, '{"care_level": 5}'
    request.hours_per_week = Decimal(10)
    update_record(request, old, setting["staff"], NOW)
    stored = _load(request)
    assert (stored.status, stored.snapshot, stored.hours_per_week) == (
        Status.IN_PROGRESS, None, Decimal(10))


def test_a_stale_save_and_send_leaves_an_approved_request_alone(setting):
    request = _request(setting)
    stale = _load(request)  # the form of "save and send" was loaded here
    submit_request(_load(request), setting["staff"], NOW)
    approve_request(_load(request), setting["clerk"], NOW)
    snapshot = _load(request).snapshot
    old = dict(stale.__data__)
    stale.hours_per_week = Decimal(12)
    with pytest.raises(ChangedMeanwhile):
        save_and_submit_request(stale, old, setting["staff"], LATER)
    stored = _load(request)
    assert (stored.status, stored.snapshot, stored.hours_per_week) == (
        Status.APPROVED, snapshot, Decimal(20))
    assert _status_entries(request) == 2


def test_a_stale_save_and_send_without_changes_is_refused(setting):
    request = _request(setting)
    stale = _load(request)
    submit_request(_load(request), setting["staff"], NOW)
    approve_request(_load(request), setting["clerk"], NOW)
    with pytest.raises(ChangedMeanwhile):
        save_and_submit_request(stale, dict(stale.__data__), setting["staff"], LATER)
    assert _load(request).status == Status.APPROVED
    assert _status_entries(request) == 2


def _race(jobs):
    """Run the jobs at the same moment, each on its own connection; their outcomes."""
    barrier = threading.Barrier(len(jobs), timeout=30)
    outcomes = [None] * len(jobs)
    db.close()

    def run(index):
        try:
            with db.connection_context():
                barrier.wait()
                jobs[index]()
            outcomes[index] = "won"
        except ChangedMeanwhile:
            outcomes[index] = "changed meanwhile"
        except Exception as error:  # noqa: BLE001 - any other outcome fails the test
            outcomes[index] = repr(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def test_save_and_send_raced_with_send_sends_once(setting):
    for round_ in range(10):
        request = _request(setting)
        saving, sending = _load(request), _load(request)
        old = dict(saving.__data__)
        saving.hours_per_week = Decimal(15)
        outcomes = _race([
            lambda saving=saving, old=old: save_and_submit_request(
                saving, old, setting["staff"], NOW),
            lambda sending=sending: submit_request(sending, setting["staff"], NOW)])
        assert sorted(outcomes) == ["changed meanwhile", "won"], round_
        assert _status_entries(request) == 1
        assert _load(request).status == Status.SUBMITTED


def test_parallel_edits_of_one_row_from_the_same_form_keep_one(app, project):
    person = make_person(project, city="Wien")
    copies = [_load(person) for _ in range(10)]
    jobs = [lambda row=row, n=n: _edit(row, "city", f"Ort {n}", None)
            for n, row in enumerate(copies)]
    outcomes = _race(jobs)
    assert sorted(outcomes) == ["changed meanwhile"] * 9 + ["won"]
    winner = outcomes.index("won")
    assert _load(person).city == f"Ort {winner}"
    updates = HistoryEntry.select().where((HistoryEntry.relation == "person")
                                          & (HistoryEntry.event == "updated"))
    assert updates.count() == 1


def test_a_stale_proof_is_refused_when_only_its_conditions_change(app):
    from models.disability.models import Condition, conditions_of, save_proof

    proof = make_disability_proof()
    mine, theirs = _load(proof), _load(proof)
    save_proof(theirs, dict(theirs.__data__),
               [Condition("Depression", True, False), Condition("Asthma", False, False)],
               None, NOW)
    with pytest.raises(ChangedMeanwhile):
        save_proof(mine, dict(mine.__data__), [Condition("Migräne", True, False)], None, NOW)
    assert [c[0] for c in conditions_of(_load(proof))] == ["Depression", "Asthma"]


def test_a_stale_change_of_a_document_is_refused(app):
    from models.documents.operations import change_document

    document = make_document()
    mine, theirs = _load(document), _load(document)
    old = dict(theirs.__data__)
    theirs.display_name = "Bescheid neu.pdf"
    change_document(theirs, old, None, NOW)
    old = dict(mine.__data__)
    mine.display_name = "Befund.pdf"
    with pytest.raises(ChangedMeanwhile):
        change_document(mine, old, None, NOW)
    assert _load(document).display_name == "Bescheid neu.pdf"
