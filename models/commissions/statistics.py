"""The yearly statistics for the BIH report (004 §1.2): per year and funding body, the numbers
of commissions by service type, phase reached, case group and outcome; counted in SQL, written
as an .xlsx with numbers only (no personal data)."""

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.styles import Font
from peewee import JOIN, Case, fn

from models.commissions.models import (
    CaseGroup,
    Commission,
    EndReason,
    Phase,
    PhaseChange,
    ServiceType,
)
from models.core.text import N_
from models.people.models import FundingBody

# The characteristics counted, in the order of the file: (key, msgid, labels of its values).
DIMENSIONS = (
    ("service_type", N_("Service type"), ServiceType),
    ("phase", N_("Phase reached"), Phase),
    ("case_group", N_("Case group"), CaseGroup),
    ("outcome", N_("Outcome (end reason)"), EndReason),
)
NOT_GIVEN = N_("not given")
STILL_OPEN = N_("open at the end of the year")
WITHOUT_BODY = N_("without funding body")


def _in_year(year: int):
    """Commissions running at some time in `year`."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (Commission.start <= last) & (Commission.end_date.is_null()
                                         | (Commission.end_date >= first))


def _value_columns(year: int) -> dict:
    """{dimension: SQL expression of its value per commission}."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    # The highest phase entered by the end of the year; P1 < P2 < P3 < P4 and
    # FP1 < FP3 < FP4 < FP5 sort as text, and no commission mixes both families.
    reached = (PhaseChange.select(PhaseChange.commission.alias("commission_id"),
                                  fn.MAX(PhaseChange.to_phase).alias("top"))
               .where(PhaseChange.date <= last).group_by(PhaseChange.commission)
               .alias("reached"))
    initial = Case(None, [(Commission.service_type == ServiceType.EXPERT_OPINION.value,
                           Phase.FP1.value)], Phase.P1.value)
    ended = Case(None, [((Commission.end_date >= first) & (Commission.end_date <= last),
                         Commission.end_reason)], None)
    return {"service_type": (Commission.service_type, None),
            "case_group": (Commission.case_group, None),
            "phase": (fn.COALESCE(reached.c.top, initial), reached),
            "outcome": (ended, None)}


def yearly_counts(commissions, year: int) -> dict:
    """{funding body id or None: {"total": n, dimension: {value or None: n}}} over the
    commissions of the query `commissions` (the user's visible ones) running in `year`: one
    GROUP BY query per characteristic, whatever the number of commissions."""
    ids = commissions.select(Commission.id)
    counts: dict = {}
    total = (Commission.select(Commission.funding_body, fn.COUNT(Commission.id))
             .where(_in_year(year) & Commission.id.in_(ids))
             .group_by(Commission.funding_body).tuples())
    for body, number in total:
        counts[body] = {"total": number, **{key: {} for key, _l, _e in DIMENSIONS}}
    for key, (column, joined) in _value_columns(year).items():
        query = Commission.select(Commission.funding_body, column.alias("value"),
                                  fn.COUNT(Commission.id))
        if joined is not None:
            query = query.join(joined, JOIN.LEFT_OUTER,
                               on=(joined.c.commission_id == Commission.id))
        query = (query.where(_in_year(year) & Commission.id.in_(ids))
                 .group_by(Commission.funding_body, column).tuples())
        for body, value, number in query:
            counts[body][key][value] = number
    return counts


def body_names(counts: dict) -> dict:
    """{funding body id: name} of the bodies in `counts` (one query)."""
    ids = [body for body in counts if body is not None]
    return dict(FundingBody.select(FundingBody.id, FundingBody.name)
                .where(FundingBody.id.in_(ids)).tuples()) if ids else {}


def statistics_rows(counts: dict, translate) -> list:
    """(funding body, characteristic, value, number) rows, bodies by name, values in the
    order of their lists; `translate(msgid)` gives the German text."""
    names = body_names(counts)
    rows = []
    order = sorted(counts, key=lambda body: (body is None, names.get(body, "")))
    for body in order:
        name = names[body] if body is not None else translate(WITHOUT_BODY)
        rows.append((name, translate(N_("Commissions in the year")), "", counts[body]["total"]))
        for key, label, enum_type in DIMENSIONS:
            found = counts[body][key]
            for code, msgid in enum_type.choices():
                if found.get(code):
                    rows.append((name, translate(label), translate(msgid), found[code]))
            if found.get(None):
                empty = STILL_OPEN if key == "outcome" else NOT_GIVEN
                rows.append((name, translate(label), translate(empty), found[None]))
    return rows


def statistics_xlsx(counts: dict, year: int, translate) -> bytes:
    """The statistics of `year` as an .xlsx: one row per funding body, characteristic and
    value, the numbers as numbers."""
    book = Workbook()
    sheet = book.active
    sheet.title = str(year)
    sheet.append([translate(N_("BIH statistics of the year %(year)s")) % {"year": year}])
    sheet["A1"].font = Font(bold=True)
    sheet.append([translate(N_("Funding body")), translate(N_("Characteristic")),
                  translate(N_("Value")), translate(N_("Number"))])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in statistics_rows(counts, translate):
        sheet.append(list(row))
        for cell in sheet[sheet.max_row][:3]:
            # Text stays text: a funding body named "=SUMME(…)" is no formula.
            cell.data_type = "s"
    for column, width in zip("ABCD", (40, 28, 48, 10), strict=True):
        sheet.column_dimensions[column].width = width
    output = io.BytesIO()
    book.save(output)
    return output.getvalue()
