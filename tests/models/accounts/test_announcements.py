"""Announcements: deleting one takes its dismissals along, in the same transaction."""

import datetime as dt

import pytest

from models import Announcement, HistoryEntry
from models.accounts.announcements import AnnouncementDismissal, dismiss_announcement
from models.core.records import create_record, delete_record
from seed.factories import NOW, make_user


@pytest.fixture
def dismissed(app):
    """An announcement that two users have closed."""
    announcement = create_record(Announcement(title="Wartung", text="Freitag",
                                              valid_from=dt.date(2026, 10, 1)), None, NOW)
    for user in (make_user(), make_user()):
        dismiss_announcement(user, announcement, NOW)
    return announcement


def test_deleting_an_announcement_deletes_its_dismissals(dismissed):
    delete_record(dismissed, make_user(role="admin"), NOW)
    assert not Announcement.select().exists()
    assert not AnnouncementDismissal.select().exists()
    assert HistoryEntry.select().where((HistoryEntry.relation == "announcement")
                                       & (HistoryEntry.event == "deleted")).exists()


def test_a_failed_deletion_keeps_the_dismissals(dismissed, monkeypatch):
    import models.core.records

    admin = make_user(role="admin")

    def fail(*_args, **_kwargs):
        raise RuntimeError("the history could not be written")

    monkeypatch.setattr(models.core.records, "record_history", fail)
    with pytest.raises(RuntimeError):
        delete_record(dismissed, admin, NOW)
    assert Announcement.select().count() == 1
    assert AnnouncementDismissal.select().count() == 2
