"""The employment situation with its chronology (004 §3.1): expected when dated in the future,
occurred when confirmed from its date on; refusals name every problem and write nothing."""

import datetime as dt

import pytest

from models import HistoryEntry
from models.commissions.models import Phase
from models.commissions.situations import (
    EmploymentSituation,
    SituationStatus,
    chronology,
    confirm_situation,
    record_situation,
)
from models.core.errors import DomainError, NotPermitted, ValidationError
from seed.factories import make_user

NOW = dt.datetime(2026, 11, 2, 9, 0)
TODAY = NOW.date()


def _entries():
    return HistoryEntry.select().where(HistoryEntry.relation == "employment_situation").count()


@pytest.mark.parametrize(("since", "status"), [
    (TODAY - dt.timedelta(days=30), SituationStatus.OCCURRED),
    (TODAY, SituationStatus.OCCURRED),
    (TODAY + dt.timedelta(days=1), SituationStatus.EXPECTED),
])
def test_a_situation_is_expected_only_when_dated_in_the_future(build, caseworker, since,
                                                               status):
    situation = record_situation(build(Phase.P3), caseworker, NOW, "unemployed", since)
    assert EmploymentSituation.get_by_id(situation.id).status == status


def test_recording_writes_one_history_entry(build, caseworker):
    before = _entries()
    record_situation(build(Phase.P3), caseworker, NOW, "employed", TODAY)
    assert _entries() == before + 1


@pytest.mark.parametrize(("kind", "since", "named"), [
    ("", TODAY, {"kind"}),
    ("astronaut", TODAY, {"kind"}),
    ("employed", None, {"since"}),
    (None, None, {"kind", "since"}),
])
def test_bad_input_names_every_field_and_writes_nothing(build, caseworker, kind, since, named):
    commission = build(Phase.P3)
    before = _entries()
    with pytest.raises(ValidationError) as refused:
        record_situation(commission, caseworker, NOW, kind, since)
    assert set(refused.value.errors) == named
    assert EmploymentSituation.select().count() == 0
    assert _entries() == before


def test_the_same_situation_on_the_same_day_is_refused(build, caseworker):
    commission = build(Phase.P3)
    record_situation(commission, caseworker, NOW, "employed", TODAY)
    with pytest.raises(ValidationError) as refused:
        record_situation(commission, caseworker, NOW, "employed", TODAY)
    assert set(refused.value.errors) == {"since"}


def test_an_expected_situation_is_confirmed_from_its_date_on(build, caseworker):
    expected = record_situation(build(Phase.P3), caseworker, NOW, "old_age_pension",
                                TODAY + dt.timedelta(days=3))
    later = NOW + dt.timedelta(days=3)
    before = _entries()
    confirm_situation(expected, caseworker, later)
    stored = EmploymentSituation.get_by_id(expected.id)
    assert (stored.status, stored.confirmed_at, stored.confirmed_by_id) == (
        SituationStatus.OCCURRED, later, caseworker.id)
    assert _entries() == before + 1


@pytest.mark.parametrize(("days_ahead", "confirm_after"), [(3, 2), (0, 0)])
def test_confirming_too_early_or_twice_is_refused(build, caseworker, days_ahead,
                                                  confirm_after):
    situation = record_situation(build(Phase.P3), caseworker, NOW, "unemployed",
                                 TODAY + dt.timedelta(days=days_ahead))
    before = (EmploymentSituation.get_by_id(situation.id).version, _entries())
    with pytest.raises(DomainError):
        confirm_situation(situation, caseworker, NOW + dt.timedelta(days=confirm_after))
    assert (EmploymentSituation.get_by_id(situation.id).version, _entries()) == before


@pytest.mark.parametrize("role", ["staff_read", "clerk", "statistics"])
def test_only_those_working_on_the_commission_record(build, project, role):
    outsider = make_user(role=role, projects=[project] if role == "staff_read" else [])
    with pytest.raises(NotPermitted):
        record_situation(build(Phase.P3), outsider, NOW, "employed", TODAY)


def test_the_chronology_is_newest_first(build, caseworker):
    commission = build(Phase.P3)
    for days, kind in ((-60, "employed"), (20, "unemployed"), (-5, "marginal")):
        record_situation(commission, caseworker, NOW, kind, TODAY + dt.timedelta(days=days))
    rows = chronology(EmploymentSituation.select().where(
        EmploymentSituation.commission == commission.id))
    assert [row.kind for row in rows] == ["unemployed", "marginal", "employed"]
