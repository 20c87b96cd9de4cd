"""Paying bodies of results (004 §4, §7.1): the default needs no release, another one only
while the Integrationsamt releases it for the commission's IFD; only the Integrationsamt
releases."""

import datetime as dt

import pytest

from models import HistoryEntry
from models.commissions.contacts import add_result
from models.commissions.models import Phase, Result
from models.commissions.releases import (
    PayingBodyRelease,
    choose_paying_body,
    is_released,
    release_paying_body,
)
from models.core.errors import NotPermitted, ValidationError
from seed.factories import (
    make_funding_body,
    make_release,
    make_result,
    make_result_kind,
    make_user,
)

NOW = dt.datetime(2026, 11, 2, 9, 0)
TODAY = NOW.date()
NOT_RELEASED = ("This paying body is not released for the IFD by the Integrationsamt; only "
                "the default one can be chosen.")


@pytest.fixture
def insurer(app):
    return make_funding_body(kind="Krankenkasse")


@pytest.mark.parametrize(("valid_from", "valid_to", "released"), [
    (TODAY, None, True),
    (TODAY - dt.timedelta(days=90), TODAY, True),
    (TODAY + dt.timedelta(days=1), None, False),
    (TODAY - dt.timedelta(days=90), TODAY - dt.timedelta(days=1), False),
])
def test_a_release_holds_within_its_dates(project, insurer, valid_from, valid_to, released):
    make_release(project, insurer, valid_from=valid_from, valid_to=valid_to)
    assert is_released(project.id, insurer.id, TODAY) is released


def test_a_release_of_another_ifd_does_not_count(project, other_project, insurer):
    make_release(other_project, insurer)
    assert not is_released(project.id, insurer.id, TODAY)


@pytest.mark.parametrize("released", [True, False])
def test_another_paying_body_is_chosen_only_when_released(build, caseworker, insurer,
                                                          released):
    commission = build(Phase.P3)
    result = make_result(commission)
    if released:
        make_release(commission.project, insurer)
    entries = HistoryEntry.select().count()
    if released:
        choose_paying_body(result, caseworker, NOW, insurer)
        assert Result.get_by_id(result.id).paying_body_id == insurer.id
    else:
        with pytest.raises(ValidationError) as refused:
            choose_paying_body(result, caseworker, NOW, insurer)
        assert refused.value.errors == {"paying_body": NOT_RELEASED}
        assert Result.get_by_id(result.id).paying_body_id == result.paying_body_id
        assert HistoryEntry.select().count() == entries


def test_the_default_paying_body_needs_no_release(build, caseworker, insurer):
    commission = build(Phase.P3)
    result = make_result(commission, paying_body=insurer)
    choose_paying_body(result, caseworker, NOW, commission.funding_body)
    assert Result.get_by_id(result.id).paying_body_id == commission.funding_body_id


def test_a_new_result_with_an_unreleased_body_is_refused(build, caseworker, insurer):
    commission = build(Phase.P3)
    with pytest.raises(ValidationError) as refused:
        add_result(commission, make_result_kind(), caseworker, NOW, paying_body=insurer)
    assert refused.value.errors == {"paying_body": NOT_RELEASED}
    assert Result.select().where(Result.commission == commission.id).count() == 0


@pytest.mark.parametrize(("valid_from", "valid_to", "named"), [
    (None, None, {"valid_from"}),
    (TODAY, TODAY - dt.timedelta(days=1), {"valid_to"}),
    (dt.date(2026, 6, 1), None, {"valid_from"}),  # overlaps the release of 1.1.2026
])
def test_bad_releases_are_refused_and_write_nothing(project, insurer, valid_from, valid_to,
                                                    named):
    admin = make_user("admin")
    make_release(project, insurer, valid_to=dt.date(2026, 12, 31))
    count = PayingBodyRelease.select().count()
    with pytest.raises(ValidationError) as refused:
        release_paying_body(project, insurer, admin, NOW, valid_from, valid_to)
    assert set(refused.value.errors) == named
    assert PayingBodyRelease.select().count() == count


def test_a_release_without_project_and_body_names_both(app):
    with pytest.raises(ValidationError) as refused:
        release_paying_body(None, None, make_user("admin"), NOW, TODAY)
    assert set(refused.value.errors) == {"project", "funding_body"}


@pytest.mark.parametrize(("role", "body_kind", "allowed"), [
    ("admin", None, True),
    ("clerk", "Integrationsamt", True),
    ("clerk", "Krankenkasse", False),
    ("project_lead", None, False),
    ("staff_write", None, False),
])
def test_only_the_integration_office_releases(project, insurer, role, body_kind, allowed):
    body = make_funding_body(kind=body_kind) if role == "clerk" else None
    user = make_user(role, funding_body=body, projects=[project] if "staff" in role else [])
    if allowed:
        release = release_paying_body(project, insurer, user, NOW, TODAY)
        assert release.released_by_id == user.id
    else:
        with pytest.raises(NotPermitted):
            release_paying_body(project, insurer, user, NOW, TODAY)
        assert PayingBodyRelease.select().count() == 0
