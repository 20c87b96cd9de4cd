"""A project user uploads two files to a participation, downloads one, drops a third onto the
upload box, and deletes one after the confirmation."""

import re

import pytest
from playwright.sync_api import expect

from models import Document
from seed.factories import PDF_BYTES, make_participation, make_user
from tests.browser.test_person_flow import log_in

pytestmark = pytest.mark.browser

PASSWORD = "Browser-Test-2026!"


@pytest.fixture
def staff_on_participation(page, steps, project):
    user = make_user(role="staff_write", projects=[project], password=PASSWORD)
    participation = make_participation(project=project)
    log_in(page, steps, user.username, PASSWORD)
    page.goto(f"/admin/participation/details/?id={participation.id}")
    return participation


def documents_section(page):
    return page.get_by_role("region", name="Dokumente")


def test_upload_two_files_and_download_one(page, steps, staff_on_participation, tmp_path):
    first = tmp_path / "Übersicht Ärztin.pdf"
    first.write_bytes(PDF_BYTES)
    second = tmp_path / "Foto vom Bescheid.png"
    second.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    section = documents_section(page)
    expect(section).to_contain_text("Noch keine Dokumente.")
    steps("participation page without documents")

    section.get_by_label(re.compile(r"^Dateien")).set_input_files([first, second])
    expect(section.locator("[data-file-list] li")).to_have_count(2)
    section.get_by_label("Art des Dokuments für „Foto vom Bescheid.png“").select_option(
        label="Zielvereinbarung")
    section.get_by_label(re.compile(r"^Notiz")).fill("unterschrieben am 3.3.")
    steps("two files chosen")
    section.get_by_role("button", name="Hochladen").click()

    expect(page.get_by_role("status").filter(has_text="2 Dokumente hochgeladen.")).to_be_visible()
    rows = documents_section(page).locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Übersicht Ärztin.pdf")).to_contain_text("PDF-Dokument")
    expect(rows.filter(has_text="Foto vom Bescheid.png")).to_contain_text("Zielvereinbarung")
    expect(rows.filter(has_text="Übersicht Ärztin.pdf")).to_contain_text("Sonstiges")
    steps("two documents uploaded")

    with page.expect_download() as info:
        documents_section(page).get_by_role("link", name="Übersicht Ärztin.pdf", exact=True).click()
    download = info.value
    assert download.suggested_filename == "Übersicht Ärztin.pdf"
    assert download.path().read_bytes() == PDF_BYTES


@pytest.mark.parametrize("width", [1280, 390])
def test_each_file_gets_its_own_kind(page, steps, staff_on_participation, tmp_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    notice = tmp_path / "Datenschutz-Merkblatt Müller.pdf"
    scan = tmp_path / "Scan_0001.pdf"
    for file in (notice, scan):
        file.write_bytes(PDF_BYTES)
    section = documents_section(page)
    section.get_by_label(re.compile(r"^Dateien")).set_input_files([notice, scan])

    notice_kind = section.get_by_label("Art des Dokuments für „Datenschutz-Merkblatt Müller.pdf“")
    scan_kind = section.get_by_label("Art des Dokuments für „Scan_0001.pdf“")
    expect(notice_kind).to_have_value("data_protection_notice")  # from the file name
    expect(scan_kind).to_have_value("other")  # the form's default
    expect(section.get_by_label("Art des Dokuments", exact=True)).to_be_hidden()
    scan_kind.select_option(label="Entbindung von der Schweigepflicht")
    steps(f"a kind per file at {width} px")
    section.get_by_role("button", name="Hochladen").click()

    expect(page.get_by_role("status").filter(has_text="2 Dokumente hochgeladen.")).to_be_visible()
    rows = documents_section(page).locator("tbody tr")
    expect(rows.filter(has_text="Datenschutz-Merkblatt Müller.pdf")).to_contain_text(
        "Merkblatt Sozialdatenschutz (unterschrieben)")
    expect(rows.filter(has_text="Scan_0001.pdf")).to_contain_text(
        "Entbindung von der Schweigepflicht")
    steps(f"both stored with their kinds at {width} px")
    assert {d.original_name: d.kind for d in Document.select()} == {
        "Datenschutz-Merkblatt Müller.pdf": "data_protection_notice",
        "Scan_0001.pdf": "confidentiality_release"}


def test_the_page_preselects_what_the_domain_rule_suggests(page, steps, staff_on_participation,
                                                           tmp_path):
    from models.documents.file_kinds import kind_from_file_name
    from tests.models.documents.test_file_kinds import GERMAN, NAMES

    files = []
    for name, _kind in NAMES:
        if name:
            files.append(tmp_path / name)
            files[-1].write_bytes(PDF_BYTES)
    section = documents_section(page)
    section.get_by_label(re.compile(r"^Dateien")).set_input_files(files)
    expect(section.locator("[data-file-list] select")).to_have_count(len(files))
    shown = section.locator("[data-file-list] select").evaluate_all(
        "selects => selects.map(s => s.value)")
    assert shown == [kind_from_file_name(file.name, GERMAN) or "other" for file in files]
    steps("kinds suggested for many files")


def test_drop_a_file_and_delete_a_document(page, steps, staff_on_participation):
    section = documents_section(page)
    expect(section.locator(".drop-hint")).to_be_visible()
    # What a browser does when a file from the desktop is dropped onto the box.
    section.locator("[data-drop-zone]").evaluate("""zone => {
        const data = new DataTransfer();
        data.items.add(new File(['%PDF-1.4 gezogen'], 'Gezogen.pdf', {type: 'application/pdf'}));
        zone.dispatchEvent(new DragEvent('drop', {dataTransfer: data, bubbles: true}));
    }""")
    expect(section.locator("[data-file-list]")).to_contain_text("Gezogen.pdf")
    steps("file dropped")
    section.get_by_role("button", name="Hochladen").click()
    row = documents_section(page).locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Gezogen.pdf")

    row.get_by_role("link", name="Bearbeiten").click()
    expect(page).to_have_url(re.compile(r"/admin/document/edit/"))
    steps("document edit page")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Dokument löschen").click()
    expect(page).to_have_url(re.compile(r"/admin/participation/details/"))
    expect(documents_section(page)).to_contain_text("Noch keine Dokumente.")
    steps("document deleted")
    assert not Document.select().exists()


def test_proof_of_disability_with_its_scanned_notice(page, steps, project, tmp_path):
    from seed.factories import make_person

    user = make_user(role="staff_write", projects=[project], password=PASSWORD)
    person = make_person(project, first_name="Jana", last_name="Köhler")
    scan = tmp_path / "Feststellungsbescheid.pdf"
    scan.write_bytes(PDF_BYTES)
    log_in(page, steps, user.username, PASSWORD)
    page.goto(f"/admin/person/details/?id={person.id}")
    proofs = page.get_by_role("region", name="Nachweise der Behinderung")
    expect(proofs).to_contain_text("Noch kein Nachweis der Behinderung erfasst.")
    proofs.get_by_role("link", name="Neuer Nachweis der Behinderung").click()

    main = page.get_by_role("main")
    main.get_by_label("Datum des Bescheides").fill("12.03.2024")
    main.get_by_label(re.compile(r"^Mit Wirkung ab")).fill("01.01.2024")
    main.get_by_label("Grad der Behinderung").select_option("50")
    main.get_by_label("Behinderung 1", exact=True).fill("Depression")
    main.get_by_label("Behinderung 2", exact=True).fill("Tinnitus")
    main.get_by_label("Behinderung 2 ist nicht anerkannt").check()
    # The form's rows are set up by script: save only once every value stands in its field.
    expect(main.get_by_label("Behinderung 2", exact=True)).to_have_value("Tinnitus")
    expect(main.get_by_label("Behinderung 2 ist nicht anerkannt")).to_be_checked()
    steps("proof form filled")
    main.get_by_role("button", name="Speichern", exact=True).click()

    expect(page).to_have_url(re.compile(r"/admin/person/details/\?id=\d+#proof-\d+"))
    proof = page.locator("article[id^=proof-]")
    expect(proof).to_contain_text("Feststellungsbescheid – gültig ab 01.01.2024")
    expect(proof).to_contain_text("Tinnitus")
    expect(proof).to_contain_text("Art des Dokuments: Nachweis der Behinderung")
    proof.get_by_label(re.compile(r"^Dateien")).set_input_files([scan])
    proof.get_by_role("button", name="Hochladen").click()
    expect(page.locator("article[id^=proof-] tbody tr").filter(
        has_text="Feststellungsbescheid.pdf")).to_have_count(1)
    steps("proof with its notice")
