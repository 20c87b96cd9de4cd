"""Occasion-based access (004 §1.3): a clerk of the commission's funding body opens its
contacts for the day, giving a reason; every access is recorded."""

import datetime as dt

import pytest

from models import HistoryEntry
from models.commissions.models import Contact, Phase
from models.commissions.occasions import OccasionAccess, open_occasion_access
from models.core.access import visible
from models.core.errors import NotPermitted, ValidationError
from seed.factories import make_contact, make_funding_body, make_result, make_task, make_user

NOW = dt.datetime(2026, 11, 2, 9, 0)
REASON = "Beschwerde der Klientin vom 30.10.2026"


@pytest.fixture
def opened(build):
    commission = build(Phase.P3)
    contact = make_contact(commission, tasks=[make_task()], results=[make_result(commission)])
    clerk = make_user("clerk", funding_body=commission.funding_body)
    return commission, contact, clerk


def _seen(clerk, day):
    return [c.id for c in visible(Contact, clerk, Contact.select(), day)]


def test_a_clerk_sees_no_contacts_without_an_access(opened):
    _commission, _contact, clerk = opened
    assert _seen(clerk, NOW.date()) == []


@pytest.mark.parametrize(("days_later", "sees"), [(0, True), (1, False), (-1, False)])
def test_the_access_holds_until_the_end_of_the_day(opened, days_later, sees):
    commission, contact, clerk = opened
    open_occasion_access(commission, clerk, NOW, "complaint", REASON)
    assert _seen(clerk, NOW.date() + dt.timedelta(days=days_later)) == (
        [contact.id] if sees else [])


def test_the_access_opens_only_that_commission(build, opened):
    commission, contact, clerk = opened
    other = build(Phase.P3, body_kind="Integrationsamt")
    make_contact(other, tasks=[make_task()], results=[make_result(other)])
    open_occasion_access(commission, clerk, NOW, "objection", REASON)
    assert _seen(clerk, NOW.date()) == [contact.id]


def test_every_access_is_in_the_history(opened):
    commission, _contact, clerk = opened
    access = open_occasion_access(commission, clerk, NOW, "complaint", REASON)
    entry = HistoryEntry.get((HistoryEntry.relation == "occasion_access")
                             & (HistoryEntry.record_id == access.id))
    assert (entry.editor_id, entry.changes["reason"][1]) == (clerk.id, REASON)


@pytest.mark.parametrize(("occasion", "reason", "named"), [
    ("complaint", "", {"reason"}),
    ("complaint", "   zu kurz ", {"reason"}),
    ("curiosity", REASON, {"occasion"}),
    ("", "", {"occasion", "reason"}),
])
def test_bad_input_is_refused_and_writes_nothing(opened, occasion, reason, named):
    commission, _contact, clerk = opened
    entries = HistoryEntry.select().count()
    with pytest.raises(ValidationError) as refused:
        open_occasion_access(commission, clerk, NOW, occasion, reason)
    assert set(refused.value.errors) == named
    assert (OccasionAccess.select().count(), HistoryEntry.select().count()) == (0, entries)


@pytest.mark.parametrize("who", ["other_body_clerk", "admin", "staff_write", "statistics"])
def test_only_a_clerk_of_the_commissions_body_opens_it(opened, project, who):
    commission, _contact, _clerk = opened
    user = {"other_body_clerk": lambda: make_user("clerk", funding_body=make_funding_body()),
            "admin": lambda: make_user("admin"),
            "staff_write": lambda: make_user("staff_write", projects=[project]),
            "statistics": lambda: make_user("statistics")}[who]()
    with pytest.raises(NotPermitted):
        open_occasion_access(commission, user, NOW, "complaint", REASON)
    assert OccasionAccess.select().count() == 0
