"""Content types detected from a file's first bytes (magic numbers), never from its name alone."""

import zipfile
from pathlib import Path

from models.core.text import N_

# How many bytes of the start of a file the detection looks at.
HEAD_BYTES = 8192
OCTET_STREAM = "application/octet-stream"
ZIP = "application/zip"
OLE = "application/x-ole-storage"

# (magic bytes at offset 0, content type); the first match wins.
MAGIC = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
    (b"{\\rtf", "application/rtf"),
    (b"PK\x03\x04", ZIP),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", OLE),
)
# ISO media brands of photos from phones (HEIC) at offset 4.
HEIC_BRANDS = (b"ftypheic", b"ftypheix", b"ftypmif1", b"ftypmsf1")
# A zip archive is an Office file when it contains one of these parts.
OFFICE_PARTS = (
    ("word/document.xml",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("ppt/presentation.xml",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
)
# OpenDocument files name their type in a first, uncompressed member "mimetype".
OPENDOCUMENT = (
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "application/vnd.oasis.opendocument.presentation",
)
# Old Office formats share one container (OLE2); its extension tells which program made it.
OLE_BY_EXTENSION = {
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".ppt": "application/vnd.ms-powerpoint",
    ".msg": "application/vnd.ms-outlook",
}
# Bytes that do not occur in plain text (tab, line feed, form feed, carriage return, escape do).
BINARY_BYTES = frozenset(range(0x00, 0x09)) | {0x0B} | frozenset(range(0x0E, 0x1B)) \
    | frozenset(range(0x1C, 0x20)) | {0x7F}

LABELS = {
    "application/pdf": N_("PDF document"),
    "image/png": N_("PNG image"),
    "image/jpeg": N_("JPEG image"),
    "image/gif": N_("GIF image"),
    "image/tiff": N_("TIFF image"),
    "image/webp": N_("WebP image"),
    "image/heic": N_("HEIC image"),
    "application/rtf": N_("RTF document"),
    OFFICE_PARTS[0][1]: N_("Word document"),
    OFFICE_PARTS[1][1]: N_("Excel workbook"),
    OFFICE_PARTS[2][1]: N_("PowerPoint presentation"),
    OPENDOCUMENT[0]: N_("OpenDocument text"),
    OPENDOCUMENT[1]: N_("OpenDocument spreadsheet"),
    OPENDOCUMENT[2]: N_("OpenDocument presentation"),
    "application/msword": N_("Word document (old format)"),
    "application/vnd.ms-excel": N_("Excel workbook (old format)"),
    "application/vnd.ms-powerpoint": N_("PowerPoint presentation (old format)"),
    "application/vnd.ms-outlook": N_("Outlook message"),
    OLE: N_("Office file (old format)"),
    ZIP: N_("ZIP archive"),
    "text/plain": N_("Text file"),
    OCTET_STREAM: N_("Unknown format"),
}


def detect_content_type(head: bytes, path: Path | None = None, name: str = "") -> str:
    """The content type of a file from its first bytes; `path` lets zip archives be looked into."""
    found = next((kind for magic, kind in MAGIC if head.startswith(magic)), None)
    if found == ZIP:
        return _zip_type(path) if path is not None else ZIP
    if found == OLE:
        return OLE_BY_EXTENSION.get(Path(name).suffix.lower(), OLE)
    if found:
        return found
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head[4:12] in HEIC_BRANDS:
        return "image/heic"
    if head and not BINARY_BYTES.intersection(head):
        return "text/plain"
    return OCTET_STREAM


def _zip_type(path: Path) -> str:
    """An Office or OpenDocument type for a zip archive that is one, else zip."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            for part, kind in OFFICE_PARTS:
                if part in names:
                    return kind
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared in OPENDOCUMENT:
                    return declared
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        pass
    return ZIP


def content_type_label(content_type: str) -> str:
    """The msgid of a content type's name for users ('PDF document')."""
    return LABELS.get(content_type, LABELS[OCTET_STREAM])
