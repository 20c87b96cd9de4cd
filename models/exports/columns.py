"""The columns of the data exports: one definition drives the files and the codebook.

Each column names its variable, its label (a msgid), whether it is personal (pb only), the value
of the selected row it reads (`source`), an optional conversion (never called on None) and, for
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

# The values a request row carries, in the order the export's query selects them.
REQUEST_SOURCES = (
    "pseudonym", "first_name", "last_name", "svnr", "birth_date", "postcode", "city", "street",
    "gender", "nationality", "project", "request_id", "status", "approval_start", "planned_end",
    "actual_end", "reason", "delivery_model", "hours_per_week", "end_reason", "end_reason_text",
    "snapshot")
# The values of a row of the delivered-hours export (one per participation).
HOURS_SOURCES = (
    "pseudonym", "last_name", "first_name", "birth_date", "svnr", "file_number", "project",
    "approved", "delivered", "requests", "period_from", "period_to")


def numbered(choices) -> tuple:
    """(number, msgid) for each (stored code, msgid) of `choices`, numbered from 1."""
    return tuple((number, label) for number, (_code, label) in enumerate(choices, start=1))


def encoder(choices) -> Callable:
    """stored code -> its number (a precomputed map; unknown codes give None)."""
    return {code: number for number, (code, _label) in enumerate(choices, start=1)}.get


@dataclass(frozen=True)
class Column:
    """One variable of an export."""

    name: str
    label: str
    personal: bool
    source: str
    convert: Callable | None = None
    codes: tuple = ()


def _year(day):
    return day.year


def _snap(name, convert=None):
    if convert is None:
        return lambda snapshot: snapshot.get(name)
    return lambda snapshot: None if snapshot.get(name) is None else convert(snapshot[name])


def _yes_no(value):
    return int(bool(value))


def _member(field, code):
    return lambda snapshot: int(code in (snapshot.get(field) or ()))


_CITIZENSHIP = encoder(CITIZENSHIP_CATEGORIES)


def _citizenship(nationality):
    return _CITIZENSHIP(citizenship_category(nationality or None))


def _coded(name, label, source, choices):
    return Column(name, label, False, source, encoder(choices), numbered(choices))


def _request_columns() -> tuple[Column, ...]:
    columns = [
        Column("person_id", N_("Person ID"), False, "pseudonym"),
        Column("first_name", N_("First name"), True, "first_name"),
        Column("last_name", N_("Last name"), True, "last_name"),
        Column("svnr", N_("Social-security number"), True, "svnr"),
        Column("birth_date", N_("Birth date"), True, "birth_date"),
        Column("postcode", N_("Postcode"), True, "postcode"),
        Column("city", N_("City"), True, "city"),
        Column("street", N_("Street"), True, "street"),
        Column("birth_year", N_("Birth year"), False, "birth_date", _year),
        _coded("gender", N_("Official gender"), "gender", GENDERS),
        # The query gives the nationality ('' when unknown), the export its category.
        Column("citizenship", N_("Citizenship"), False, "nationality", _citizenship,
               numbered(CITIZENSHIP_CATEGORIES)),
        Column("project", N_("Project"), False, "project"),
        Column("request_id", N_("Request ID"), False, "request_id"),
        _coded("status", N_("Status"), "status", Status.choices()),
        Column("approval_start", N_("Approval start"), False, "approval_start"),
        Column("planned_end", N_("Planned approval end"), False, "planned_end"),
        Column("actual_end", N_("Actual end date"), False, "actual_end"),
        _coded("reason", N_("Reason"), "reason", REASONS),
        _coded("delivery_model", N_("Delivery model"), "delivery_model", DELIVERY_MODELS),
        Column("hours_per_week", N_("Hours per week"), False, "hours_per_week"),
        _coded("end_reason", N_("End reason"), "end_reason", END_REASONS),
        Column("end_reason_text", N_("End reason (other)"), True, "end_reason_text"),
        # The eligibility frozen at approval (the snapshot), never the current data.
        Column("care_level", N_("Care level"), False, "snapshot", _snap("care_level"),
               tuple((int(code), label) for code, label in CARE_LEVELS)),
        Column("degree_of_disability", N_("Degree of disability"), False, "snapshot",
               _snap("degree_of_disability")),
    ]
    for name, label in (("with_findings", N_("Disabilities with findings")),
                        ("disability_pass", N_("Disability pass")),
                        ("favoured_status", N_("Favoured disabled status")),
                        ("without_findings", N_("Disabilities without findings"))):
        columns.append(Column(name, label, False, "snapshot", _snap(name, _yes_no),
                              YES_NO_CODES))
    # Lists of codes: one 0/1 column per option.
    for field, choices in (("legal_basis", LEGAL_BASES),
                           ("kinds_with_findings", KINDS_WITH_FINDINGS)):
        for code, label in choices:
            columns.append(Column(f"{field}_{code}", label, False, "snapshot",
                                  _member(field, code), YES_NO_CODES))
    return tuple(columns)


def _hours_columns() -> tuple[Column, ...]:
    return (
        Column("person_id", N_("Person ID"), False, "pseudonym"),
        Column("last_name", N_("Last name"), True, "last_name"),
        Column("first_name", N_("First name"), True, "first_name"),
        Column("birth_date", N_("Birth date"), True, "birth_date"),
        Column("svnr", N_("Social-security number"), True, "svnr"),
        Column("file_number", N_("File number"), True, "file_number"),
        Column("birth_year", N_("Birth year"), False, "birth_date", _year),
        Column("project", N_("Project"), False, "project"),
        Column("period_from", N_("Observation period from"), False, "period_from"),
        Column("period_to", N_("Observation period to"), False, "period_to"),
        Column("valid_requests", N_("Valid assistance requests"), False, "requests"),
        Column("approved_hours", N_("Approved hours"), False, "approved"),
        Column("delivered_hours", N_("Delivered hours"), False, "delivered"),
    )


REQUEST_COLUMNS = _request_columns()
HOURS_COLUMNS = _hours_columns()
COLUMNS = {"requests": REQUEST_COLUMNS, "hours": HOURS_COLUMNS}
SOURCES = {"requests": REQUEST_SOURCES, "hours": HOURS_SOURCES}


def columns_for(kind: str, personal: bool) -> tuple[Column, ...]:
    """The columns of an export: pb all, npb the non-personal ones only."""
    return tuple(c for c in COLUMNS[kind] if personal or not c.personal)


def row_maker(kind: str, columns) -> Callable:
    """A function from a selected row (a tuple in the order of SOURCES[kind]) to the export's
    cells: indexes and conversions worked out once, so that the loop per row stays lean."""
    positions = {name: index for index, name in enumerate(SOURCES[kind])}
    plain = all(column.convert is None for column in columns)
    plan = [(positions[column.source], column.convert) for column in columns]
    if plain:
        return lambda row: [row[index] for index, _ in plan]
    return lambda row: [row[index] if convert is None or row[index] is None
                        else convert(row[index]) for index, convert in plan]


def definition() -> list[dict]:
    """Every variable of every export with its label, pb/npb and codes (the codebook's data)."""
    return [{"export": kind, "variable": c.name, "label": c.label,
             "scope": "pb" if c.personal else "npb", "codes": [list(pair) for pair in c.codes]}
            for kind, columns in COLUMNS.items() for c in columns]


def fingerprint(data: list[dict]) -> str:
    """A hash of the definition: it changes when any variable or code list changes."""
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
