"""The start page's charts: each a table (the data and the screen readers' version) with a
German caption, drawn by static/charts.js with the vendored Chart.js. The figures come from
models.charts.figures, scoped to the user and free of personal data."""

from dataclasses import dataclass, field

from flask_babel import format_date, gettext

from models.care.balances import Level
from models.care.contingents import Colour
from models.charts.figures import contingent_use, hours_per_month, requests_by_status
from views.core.formatting import hours_text, label_of


@dataclass
class Cell:
    """A value of a chart's table: the number the chart draws and the text the table shows."""

    value: object
    text: str


@dataclass
class Chart:
    """One chart: its table's header, series and rows; `notes` are text columns (not drawn)."""

    key: str
    caption: str
    row_header: str
    series: list[str]
    rows: list[tuple[str, list[Cell], list[str]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    empty: str = ""

    @property
    def has_data(self) -> bool:
        return any(cell.value for _label, cells, _notes in self.rows for cell in cells)


def _hours(value) -> Cell:
    return Cell(f"{value:.2f}", hours_text(value))


def hours_chart(user, today) -> Chart:
    """Approved against delivered hours per month, the last twelve months."""
    chart = Chart("hours", gettext("Approved and delivered hours per month, last 12 months"),
                  gettext("Month"), [gettext("Approved hours"), gettext("Delivered hours")],
                  empty=gettext("No approved or delivered hours in the last 12 months."))
    chart.rows = [(format_date(figure.month, "MMM yyyy"),
                   [_hours(figure.approved), _hours(figure.delivered)], [])
                  for figure in hours_per_month(user, today)]
    return chart


def status_chart(user, today) -> Chart:
    """How many requests the user sees in each status."""
    chart = Chart("status", gettext("Assistance requests by status"), gettext("Status"),
                  [gettext("Number")], empty=gettext("No assistance requests yet."))
    chart.rows = [(gettext(status.label), [Cell(count, str(count))], [])
                  for status, count in requests_by_status(user, today)]
    return chart


def contingent_chart(user, today) -> Chart:
    """Hours used this year per contingent level against the linear pace and the contingent."""
    chart = Chart("contingents",
                  gettext("Yearly contingents: hours used against the linear pace"),
                  gettext("Contingent"),
                  [gettext("Used this year"), gettext("Linear pace to date"),
                   gettext("Yearly contingent")], notes=[gettext("State")],
                  empty=gettext("No yearly contingents."))
    chart.rows = [(f"{figure.project.name} – {figure.funding_body.name}: "
                   f"{label_of(Level.labels(), figure.level)}",
                   [_hours(figure.used), _hours(figure.pace), _hours(figure.contingent)],
                   [label_of(Colour.labels(), figure.colour)])
                  for figure in contingent_use(user, today)]
    return chart


def home_charts(user, today) -> list[Chart]:
    """The charts of the start page for `user`; the contingent chart only where there are
    contingents."""
    charts = [hours_chart(user, today), status_chart(user, today)]
    contingents = contingent_chart(user, today)
    if contingents.rows:
        charts.append(contingents)
    return charts
