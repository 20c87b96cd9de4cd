"""The assessment of a procedure per life area: entered and edited from the procedure's page
(version-checked), refused on a closed procedure and twice per life area, never deleted."""

import pytest

from models import Assessment, HistoryEntry
from models.procedures.operations import close_procedure
from seed.factories import NOW, make_assessment, make_life_area, make_procedure, make_user
from tests.conftest import login

TEXTS = {"situation": "Wohnt allein", "resources": "Nachbarin hilft",
         "barriers": "Treppe ohne Lift", "support_needed": "Einkauf zweimal die Woche"}


def _form(procedure, area, **changes):
    return {"procedure": procedure.id, "life_area": area.id, **TEXTS, **changes}


def test_the_procedure_page_shows_each_life_area_with_its_assessment(app, client):
    procedure = make_procedure()
    done, open_area = make_life_area("Wohnen", 1), make_life_area("Arbeit", 2)
    make_assessment(procedure, done, **TEXTS)
    login(client, procedure.editor)
    body = client.get(f"/admin/procedure/details/?id={procedure.id}").get_data(as_text=True)
    assert "Treppe ohne Lift" in body and "Wohnen" in body
    assert f"life_area={open_area.id}" in body and "Noch nicht eingeschätzt" in body


def test_a_retired_life_area_is_offered_no_more(app, client):
    procedure = make_procedure()
    retired = make_life_area("Alt", active=False)
    login(client, procedure.editor)
    body = client.get(f"/admin/procedure/details/?id={procedure.id}").get_data(as_text=True)
    assert f"life_area={retired.id}" not in body


def test_the_editor_enters_an_assessment(app, client):
    procedure, area = make_procedure(), make_life_area()
    login(client, procedure.editor)
    response = client.post("/admin/assessment/new/", data=_form(procedure, area))
    assert response.status_code == 302
    row = Assessment.get()
    assert (row.procedure_id, row.life_area_id, row.barriers) == (
        procedure.id, area.id, "Treppe ohne Lift")


@pytest.mark.parametrize(("setup", "message"), [
    ("closed", "bereits abgeschlossen"),
    ("twice", "bereits eingeschätzt"),
])
def test_a_refused_assessment_says_why_and_writes_nothing(app, client, setup, message):
    procedure, area = make_procedure(), make_life_area()
    if setup == "twice":
        make_assessment(procedure, area)
    before = Assessment.select().count(), HistoryEntry.select().count()
    if setup == "closed":
        close_procedure(procedure, procedure.editor, NOW)
        before = Assessment.select().count(), HistoryEntry.select().count()
    login(client, procedure.editor)
    body = client.post("/admin/assessment/new/",
                       data=_form(procedure, area)).get_data(as_text=True)
    assert message in body
    assert (Assessment.select().count(), HistoryEntry.select().count()) == before


def test_an_edit_from_a_stale_form_is_refused(app, client):
    assessment = make_assessment(**TEXTS)
    login(client, assessment.procedure.editor)
    url = f"/admin/assessment/edit/?id={assessment.id}"
    stale = {**TEXTS, "barriers": "Meine Fassung", "version": assessment.version}
    Assessment.update(barriers="Fremde Fassung", version=assessment.version + 1).where(
        Assessment.id == assessment.id).execute()
    body = client.post(url, data=stale).get_data(as_text=True)
    assert "inzwischen" in body
    assert Assessment.get_by_id(assessment.id).barriers == "Fremde Fassung"


def test_an_assessment_is_not_deleted_by_a_crafted_post(app, client):
    assessment = make_assessment()
    login(client, make_user(role="admin"))
    response = client.post("/admin/assessment/delete/", data={"id": assessment.id})
    assert response.status_code == 403
    assert Assessment.select().count() == 1
