"""Typed .xlsx exports of list views, written row by row (openpyxl write-only mode)."""

import datetime as dt
import decimal
import io
import re
import unicodedata

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

MAX_ROWS = 1_048_575  # an .xlsx sheet holds 1 048 576 rows, one is the header
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """Text that Excel will not run as a formula (a leading apostrophe-like quote)."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _cell(sheet, value, yes_no):
    if isinstance(value, bool):
        return WriteOnlyCell(sheet, yes_no[0] if value else yes_no[1])
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD.MM.YYYY HH:MM"
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value)
        cell.number_format = "DD.MM.YYYY"
        return cell
    if isinstance(value, decimal.Decimal | float):
        cell = WriteOnlyCell(sheet, float(value))
        cell.number_format = "#,##0.00"
        return cell
    if isinstance(value, int) or value is None:
        return WriteOnlyCell(sheet, value)
    return WriteOnlyCell(sheet, safe_text(str(value)))


def write_xlsx(title: str, headers, rows, yes_no=("Ja", "Nein")) -> io.BytesIO:
    """An .xlsx file with a bold header row and one typed row per item of `rows`."""
    return write_workbook([(title, (), headers, rows)], yes_no)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue",
                          "ß": "ss"})


def file_name_part(title: str) -> str:
    """`title` as a portable file name: umlauts written out (Anträge → Antraege), other
    accents dropped, words joined by '-', the gender colon and asterisk left out."""
    text = unicodedata.normalize("NFC", title).translate(_UMLAUTS)
    text = "".join(ch for ch in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(ch))
    text = re.sub(r"[:*]", "", text)
    words = re.findall(r"[A-Za-z0-9]+", text)
    return "-".join(words) or "Export"


def sheet_title(title: str) -> str:
    r"""`title` as Excel allows a sheet name: without []:*?/\ and at most 31 characters."""
    cleaned = re.sub(r"[\[\]:*?/\\]", "", title).strip("' ")
    return cleaned[:31] or "Export"


def write_workbook(sheets, yes_no=("Ja", "Nein")) -> io.BytesIO:
    """An .xlsx file of several sheets: (title, lines above the table, headers, rows) each.

    The lines above the table (a heading, who and when) are lists of values, the first bold."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, preamble, headers, rows in sheets:
        sheet = book.create_sheet(title=sheet_title(title))
        for number, line in enumerate(preamble):
            cells = [_cell(sheet, value, yes_no) for value in line]
            if number == 0 and cells:
                cells[0].font = bold
            sheet.append(cells)
        header_cells = []
        for header in headers:
            cell = WriteOnlyCell(sheet, safe_text(str(header)))
            cell.font = bold
            header_cells.append(cell)
        sheet.append(header_cells)
        for count, row in enumerate(rows):
            if count >= MAX_ROWS:
                break
            sheet.append([_cell(sheet, value, yes_no) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer
