"""Person rules of DOMAIN part A: SVNR, birth date, pseudonym, residence, duplicates, search."""

import datetime as dt

import pytest

from models import DomainError, Person, ValidationError
from models.core.records import create_record, update_record
from models.core.text import fold
from models.people.models import (
    DuplicatePerson,
    birth_date_from_svnr,
    find_persons,
    name_condition,
    svnr_problem,
)
from seed.factories import NOW, make_district, make_person, make_user, svnr_for

TODAY = dt.date(2026, 11, 22)


@pytest.mark.parametrize(
    ("text", "folded"),
    [("Stanišić", "stanisic"), ("STRAUß", "strauss"), ("Øberg", "oberg"), ("  Çelik ", "celik"),
     ("", ""), (None, "")],
)
def test_fold(text, folded):
    assert fold(text) == folded


# Umlauts have a second spelling (Müller = Mueller = MUELLER); both fold to one key, and the
# plain letter (MULLER) still finds them as before.
UMLAUT_SPELLINGS = [("Müller", "MUELLER"), ("Mueller", "Müller"), ("Döring", "Doering"),
                    ("Doering", "DÖRING"), ("Jäger", "Jaeger"), ("Jaeger", "jäger"),
                    ("Müller", "Muller"), ("Strauß", "STRAUSS")]


@pytest.mark.parametrize(("stored", "typed"), UMLAUT_SPELLINGS)
def test_fold_gives_both_spellings_of_an_umlaut_one_key(stored, typed):
    assert fold(stored) == fold(typed)


@pytest.mark.parametrize(("stored", "typed"), UMLAUT_SPELLINGS)
def test_find_persons_finds_both_spellings_of_an_umlaut(app, project, stored, typed):
    make_person(project, first_name="Eva", last_name=stored)
    make_person(project, first_name="Eva", last_name="Huber")
    assert [p.last_name for p in find_persons(Person.select(), last=typed)] == [stored]


@pytest.mark.parametrize(("stored", "typed"),
                         [("Müller", "Muel*"), ("Mueller", "Mül*"), ("Döring", "Doer*"),
                          ("Doering", "Dör*"), ("Jäger", "JAEG*")])
def test_prefix_search_finds_both_spellings_of_an_umlaut(app, project, stored, typed):
    make_person(project, first_name="Eva", last_name=stored)
    make_person(project, first_name="Eva", last_name="Meier")
    assert [p.last_name for p in find_persons(Person.select(), last=typed)] == [stored]


def test_a_prefix_counts_the_letters_typed(app, project):
    """'Mue*' has three letters, though its key is 'mu'."""
    make_person(project, first_name="Eva", last_name="Müller")
    assert [p.last_name for p in find_persons(Person.select(), last="Mue*")] == ["Müller"]


@pytest.mark.parametrize(("stored", "typed"),
                         [("Müller", "Mueller"), ("Mueller", "MÜLLER"), ("Döring", "Doering"),
                          ("Müller", "Muller")])
def test_duplicate_check_knows_both_spellings_of_an_umlaut(app, project, stored, typed):
    birth = dt.date(1980, 5, 6)
    make_person(project, first_name="Jürgen", last_name=stored, birth_date=birth, svnr=None)
    with pytest.raises(DuplicatePerson):
        make_person(project, first_name="Juergen", last_name=typed, birth_date=birth, svnr=None)
    assert Person.select().count() == 1


@pytest.mark.parametrize(("stored", "typed"), [("Bauer", "Baur"), ("Michael", "Michal")])
def test_names_that_differ_by_more_than_an_umlaut_are_no_duplicate(app, project, stored, typed):
    birth = dt.date(1980, 5, 6)
    make_person(project, first_name=stored, last_name=stored, birth_date=birth, svnr=None)
    make_person(project, first_name=typed, last_name=typed, birth_date=birth, svnr=None)
    assert Person.select().count() == 2


@pytest.mark.parametrize(
    ("svnr", "problem"),
    [
        ("12345", "ten digits"),
        ("0123010180", "ten digits"),
        ("12a7010180", "ten digits"),
        ("1237331680", "possible birth date"),
        ("1237011680", "possible birth date"),
        ("2237010180", "check digit"),
    ],
)
def test_svnr_problems(svnr, problem):
    assert problem in svnr_problem(svnr)


@pytest.mark.parametrize("birth", [dt.date(1980, 1, 1), dt.date(2001, 12, 31), dt.date(1964, 2, 29)])
def test_svnr_of_a_real_date_is_valid(birth):
    assert svnr_problem(svnr_for(birth)) is None


@pytest.mark.parametrize(
    ("date_part", "expected"),
    [("010180", dt.date(1980, 1, 1)), ("001380", dt.date(1980, 7, 15)),
     ("321580", dt.date(1980, 7, 15)), ("150105", dt.date(2005, 1, 15)),
     ("150130", dt.date(1930, 1, 15))],
)
def test_birth_date_from_svnr(date_part, expected):
    assert birth_date_from_svnr("1234" + date_part, TODAY) == expected


def test_pseudonym_has_eight_characters_and_differs(app, project):
    first, second = make_person(project), make_person(project)
    for person in (first, second):
        assert len(person.pseudonym) == 8
        assert person.pseudonym.isalnum() and person.pseudonym.upper() == person.pseudonym
    assert first.pseudonym != second.pseudonym


def test_birth_date_is_derived_from_the_svnr(app, project):
    person = Person(project=project, first_name="Eva", last_name="Ableitung",
                    svnr=svnr_for(dt.date(1975, 3, 9)))
    create_record(person, None, NOW)
    assert Person.get_by_id(person.id).birth_date == dt.date(1975, 3, 9)


@pytest.mark.parametrize(("role", "allowed"), [("staff_write", False), ("admin", True)])
def test_only_an_administrator_changes_a_set_svnr(app, project, role, allowed):
    person = make_person(project)
    actor = make_user(role=role, projects=[project])
    old = dict(person.__data__)
    person.svnr = svnr_for(person.birth_date, serial=777)
    if allowed:
        update_record(person, old, actor, NOW)
        assert Person.get_by_id(person.id).svnr == person.svnr
    else:
        with pytest.raises(ValidationError) as refused:
            update_record(person, old, actor, NOW)
        assert "svnr" in refused.value.errors
        assert Person.get_by_id(person.id).svnr == old["svnr"]


def test_birth_date_in_the_future_is_refused(app, project):
    with pytest.raises(ValidationError) as refused:
        make_person(project, birth_date=dt.date.today() + dt.timedelta(days=1), svnr=None)
    assert "birth_date" in refused.value.errors


@pytest.mark.parametrize(
    ("country", "postcode", "ok"),
    [("AT", "1010", True), ("AT", "0101", False), ("AT", "10100", False),
     ("DE", "10115", True), ("DE", "1011", False), ("DE", "1011A", False)],
)
def test_postcode_form_per_country(app, project, country, postcode, ok):
    if ok:
        assert make_person(project, country=country, postcode=postcode).postcode == postcode
    else:
        with pytest.raises(ValidationError) as refused:
            make_person(project, country=country, postcode=postcode)
        assert "postcode" in refused.value.errors


def test_district_comes_from_the_catalogue(app, project):
    district = make_district("4020", "Linz")
    assert make_person(project, postcode="4020").district_id == district.id
    assert make_person(project, postcode="4021").district is None


def test_living_abroad_clears_postcode_and_district(app, project):
    make_district("4020", "Linz")
    person = make_person(project, postcode="4020", lives_in_country=False)
    assert (person.postcode, person.district) == (None, None)


@pytest.mark.parametrize(
    "same",
    [
        {"svnr": "SAME"},
        {"file_number": "LWL-1/1970"},
        {"first_name": "MLADEN", "last_name": "Stanisic", "birth_date": dt.date(1970, 1, 1)},
    ],
)
def test_duplicates_are_refused(app, project, same):
    birth = dt.date(1970, 1, 1)
    svnr = svnr_for(birth)
    make_person(project, first_name="Mladen", last_name="Stanišić", birth_date=birth, svnr=svnr,
                file_number="LWL-1/1970")
    data = {"svnr": svnr} if same.get("svnr") == "SAME" else same
    data.setdefault("birth_date", dt.date(1990, 5, 5))
    data.setdefault("svnr", None)
    with pytest.raises(DuplicatePerson):
        make_person(project, **data)
    assert Person.select().count() == 1


def test_same_names_with_another_birth_date_are_no_duplicate(app, project):
    make_person(project, first_name="Anna", last_name="Huber", birth_date=dt.date(1970, 1, 1))
    make_person(project, first_name="Anna", last_name="Huber", birth_date=dt.date(1971, 1, 1))
    assert Person.select().count() == 2


@pytest.mark.parametrize(
    ("kwargs", "found"),
    [({"last": "Müller"}, {"Müller"}), ({"last": "MULLER"}, {"Müller"}),
     ({"last": "Mül*"}, {"Müller", "Mülheim"}), ({"last": "Mül"}, set()),
     ({"last": "Mül*", "first": "Eva"}, {"Mülheim"})],
)
def test_find_persons(app, project, kwargs, found):
    make_person(project, first_name="Anna", last_name="Müller")
    make_person(project, first_name="Eva", last_name="Mülheim")
    result = {p.last_name for p in find_persons(Person.select(), **kwargs)}
    assert result == found


def test_prefix_search_needs_three_letters(app):
    with pytest.raises(DomainError):
        find_persons(Person.select(), last="Mü*")


def test_find_by_number(app, project):
    person = make_person(project)
    assert list(find_persons(Person.select(), number=person.svnr)) == [person]


@pytest.mark.parametrize(("nationality", "category"),
                         [("AT", "domestic"), ("DE", "domestic"), ("HR", "eu"),
                          ("TR", "other"), ("XX", "other")])
def test_citizenship_category(nationality, category):
    assert Person(nationality=nationality).citizenship_category == category


def test_failed_validation_writes_nothing(app, project):
    from models import HistoryEntry

    person = Person(project=project, first_name="A", last_name="B", postcode="1", country="AT")
    with pytest.raises(ValidationError):
        create_record(person, None, NOW)
    assert not Person.select().exists()
    assert not HistoryEntry.select().where(HistoryEntry.relation == "person").exists()


@pytest.mark.parametrize("query", [
    lambda: Person.select().where(name_condition("Muel*")),
    lambda: Person.select().where(name_condition("Doering")),
    lambda: find_persons(Person.select(), last="Doe*", first="Jür*"),
])
def test_name_searches_are_index_ranges_not_like(app, query):
    """LIKE/ILIKE is served by no B-tree index; a range on the folded key is."""
    sql, _params = query().sql()
    assert "LIKE" not in sql.upper()
    assert "_folded\" >=" in sql
