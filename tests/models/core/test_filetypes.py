"""Content types come from the bytes: a file's name cannot make an executable a PDF."""

import io
import zipfile

import pytest

from models.core.filetypes import content_type_label, detect_content_type


def _zip(*members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"%PDF-1.7\n...", "application/pdf"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "image/jpeg"),
        (b"GIF89a\x01\x00", "image/gif"),
        (b"II*\x00\x08\x00", "image/tiff"),
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "image/webp"),
        (b"\x00\x00\x00\x18ftypheic\x00\x00", "image/heic"),
        (b"{\\rtf1\\ansi", "application/rtf"),
        ("Grüße aus Wien\r\n".encode(), "text/plain"),
        ("Grüße aus Wien\n".encode("cp1252"), "text/plain"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "application/octet-stream"),
        (b"\x00\x01\x02", "application/octet-stream"),
        (b"", "application/octet-stream"),
    ],
)
def test_magic_numbers(head, expected):
    assert detect_content_type(head) == expected


def test_a_name_does_not_change_what_the_bytes_say():
    assert detect_content_type(b"MZ\x90\x00", name="Bescheid.pdf") == "application/octet-stream"


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ([("[Content_Types].xml", "x"), ("word/document.xml", "x")],
         "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ([("[Content_Types].xml", "x"), ("xl/workbook.xml", "x")],
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "x")],
         "application/vnd.oasis.opendocument.text"),
        ([("notes.txt", "x")], "application/zip"),
    ],
)
def test_zip_archives_are_looked_into(tmp_path, members, expected):
    path = tmp_path / "file"
    path.write_bytes(_zip(*members))
    assert detect_content_type(path.read_bytes()[:8192], path) == expected


def test_old_office_files_are_named_by_their_ending():
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 8
    assert detect_content_type(ole, name="Antrag.DOC") == "application/msword"
    assert detect_content_type(ole, name="ohne") == "application/x-ole-storage"


def test_every_type_has_a_label():
    assert content_type_label("application/pdf") == "PDF document"
    assert content_type_label("application/x-whatever") == "Unknown format"
