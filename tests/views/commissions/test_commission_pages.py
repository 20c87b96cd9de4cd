"""The commission page and its reports and statistics through HTTP: sections, refusals in
German that change nothing, the .docx download, constant query counts."""

import datetime as dt
import io

import docx
import pytest
from openpyxl import load_workbook
from playhouse.test_utils import count_queries

from models import HistoryEntry
from models.commissions.models import Commission, Phase
from models.documents.models import Document
from seed.factories import (
    make_commission,
    make_contact,
    make_document,
    make_person,
    make_result,
    make_user,
)
from tests.conftest import login


def _state(commission):
    return (Commission.get_by_id(commission.id).__data__, Document.select().count(),
            HistoryEntry.select().count())


def _post_report(client, commission_id, report_type, **texts):
    return client.post(f"/admin/commission/report/?id={commission_id}&type={report_type}",
                       data=texts, follow_redirects=True)


def test_the_page_shows_its_sections(client, build, caseworker):
    commission = build(Phase.P3)
    contact = make_contact(commission, keyword="Gespräch im Betrieb")
    login(client, caseworker)
    body = client.get(f"/admin/commission/details/?id={commission.id}").get_data(as_text=True)
    for heading in ("Phasenverlauf", "Kontakte", "Ergebnisse", "Berichte", "Dokumente"):
        assert heading in body
    assert f'data-row="contact-{contact.id}"' in body
    assert "Gespräch im Betrieb" in body


def test_the_page_runs_a_constant_number_of_queries(client, build, caseworker):
    commission = build(Phase.P3)
    login(client, caseworker)
    url = f"/admin/commission/details/?id={commission.id}"
    make_contact(commission)
    with count_queries() as few:
        assert client.get(url).status_code == 200
    for _ in range(6):
        make_contact(commission)
        make_result(commission)
        make_document(commission, kind="other")
    with count_queries() as many:
        assert client.get(url).status_code == 200
    assert many.count == few.count


def test_a_report_with_an_empty_required_field_is_refused_naming_each(client, build,
                                                                     caseworker):
    commission = build(Phase.P3)
    login(client, caseworker)
    before = _state(commission)
    body = _post_report(client, commission.id, "initial_care",
                        disability_effects="Eingeschränkte Belastbarkeit", agreed_goals="",
                        additions=" ").get_data(as_text=True)
    assert "Der Bericht wurde nicht erstellt" in body
    assert "Zielvereinbarung" in body and "Ergänzungen" in body
    assert _state(commission) == before


def test_a_report_for_a_commission_the_user_may_not_see_changes_nothing(client, build,
                                                                       other_project):
    commission = build(Phase.P3)
    stranger = make_user(role="staff_write", projects=[other_project])
    login(client, stranger)
    before = _state(commission)
    body = _post_report(client, commission.id, "final",
                        closing_outcome="erfunden").get_data(as_text=True)
    assert "existiert nicht oder Sie dürfen ihn nicht sehen" in body
    assert _state(commission) == before


def test_a_reader_of_the_project_may_not_make_a_report(client, build, project):
    commission = build(Phase.P2)
    reader = make_user(role="staff_read", projects=[project])
    login(client, reader)
    before = _state(commission)
    body = _post_report(client, commission.id, "initial_counselling",
                        planned_contents="x").get_data(as_text=True)
    assert "Sie dürfen für diesen Auftrag keine Berichte erstellen" in body
    assert _state(commission) == before


def test_a_made_report_downloads_as_docx(client, build, caseworker):
    commission = build(Phase.P3, omit=("final_report",))
    login(client, caseworker)
    response = client.post(f"/admin/commission/report/?id={commission.id}&type=final",
                           data={"closing_outcome": "Arbeitsplatz gesichert", "download": "1"},
                           follow_redirects=True)
    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.data)).paragraphs)
    assert "Endbericht" in text
    assert "Arbeitsplatz gesichert" in text


def test_the_report_page_is_printable_without_inline_style_or_script(client, build,
                                                                   caseworker):
    commission = build(Phase.P3)
    login(client, caseworker)
    body = client.get(f"/admin/commission/report/?id={commission.id}&type=status").get_data(
        as_text=True)
    assert "report_print.css" in body
    assert "Sachstandsbericht" in body
    assert "style=" not in body and "<style" not in body
    assert "<script>" not in body


@pytest.mark.parametrize(("role", "status"), [
    ("staff_read", 200), ("staff_write", 200), ("project_lead", 200), ("admin", 200),
    ("clerk", 403), ("statistics", 403),
])
def test_who_opens_the_report_page(client, project, build, role, status):
    commission = build(Phase.P3)
    user = make_user(role=role, projects=[project] if role in ("staff_read", "staff_write",
                                                               "project_lead") else [],
                     funding_body=commission.funding_body if role == "clerk" else None)
    login(client, user)
    url = f"/admin/commission/report/?id={commission.id}&type=final"
    assert client.get(url).status_code == status


# -- statistics ------------------------------------------------------------------------------


def test_the_statistics_role_downloads_the_yearly_numbers(client, project, statistics):
    make_commission(make_person(project=project), service_type="securing",
                    start=dt.date(2026, 2, 1))
    login(client, statistics)
    response = client.get("/admin/commission/statistics/?year=2026&download=1")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.data)).active.iter_rows(values_only=True))
    assert rows[1] == ("Kostenträger", "Merkmal", "Ausprägung", "Anzahl")
    assert ("ohne Kostenträger", "Aufträge im Jahr", None, 1) in rows


def test_staff_count_the_commissions_of_their_projects_only(client, project, other_project,
                                                           staff):
    for where in (project, other_project, other_project):
        make_commission(make_person(project=where), start=dt.date(2026, 2, 1))
    login(client, staff)
    body = client.get("/admin/commission/statistics/?year=2026").get_data(as_text=True)
    assert "<td>Aufträge im Jahr</td><td></td><td class=\"text-right\">1</td>" in body


def test_the_history_names_the_report_made(client, build, caseworker):
    commission = build(Phase.P2)
    login(client, caseworker)
    _post_report(client, commission.id, "initial_counselling", planned_contents="Themen")
    body = client.get(f"/admin/commission/history/?id={commission.id}").get_data(as_text=True)
    assert "Bericht erstellt" in body
    assert "Anfangsbericht Qualifizierte Beratung" in body
