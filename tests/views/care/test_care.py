"""Ambulatory care through HTTP: client list with marks and balances, the case page,
contingents, bad input of rules, approvals and activities, proofs of service, scope."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from playhouse.test_utils import count_queries

from models import Activity, ApprovalPeriod, BillingRules, CareCase, HistoryEntry
from models.requests.models import Status
from seed.bulk import bulk_clients
from seed.factories import (
    make_activity,
    make_approval_period,
    make_billing_rules,
    make_care_case,
    make_funding_body,
    make_participation,
    make_request,
    make_user,
)
from tests.conftest import login

TODAY = dt.date.today()


@pytest.fixture
def setting(app, project, other_project):
    body = make_funding_body("Stadt Bochum – Amt für Soziales")
    participation = make_participation(project=project)
    # A body the participation sent a request to, but which pays none of its care.
    asked = make_funding_body()
    make_request(participation, asked, status=Status.SUBMITTED)
    return {
        "body": body,
        "staff": make_user(role="staff_write", projects=[project]),
        "reader": make_user(role="staff_read", projects=[project]),
        "foreign_staff": make_user(role="staff_write", projects=[other_project]),
        "statistics": make_user(role="statistics"),
        "admin": make_user(role="admin"),
        "clerk": make_user(role="clerk", funding_body=body),
        "asked_clerk": make_user(role="clerk", funding_body=asked),
        "participation": participation,
    }


def _case(setting, **fields):
    return make_care_case(setting["participation"], setting["body"], **fields)


def _body(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


# -- the client list: marks with text and icon, last approved hours, balances -----------------


@pytest.mark.parametrize(
    ("approvals", "text", "css"),
    [([], "keine Bewilligung erfasst", "hours-mark-red"),
     ([{"start": TODAY - dt.timedelta(days=400), "end": TODAY - dt.timedelta(days=40)}],
      "Bewilligung abgelaufen", "hours-mark-red"),
     ([{"start": TODAY - dt.timedelta(days=40), "end": TODAY + dt.timedelta(days=40),
        "hours": None}], "Bewilligung ohne Stunden", "hours-mark-red"),
     ([{"start": TODAY - dt.timedelta(days=400), "end": TODAY - dt.timedelta(days=40),
        "extension_requested_on": TODAY - dt.timedelta(days=60), "hours": Decimal("2.5")}],
      "Verlängerung beantragt", "hours-mark-blue"),
     ([{"start": TODAY - dt.timedelta(days=40), "end": TODAY + dt.timedelta(days=40)}],
      "Bewilligung läuft", "hours-mark-none")],
)
def test_client_list_marks_come_with_text_and_icon(client, setting, approvals, text, css):
    case = _case(setting)
    for approval in approvals:
        make_approval_period(case, **approval)
    login(client, setting["staff"])
    body = _body(client, "/admin/care_case/")
    assert text in body
    assert f'class="hours-mark {css}"' in body
    assert 'class="fa ' in body.split(css, 1)[1][:80]


def test_expired_approval_with_extension_shows_the_last_hours(client, setting):
    case = _case(setting)
    make_approval_period(case, start=TODAY - dt.timedelta(days=400),
                         end=TODAY - dt.timedelta(days=40), hours=Decimal("2.5"),
                         extension_requested_on=TODAY - dt.timedelta(days=60))
    login(client, setting["staff"])
    body = _body(client, "/admin/care_case/")
    assert "2,50 h/Woche" in body
    assert (TODAY - dt.timedelta(days=40)).strftime("%d.%m.%Y") in body


def test_not_hour_based_care_has_no_mark(client, setting):
    _case(setting, billing="not_hour_based")
    login(client, setting["staff"])
    body = _body(client, "/admin/care_case/")
    assert "hours-mark-red" not in body
    assert "kein Hinweis" in body


def test_balances_on_the_list_and_the_case_page(client, setting):
    make_billing_rules(setting["body"], balancing_period="month", basis="month")
    case = _case(setting)
    make_approval_period(case, start=TODAY.replace(day=1) - dt.timedelta(days=365),
                         end=TODAY.replace(day=1) + dt.timedelta(days=400), hours=Decimal(20))
    make_activity(case, day=TODAY.replace(day=1), minutes=300)
    login(client, setting["staff"])
    assert "15,00 h" in _body(client, "/admin/care_case/")
    page = _body(client, f"/admin/care_case/details/?id={case.id}")
    assert "Saldo bis Ende des Monats" in page
    assert "15,00 h" in page
    assert "Kalenderjahr" not in page and "Monat" in page


def test_case_page_says_when_the_balance_is_frozen(client, setting):
    case = _case(setting)
    end = TODAY - dt.timedelta(days=10)
    make_approval_period(case, start=end - dt.timedelta(days=69), end=end, hours=Decimal(7))
    make_activity(case, day=end - dt.timedelta(days=5), minutes=600)
    before = _frozen_page(client, setting, case)
    make_activity(case, day=TODAY, minutes=600)
    after = _frozen_page(client, setting, case)
    assert "eingefroren" in after
    assert "60,00 h" in before and "60,00 h" in after


ACTIVITY_ROW = r"<tr[^>]*><td>{day}</td>(.*?)</tr>"


@pytest.mark.parametrize(("billing", "after_the_approval"), [("approved_hours", "0,00 h"),
                                                             ("contingent", "10,00 h")])
def test_case_page_counts_each_activity_as_the_balance_does(client, setting, billing,
                                                           after_the_approval):
    """Work after the approval's end counts nothing where approved hours are billed (the
    balance is frozen); a contingent case has no approval to restrict its work."""
    import re

    case = _case(setting, billing=billing)
    end = TODAY - dt.timedelta(days=10)
    make_approval_period(case, start=end - dt.timedelta(days=69), end=end, hours=Decimal(7))
    make_activity(case, day=end, minutes=600)
    make_activity(case, day=TODAY, minutes=600)
    page = _frozen_page(client, setting, case)
    rows = {day: re.search(ACTIVITY_ROW.format(day=f"{day:%d.%m.%Y}"), page, re.S).group(1)
            for day in (end, TODAY)}
    shown = {day: re.findall(r'<td class="text-right">([^<]*)</td>', row)[-1]
             for day, row in rows.items()}
    assert shown == {end: "10,00 h", TODAY: after_the_approval}


def _frozen_page(client, setting, case):
    login(client, setting["staff"])
    return _body(client, f"/admin/care_case/details/?id={case.id}")


def test_client_list_with_120_clients_runs_a_constant_number_of_queries(client, setting,
                                                                         project):
    make_billing_rules(setting["body"], balancing_period="year", indirect_share=Decimal(50))
    bulk_clients(project, setting["body"], 5, TODAY, per_week=1, seed=1)
    login(client, setting["staff"])
    with count_queries() as few:
        _body(client, "/admin/care_case/?page_size=100")
    bulk_clients(project, setting["body"], 115, TODAY, per_week=1, seed=2)
    assert CareCase.select().count() == 120
    with count_queries() as many:
        body = _body(client, "/admin/care_case/?page_size=100")
    assert many.count == few.count
    assert body.count("hours-mark ") >= 90


def test_proof_export_for_120_clients_runs_a_constant_number_of_queries(client, setting,
                                                                         project):
    bulk_clients(project, setting["body"], 5, TODAY, per_week=1, seed=1)
    login(client, setting["staff"])
    month = f"{TODAY:%m.%Y}"
    with count_queries() as few:
        client.post("/admin/care_case/proof/", data={"month": month, "kind": "internal",
                                                     "with_activities": "y"})
    bulk_clients(project, setting["body"], 115, TODAY, per_week=1, seed=2)
    with count_queries() as many:
        response = client.post("/admin/care_case/proof/", data={
            "month": month, "kind": "internal", "with_activities": "y"})
    assert response.mimetype.endswith("spreadsheetml.sheet")
    assert many.count == few.count
    assert load_workbook(io.BytesIO(response.data)).worksheets[0].max_row == 5 + 120


# -- yearly contingents ---------------------------------------------------------------------------


def test_contingent_of_the_project_with_its_state_in_words(client, setting):
    make_billing_rules(setting["body"], contingent_socio=Decimal(10), contingent_low=Decimal(400))
    case = _case(setting, billing="contingent")
    make_activity(case, day=TODAY.replace(month=1, day=1), minutes=11 * 60)
    other = make_care_case(make_participation(project=setting["participation"].project),
                           setting["body"], billing="contingent")
    make_activity(other, day=TODAY.replace(month=1, day=1), minutes=60, level="low",
                  kind="everyday", topic="household")
    login(client, setting["staff"])
    body = _body(client, "/admin/care_case/")
    assert "Jahreskontingente" in body
    assert "Kontingent überschritten" in body
    assert "11,00 h" in body and "10,00 h" in body
    assert "bei gleichbleibender Intensität im Kontingent" in body
    page = _body(client, f"/admin/care_case/details/?id={case.id}")
    assert "Jahreskontingent des Projekts" in page
    assert "Kontingent überschritten" in page


# -- bad input: a German message at the field, nothing saved ------------------------------------


def _no_new_rows(model, before):
    assert model.select().count() == before


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"weeks_per_month": "0"}, "muss größer als 0 sein"),
     ({"weeks_per_month": "-4,33"}, "muss größer als 0 sein"),
     ({"indirect_share": "120"}, "Ein Anteil wird in Prozent von 0 bis 100 angegeben."),
     ({"absence_cap": "-1"}, "Der Wert kann nicht negativ sein.")],
)
def test_bad_billing_rules(client, setting, fields, message):
    data = {"funding_body": str(setting["body"].id), "balancing_period": "approval",
            "basis": "week", "weeks_per_month": "4,33", "indirect_share": "100",
            "absence_share": "0", "absence_cap": "", "group_rule": "divided",
            "contingent_socio": "", "contingent_low": ""}
    data.update(fields)
    login(client, setting["admin"])
    body = client.post("/admin/billing_rules/new/", data=data).get_data(as_text=True)
    assert message in body
    _no_new_rows(BillingRules, 0)


def test_billing_rules_with_a_factor_are_saved_with_decimal_comma(client, setting):
    login(client, setting["admin"])
    client.post("/admin/billing_rules/new/", data={
        "funding_body": str(setting["body"].id), "balancing_period": "quarter", "basis": "week",
        "weeks_per_month": "4,33", "indirect_share": "50", "absence_share": "0",
        "group_rule": "full", "contingent_socio": "1050", "contingent_low": ""})
    rules = BillingRules.get()
    assert (rules.weeks_per_month, rules.contingent_socio) == (Decimal("4.33"), Decimal(1050))


@pytest.mark.parametrize("role", ["staff_write", "project_lead", "clerk", "statistics"])
def test_only_administrators_write_billing_rules(client, setting, role):
    login(client, make_user(role=role, projects=[setting["participation"].project]))
    client.post("/admin/billing_rules/new/", data={"funding_body": str(setting["body"].id),
                                                   "balancing_period": "month"})
    _no_new_rows(BillingRules, 0)


def _activity_form(case, **fields):
    data = {"case": str(case.id), "day": "10.03.2026", "minutes": "60", "mode": "direct",
            "level": "socio", "kind": "counselling", "topic": "housing", "group_size": "1",
            "note": ""}
    data.update(fields)
    return data


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"minutes": ""}, "Bitte geben Sie die Dauer in Minuten ein."),
     ({"minutes": "0"}, "Bitte geben Sie die Dauer in Minuten ein."),
     ({"minutes": "1500"}, "höchstens 24 Stunden"),
     ({"level": "low"}, "Bitte wählen Sie eine Art des gewählten Niveaus."),
     ({"topic": "household"}, "Bitte wählen Sie einen Inhalt des gewählten Niveaus."),
     ({"group_size": "0"}, "Mindestens eine teilnehmende Person."),
     ({"day": "31.02.2026"}, "Bitte geben Sie ein Datum als TT.MM.JJJJ ein")],
)
def test_bad_activity_input(client, setting, fields, message):
    case = _case(setting)
    login(client, setting["staff"])
    body = client.post("/admin/activity/new/", data=_activity_form(case, **fields)) \
        .get_data(as_text=True)
    assert message in body
    _no_new_rows(Activity, 0)


def test_activity_is_recorded_with_history(client, setting):
    case = _case(setting)
    login(client, setting["staff"])
    response = client.post("/admin/activity/new/", data=_activity_form(
        case, level="low", kind="everyday", topic="household", mode="indirect"))
    assert response.status_code == 302
    activity = Activity.get()
    assert (activity.level, activity.kind, activity.minutes) == ("low", "everyday", 60)
    assert HistoryEntry.select().where(HistoryEntry.relation == "activity").count() == 1


def test_activity_form_groups_kinds_by_level(client, setting):
    case = _case(setting)
    login(client, setting["staff"])
    body = _body(client, f"/admin/activity/new/?case={case.id}")
    assert '<optgroup label="sozialpädagogisch">' in body
    assert '<optgroup label="niederschwellig">' in body
    assert "activity_form.js" in body


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"end": "01.01.2026", "start": "02.01.2026"}, "Das Ende des Zeitraums liegt vor dem Beginn."),
     ({"hours": "-2"}, "Der Wert kann nicht negativ sein."),
     ({"start": "01.06.2026", "end": "31.12.2026"}, "deckt einen Teil davon schon ab")],
)
def test_bad_approval_period(client, setting, fields, message):
    case = _case(setting)
    make_approval_period(case, start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30))
    data = {"case": str(case.id), "start": "01.07.2026", "end": "31.12.2026", "hours": "5",
            "extension_requested_on": ""}
    data.update(fields)
    login(client, setting["staff"])
    body = client.post("/admin/approval_period/new/", data=data).get_data(as_text=True)
    assert message in body
    _no_new_rows(ApprovalPeriod, 1)


def test_care_case_end_before_start_is_refused(client, setting):
    login(client, setting["staff"])
    body = client.post("/admin/care_case/new/", data={
        "participation": str(setting["participation"].id), "funding_body": str(setting["body"].id),
        "billing": "approved_hours", "start": "01.02.2026", "end": "01.01.2026"}) \
        .get_data(as_text=True)
    assert "Das Ende des Zeitraums liegt vor dem Beginn." in body
    _no_new_rows(CareCase, 0)


# -- scope ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("actor", "sees"), [("staff", True), ("reader", True),
                                             ("foreign_staff", False), ("statistics", True),
                                             ("admin", True), ("clerk", True),
                                             ("asked_clerk", False)])
def test_care_follows_the_visibility_of_the_participation(client, setting, actor, sees):
    """Project staff see the care of their participations; a clerk the cases their body pays,
    not those of a participation that merely sent them a request."""
    case = _case(setting)
    make_approval_period(case)
    make_activity(case)
    login(client, setting[actor])
    for endpoint in ("care_case", "approval_period", "activity"):
        listing = _body(client, f"/admin/{endpoint}/")
        assert (setting["participation"].person.pseudonym in listing) is sees, endpoint
    assert (client.get(f"/admin/care_case/details/?id={case.id}").status_code == 200) is sees


@pytest.mark.parametrize("actor", ["reader", "foreign_staff", "statistics"])
def test_only_the_project_records_activities(client, setting, actor):
    case = _case(setting)
    login(client, setting[actor])
    client.post("/admin/activity/new/", data=_activity_form(case))
    _no_new_rows(Activity, 0)


# -- proofs of service ------------------------------------------------------------------------------


def _proof(client, **data):
    response = client.post("/admin/care_case/proof/", data=data)
    assert response.mimetype.endswith("spreadsheetml.sheet"), response.get_data(as_text=True)
    book = load_workbook(io.BytesIO(response.data))
    return book, {sheet.title: [[c.value for c in row] for row in sheet.iter_rows()]
                  for sheet in book.worksheets}


def _march_case(setting):
    make_billing_rules(setting["body"], balancing_period="quarter", indirect_share=Decimal(50),
                       absence_share=Decimal(100), absence_cap=Decimal(1))
    case = _case(setting)
    make_approval_period(case, start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31),
                         hours=Decimal(7))
    make_activity(case, day=dt.date(2026, 2, 10), minutes=20 * 60)
    make_activity(case, day=dt.date(2026, 3, 2), minutes=600)
    make_activity(case, day=dt.date(2026, 3, 3), minutes=120, mode="indirect",
                  kind="documentation", topic=None)
    make_activity(case, day=dt.date(2026, 3, 4), minutes=120, absence=True)
    return case


def test_proof_for_the_funding_body_computes_every_figure(client, setting):
    _march_case(setting)
    other = make_funding_body()
    make_care_case(make_participation(project=setting["participation"].project), other)
    login(client, setting["staff"])
    book, sheets = _proof(client, month="03.2026", kind="funding_body",
                          funding_body=str(setting["body"].id), with_activities="y")
    rows = sheets["Leistungsnachweis"]
    assert rows[0][0] == "Leistungsnachweis für Stadt Bochum – Amt für Soziales"
    header = rows[4]
    data = rows[5:]
    assert len(data) == 1
    row = dict(zip(header, data[0], strict=True))
    assert row["Nachname"] == setting["participation"].person.last_name
    assert row["Bewilligte Stunden im Monat"] == 31
    assert row["Direkte Leistungen (h)"] == 10
    assert row["Indirekte Leistungen angerechnet (h)"] == 1
    assert row["Fehlzeiten angerechnet"] == 1
    assert row["Angerechnete Stunden"] == 12
    assert row["Bewilligt minus angerechnet"] == 19
    assert "Übertrag vom Vormonat" not in header
    sheet = book.worksheets[0]
    column = header.index("Angerechnete Stunden") + 1
    assert sheet.cell(row=6, column=column).number_format == "#,##0.00"
    assert sheet.cell(row=6, column=header.index("Geburtsdatum") + 1).number_format == \
        "DD.MM.YYYY"
    activities = sheets["Tätigkeiten"]
    assert len(activities) == 1 + 3
    assert activities[1][activities[0].index("Niveau")] == "sozialpädagogisch"


def test_internal_proof_has_the_carry_over_and_the_balancing_period(client, setting):
    _march_case(setting)
    login(client, setting["staff"])
    _book, sheets = _proof(client, month="03.2026", kind="internal")
    assert list(sheets) == ["Leistungsnachweis"]   # activities not asked for
    rows = sheets["Leistungsnachweis"]
    row = dict(zip(rows[4], rows[5], strict=True))
    assert row["Übertrag vom Vormonat"] == 59 - 20   # Jan + Feb approved 59 h, 20 h delivered
    assert row["Saldo am Monatsende"] == 39 + 31 - 12
    assert row["Ausgleichszeitraum von"].date() == dt.date(2026, 1, 1)
    assert row["Ausgleichszeitraum bis"].date() == dt.date(2026, 3, 31)
    assert row["Bewilligt im Ausgleichszeitraum"] == 90
    assert row["Rest im Ausgleichszeitraum"] == 90 - 32


@pytest.mark.parametrize(("data", "message"),
                         [({"month": "13.2026", "kind": "internal"}, "MM.JJJJ"),
                          ({"month": "", "kind": "internal"}, "MM.JJJJ"),
                          ({"month": "03.2026", "kind": "funding_body"},
                           "Bitte wählen Sie den Kostenträger.")])
def test_proof_form_bad_input(client, setting, data, message):
    _case(setting)
    login(client, setting["staff"])
    response = client.post("/admin/care_case/proof/", data=data)
    assert not response.mimetype.endswith("spreadsheetml.sheet")
    assert message in response.get_data(as_text=True)


def test_proof_contains_only_clients_in_scope_and_of_the_filter(client, setting, other_project):
    _case(setting)
    foreign = make_care_case(make_participation(project=other_project), setting["body"])
    login(client, setting["staff"])
    _book, sheets = _proof(client, month="03.2026", kind="internal")
    ids = [row[0] for row in sheets["Leistungsnachweis"][5:]]
    assert ids == [setting["participation"].person.pseudonym]
    assert foreign.participation.person.pseudonym not in ids


def test_a_clerk_gets_the_proof_for_their_body_with_their_clients_only(client, setting):
    _case(setting)
    other = make_care_case(make_participation(project=setting["participation"].project))
    login(client, setting["clerk"])
    assert "Leistungsnachweis (Excel)" in _body(client, "/admin/care_case/")
    _book, sheets = _proof(client, month="03.2026", kind="funding_body",
                           funding_body=str(setting["body"].id))
    ids = [row[0] for row in sheets["Leistungsnachweis"][5:]]
    assert ids == [setting["participation"].person.pseudonym]
    assert other.participation.person.pseudonym not in ids


@pytest.mark.parametrize("actor", ["clerk", "asked_clerk"])
def test_a_clerk_gets_no_internal_proof_of_service(client, setting, actor):
    """The internal proof (carry-over, balancing period) is the project's own document."""
    _case(setting)
    login(client, setting[actor])
    form = _body(client, "/admin/care_case/proof/")
    assert 'value="internal"' not in form
    response = client.post("/admin/care_case/proof/", data={"month": "03.2026",
                                                             "kind": "internal"})
    assert not response.mimetype.endswith("spreadsheetml.sheet")


def test_statistics_reader_gets_no_proof_of_service(client, setting):
    _case(setting)
    login(client, setting["statistics"])
    response = client.post("/admin/care_case/proof/", data={"month": "03.2026",
                                                             "kind": "internal"})
    assert not response.mimetype.endswith("spreadsheetml.sheet")
    assert "Leistungsnachweis (Excel)" not in _body(client, "/admin/care_case/")


def test_participation_page_lists_its_care_cases(client, setting):
    case = _case(setting)
    login(client, setting["staff"])
    body = _body(client, f"/admin/participation/details/?id={setting['participation'].id}")
    assert f"/admin/care_case/details/?id={case.id}" in body
    assert "Ambulante Betreuung" in body
