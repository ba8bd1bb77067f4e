"""What an uploaded file really is, decided from its bytes (never from its name).

One small table of signatures (``SIGNATURES``) says which first bytes mean which allowed type;
each type then gets a structural check of its own: Pillow decodes images, Office files are
opened as ZIP containers with ``zipfile`` (no extraction, caps on entry count and declared
uncompressed size), PDFs must end with ``%%EOF`` and carry no scripts, MP4 must name a video
brand, MP3 must start with an ID3 tag or a frame header. Whatever starts like markup (HTML,
SVG, XML) is refused by name, and a non-ZIP file with a ZIP directory at its end (a polyglot)
is refused too. A content-sniffing library would still leave all these structural checks to
us, so the table is kept here, where the tests can read it.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import lazy_gettext as _l

from .rules import UploadRefused

#: Entries an Office container may have, and the total size they may declare when unpacked.
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_UNCOMPRESSED = 250 * 1024 * 1024
#: A single entry may not claim to unpack more than this many times its compressed size.
MAX_ZIP_RATIO = 200
#: How much of a file's start and end the checks look at.
HEAD_BYTES = 4096
TAIL_BYTES = 2048


@dataclass(frozen=True)
class FileType:
    """An allowed type: its short name, the MIME type it is served with, its extension."""

    name: str
    mime: str
    extension: str
    #: Opened inline in the browser (images shown, PDF in the browser's viewer).
    previewable: bool = False
    image: bool = False


PDF = FileType("pdf", "application/pdf", "pdf", previewable=True)
DOCX = FileType(
    "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"
)
PPTX = FileType(
    "pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"
)
XLSX = FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx")
ODT = FileType("odt", "application/vnd.oasis.opendocument.text", "odt")
ODP = FileType("odp", "application/vnd.oasis.opendocument.presentation", "odp")
ODS = FileType("ods", "application/vnd.oasis.opendocument.spreadsheet", "ods")
JPEG = FileType("jpeg", "image/jpeg", "jpg", previewable=True, image=True)
PNG = FileType("png", "image/png", "png", previewable=True, image=True)
WEBP = FileType("webp", "image/webp", "webp", previewable=True, image=True)
MP4 = FileType("mp4", "video/mp4", "mp4")
MP3 = FileType("mp3", "audio/mpeg", "mp3")

ALL_TYPES = (PDF, DOCX, PPTX, XLSX, ODT, ODP, ODS, JPEG, PNG, WEBP, MP4, MP3)
BY_NAME = {file_type.name: file_type for file_type in ALL_TYPES}
BY_MIME = {file_type.mime: file_type for file_type in ALL_TYPES}

#: (offset, bytes) → the family the file belongs to; the family's check decides the type.
SIGNATURES = (
    (0, b"%PDF-", "pdf"),
    (0, b"PK\x03\x04", "zip"),
    (0, b"\xff\xd8\xff", "image"),
    (0, b"\x89PNG\r\n\x1a\n", "image"),
    (8, b"WEBP", "image"),
    (4, b"ftyp", "mp4"),
    (0, b"ID3", "mp3"),
)
#: Markup a browser could run as a page, wherever it starts in the first bytes.
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|svg|iframe|\?xml)", re.I)
#: PDF features that run code or open other programs.
_PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia|XFA)\b")
_MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V "}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": ODT,
    b"application/vnd.oasis.opendocument.presentation": ODP,
    b"application/vnd.oasis.opendocument.spreadsheet": ODS,
}
_OOXML_PARTS = (
    ("word/document.xml", DOCX),
    ("ppt/presentation.xml", PPTX),
    ("xl/workbook.xml", XLSX),
)

NOT_ALLOWED = _l(
    "This kind of file is not accepted. Send PDF, DOCX, PPTX, XLSX, ODT, ODP, ODS, JPEG, PNG, "
    "WebP, MP4 or MP3."
)
MARKUP_REFUSED = _l("Web pages and SVG images are not accepted, whatever their name.")
EMPTY = _l("The file is empty.")
DAMAGED = _l("The file is damaged or incomplete.")
ACTIVE_PDF = _l("The PDF contains scripts or attachments; save it again as a plain PDF.")
POLYGLOT = _l("The file hides another file inside it.")
ZIP_BOMB = _l("The document declares too much content when unpacked.")
MACROS = _l("Documents with macros or passwords are not accepted.")


def _read_at(stream: BinaryIO, offset: int, size: int) -> bytes:
    stream.seek(offset)
    return stream.read(size)


def _family(head: bytes) -> str | None:
    for offset, magic, family in SIGNATURES:
        if head[offset : offset + len(magic)] == magic:
            return family
    if len(head) >= 2 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "mp3"  # an MPEG audio frame header without an ID3 tag
    return None


def _has_zip_directory(stream: BinaryIO, size: int) -> bool:
    """A ZIP "end of central directory" record near the end: a ZIP glued to another file."""
    tail = _read_at(stream, max(0, size - 65_557), 65_557)
    return b"PK\x05\x06" in tail


def _scan(stream: BinaryIO, pattern: re.Pattern, chunk: int = 1 << 20) -> bool:
    """Whether ``pattern`` occurs anywhere, reading in chunks that overlap by 64 bytes."""
    stream.seek(0)
    carry = b""
    while block := stream.read(chunk):
        if pattern.search(carry + block):
            return True
        carry = block[-64:]
    return False


def _check_pdf(stream: BinaryIO, size: int) -> FileType:
    if b"%%EOF" not in _read_at(stream, max(0, size - TAIL_BYTES), TAIL_BYTES):
        raise UploadRefused(DAMAGED)
    if _scan(stream, _PDF_ACTIVE):
        raise UploadRefused(ACTIVE_PDF)
    return PDF


def _check_zip(stream: BinaryIO) -> FileType:
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UploadRefused(DAMAGED) from error
    with archive:
        entries = archive.infolist()
        if len(entries) > MAX_ZIP_ENTRIES:
            raise UploadRefused(ZIP_BOMB)
        declared = 0
        for entry in entries:
            declared += entry.file_size
            if entry.file_size > max(entry.compress_size, 1) * MAX_ZIP_RATIO + 1024:
                raise UploadRefused(ZIP_BOMB)
            if entry.flag_bits & 0x1 or entry.filename.lower().endswith("vbaproject.bin"):
                raise UploadRefused(MACROS)
        if declared > MAX_ZIP_UNCOMPRESSED:
            raise UploadRefused(ZIP_BOMB)
        names = {entry.filename for entry in entries}
        declared_sizes = {entry.filename: entry.file_size for entry in entries}
        if declared_sizes.get("mimetype", 10**9) <= 100:
            try:
                declared_type = archive.read("mimetype").strip()
            except (zipfile.BadZipFile, OSError, ValueError) as error:
                raise UploadRefused(DAMAGED) from error
            if declared_type in _ODF_MIMETYPES and "content.xml" in names:
                return _ODF_MIMETYPES[declared_type]
        if "[Content_Types].xml" in names:
            for part, file_type in _OOXML_PARTS:
                if part in names:
                    return file_type
    raise UploadRefused(NOT_ALLOWED)


def _check_mp4(head: bytes) -> FileType:
    if head[8:12] not in _MP4_BRANDS:
        raise UploadRefused(NOT_ALLOWED)
    return MP4


def sniff(stream: BinaryIO, size: int) -> FileType:
    """The allowed type of the file in ``stream`` (``size`` bytes), or ``UploadRefused``.

    Images are only recognised here; ``images.reencode`` decodes them fully afterwards.
    """
    if size == 0:
        raise UploadRefused(EMPTY)
    head = _read_at(stream, 0, HEAD_BYTES)
    family = _family(head)
    if family != "zip" and _MARKUP.search(head[:1024]):
        raise UploadRefused(MARKUP_REFUSED)
    if family is None:
        raise UploadRefused(NOT_ALLOWED)
    if family != "zip" and _has_zip_directory(stream, size):
        raise UploadRefused(POLYGLOT)
    if family == "pdf":
        return _check_pdf(stream, size)
    if family == "zip":
        return _check_zip(stream)
    if family == "mp4":
        return _check_mp4(head)
    if family == "mp3":
        return MP3
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG"):
        return PNG
    if head.startswith(b"RIFF"):
        return WEBP
    raise UploadRefused(NOT_ALLOWED)
