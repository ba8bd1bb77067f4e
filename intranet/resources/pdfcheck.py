"""Whether a PDF is a plain document: parsed with pypdf, every object of the file looked at.

Byte patterns cannot judge a PDF: a name may be written ``/J#61vaScript`` and an object may sit
compressed inside an object stream. So the file is parsed with pypdf (which decodes ``#xx``
escapes in names and inflates object streams), and a walk visits every object it holds: the
trailer, every entry of the cross-reference table and of object streams, objects that no table
lists (found by their ``N G obj`` headers, so an old revision or an orphan cannot hide), and
every dictionary and array nested in them. The walk refuses:

* scripts and attachments anywhere: any key or name value in ``SCRIPT_NAMES`` (``/JS``,
  ``/JavaScript``, embedded files, file attachment annotations, rich media, XFA forms, ...);
* actions that reach outside the document: any name in ``OUTSIDE_NAMES`` (``/Launch``,
  ``/SubmitForm``, ``/GoToR``, ...), any action not in ``LINK_ACTIONS``, a ``/URI`` that is not
  http(s) or mailto, and an ``/OpenAction`` or ``/AA`` (automatic action) that is anything
  but ``/GoTo``.

A PDF that pypdf cannot parse, with no pages, or encrypted is refused too: an encrypted PDF
would need a password to check, and teachers' documents do not need one.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from typing import BinaryIO

from pypdf import PdfReader
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    StreamObject,
    read_object,
)

from .refusals import ACTIVE_PDF, DAMAGED, ENCRYPTED_PDF, PDF_ACTIONS
from .rules import UploadRefused

#: Names that mean code, attached files or embedded media, as keys or as values.
SCRIPT_NAMES = frozenset({
    "/JS", "/JavaScript", "/EmbeddedFile", "/EmbeddedFiles", "/EF", "/FileAttachment",
    "/RichMedia", "/RichMediaContent", "/RichMediaExecute", "/XFA", "/3D", "/Movie", "/Sound",
    "/Rendition",
})  # fmt: skip
#: Names of actions that open other files or programs, or send data somewhere.
OUTSIDE_NAMES = frozenset({
    "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE", "/ResetForm", "/Hide",
})  # fmt: skip
#: Actions a link may carry; automatic actions (``/OpenAction``, ``/AA``) may only ``/GoTo``.
LINK_ACTIONS = frozenset({"/GoTo", "/URI", "/Named"})
AUTOMATIC_ACTIONS = frozenset({"/GoTo"})
NAMED_ACTIONS = frozenset({"/NextPage", "/PrevPage", "/FirstPage", "/LastPage"})
URI_SCHEMES = frozenset({"http", "https", "mailto"})
#: More objects than any school document has: a file made to keep the walk busy.
MAX_NODES = 2_000_000
TAIL_BYTES = 2048
_HEADER = re.compile(rb"(?<![0-9])[0-9]{1,10}[\x00\t\n\f\r ]+[0-9]{1,5}[\x00\t\n\f\r ]+obj\b")
_CHUNK = 1 << 20


def check_pdf(stream: BinaryIO, size: int) -> None:
    """Return if the PDF in ``stream`` is a plain document; otherwise ``UploadRefused``."""
    stream.seek(max(0, size - TAIL_BYTES))
    if b"%%EOF" not in stream.read(TAIL_BYTES):
        raise UploadRefused(DAMAGED)
    stream.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pypdf warns about files it repairs; we judge them
        try:
            reader = PdfReader(stream, strict=False)
            if reader.is_encrypted:
                raise UploadRefused(ENCRYPTED_PDF)
            if len(reader.pages) == 0:
                raise UploadRefused(DAMAGED)
            _Walk(reader).run(_unlisted_objects(reader, stream, size))
        except UploadRefused:
            raise
        except Exception as error:  # whatever pypdf cannot parse is not accepted
            raise UploadRefused(DAMAGED) from error


def _unlisted_objects(reader: PdfReader, stream: BinaryIO, size: int) -> Iterator[object]:
    """Objects in the file body that the cross-reference table does not point at (old
    revisions, orphans); a header that does not parse is stream data that looked like one."""
    listed = {offset for entries in reader.xref.values() for offset in entries.values()}
    for offset in _header_offsets(stream, size):
        if offset in listed:
            continue
        stream.seek(offset)
        try:
            reader.read_object_header(stream)
            found = read_object(stream, reader)
        except Exception:  # binary stream data that happens to look like a header
            continue
        yield found


def _header_offsets(stream: BinaryIO, size: int) -> list[int]:
    offsets: set[int] = set()
    position = 0
    while position < size:
        stream.seek(position)
        block = stream.read(_CHUNK + 64)
        offsets.update(position + match.start() for match in _HEADER.finditer(block))
        position += _CHUNK
    return sorted(offsets)


class _Walk:
    """Visits every object once (indirect ones by their number), checking each dictionary."""

    def __init__(self, reader: PdfReader):
        self.reader = reader
        self.seen: set[tuple[int, int]] = set()
        self.nodes = 0
        self.stack: list[object] = []

    def run(self, unlisted: Iterator[object]) -> None:
        self.stack.append(self.reader.trailer)
        for generation, entries in self.reader.xref.items():
            self.stack.extend(IndirectObject(num, generation, self.reader) for num in entries)
        self.stack.extend(IndirectObject(num, 0, self.reader) for num in self.reader.xref_objStm)
        self._drain()
        for found in unlisted:
            self.stack.append(found)
            self._drain()

    def _drain(self) -> None:
        while self.stack:
            item = self.stack.pop()
            if isinstance(item, IndirectObject):
                key = (item.idnum, item.generation)
                if key in self.seen:
                    continue
                self.seen.add(key)
                item = item.get_object()
            self.nodes += 1
            if self.nodes > MAX_NODES:
                raise UploadRefused(DAMAGED)
            if isinstance(item, NameObject):
                _check_name(item)
            elif isinstance(item, DictionaryObject):
                self._check_dict(item)
                self.stack.extend(dict.values(item))  # raw: references stay references
                if isinstance(item, StreamObject) and _get(item, "/Type") == "/ObjStm":
                    self.stack.extend(_stream_members(item, self.reader))
            elif isinstance(item, ArrayObject):
                self.stack.extend(list.__iter__(item))

    def _check_dict(self, item: DictionaryObject) -> None:
        for key in item:
            _check_name(key)
        if _get(item, "/Type") == "/Action":
            _check_action(item, LINK_ACTIONS)
        _check_action(_get(item, "/A"), LINK_ACTIONS)
        _check_action(_get(item, "/OpenAction"), AUTOMATIC_ACTIONS)
        triggers = _get(item, "/AA")
        if triggers is not None:
            if not isinstance(triggers, DictionaryObject):
                raise UploadRefused(PDF_ACTIONS)
            for trigger in triggers:
                _check_action(triggers[trigger], AUTOMATIC_ACTIONS)


def _get(item: DictionaryObject, key: str):
    """The value under ``key`` with references resolved (``dict.get`` would not)."""
    return item[key] if key in item else None  # noqa: SIM401 (``get`` returns references)


def _check_name(name: str) -> None:
    if name in SCRIPT_NAMES:
        raise UploadRefused(ACTIVE_PDF)
    if name in OUTSIDE_NAMES:
        raise UploadRefused(PDF_ACTIONS)


def _check_action(action, allowed: frozenset[str], depth: int = 0) -> None:
    """An action dictionary (and the chain of its ``/Next`` actions) does only ``allowed``.
    A destination array (``/OpenAction [page /Fit]``) is not an action, nor is a dictionary
    without an action type (a tagged PDF's structure attributes are under ``/A`` too)."""
    if depth > 100:
        raise UploadRefused(PDF_ACTIONS)
    if not isinstance(action, DictionaryObject) or "/S" not in action:
        return
    kind = _get(action, "/S")
    if isinstance(kind, NameObject):
        _check_name(kind)
    if kind not in allowed:
        raise UploadRefused(PDF_ACTIONS)
    if kind == "/URI":
        uri = _get(action, "/URI") or ""
        uri = uri.decode("latin-1") if isinstance(uri, bytes) else str(uri)
        uri = uri.strip()
        scheme = uri.split(":", 1)[0].lower() if ":" in uri else ""
        if scheme not in URI_SCHEMES:
            raise UploadRefused(PDF_ACTIONS)
    if kind == "/Named" and _get(action, "/N") not in NAMED_ACTIONS:
        raise UploadRefused(PDF_ACTIONS)
    following = _get(action, "/Next")
    for item in following if isinstance(following, ArrayObject) else [following]:
        if item is not None:
            _check_action(item.get_object(), allowed, depth + 1)


def _stream_members(stream: StreamObject, reader: PdfReader) -> Iterator[object]:
    """Every object packed in an object stream, whether a table lists it or not."""
    data = stream.get_data()
    first = int(stream["/First"])
    numbers = [int(n) for n in re.findall(rb"[0-9]+", data[:first])]
    for offset in numbers[1::2]:
        if not 0 <= first + offset < len(data):
            raise UploadRefused(DAMAGED)
        source = io.BytesIO(data)
        source.seek(first + offset)
        yield read_object(source, reader)
