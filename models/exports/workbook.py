"""The export files: openpyxl write-only, text cells always strings (never formulas)."""

import datetime as dt
import decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

PROGRESS_EVERY = 500
RISKY_STARTS = ("=", "#")
FORMATS = {dt.datetime: "DD.MM.YYYY HH:MM", dt.date: "DD.MM.YYYY", decimal.Decimal: "#,##0.00",
           dt.time: "HH:MM"}


def _cell(sheet, value):
    if isinstance(value, str):
        cell = WriteOnlyCell(sheet, value)
        # A string cell, whatever it starts with: "=SUMME(A1)" stays text, no apostrophe added.
        cell.data_type = "s"
        return cell
    if isinstance(value, bool):
        return WriteOnlyCell(sheet, int(value))
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD.MM.YYYY HH:MM"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD.MM.YYYY"
        return cell
    if isinstance(value, decimal.Decimal):
        cell = WriteOnlyCell(sheet, float(value))
        cell.number_format = "#,##0.00"
        return cell
    return WriteOnlyCell(sheet, value)


def _table_sheet(book, title, headers, widths):
    sheet = book.create_sheet(title=title)
    sheet.freeze_panes = "A2"
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    return sheet


def _header(sheet, headers):
    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = _cell(sheet, str(header))
        cell.font = bold
        cells.append(cell)
    sheet.append(cells)


class _Cells:
    """Turns a row of values into what the write-only sheet appends, cheaply.

    A write-only sheet writes each appended row at once, so one styled cell per column and kind
    can be reused row after row; plain numbers and ordinary text go in as they are. Only text
    openpyxl would take for a formula or an error code ("=SUMME(A1)", "#NV") and dates, times and
    decimals get a cell of their own."""

    def __init__(self, sheet):
        self.sheet = sheet
        self.reused: dict = {}

    def _reused(self, index, kind):
        cell = self.reused.get((index, kind))
        if cell is None:
            cell = self.reused[(index, kind)] = WriteOnlyCell(self.sheet)
            cell.number_format = FORMATS.get(kind, "General")
        return cell

    def row(self, values):
        for index, value in enumerate(values):
            kind = type(value)
            if value is None or kind is int or kind is float:
                continue
            if kind is str:
                if value[:1] in RISKY_STARTS and (value[:1] == "#" and value in ERROR_CODES
                                                  or value[:1] == "=" and len(value) > 1):
                    cell = self._reused(index, str)
                    cell.value = value
                    cell.data_type = "s"
                    values[index] = cell
                continue
            if kind is bool:
                values[index] = int(value)
                continue
            cell = self._reused(index, kind)
            cell.value = float(value) if kind is decimal.Decimal else value
            values[index] = cell
        return values


def write_table(path, title: str, headers, rows, total: int | None = None,
                progress=None) -> int:
    """Write one sheet (header row frozen, autofilter) to `path`; returns the row count.

    `rows` yields lists (changed in place). `progress(percent)` is called when the percentage
    changes, checked every PROGRESS_EVERY rows, when `total` is known."""
    book = Workbook(write_only=True)
    widths = [max(12, min(40, len(str(h)) + 4)) for h in headers]
    sheet = _table_sheet(book, title, headers, widths)
    count = 0
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"
    _header(sheet, headers)
    cells = _Cells(sheet)
    append, convert = sheet.append, cells.row
    reported = 0
    for row in rows:
        append(convert(row))
        count += 1
        if progress and total and count % PROGRESS_EVERY == 0:
            percent = min(99, count * 100 // total)
            if percent != reported:
                progress(percent)
                reported = percent
    if headers:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{count + 1}"
    book.save(path)
    return count


def write_codebook(path, validity: str, entries, translate=str, headers=()) -> None:
    """The codebook: first sheet the validity, then variable, label, pb/npb, codes."""
    book = Workbook(write_only=True)
    info = book.create_sheet(title="Info")
    info.append([_cell(info, validity)])
    sheet = _table_sheet(book, "Codebook", headers, [24, 40, 8, 10, 40])
    _header(sheet, headers)
    for entry in entries:
        first = [entry["export"], entry["variable"], translate(entry["label"]), entry["scope"]]
        if not entry["codes"]:
            sheet.append([_cell(sheet, v) for v in [*first, None, None]])
        for code, label in entry["codes"]:
            sheet.append([_cell(sheet, v) for v in [*first, code, translate(label)]])
    book.save(path)
