"""A report (models.commissions.reports.ReportContent) as a .docx made with python-docx, for
the agencies to edit and sign in Word or LibreOffice."""

import datetime as dt
import io

import docx
from docx.shared import Pt

from models.core.text import N_


def report_text(value, translate, format_date) -> str:
    """A value of a report as text: (msgid,) translated, dates as dd.mm.yyyy."""
    if value is None or value == "":
        return "–"
    if isinstance(value, tuple):
        return translate(value[0])
    if isinstance(value, dt.datetime):
        return f"{format_date(value.date())} {value:%H:%M}"
    if isinstance(value, dt.date):
        return format_date(value)
    return str(value)


def _table(document, header, rows):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    return table


def report_docx(content, translate, format_date, made_on: dt.date) -> bytes:
    """The .docx of `content`; `translate(msgid)` gives the German text, `format_date` the
    date as dd.mm.yyyy."""

    def text(value):
        return report_text(value, translate, format_date)

    document = docx.Document()
    document.styles["Normal"].font.size = Pt(11)
    title = translate(content.report_type.label)
    document.core_properties.title = f"{title} A{content.commission.id}"
    document.core_properties.language = "de-DE"
    document.add_heading(title, level=0)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in content.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = translate(label), text(value)
    for label, value in content.texts:
        document.add_heading(translate(label), level=1)
        for paragraph in (value or "–").split("\n"):
            document.add_paragraph(paragraph)
    document.add_heading(translate(N_("Tasks worked on")), level=1)
    if content.tasks:
        _table(document, [translate(N_("Task")), translate(N_("Contacts"))],
               [(name, str(count)) for name, count in content.tasks])
    else:
        document.add_paragraph(translate(N_("None.")))
    document.add_heading(translate(N_("Results")), level=1)
    if content.results:
        _table(document, [translate(N_("Result")), translate(N_("Start")), translate(N_("End"))],
               [(name, text(start), text(end)) for name, start, end in content.results])
    else:
        document.add_paragraph(translate(N_("None.")))
    document.add_heading(translate(N_("Contacts")), level=1)
    if content.contacts:
        header = (N_("Date and time"), N_("Form"), N_("Keyword"), N_("Tasks"), N_("Results"))
        _table(document, [translate(label) for label in header],
               [(text(c.at), translate(c.form), c.keyword, ", ".join(c.tasks),
                 ", ".join(c.results)) for c in content.contacts])
    else:
        document.add_paragraph(translate(N_("None.")))
    document.add_paragraph()
    document.add_paragraph(translate(N_("Made on %(date)s")) % {"date": format_date(made_on)})
    document.add_paragraph(translate(N_("Place, date, signature of the caseworker")))
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()
