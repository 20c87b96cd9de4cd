"""The yearly statistics for the BIH report (004 §1.2) as a page and an .xlsx of numbers only,
over the commissions the user sees (the statistics role: all)."""

from flask import Response, request
from flask_admin import expose
from flask_babel import gettext

from models.commissions.models import Commission
from models.commissions.statistics import statistics_rows, statistics_xlsx, yearly_counts
from models.core.access import visible
from models.core.clock import today
from views.core.context import acting_user
from views.core.params import arg_int

STATISTICS_TEMPLATE = "admin/fallakte/commission_statistics.html"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST_YEAR = 2000


class StatisticsMixin:
    """The page /commission/statistics/ of CommissionView."""

    @expose("/statistics/")
    def statistics_view(self):
        """The numbers of one year per funding body; with download=1 the .xlsx."""
        this_year = today().year
        year = arg_int("year", this_year, FIRST_YEAR, this_year + 1)
        counts = yearly_counts(visible(Commission, acting_user()), year)
        if request.args.get("download"):
            body = statistics_xlsx(counts, year, gettext)
            name = gettext("BIH statistics %(year)s", year=year)
            return Response(body, mimetype=XLSX, headers={
                "Content-Disposition": f'attachment; filename="{name}.xlsx"',
                "Cache-Control": "private, no-store"})
        return self.render(STATISTICS_TEMPLATE, year=year,
                           years=list(range(this_year + 1, FIRST_YEAR - 1, -1)),
                           rows=statistics_rows(counts, gettext),
                           return_url=self.get_url(".index_view"))
