"""Every create, update and delete writes one history entry in the same transaction."""

import datetime as dt

import pytest

from models import DomainError, HistoryEntry, Person, Project
from models.core.history import history_of
from models.core.records import create_record, delete_record, update_record
from seed.factories import NOW, make_person, make_user


def _entries(relation, record_id):
    return list(history_of(relation, record_id))


def test_create_writes_one_created_entry_with_fields(app, project):
    editor = make_user(role="admin")
    person = make_person(project, actor=editor, city="Wien")
    (entry,) = _entries("person", person.id)
    assert (entry.event, entry.kind, entry.editor_id) == ("created", "change", editor.id)
    assert entry.changes["city"] == [None, "Wien"]
    assert entry.record_label == person.pseudonym


@pytest.mark.parametrize(("by_someone", "kind"), [(True, "change"), (False, "system")])
def test_a_change_someone_made_is_a_change_only_the_systems_own_is_system(app, project,
                                                                          by_someone, kind):
    person = make_person(project, actor=make_user(role="admin") if by_someone else None)
    (entry,) = _entries("person", person.id)
    assert entry.kind == kind


def test_update_records_old_and_new_values(app, project):
    person = make_person(project, birth_date=dt.date(1980, 1, 1), svnr=None)
    old = dict(person.__data__)
    person.birth_date = dt.date(1981, 2, 3)
    update_record(person, old, None, NOW)
    newest = _entries("person", person.id)[0]
    assert newest.event == "updated"
    assert newest.changes == {"birth_date": ["1980-01-01", "1981-02-03"]}


def test_update_without_change_writes_nothing(app, project):
    person = make_person(project)
    update_record(person, dict(person.__data__), None, NOW)
    assert len(_entries("person", person.id)) == 1


def test_delete_keeps_the_history_and_adds_a_deleted_entry(app, project):
    person = make_person(project)
    delete_record(person, None, NOW + dt.timedelta(minutes=1))
    events = [e.event for e in _entries("person", person.id)]
    assert events == ["deleted", "created"]
    assert Person.get_or_none(Person.id == person.id) is None


def test_delete_is_refused_while_rows_refer_to_the_record(app, project):
    make_person(project)
    with pytest.raises(DomainError) as refused:
        delete_record(project, None, NOW)
    assert refused.value.params["what"] == ("persons",)
    assert Project.get_or_none(Project.id == project.id) is not None
    assert [e.event for e in _entries("project", project.id)] == ["created"]


def test_a_failing_write_leaves_no_entry(app, project, monkeypatch):
    person = Person(project=project, first_name="Eva", last_name="Fehler")

    def broken_save(*_args, **_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(Person, "save", broken_save)
    with pytest.raises(RuntimeError):
        create_record(person, None, NOW)
    assert not HistoryEntry.select().where(HistoryEntry.relation == "person").exists()


def test_history_of_lists_newest_first(app, project):
    person = make_person(project, city="A")
    for city, minute in (("B", 1), ("C", 2)):
        old = dict(person.__data__)
        person.city = city
        update_record(person, old, None, NOW + dt.timedelta(minutes=minute))
    cities = [e.changes["city"][1] for e in _entries("person", person.id)]
    assert cities == ["C", "B", "A"]
