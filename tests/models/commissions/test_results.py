"""Results (LEK, 004 §7, §7.1): never deleted, only declared invalid; the start date can be
removed within 6 weeks; the paying body defaults to the commission's, else the
Integrationsamt."""

import datetime as dt

import pytest

from models import HistoryEntry
from models.commissions.contacts import add_result, invalidate_result, remove_result_start
from models.commissions.models import Phase, Result
from models.core.errors import DomainError, ValidationError
from models.core.records import delete_record
from seed.factories import make_funding_body, make_result, make_result_kind

NOW = dt.datetime(2026, 11, 10, 10, 0)


@pytest.fixture
def result(build):
    return make_result(build(Phase.P3))


def test_a_result_cannot_be_deleted(result, caseworker):
    with pytest.raises(DomainError):
        delete_record(result, caseworker, NOW)
    assert Result.get_by_id(result.id).invalid is False


def test_a_result_is_declared_invalid_with_reason_and_history(result, caseworker):
    invalidate_result(result, caseworker, NOW, "Doppelt erfasst")
    stored = Result.get_by_id(result.id)
    assert (stored.invalid, stored.invalid_reason, stored.invalid_since) == (
        True, "Doppelt erfasst", NOW)
    entry = HistoryEntry.select().where((HistoryEntry.relation == "result")
                                        & (HistoryEntry.record_id == result.id)
                                        & (HistoryEntry.kind == "status")).get()
    assert entry.changes["invalid"] == [False, True]


@pytest.mark.parametrize("reason", ["", "   "])
def test_invalidation_needs_a_reason(result, caseworker, reason):
    with pytest.raises(ValidationError):
        invalidate_result(result, caseworker, NOW, reason)
    assert Result.get_by_id(result.id).invalid is False


def test_a_result_is_declared_invalid_once(result, caseworker):
    invalidate_result(result, caseworker, NOW, "Doppelt erfasst")
    with pytest.raises(DomainError):
        invalidate_result(Result.get_by_id(result.id), caseworker, NOW, "nochmal")


@pytest.mark.parametrize(("start", "removable"), [
    (dt.date(2026, 9, 29), True),    # exactly 6 weeks back
    (dt.date(2026, 9, 28), False),
])
def test_the_start_date_can_be_removed_within_six_weeks(result, caseworker, start, removable):
    Result.update(start=start).where(Result.id == result.id).execute()
    result = Result.get_by_id(result.id)
    if removable:
        remove_result_start(result, caseworker, NOW)
        assert Result.get_by_id(result.id).start is None
    else:
        with pytest.raises(DomainError):
            remove_result_start(result, caseworker, NOW)
        assert Result.get_by_id(result.id).start == start


def test_the_paying_body_defaults_to_the_commissions_funding_body(build, caseworker):
    commission = build(Phase.P3, body_kind="Rentenversicherung")
    result = add_result(commission, make_result_kind(), caseworker, NOW)
    assert result.paying_body_id == commission.funding_body_id


def test_without_funding_body_the_integration_office_pays(build, caseworker):
    office = make_funding_body(kind="Integrationsamt")
    commission = build(Phase.P1, omit=("funding_body",))
    result = add_result(commission, make_result_kind(), caseworker, NOW)
    assert result.paying_body_id == office.id
