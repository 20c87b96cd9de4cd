"""Contacts (004 §5, §1.2): tasks and results required, 6 weeks back at most, a warning after
5 working days (public holidays of Vienna and Bavaria from the holidays library)."""

import datetime as dt

import pytest

from models import HistoryEntry
from models.commissions.contacts import LATE_WARNING, record_contact
from models.commissions.models import Contact, Phase, Result
from models.commissions.workdays import working_days_between
from models.core.errors import NotPermitted, ValidationError
from seed.factories import make_result, make_result_kind, make_task, make_user

VIENNA = ("AT", "9")
BAVARIA = ("DE", "BY")
NOW = dt.datetime(2026, 11, 10, 10, 0)


@pytest.fixture
def commission(build):
    return build(Phase.P3)


@pytest.fixture
def links(commission):
    return {"task_ids": [make_task().id], "result_ids": [make_result(commission).id]}


def _record(commission, caseworker, links, at, now=NOW, where=VIENNA, **fields):
    data = {"form": "personal", "keyword": "Arbeitsplatzbesuch",
            "participants": "Klient, Vorgesetzte", **links, **fields}
    return record_contact(commission, caseworker, now, at=at, where=where, **data)


@pytest.mark.parametrize(("at", "accepted"), [
    (dt.datetime(2026, 9, 29, 8, 0), True),   # exactly 6 weeks back
    (dt.datetime(2026, 9, 28, 18, 0), False),  # 6 weeks and one day (43 days) back
    (dt.datetime(2026, 11, 10, 9, 0), True),
    (dt.datetime(2026, 11, 11, 9, 0), False),  # in the future
])
def test_a_contact_may_lie_at_most_six_weeks_back_and_not_in_the_future(
        commission, caseworker, links, at, accepted):
    if accepted:
        contact, _warnings = _record(commission, caseworker, links, at)
        assert Contact.get_by_id(contact.id).at == at
    else:
        with pytest.raises(ValidationError) as refused:
            _record(commission, caseworker, links, at)
        assert list(refused.value.errors) == ["at"]
        assert Contact.select().count() == 0


@pytest.mark.parametrize(("missing", "field"), [("task_ids", "tasks"),
                                                ("result_ids", "results")])
def test_a_contact_needs_a_task_and_a_result(commission, caseworker, links, missing, field):
    entries = HistoryEntry.select().count()
    with pytest.raises(ValidationError) as refused:
        _record(commission, caseworker, {**links, missing: []}, dt.datetime(2026, 11, 9, 9))
    assert list(refused.value.errors) == [field]
    assert (Contact.select().count(), HistoryEntry.select().count()) == (0, entries)


def test_every_missing_field_of_a_contact_is_named(commission, caseworker):
    with pytest.raises(ValidationError) as refused:
        record_contact(commission, caseworker, NOW, at=None, form="", keyword=" ",
                       participants="", task_ids=[], result_ids=[])
    assert set(refused.value.errors) == {"at", "form", "keyword", "participants", "tasks",
                                         "results"}


def test_a_result_of_another_commission_cannot_be_linked(build, commission, caseworker, links):
    foreign = make_result(build(Phase.P3))
    with pytest.raises(ValidationError) as refused:
        _record(commission, caseworker, {**links, "result_ids": [foreign.id]},
                dt.datetime(2026, 11, 9, 9))
    assert list(refused.value.errors) == ["results"]


# (contact day, entered, region, warned): Good Friday 3.4.2026 is a holiday in Bavaria, not in
# Vienna; the National Day 26.10.2026 in Vienna, not in Bavaria.
LATE = [
    (dt.date(2026, 3, 31), dt.date(2026, 4, 9), VIENNA, True),    # 6 working days
    (dt.date(2026, 3, 31), dt.date(2026, 4, 9), BAVARIA, False),  # 5: Good Friday off
    (dt.date(2026, 3, 31), dt.date(2026, 4, 8), VIENNA, False),   # 5
    (dt.date(2026, 10, 19), dt.date(2026, 10, 27), BAVARIA, True),   # 6
    (dt.date(2026, 10, 19), dt.date(2026, 10, 27), VIENNA, False),   # 5: National Day off
    (dt.date(2026, 10, 19), dt.date(2026, 10, 28), VIENNA, True),    # 6
]


@pytest.mark.parametrize(("day", "entered", "where", "warned"), LATE)
def test_a_contact_entered_after_five_working_days_is_saved_with_a_warning(
        commission, caseworker, links, day, entered, where, warned):
    now = dt.datetime.combine(entered, dt.time(12, 0))
    at = dt.datetime.combine(day, dt.time(9, 0))
    contact, warnings = _record(commission, caseworker, links, at, now=now, where=where)
    assert warnings == ([LATE_WARNING] if warned else [])
    assert Contact.get_by_id(contact.id).late is warned


@pytest.mark.parametrize(("start", "end", "where", "days"), [
    (dt.date(2026, 4, 2), dt.date(2026, 4, 7), VIENNA, 2),   # 3.4. working, 6.4. Easter Monday
    (dt.date(2026, 4, 2), dt.date(2026, 4, 7), BAVARIA, 1),  # Good Friday too
    (dt.date(2026, 11, 6), dt.date(2026, 11, 6), VIENNA, 0),
])
def test_working_days_follow_the_federal_state(start, end, where, days):
    assert working_days_between(start, end, where) == days


def test_a_contact_sets_start_and_end_of_its_results(commission, caseworker, links):
    _record(commission, caseworker, links, dt.datetime(2026, 11, 2, 9))
    _record(commission, caseworker, links, dt.datetime(2026, 10, 20, 9))
    result = Result.get_by_id(links["result_ids"][0])
    assert (result.start, result.end) == (dt.date(2026, 10, 20), dt.date(2026, 11, 2))


@pytest.mark.parametrize("role", ["staff_read", "clerk", "statistics"])
def test_only_the_project_side_documents_contacts(commission, links, project, role):
    user = make_user(role=role, projects=[project] if role.startswith("staff") else [])
    with pytest.raises(NotPermitted):
        _record(commission, user, links, dt.datetime(2026, 11, 9, 9))


def test_an_inactive_task_cannot_be_linked(commission, caseworker, links):
    retired = make_task(active=False)
    with pytest.raises(ValidationError):
        _record(commission, caseworker, {**links, "task_ids": [retired.id]},
                dt.datetime(2026, 11, 9, 9))


def test_a_result_kind_of_the_catalogue_is_needed(commission, caseworker):
    from models.commissions.contacts import add_result

    with pytest.raises(ValidationError):
        add_result(commission, make_result_kind(active=False), caseworker, NOW)


@pytest.mark.parametrize(("holiday_region", "warned"), [("DE-BY", False), ("AT-9", True),
                                                         (None, True)])
def test_without_a_region_given_the_projects_federal_state_counts(
        commission, caseworker, links, holiday_region, warned):
    """Good Friday is off in Bavaria, not in Vienna; a project naming none counts the default
    (Vienna)."""
    project = commission.project
    project.holiday_region = holiday_region
    project.save()
    now = dt.datetime(2026, 4, 9, 12, 0)
    contact, warnings = _record(commission, caseworker, links, dt.datetime(2026, 3, 31, 9, 0),
                                now=now, where=None)
    assert warnings == ([LATE_WARNING] if warned else [])
