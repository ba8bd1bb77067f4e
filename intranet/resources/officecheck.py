"""Whether a ZIP container is a plain Office document (OOXML or ODF), read without unpacking.

The archive is opened with ``zipfile`` and nothing is extracted to disk. The container as a
whole is capped (entry count, declared size, compression ratio, no encrypted or duplicate
entries). Then the package is judged by what it declares, not by its part names, since a VBA
project works under any name:

* **OOXML** (DOCX, PPTX, XLSX): the type comes from the ``officeDocument`` relationship in
  ``_rels/.rels`` and the content type of its target. Every content type in
  ``[Content_Types].xml`` and every relationship in every ``.rels`` part is checked: macro
  content types and relationships (``macroEnabled``, VBA project or data, Excel 4 macro
  sheets) are refused, so are ActiveX controls and OLE objects, and so is any relationship
  that reaches outside the file (``TargetMode="External"``) except a hyperlink, which covers
  remote templates, external workbook links and linked pictures.
* **ODF** (ODT, ODP, ODS): ``Basic/`` and ``Scripts/`` entries, script and event-listener
  elements, macro URLs and encrypted entries are refused.
* **Every entry**: an OLE compound file (the container of VBA projects, old binary Office
  files and embedded objects) is refused whatever its name; a ZIP inside (an embedded
  workbook behind a chart) is judged by the same rules.

XML is read by expat in a streaming way; a document type declaration (which OPC forbids and
which entity tricks need) is refused.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from collections.abc import Callable
from typing import BinaryIO
from xml.parsers import expat

from .refusals import (
    DAMAGED,
    EMBEDDED_OBJECTS,
    EXTERNAL_CONTENT,
    MACROS,
    NOT_ALLOWED,
    ZIP_BOMB,
)
from .rules import UploadRefused

#: Entries an Office container may have, and the total size they may declare when unpacked.
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_UNCOMPRESSED = 250 * 1024 * 1024
#: A single entry may not claim to unpack more than this many times its compressed size.
MAX_ZIP_RATIO = 200
#: An Office package inside another (a chart's workbook) is read into memory: at most this.
MAX_NESTED_BYTES = 32 * 1024 * 1024
MAX_NESTING = 2

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
#: Lower-case fragments of content types and relationship types, and what they mean.
MACRO_MARKS = ("macroenabled", "vbaproject", "vbadata", "macrosheet", "keymapcustomizations")
OBJECT_MARKS = ("activex", "oleobject", "/control")
EXTERNAL_MARKS = ("externallink", "attachedtemplate")
MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "docx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml": "pptx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "xlsx",
}
ODF_TYPES = {
    b"application/vnd.oasis.opendocument.text": "odt",
    b"application/vnd.oasis.opendocument.presentation": "odp",
    b"application/vnd.oasis.opendocument.spreadsheet": "ods",
}
_OFFICE_DOCUMENT = "/officedocument"
_MANIFEST = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0 "
_SCRIPT_NS = "urn:oasis:names:tc:opendocument:xmlns:script:1.0 "
_MACRO_URLS = ("vnd.sun.star.script:", "macro:", "vnd.sun.star.basic:")


def check_zip(stream: BinaryIO) -> str:
    """The name of the Office type in ``stream`` (``"docx"``, ``"odt"``, ...), or refused."""
    stream.seek(0)
    try:
        archive = zipfile.ZipFile(stream)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UploadRefused(DAMAGED) from error
    with archive:
        return _check_package(archive, depth=0)


def _check_package(archive: zipfile.ZipFile, depth: int) -> str:
    try:
        entries = _check_container(archive)
        names = {entry.filename for entry in entries}
        if _small(entries, "mimetype"):
            odf_type = ODF_TYPES.get(archive.read("mimetype").strip())
            if odf_type and "content.xml" in names:
                _check_odf(archive, entries)
                _check_entries(archive, entries, depth)
                return odf_type
        if "[Content_Types].xml" in names:
            ooxml_type = _check_ooxml(archive, entries)
            _check_entries(archive, entries, depth)
            return ooxml_type
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, KeyError) as error:
        raise UploadRefused(DAMAGED) from error
    raise UploadRefused(NOT_ALLOWED)


def _check_container(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    entries = archive.infolist()
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UploadRefused(ZIP_BOMB)
    declared = 0
    seen: set[str] = set()
    for entry in entries:
        declared += entry.file_size
        if entry.file_size > max(entry.compress_size, 1) * MAX_ZIP_RATIO + 1024:
            raise UploadRefused(ZIP_BOMB)
        if entry.flag_bits & 0x1:
            raise UploadRefused(MACROS)  # an encrypted entry: a password-protected document
        folded = entry.filename.casefold()
        if folded in seen:  # two parts of one name: readers would disagree on which counts
            raise UploadRefused(DAMAGED)
        seen.add(folded)
        if posixpath.basename(folded).startswith(("vbaproject", "vbadata")):
            raise UploadRefused(MACROS)
    if declared > MAX_ZIP_UNCOMPRESSED:
        raise UploadRefused(ZIP_BOMB)
    return entries


def _small(entries: list[zipfile.ZipInfo], name: str) -> bool:
    return any(entry.filename == name and entry.file_size <= 100 for entry in entries)


def _check_entries(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], depth: int) -> None:
    """No OLE compound file anywhere; a package inside is checked like the outer one."""
    for entry in entries:
        if entry.is_dir() or entry.file_size == 0:
            continue
        with archive.open(entry) as member:
            head = member.read(len(OLE_MAGIC))
        if head == OLE_MAGIC:
            raise UploadRefused(EMBEDDED_OBJECTS)
        if head.startswith(ZIP_MAGIC):
            _check_nested(archive, entry, depth)


def _check_nested(archive: zipfile.ZipFile, entry: zipfile.ZipInfo, depth: int) -> None:
    if depth + 1 > MAX_NESTING or entry.file_size > MAX_NESTED_BYTES:
        raise UploadRefused(EMBEDDED_OBJECTS)
    try:
        with zipfile.ZipFile(io.BytesIO(archive.read(entry))) as inner:
            _check_package(inner, depth + 1)
    except zipfile.BadZipFile as error:
        raise UploadRefused(EMBEDDED_OBJECTS) from error
    except UploadRefused as refused:
        if refused.message is NOT_ALLOWED:  # a ZIP of something else tucked inside
            raise UploadRefused(EMBEDDED_OBJECTS) from refused
        raise


# --- XML ------------------------------------------------------------------------------------


def _local(tag: str) -> str:
    """The element's name without its namespace (any namespace: more than Office reads)."""
    return tag.rsplit(" ", 1)[-1]


def _refuse_dtd(*_args) -> None:
    raise UploadRefused(DAMAGED)


def _parse(archive: zipfile.ZipFile, name: str, on_element: Callable[[str, dict], None]) -> None:
    """Stream the XML part ``name`` through expat, calling ``on_element(tag, attributes)`` with
    namespaced names written ``"uri local"``."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.StartElementHandler = on_element
    try:
        with archive.open(name) as member:
            while chunk := member.read(64 * 1024):
                parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise UploadRefused(DAMAGED) from error


# --- OOXML ----------------------------------------------------------------------------------


def _judge_type(kind: str) -> None:
    """Refuse a content type or relationship type that means macros or embedded programs."""
    kind = kind.casefold()
    if any(mark in kind for mark in MACRO_MARKS):
        raise UploadRefused(MACROS)
    if any(mark in kind for mark in OBJECT_MARKS):
        raise UploadRefused(EMBEDDED_OBJECTS)
    if any(mark in kind for mark in EXTERNAL_MARKS):
        raise UploadRefused(EXTERNAL_CONTENT)


def _content_types(archive: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    defaults: dict[str, str] = {}
    overrides: dict[str, str] = {}

    def on_element(tag: str, attributes: dict) -> None:
        kind = attributes.get("ContentType", "")
        _judge_type(kind)
        if _local(tag) == "Default":
            defaults[attributes.get("Extension", "").casefold()] = kind
        elif _local(tag) == "Override":
            overrides[attributes.get("PartName", "").casefold()] = kind

    _parse(archive, "[Content_Types].xml", on_element)
    return defaults, overrides


def _relationships(archive: zipfile.ZipFile, name: str) -> list[tuple[str, str]]:
    """``(type, target)`` of each relationship in the part ``name``, each judged first."""
    found: list[tuple[str, str]] = []

    def on_element(tag: str, attributes: dict) -> None:
        if _local(tag) != "Relationship":
            return
        kind = attributes.get("Type", "")
        _judge_type(kind)
        external = attributes.get("TargetMode", "").casefold() == "external"
        if external and not kind.casefold().endswith("/hyperlink"):
            raise UploadRefused(EXTERNAL_CONTENT)
        found.append((kind.casefold(), attributes.get("Target", "")))

    _parse(archive, name, on_element)
    return found


def _check_ooxml(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> str:
    defaults, overrides = _content_types(archive)
    root_rels: list[tuple[str, str]] = []
    for entry in entries:
        if entry.filename.casefold().endswith(".rels"):
            found = _relationships(archive, entry.filename)
            if entry.filename == "_rels/.rels":
                root_rels = found
    names = {entry.filename for entry in entries}
    targets = [target for kind, target in root_rels if kind.endswith(_OFFICE_DOCUMENT)]
    if len(targets) != 1:
        raise UploadRefused(NOT_ALLOWED)
    part = posixpath.normpath("/" + targets[0].lstrip("/"))
    if part.lstrip("/") not in names:
        raise UploadRefused(DAMAGED)
    extension = posixpath.splitext(part)[1].lstrip(".").casefold()
    main_type = overrides.get(part.casefold(), defaults.get(extension, ""))
    if main_type not in MAIN_TYPES:
        raise UploadRefused(NOT_ALLOWED)
    return MAIN_TYPES[main_type]


# --- ODF ------------------------------------------------------------------------------------


def _check_odf(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo]) -> None:
    for entry in entries:
        parts = entry.filename.casefold().split("/")
        if "basic" in parts[:-1] or "scripts" in parts[:-1]:
            raise UploadRefused(MACROS)
    for entry in entries:
        name = entry.filename
        if name == "META-INF/manifest.xml":
            _parse(archive, name, _odf_manifest_element)
        elif name.casefold().endswith(".xml"):
            _parse(archive, name, _odf_element)


def _odf_manifest_element(tag: str, attributes: dict) -> None:
    if tag == _MANIFEST + "encryption-data":
        raise UploadRefused(MACROS)
    media_type = attributes.get(_MANIFEST + "media-type", "").casefold()
    if "basic" in media_type or "script" in media_type:
        raise UploadRefused(MACROS)


def _odf_element(tag: str, attributes: dict) -> None:
    """Scripts, event listeners (which run macros or programs) and macro URLs."""
    local = _local(tag)
    if tag.startswith(_SCRIPT_NS) or local in ("scripts", "event-listener", "event-listeners"):
        raise UploadRefused(MACROS)
    for value in attributes.values():
        if value.strip().casefold().startswith(_MACRO_URLS):
            raise UploadRefused(MACROS)
