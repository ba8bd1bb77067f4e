"""What an uploaded file really is, decided from its bytes (never from its name).

One small table of signatures (``SIGNATURES``) says which first bytes mean which family; the
family's structural check then decides, reading the whole file with a parser that knows the
format: ``pdfcheck`` (pypdf, every object), ``officecheck`` (the ZIP container and what the
package declares), ``mediacheck`` (MPEG frames and ISO boxes end to end, then mutagen), and
Pillow for images (``images.reencode`` decodes them fully). Whatever starts like markup (HTML,
SVG, XML) is refused by name, and a non-ZIP file with a ZIP directory at its end (a polyglot)
is refused too. The Lesson Study plan files and the library share this one check through
``storage.save``.

``download_name`` gives a file the extension of its detected type, so that what leaves the
server as a PDF is called ``….pdf`` whatever the uploader typed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import BinaryIO

from . import mediacheck, officecheck, pdfcheck
from .officecheck import MAX_ZIP_ENTRIES, MAX_ZIP_RATIO, MAX_ZIP_UNCOMPRESSED
from .refusals import (
    ACTIVE_PDF,
    BAD_AUDIO,
    BAD_VIDEO,
    DAMAGED,
    EMBEDDED_OBJECTS,
    EMPTY,
    ENCRYPTED_PDF,
    EXTERNAL_CONTENT,
    MACROS,
    MARKUP_REFUSED,
    NOT_ALLOWED,
    PDF_ACTIONS,
    POLYGLOT,
    ZIP_BOMB,
)
from .rules import UploadRefused

__all__ = [
    "ACTIVE_PDF",
    "BAD_AUDIO",
    "BAD_VIDEO",
    "DAMAGED",
    "EMBEDDED_OBJECTS",
    "EMPTY",
    "ENCRYPTED_PDF",
    "EXTERNAL_CONTENT",
    "MACROS",
    "MARKUP_REFUSED",
    "MAX_ZIP_ENTRIES",
    "MAX_ZIP_RATIO",
    "MAX_ZIP_UNCOMPRESSED",
    "NOT_ALLOWED",
    "PDF_ACTIONS",
    "POLYGLOT",
    "ZIP_BOMB",
    "FileType",
    "download_name",
    "sniff",
]

#: How much of a file's start the signature and markup checks look at.
HEAD_BYTES = 4096


@dataclass(frozen=True)
class FileType:
    """An allowed type: its short name, the MIME type it is served with, its extension."""

    name: str
    mime: str
    extension: str
    #: Opened inline in the browser (images only: a PDF is always a download).
    previewable: bool = False
    image: bool = False
    #: Other extensions people give this type, kept when typed (``photo.jpeg``).
    aliases: tuple[str, ...] = ()


PDF = FileType("pdf", "application/pdf", "pdf")
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
JPEG = FileType("jpeg", "image/jpeg", "jpg", previewable=True, image=True, aliases=("jpeg",))
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
        pdfcheck.check_pdf(stream, size)
        return PDF
    if family == "zip":
        return BY_NAME[officecheck.check_zip(stream)]
    if family == "mp4":
        mediacheck.check_mp4(stream, size)
        return MP4
    if family == "mp3":
        mediacheck.check_mp3(stream, size)
        return MP3
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG"):
        return PNG
    if head.startswith(b"RIFF"):
        return WEBP
    raise UploadRefused(NOT_ALLOWED)


#: The longest name a file may have, and the stem used when the typed name has none.
MAX_NAME = 200
_FALLBACK_STEM = "file"
#: Trailing dots and spaces that Windows drops from a name ("a.pdf. " is "a.pdf").
_TRAILING = " .\t"


def download_name(typed: str, file_type: FileType) -> str:
    """``typed`` with the extension of ``file_type``: the stem as typed, the extension
    replaced (``setup.exe`` holding a PDF is ``setup.pdf``); a typed extension that already
    names the type is kept as typed (``photo.JPEG``). Used when a file is stored and again
    when it is served, so rows stored before this rule leave the server correctly named."""
    name = unicodedata.normalize("NFC", typed or "").strip().rstrip(_TRAILING)
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    if extension.casefold() not in (file_type.extension, *file_type.aliases):
        extension = file_type.extension
    stem = stem[: MAX_NAME - len(extension) - 1].rstrip(_TRAILING) or _FALLBACK_STEM
    return f"{stem}.{extension}"
