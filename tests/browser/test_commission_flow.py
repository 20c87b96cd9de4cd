"""A caseworker takes a commission from P1 to P4 (004 §2): uploads the proof of disability, the
data-protection notice and the goal agreement, changes the phases from the list, makes the
final report, downloads it as .docx (read back with python-docx) and closes the commission."""

import datetime as dt
import io

import docx
import pytest
from playwright.sync_api import expect

from models.commissions.models import Commission, Phase
from seed.factories import (
    PDF_BYTES,
    make_commission,
    make_disability_proof,
    make_funding_body,
    make_person,
    make_user,
)
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


@pytest.fixture
def commission(page, steps, project, document_store):
    user = make_user(role="staff_write", projects=[project], password=PASSWORD)
    person = make_person(project=project, last_name="Auftragsklientin")
    proof = make_disability_proof(person)
    body = make_funding_body(name="Integrationsamt Browser", kind="Integrationsamt")
    row = make_commission(person, body, caseworker=user, legal_basis="accompanying_help",
                          service_type="securing", case_group="severely_disabled")
    log_in(page, steps, user.username, PASSWORD)
    return row, proof


def upload(page, steps, section_id, path, kind_label=None, step=""):
    section = page.locator(f"#{section_id}")
    section.get_by_label("Dateien", exact=False).first.set_input_files(path)
    if kind_label:
        # The kind of the chosen file (one select per file; the form's own is then off).
        section.locator("select[name=kind]:not([disabled])").first.select_option(
            label=kind_label)
    section.get_by_role("button", name="Hochladen").click()
    expect(page.get_by_role("status").filter(has_text="1 Dokument hochgeladen.")).to_be_visible()
    steps(step)


def change_phase(page, steps, commission_id, action, end_reason=None):
    page.goto("/admin/commission/")
    page.locator(f"input[name=rowid][value='{commission_id}']").check()
    page.get_by_role("button", name="Mit Auswahl").click()
    page.get_by_text(action, exact=True).click()
    main = page.get_by_role("main")
    main.get_by_label("Datum des Phasenwechsels").fill(dt.date.today().strftime("%d.%m.%Y"))
    if end_reason:
        main.get_by_label("Beendigungsgrund").select_option(label=end_reason)
    steps(f"phase form {action}")
    main.get_by_role("button", name="Phase wechseln").click()
    steps(f"after {action}")


def test_a_commission_from_p1_to_p4_with_its_final_report(page, steps, commission, tmp_path):
    row, proof = commission
    scan = tmp_path / "Scan.pdf"
    scan.write_bytes(PDF_BYTES)

    page.goto(f"/admin/person/details/?id={row.person_id}")
    steps("person page with the proof of disability")
    upload(page, steps, f"documents-N{proof.id}", scan, step="proof of disability uploaded")

    page.goto(f"/admin/commission/details/?id={row.id}")
    expect(page.get_by_role("heading", name=f"Auftrag A{row.id}")).to_be_visible()
    steps("commission page in P1")
    upload(page, steps, f"documents-A{row.id}", scan,
           "Merkblatt Sozialdatenschutz (unterschrieben)", "data-protection notice uploaded")
    upload(page, steps, f"documents-A{row.id}", scan, "Zielvereinbarung",
           "goal agreement uploaded")

    change_phase(page, steps, row.id, "Ummelden in P2 Beratung")
    change_phase(page, steps, row.id, "Ummelden in P3 Beauftragung")
    assert Commission.get_by_id(row.id).phase == Phase.P3

    page.goto(f"/admin/commission/details/?id={row.id}")
    page.get_by_role("region", name="Berichte").get_by_role("link", name="Endbericht").click()
    steps("final report form")
    main = page.get_by_role("main")
    main.get_by_label("Sachstand zur Abmeldung / Ergebnis").fill(
        "Arbeitsplatz gesichert; Ziele der Zielvereinbarung erreicht.")
    with page.expect_download() as info:
        main.get_by_role("button", name="Erstellen, speichern und herunterladen (.docx)").click()
    report = docx.Document(io.BytesIO(info.value.path().read_bytes()))
    text = "\n".join(p.text for p in report.paragraphs)
    assert "Endbericht" in text
    assert "Arbeitsplatz gesichert; Ziele der Zielvereinbarung erreicht." in text
    cells = [cell.text for table in report.tables for r in table.rows for cell in r.cells]
    assert "Integrationsamt Browser" in cells

    change_phase(page, steps, row.id, "Abmelden (P4)", end_reason="Auftrag erfüllt")
    closed = Commission.get_by_id(row.id)
    assert (closed.phase, closed.end_reason) == (Phase.P4, "fulfilled")

    page.goto(f"/admin/commission/details/?id={row.id}")
    history = page.get_by_role("region", name="Phasenverlauf")
    expect(history.locator("tbody tr")).to_have_count(3)
    expect(page.get_by_role("region", name="Berichte")).to_contain_text("Endbericht")
    steps("closed commission with its final report")
