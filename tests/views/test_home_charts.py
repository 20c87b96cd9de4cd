"""The start page's charts: tables with German captions that the vendored Chart.js draws,
scoped to the user, without personal data for statistics readers, no inline script, the
same queries however many rows."""

import calendar
import datetime as dt
import re
from decimal import Decimal

import pytest
from playhouse.test_utils import count_queries

from models.core.clock import today
from models.requests.models import Status
from seed.factories import (
    make_delivered_hours,
    make_funding_body,
    make_participation,
    make_request,
    make_user,
)
from tests.conftest import login


def _month_start():
    return today().replace(day=1)


@pytest.fixture
def charted(app, project, other_project):
    body, other_body = make_funding_body(), make_funding_body()
    mine = make_participation(project=project)
    make_request(mine, body, status=Status.APPROVED, approval_start=_month_start(),
                 hours_per_week=Decimal(7))
    make_request(mine, body, status=Status.SUBMITTED)
    make_delivered_hours(mine, period_start=_month_start(), period_end=_month_start(),
                         hours=Decimal(3))
    theirs = make_participation(project=other_project)
    make_request(theirs, other_body, status=Status.APPROVED, approval_start=_month_start(),
                 hours_per_week=Decimal(14))
    return {"mine": mine, "theirs": theirs,
            "staff": make_user(role="staff_write", projects=[project]),
            "clerk": make_user(role="clerk", funding_body=body),
            "other_clerk": make_user(role="clerk", funding_body=other_body),
            "statistics": make_user(role="statistics")}


def _table(body, key):
    start = body.index(f'data-chart="{key}"')
    return body[start:body.index("</table>", start)]


def _current_month_values(body):
    """(approved, delivered) of the last row of the hours chart: the current month."""
    rows = re.findall(r"<tr><th scope=\"row\">[^<]+</th>\s*"
                      r"<td[^>]*data-value=\"([\d.]+)\"[^>]*>[^<]*</td>"
                      r"<td[^>]*data-value=\"([\d.]+)\"", _table(body, "hours"))
    return tuple(Decimal(value) for value in rows[-1])


def test_the_start_page_has_three_captioned_tables_to_draw(client, charted):
    login(client, charted["staff"])
    body = client.get("/admin/").get_data(as_text=True)
    assert "Bewilligte und geleistete Stunden je Monat, letzte 12 Monate" in body
    assert "Anträge nach Status" in body
    assert _table(body, "hours").count('<th scope="row">') == 12
    assert "/static/vendor/chartjs/chart.umd.min.js" in body
    assert "/static/charts.js" in body
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)


@pytest.mark.parametrize(
    ("actor", "weekly_hours", "delivered"),
    [("staff", 7, 3), ("clerk", 7, 3), ("other_clerk", 14, 0), ("statistics", 21, 3)],
)
def test_the_hours_chart_shows_the_users_figures(client, charted, actor, weekly_hours,
                                                 delivered):
    # The current month counts whole: its days × hours per week ÷ 7.
    month_days = calendar.monthrange(today().year, today().month)[1]
    login(client, charted[actor])
    body = client.get("/admin/").get_data(as_text=True)
    assert _current_month_values(body) == (Decimal(month_days * weekly_hours // 7),
                                           Decimal(delivered))


@pytest.mark.parametrize(("actor", "submitted"), [("staff", 1), ("clerk", 1),
                                                  ("other_clerk", 0), ("statistics", 1)])
def test_the_status_chart_counts_what_the_user_sees(client, charted, actor, submitted):
    login(client, charted[actor])
    table = _table(client.get("/admin/").get_data(as_text=True), "status")
    row = re.search(r'<th scope="row">Antrag gesendet</th>\s*<td[^>]*data-value="(\d+)"', table)
    assert int(row.group(1)) == submitted


def test_statistics_readers_get_the_charts_without_personal_data(client, charted):
    login(client, charted["statistics"])
    body = client.get("/admin/").get_data(as_text=True)
    charts = body[body.index('class="mb-4 home-charts"'):body.index("</section>",
                                                                    body.index("home-charts"))]
    assert 'data-chart="hours"' in charts
    for participation in (charted["mine"], charted["theirs"]):
        assert participation.person.last_name not in charts
        assert participation.person.pseudonym not in charts


def test_the_start_page_runs_the_same_queries_for_more_rows(client, charted, project):
    login(client, charted["staff"])
    client.get("/admin/")
    with count_queries() as few:
        client.get("/admin/")
    for index in range(6):
        participation = make_participation(project=project)
        make_request(participation, make_funding_body(), status=Status.APPROVED,
                     approval_start=_month_start() - dt.timedelta(days=40 * index),
                     hours_per_week=Decimal(index + 1))
        make_delivered_hours(participation, hours=Decimal(index + 2))
    with count_queries() as many:
        client.get("/admin/")
    assert many.count == few.count
