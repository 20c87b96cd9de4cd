"""The columns of the request export: one definition drives the file and the codebook.

Each column names its variable, its label (a msgid), whether it is personal (pb only) and, for
categorical values, its code list: numeric codes 1, 2, … in the order of the choices."""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from models.core.text import N_
from models.participations.models import CARE_LEVELS, KINDS_WITH_FINDINGS, LEGAL_BASES
from models.people.catalogues import citizenship_category
from models.people.models import GENDERS
from models.people.npb import CITIZENSHIP_CATEGORIES
from models.requests.models import DELIVERY_MODELS, END_REASONS, REASONS, Status

YES_NO_CODES = ((1, N_("yes")), (0, N_("no")))


def numbered(choices) -> tuple:
    """(number, msgid) for each (stored code, msgid) of `choices`, numbered from 1."""
    return tuple((number, label) for number, (_code, label) in enumerate(choices, start=1))


def encoder(choices) -> Callable:
    """stored code -> its number (None stays None)."""
    numbers = {code: number for number, (code, _label) in enumerate(choices, start=1)}
    return lambda value: None if value is None else numbers.get(value)


@dataclass(frozen=True)
class Column:
    """One variable of an export."""

    name: str
    label: str
    personal: bool
    value: Callable
    codes: tuple = ()


def _snap(row, name):
    data = row.snapshot_data or {}
    return data.get(name)


def _yes_no(value):
    return None if value is None else int(bool(value))


def _birth_year(row):
    birth = row.participation.person.birth_date
    return birth.year if birth else None


_status = encoder(Status.choices())
_reason = encoder(REASONS)
_delivery = encoder(DELIVERY_MODELS)
_end_reason = encoder(END_REASONS)
_gender = encoder(GENDERS)
_citizenship = encoder(CITIZENSHIP_CATEGORIES)


def _request_columns() -> tuple[Column, ...]:
    person = lambda row: row.participation.person  # noqa: E731
    columns = [
        Column("person_id", N_("Person ID"), False, lambda r: person(r).pseudonym),
        Column("first_name", N_("First name"), True, lambda r: person(r).first_name),
        Column("last_name", N_("Last name"), True, lambda r: person(r).last_name),
        Column("svnr", N_("Social-security number"), True, lambda r: person(r).svnr),
        Column("birth_date", N_("Birth date"), True, lambda r: person(r).birth_date),
        Column("postcode", N_("Postcode"), True, lambda r: person(r).postcode),
        Column("city", N_("City"), True, lambda r: person(r).city),
        Column("street", N_("Street"), True, lambda r: person(r).street),
        Column("birth_year", N_("Birth year"), False, _birth_year),
        Column("gender", N_("Official gender"), False, lambda r: _gender(person(r).gender),
               numbered(GENDERS)),
        Column("citizenship", N_("Citizenship"), False,
               lambda r: _citizenship(citizenship_category(person(r).nationality)),
               numbered(CITIZENSHIP_CATEGORIES)),
        Column("project", N_("Project"), False, lambda r: r.participation.project.name),
        Column("request_id", N_("Request ID"), False, lambda r: r.id),
        Column("status", N_("Status"), False, lambda r: _status(r.status),
               numbered(Status.choices())),
        Column("approval_start", N_("Approval start"), False, lambda r: r.approval_start),
        Column("planned_end", N_("Planned approval end"), False, lambda r: r.planned_end),
        Column("actual_end", N_("Actual end date"), False, lambda r: r.actual_end),
        Column("reason", N_("Reason"), False, lambda r: _reason(r.reason), numbered(REASONS)),
        Column("delivery_model", N_("Delivery model"), False,
               lambda r: _delivery(r.delivery_model), numbered(DELIVERY_MODELS)),
        Column("hours_per_week", N_("Hours per week"), False, lambda r: r.hours_per_week),
        Column("end_reason", N_("End reason"), False, lambda r: _end_reason(r.end_reason),
               numbered(END_REASONS)),
        Column("end_reason_text", N_("End reason (other)"), True, lambda r: r.end_reason_text),
        # The eligibility frozen at approval (the snapshot), never the current data.
        Column("care_level", N_("Care level"), False, lambda r: _snap(r, "care_level"),
               tuple((int(code), label) for code, label in CARE_LEVELS)),
        Column("degree_of_disability", N_("Degree of disability"), False,
               lambda r: _snap(r, "degree_of_disability")),
        Column("with_findings", N_("Disabilities with findings"), False,
               lambda r: _yes_no(_snap(r, "with_findings")), YES_NO_CODES),
        Column("disability_pass", N_("Disability pass"), False,
               lambda r: _yes_no(_snap(r, "disability_pass")), YES_NO_CODES),
        Column("favoured_status", N_("Favoured disabled status"), False,
               lambda r: _yes_no(_snap(r, "favoured_status")), YES_NO_CODES),
        Column("without_findings", N_("Disabilities without findings"), False,
               lambda r: _yes_no(_snap(r, "without_findings")), YES_NO_CODES),
    ]
    # Lists of codes: one 0/1 column per option.
    for field, choices in (("legal_basis", LEGAL_BASES),
                           ("kinds_with_findings", KINDS_WITH_FINDINGS)):
        for code, label in choices:
            columns.append(Column(
                f"{field}_{code}", label, False,
                lambda r, f=field, c=code: None if r.snapshot_data is None
                else int(c in (_snap(r, f) or [])),
                YES_NO_CODES))
    return tuple(columns)


REQUEST_COLUMNS = _request_columns()
COLUMNS = {"requests": REQUEST_COLUMNS}


def columns_for(kind: str, personal: bool) -> tuple[Column, ...]:
    """The columns of an export: pb all, npb the non-personal ones only."""
    return tuple(c for c in COLUMNS[kind] if personal or not c.personal)


def definition() -> list[dict]:
    """Every variable of every export with its label, pb/npb and codes (the codebook's data)."""
    return [{"export": kind, "variable": c.name, "label": c.label,
             "scope": "pb" if c.personal else "npb", "codes": [list(pair) for pair in c.codes]}
            for kind, columns in COLUMNS.items() for c in columns]


def fingerprint(data: list[dict]) -> str:
    """A hash of the definition: it changes when any variable or code list changes."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
