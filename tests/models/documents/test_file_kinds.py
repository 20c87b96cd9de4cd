"""The kind a file's name suggests for the upload form's preselection."""

import pytest

from models.documents.file_kinds import kind_from_file_name
from models.documents.models import DocumentKind as K

# The kinds with their German names, as the upload form of a participation offers them.
GERMAN = {
    K.DATA_PROTECTION_NOTICE: "Merkblatt Sozialdatenschutz (unterschrieben)",
    K.DISABILITY_PROOF: "Nachweis der Behinderung",
    K.GOAL_AGREEMENT: "Zielvereinbarung",
    K.WRITTEN_COMMISSION: "Schriftliche Beauftragung",
    K.EXPERT_OPINION: "Fertige fachdienstliche Stellungnahme",
    K.CONFIDENTIALITY_RELEASE: "Entbindung von der Schweigepflicht",
    K.FINAL_REPORT: "Endbericht",
    K.REPORT: "Bericht",
    K.OTHER: "Sonstiges",
}


NAMES = [
    ("Datenschutz-Merkblatt unterschrieben.pdf", K.DATA_PROTECTION_NOTICE),
    ("DATENSCHUTZERKLAERUNG_Mueller.pdf", K.DATA_PROTECTION_NOTICE),
    ("Datenschutzhinweis 2026.pdf", K.DATA_PROTECTION_NOTICE),
    ("Sozialdatenschutz.pdf", K.DATA_PROTECTION_NOTICE),
    ("Schwerbehindertenausweis Rückseite.jpg", K.DISABILITY_PROOF),
    ("ausweis.png", K.DISABILITY_PROOF),
    ("Feststellungsbescheid.pdf", K.DISABILITY_PROOF),
    ("Nachweis der Behinderung.pdf", K.DISABILITY_PROOF),
    ("Zielvereinbarung_2026-03.pdf", K.GOAL_AGREEMENT),
    ("Beauftragung IFD.docx", K.WRITTEN_COMMISSION),
    ("Fachdienstliche Stellungnahme.docx", K.EXPERT_OPINION),
    ("Entbindung Schweigepflicht.pdf", K.CONFIDENTIALITY_RELEASE),
    ("Schweigepflichtentbindung.pdf", K.CONFIDENTIALITY_RELEASE),
    ("Endbericht.docx", K.FINAL_REPORT),
    ("Abschlussbericht Müller.docx", K.FINAL_REPORT),
    ("Sachstandsbericht 3.docx", K.REPORT),
    ("Bericht Mai.pdf", K.REPORT),
    ("Sonstiges.pdf", K.OTHER),
    # Nothing obvious: the form's default kind stays.
    ("Scan_0001.pdf", None),
    ("Bescheid.pdf", None),
    ("Arbeitsvertrag.pdf", None),
    ("Merkblatt Arbeitsassistenz.pdf", None),
    ("Nachweis Arbeitszeit.pdf", None),
    ("Berichtigung.pdf", None),
    ("", None),
    (None, None),
    # Two kinds named: not obvious either.
    ("Datenschutz und Zielvereinbarung.pdf", None),
]


@pytest.mark.parametrize(("name", "kind"), NAMES)
def test_kind_from_file_name(name, kind):
    assert kind_from_file_name(name, GERMAN) == kind


@pytest.mark.parametrize(("name", "kinds", "kind"), [
    # A kind the record does not take is never suggested.
    ("Datenschutz.pdf", {K.DISABILITY_PROOF: "Nachweis der Behinderung"}, None),
    ("Zielvereinbarung.pdf", {K.GOAL_AGREEMENT: "Zielvereinbarung", K.OTHER: "Sonstiges"},
     K.GOAL_AGREEMENT),
    ("Endbericht.pdf", {K.OTHER: "Sonstiges"}, None),
])
def test_only_the_offered_kinds_are_suggested(name, kinds, kind):
    assert kind_from_file_name(name, kinds) == kind
