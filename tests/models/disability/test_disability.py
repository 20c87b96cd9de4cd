"""Proof of disability (004 §6): the rules of the notice and of its list of disabilities."""

import datetime as dt

import pytest

from models import Disability, DisabilityProof, HistoryEntry
from models.core.errors import ValidationError
from models.disability.models import Condition, condition_errors, save_proof
from seed.factories import NOW, make_disability_proof, make_person


@pytest.mark.parametrize(
    ("conditions", "error"),
    [
        ([Condition("Depression", True)], None),
        ([Condition("Depression", True), Condition("Tinnitus", False, True)], None),
        ([Condition("Diabetes", False), Condition("Depression", True)], None),
        ([], "conditions"),
        ([Condition("Depression", False)], "relevant"),
        ([Condition("A", True), Condition("B", True)], "relevant"),
        ([Condition("Tinnitus", True, True)], "relevant"),
        ([Condition("x" * 201, True)], "conditions"),
    ],
)
def test_condition_rules(conditions, error):
    errors = condition_errors(conditions)
    assert (list(errors) == [error]) if error else errors == {}


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"notice_date": dt.date(2999, 1, 1)}, "notice_date"),
        ({"degree_of_disability": 55}, "degree_of_disability"),
        ({"degree_of_disability": 10}, "degree_of_disability"),
        ({"degree_of_disability": None}, "degree_of_disability"),
    ],
)
def test_notice_rules(app, fields, field):
    with pytest.raises(ValidationError) as refused:
        make_disability_proof(make_person(), **fields)
    assert field in refused.value.errors
    assert DisabilityProof.select().count() == 0


def test_valid_from_is_effective_from_when_the_notice_has_one(app):
    proof = make_disability_proof(notice_date=dt.date(2024, 5, 2))
    assert proof.valid_from == dt.date(2024, 5, 2)
    proof.effective_from = dt.date(2023, 11, 1)
    assert proof.valid_from == dt.date(2023, 11, 1)


def test_change_of_the_list_is_one_history_entry_with_old_and_new(app):
    proof = make_disability_proof(conditions=[("Depression", True, False)])
    old = dict(proof.__data__)
    proof.degree_of_disability = 60
    save_proof(proof, old, [Condition("Depression", True), Condition("Tinnitus", False, True)],
               None, NOW)
    entry = HistoryEntry.select().where(HistoryEntry.relation == "disability_proof",
                                        HistoryEntry.event == "updated").get()
    assert entry.changes["degree_of_disability"] == [50, 60]
    assert entry.changes["conditions"] == [[["Depression", True, False]],
                                           [["Depression", True, False],
                                            ["Tinnitus", False, True]]]
    names = [c.name for c in Disability.select().order_by(Disability.position)]
    assert names == ["Depression", "Tinnitus"]


def test_saving_unchanged_writes_nothing(app):
    proof = make_disability_proof()
    before = HistoryEntry.select().count()
    save_proof(proof, dict(proof.__data__), [Condition("Depression", True)], None, NOW)
    assert HistoryEntry.select().count() == before


# -- who may record proofs (the domain checks, not only the view) ----------------------------


@pytest.mark.parametrize(("role", "in_project", "allowed"), [
    ("staff_write", True, True),
    ("project_lead", True, True),
    ("admin", False, True),
    ("staff_write", False, False),
    ("staff_read", True, False),
    ("clerk", False, False),
    ("statistics", False, False),
])
def test_only_writers_who_see_the_person_record_proofs(app, role, in_project, allowed):
    from models.core.errors import NotPermitted
    from seed.factories import make_project, make_user

    project = make_project()
    person = make_person(project)
    actor = make_user(role=role, projects=[project] if in_project else [make_project()])
    if not allowed:
        with pytest.raises(NotPermitted):
            make_disability_proof(person, actor=actor)
        assert DisabilityProof.select().count() == 0
        return
    proof = make_disability_proof(person, actor=actor)
    old = dict(proof.__data__)
    proof.degree_of_disability = 70
    save_proof(proof, old, [Condition("Depression", True)], actor, NOW)
    assert DisabilityProof.get().degree_of_disability == 70


def test_a_proof_of_another_project_is_neither_changed_nor_deleted(app):
    from models.core.errors import NotPermitted
    from models.core.records import delete_record
    from seed.factories import make_project, make_user

    proof = make_disability_proof(make_person(make_project()))
    stranger = make_user(role="staff_write", projects=[make_project()])
    old = dict(proof.__data__)
    proof.degree_of_disability = 70
    with pytest.raises(NotPermitted):
        save_proof(proof, old, [Condition("Depression", True)], stranger, NOW)
    with pytest.raises(NotPermitted):
        delete_record(proof, stranger, NOW)
    assert DisabilityProof.get().degree_of_disability == 50
