"""Master data: providers, projects, funding bodies and persons (DOMAIN part A)."""

import datetime as dt
import re
import secrets
import string

from peewee import BooleanField, CharField, DateField, DateTimeField, ForeignKeyField
from stdnum.at import vnr

from models.core import clock
from models.core.base import VersionedModel
from models.core.errors import DomainError, ValidationError
from models.core.regions import FEDERAL_STATES
from models.core.text import N_, fold, plain, prefix_range, same_name
from models.people.catalogues import (
    RESIDENCE_COUNTRIES,
    UNKNOWN_COUNTRY,
    District,
    citizenship_category,
    district_for,
    nationality_choices,
    postcode_is_well_formed,
)

PSEUDONYM_ALPHABET = string.ascii_uppercase + string.digits
PSEUDONYM_LENGTH = 8
MIN_PREFIX_LETTERS = 3

GENDERS = (
    ("f", N_("female")),
    ("m", N_("male")),
    ("d", N_("diverse")),
    ("i", N_("inter")),
    ("o", N_("open")),
    ("x", N_("not stated")),
)


class Provider(VersionedModel):
    """An agency (legal entity) that delivers services."""

    name = CharField(max_length=200, unique=True, verbose_name=N_("Name"))
    city = CharField(max_length=120, null=True, verbose_name=N_("City"))

    history_relation = "provider"
    verbose_name, verbose_name_plural = N_("Provider"), N_("providers")

    def __str__(self):
        return self.name


class Project(VersionedModel):
    """A service unit of a provider; staff and cases belong to projects."""

    provider = ForeignKeyField(
        Provider, backref="projects", on_delete="RESTRICT", verbose_name=N_("Provider")
    )
    name = CharField(max_length=200, unique=True, verbose_name=N_("Name"))
    region = CharField(max_length=120, null=True, verbose_name=N_("Region"))
    # Whose public holidays count for the project's working days (models/core/regions.py).
    holiday_region = CharField(max_length=8, null=True, choices=FEDERAL_STATES,
                               verbose_name=N_("Federal state (public holidays)"))

    history_relation = "project"
    verbose_name, verbose_name_plural = N_("Project"), N_("projects")

    def __str__(self):
        return self.name


class FundingBody(VersionedModel):
    """Who commissions, approves and pays (Integrationsamt, LWL, Krankenkasse, ...)."""

    name = CharField(max_length=200, unique=True, verbose_name=N_("Name"))
    kind = CharField(max_length=120, null=True, verbose_name=N_("Kind"))
    city = CharField(max_length=120, null=True, verbose_name=N_("City"))

    history_relation = "funding_body"
    verbose_name, verbose_name_plural = N_("Funding body"), N_("funding bodies")

    def __str__(self):
        return self.name

    def before_save(self, actor, old: dict | None, today: dt.date) -> None:
        """No second funding body under another spelling of the same name."""
        if old is None or old.get("name") != self.name:
            from models.people.funding_bodies import check_new_name

            check_new_name(self)


class Person(VersionedModel):
    """Master data of a person receiving services."""

    project = ForeignKeyField(
        Project, backref="persons", on_delete="RESTRICT", verbose_name=N_("Project")
    )
    pseudonym = CharField(max_length=PSEUDONYM_LENGTH, unique=True, verbose_name=N_("Person ID"))
    first_name = CharField(max_length=120, verbose_name=N_("First name"))
    last_name = CharField(max_length=120, verbose_name=N_("Last name"))
    # Folded copies (lower case, no diacritics) so that search ignores both, with an index.
    first_name_folded = CharField(max_length=120, index=True)
    last_name_folded = CharField(max_length=120, index=True)
    birth_date = DateField(null=True, verbose_name=N_("Birth date"))
    gender = CharField(
        max_length=1, choices=GENDERS, default="x", verbose_name=N_("Official gender")
    )
    nationality = CharField(
        max_length=2, default=UNKNOWN_COUNTRY, verbose_name=N_("Nationality")
    )
    lives_in_country = BooleanField(default=True, verbose_name=N_("Lives in the country"))
    country = CharField(
        max_length=2, default="AT", choices=RESIDENCE_COUNTRIES, verbose_name=N_("Country")
    )
    postcode = CharField(max_length=10, null=True, verbose_name=N_("Postcode"))
    district = ForeignKeyField(
        District, null=True, on_delete="RESTRICT", verbose_name=N_("District")
    )
    city = CharField(max_length=120, null=True, verbose_name=N_("City"))
    street = CharField(max_length=200, null=True, verbose_name=N_("Street"))
    svnr = CharField(
        max_length=10, null=True, unique=True, verbose_name=N_("Social-security number")
    )
    file_number = CharField(
        max_length=60, null=True, index=True, verbose_name=N_("File number")
    )
    created_at = DateTimeField(default=clock.now, verbose_name=N_("Created"))

    history_relation = "person"
    verbose_name, verbose_name_plural = N_("Person"), N_("persons")
    personal_fields = (
        "first_name",
        "last_name",
        "first_name_folded",
        "last_name_folded",
        "birth_date",
        "postcode",
        "city",
        "street",
        "svnr",
        "file_number",
    )
    # Derived or system-set fields the history does not need to repeat.
    history_ignored_fields = ("first_name_folded", "last_name_folded")
    field_labels = {"nationality": nationality_choices}

    def __str__(self):
        return f"{self.last_name}, {self.first_name}"

    def history_label(self) -> str:
        return self.pseudonym or super().history_label()

    @property
    def birth_year(self) -> int | None:
        """The birth year, the non-personal form of the birth date."""
        return self.birth_date.year if self.birth_date else None

    @property
    def citizenship_category(self) -> str:
        """'domestic', 'eu' or 'other', derived from the nationality."""
        return citizenship_category(self.nationality)

    def before_save(self, actor, old: dict | None, today: dt.date) -> None:
        """Normalise, derive and check the fields; raise ValidationError on bad input."""
        self.check_fields(actor, old, today)
        self._check_duplicates()

    def check_fields(self, actor, old: dict | None, today: dt.date,
                     districts=district_for) -> None:
        """Everything `before_save` checks except duplicates; `districts(country, postcode)`
        finds the district (a batch passes the catalogue it holds in memory)."""
        errors: dict[str, str] = {}
        self.first_name = (self.first_name or "").strip()
        self.last_name = (self.last_name or "").strip()
        self.first_name_folded = fold(self.first_name)
        self.last_name_folded = fold(self.last_name)
        self._check_svnr(actor, old, today, errors)
        self._check_birth_date(today, errors)
        self._check_residence(errors, districts)
        self._check_planner_project(actor, today, errors)
        self.file_number = (self.file_number or "").strip() or None
        self.nationality = self.nationality or UNKNOWN_COUNTRY
        if not self.pseudonym:
            self.pseudonym = new_pseudonym()
        if errors:
            raise ValidationError(errors)

    def same_as_any(self, others) -> bool:
        """True when one of `others` is the same person (the rule of the duplicate check)."""
        return any(self._same_person(other) for other in others)

    def _check_planner_project(self, actor, today, errors) -> None:
        """A planner adds persons only to projects under an agreement with its body (000)."""
        if actor is None or actor.role != "planner":
            return
        from models.people.access import agreement_projects

        if not agreement_projects(actor, today).where(Project.id == self.project_id).exists():
            errors["project"] = N_("Your funding body has no service agreement in force with "
                                   "the provider of this project.")

    def _check_duplicates(self) -> None:
        others = matching_persons(
            Person.select(), self.svnr, self.file_number,
            self.first_name, self.last_name, self.birth_date,
        )
        if self.id is not None:
            others = others.where(Person.id != self.id)
        # The folded key also matches names a letter apart (Bauer, Baur): those are offered by
        # the search, but only the same name (up to case, accents and the spelling of an
        # umlaut), or the same number, is a duplicate that refuses the save.
        found = [other for other in others.limit(20) if self._same_person(other)][:5]
        if found:
            raise DuplicatePerson(found)

    def _same_person(self, other) -> bool:
        if self.svnr and other.svnr == self.svnr:
            return True
        if self.file_number and other.file_number == self.file_number:
            return True
        return (same_name(self.first_name, other.first_name)
                and same_name(self.last_name, other.last_name)
                and self.birth_date == other.birth_date)

    def _check_svnr(self, actor, old, today, errors) -> None:
        self.svnr = normalise_svnr(self.svnr)
        previous = (old or {}).get("svnr")
        if previous and self.svnr != previous and not getattr(actor, "is_admin", True):
            errors["svnr"] = N_("Only an administrator may change a social-security number.")
            return
        if not self.svnr:
            return
        problem = svnr_problem(self.svnr)
        if problem:
            errors["svnr"] = problem
        elif self.birth_date is None:
            self.birth_date = birth_date_from_svnr(self.svnr, today)

    def _check_birth_date(self, today, errors) -> None:
        if self.birth_date and not (dt.date(1900, 1, 1) <= self.birth_date <= today):
            errors["birth_date"] = N_("The birth date must lie between 1900 and today.")

    def _check_residence(self, errors, districts=district_for) -> None:
        if not self.lives_in_country:
            self.postcode = None
            self.district = None
            return
        self.postcode = (self.postcode or "").strip() or None
        if self.postcode is None:
            self.district = None
        elif not postcode_is_well_formed(self.country, self.postcode):
            errors["postcode"] = (
                N_("An Austrian postcode has four digits (e.g. 1010).")
                if self.country == "AT"
                else N_("A German postcode has five digits (e.g. 10115).")
            )
        else:
            self.district = districts(self.country, self.postcode)


class DuplicatePerson(DomainError):
    """A person with the same identifying data exists already."""

    def __init__(self, matches):
        super().__init__(N_("This person exists already."))
        self.matches = matches


def new_pseudonym() -> str:
    """A fresh, unused Person-ID of 8 random characters [A-Z0-9]."""
    while True:
        candidate = "".join(secrets.choice(PSEUDONYM_ALPHABET) for _ in range(PSEUDONYM_LENGTH))
        if not Person.select().where(Person.pseudonym == candidate).exists():
            return candidate


def normalise_svnr(value: str | None) -> str | None:
    """The SVNR without blanks, or None when empty."""
    compact = re.sub(r"\s+", "", value or "")
    return compact or None


def svnr_problem(svnr: str) -> str | None:
    """A msgid describing what is wrong with `svnr`, or None when it is valid."""
    if not re.fullmatch(r"[1-9]\d{9}", svnr):
        return N_("A social-security number has ten digits and does not start with 0.")
    day, month = int(svnr[4:6]), int(svnr[6:8])
    if not (0 <= day <= 32 and 1 <= month <= 15):
        return N_("The social-security number does not contain a possible birth date.")
    if not vnr.is_valid(svnr):
        return N_("The check digit of the social-security number is wrong.")
    return None


def birth_date_from_svnr(svnr: str, today: dt.date) -> dt.date | None:
    """Birth date encoded in an SVNR; months 13-15 become July, days 00/32 the 15th."""
    day, month, year = int(svnr[4:6]), int(svnr[6:8]), int(svnr[8:10])
    if month > 12:
        month = 7
    if day in (0, 32):
        day = 15
    century = 2000 if 2000 + year <= today.year else 1900
    try:
        return dt.date(century + year, month, day)
    except ValueError:
        return None


def matching_persons(query, svnr=None, file_number=None, first=None, last=None, birth=None):
    """Persons of `query` with the same SVNR, file number, or names and birth date."""
    conditions = []
    if normalise_svnr(svnr):
        conditions.append(Person.svnr == normalise_svnr(svnr))
    if file_number and file_number.strip():
        conditions.append(Person.file_number == file_number.strip())
    if first and last and birth:
        conditions.append(
            (Person.first_name_folded == fold(first))
            & (Person.last_name_folded == fold(last))
            & (Person.birth_date == birth)
        )
    if not conditions:
        return query.where(False)
    combined = conditions[0]
    for condition in conditions[1:]:
        combined |= condition
    return query.where(combined)


def _prefix_key(typed: str) -> str:
    """The folded key of a `Mel*` prefix; refused below three letters typed ('Mue*' has three,
    though its key 'mu' has two)."""
    word = typed.strip().rstrip("*")
    if len(plain(word)) < MIN_PREFIX_LETTERS:
        raise DomainError(N_("A search with * needs at least three letters before the *."))
    return fold(word)


def name_condition(term: str):
    """Condition for one search word: `Mel*` is a prefix, anything else a folded prefix too.

    Folded names are compared as ranges of the indexed key columns, not with LIKE."""
    word = term.strip()
    folded = _prefix_key(word) if word.endswith("*") else fold(word)
    word = word.rstrip("*")
    return (
        prefix_range(Person.last_name_folded, folded)
        | prefix_range(Person.first_name_folded, folded)
        | (Person.pseudonym == word.upper())
        | (Person.svnr == word)
        | (Person.file_number == word)
    )


def _name_match(folded_field, typed: str):
    """Exact folded match, or a prefix match for `Mel*` (at least three letters)."""
    if typed.strip().endswith("*"):
        return prefix_range(folded_field, _prefix_key(typed))
    return folded_field == fold(typed)


def find_persons(query, number=None, first=None, last=None, birth=None):
    """Search before create: by SVNR/file number, or by last (+ first) name (+ birth date)."""
    if number and number.strip():
        return matching_persons(query, svnr=number, file_number=number)
    if not (last and last.strip()):
        raise DomainError(N_("Please enter a number, or at least the last name."))
    found = query.where(_name_match(Person.last_name_folded, last))
    if first and first.strip():
        found = found.where(_name_match(Person.first_name_folded, first))
    if birth:
        found = found.where(Person.birth_date == birth)
    return found
