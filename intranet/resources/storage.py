"""File storage behind one small interface, for every feature that keeps uploaded files.

``get_storage()`` returns the configured ``Storage`` (a ``LocalStorage`` under ``UPLOAD_DIR``);
a feature calls ``storage.save(stream)`` and keeps the ``StoredFile.key`` it gets back. The
life of an upload:

1. **Streamed to disk while it arrives.** ``UploadRequestMixin`` (in the app's request class) makes
   Werkzeug's form parser write every uploaded file straight into ``UPLOAD_DIR/incoming``, in
   the same filesystem as the store, hashing it on the way, and cuts the request off with a 413
   as soon as one file passes ``MAX_UPLOAD_MB`` (the body as a whole is capped by
   ``MAX_CONTENT_LENGTH``, which Werkzeug checks before reading anything). Nothing of the file
   is held in memory beyond one chunk.
2. **Checked.** ``filetypes.sniff`` decides the type from the bytes and checks its whole
   structure; images are decoded and re-encoded from their pixels alone with Pillow, which
   drops EXIF (GPS included), comments and every other metadata chunk, and get a thumbnail;
   an MP3 is stored as its run of MPEG frames, without the tags around it.
3. **Moved atomically** with ``os.replace`` under its content address (the SHA-256 of the
   stored bytes), so the same content is stored once and ``StoredFile.created`` says whether
   it was new. Temporary files are removed in ``finally`` blocks and, for files the parser
   made, at the end of the request: a refused or interrupted upload leaves nothing behind.
4. **Served** by ``send_stored``, with the headers every download has, to whichever view
   decided the reader may have it (the library's files, Lesson Study's plan files).

Keys are validated before they become paths: nothing a visitor sends reaches the filesystem.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import BinaryIO, Protocol

from flask import Flask, Request, abort, current_app, request, send_file
from werkzeug.exceptions import RequestEntityTooLarge

from . import images, mediacheck
from .filetypes import MP3, FileType, download_name, sniff

CHUNK = 64 * 1024
_KEY = re.compile(r"[0-9a-f]{64}")
#: Files one upload form may carry; the request body may hold that many full-size files.
MAX_FILES_PER_UPLOAD = 5
_LARGE_BODY_ENDPOINTS: set[str] = set()
_INCOMING = "zheli.incoming_files"


def max_file_bytes() -> int:
    return int(current_app.config["MAX_UPLOAD_MB"]) * 1024 * 1024


def allow_several_files(endpoint: str) -> None:
    """Let the request body of ``endpoint`` carry ``MAX_FILES_PER_UPLOAD`` full-size files."""
    _LARGE_BODY_ENDPOINTS.add(endpoint)


@dataclass(frozen=True)
class StoredFile:
    """A file in the store: its content address, size and type; ``created`` is False when the
    store had the same content already."""

    key: str
    size: int
    file_type: FileType
    created: bool
    has_thumbnail: bool = False


class Storage(Protocol):
    """What features may do with stored files."""

    def save(self, stream: BinaryIO) -> StoredFile:
        """Check the file in ``stream`` and store it, or raise ``UploadRefused``."""

    def path(self, key: str) -> Path:
        """The file stored under ``key`` (for ``send_file``); ``FileNotFoundError`` if none."""

    def thumbnail_path(self, key: str) -> Path:
        """The thumbnail of an image stored under ``key``; ``FileNotFoundError`` if none."""

    def delete(self, key: str) -> None:
        """Remove the file (and its thumbnail); nothing happens if it is not there."""

    def keys(self) -> list[str]:
        """Every key in the store (for tests and maintenance)."""

    def sweep_incoming(self, older_than: timedelta) -> int:
        """Remove what uploads cut short by a killed worker left in ``incoming``; a count."""


# --- Streaming uploads to disk ------------------------------------------------------------------


class IncomingFile:
    """A file the form parser writes to, in the store's ``incoming`` folder: it counts and
    hashes the bytes as they arrive and refuses the request past ``limit`` bytes."""

    def __init__(self, directory: Path, limit: int):
        directory.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(dir=directory, prefix="up-", suffix=".part")
        self.path = Path(name)
        self.limit = limit
        self.size = 0
        self.moved = False
        self._hash = hashlib.sha256()
        self._file = os.fdopen(descriptor, "w+b")

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            self.discard()
            raise RequestEntityTooLarge()
        self._hash.update(data)
        return self._file.write(data)

    @property
    def sha256(self) -> str:
        return self._hash.hexdigest()

    def __getattr__(self, name):
        return getattr(self._file, name)

    def discard(self) -> None:
        """Close and remove the file, unless the store has taken it."""
        self._file.close()
        if not self.moved:
            self.path.unlink(missing_ok=True)


class UploadRequestMixin:
    """Mixed into the app's request class (htmx-flask's, on Flask's): uploaded files are
    streamed into the store's ``incoming`` folder, several-file forms get a larger body."""

    @property
    def max_content_length(self) -> int | None:
        if self._max_content_length is not None:
            return self._max_content_length
        if self.endpoint in _LARGE_BODY_ENDPOINTS:
            return MAX_FILES_PER_UPLOAD * max_file_bytes() + 1024 * 1024
        return current_app.config["MAX_CONTENT_LENGTH"]

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def _get_file_stream(self, *_args, **_kwargs):
        incoming = IncomingFile(get_storage().incoming_dir, max_file_bytes())
        self.environ.setdefault(_INCOMING, []).append(incoming)
        return incoming


def _discard_incoming(_error=None) -> None:
    for incoming in request.environ.pop(_INCOMING, []):
        incoming.discard()


def init_uploads(app: Flask) -> None:
    """Stream uploads to disk for the whole app and clean up after every request."""
    base: type[Request] = app.request_class
    if not issubclass(base, UploadRequestMixin):
        app.request_class = type("UploadRequest", (UploadRequestMixin, base), {})
    app.teardown_request(_discard_incoming)


# --- The local store ------------------------------------------------------------------------------


def _check_key(key: str) -> str:
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise FileNotFoundError("not a storage key")
    return key


class LocalStorage:
    """Files under ``root/<first two hex digits>/<sha256>``; thumbnails beside them."""

    def __init__(self, root: str | Path):
        self.root = Path(root).resolve()
        self.incoming_dir = self.root / "incoming"

    def _blob(self, key: str) -> Path:
        key = _check_key(key)
        return self.root / key[:2] / key

    def _thumb(self, key: str) -> Path:
        return self._blob(key).with_name(key + ".thumb.webp")

    def _spool(self, stream: BinaryIO) -> IncomingFile:
        """Copy a stream that did not come through the form parser into ``incoming``."""
        incoming = IncomingFile(self.incoming_dir, max_file_bytes())
        try:
            stream.seek(0)
            while chunk := stream.read(CHUNK):
                incoming.write(chunk)
            incoming.flush()
        except BaseException:
            incoming.discard()
            raise
        return incoming

    def save(self, stream: BinaryIO) -> StoredFile:
        inner = getattr(stream, "stream", stream)  # werkzeug's FileStorage wraps our file
        own = isinstance(inner, IncomingFile) and inner.path.parent == self.incoming_dir
        incoming = inner if own else self._spool(stream)
        made: list[Path] = []
        try:
            incoming.flush()
            file_type = sniff(incoming, incoming.size)
            source, key, size = incoming.path, incoming.sha256, incoming.size
            thumbnail = None
            if file_type.image:
                source, thumbnail = images.reencode(incoming.path, file_type, self.incoming_dir)
                made += [source, thumbnail]
                key, size = _sha256_of(source), source.stat().st_size
            elif file_type is MP3:
                start, end = mediacheck.audio_span(incoming, incoming.size)
                if (start, end) != (0, incoming.size):
                    source = _excerpt(incoming, start, end, self.incoming_dir)
                    made.append(source)
                    key, size = _sha256_of(source), end - start
            target = self._blob(key)
            if target.exists():
                return StoredFile(
                    key, size, file_type, created=False, has_thumbnail=bool(thumbnail)
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            if thumbnail is not None:
                os.replace(thumbnail, self._thumb(key))
            os.replace(source, target)
            if source == incoming.path:
                incoming.moved = True
            return StoredFile(key, size, file_type, created=True, has_thumbnail=bool(thumbnail))
        finally:
            for path in made:
                path.unlink(missing_ok=True)
            if not own:
                incoming.discard()
            else:
                incoming._file.close()

    def sweep_incoming(self, older_than: timedelta) -> int:
        """Every request removes its own temporary files; only a worker killed mid-upload leaves
        one, so anything older than ``older_than`` (far longer than any upload) is such a file."""
        if not self.incoming_dir.is_dir():
            return 0
        cutoff = time.time() - older_than.total_seconds()
        removed = 0
        for leftover in self.incoming_dir.iterdir():
            if leftover.is_file() and leftover.stat().st_mtime < cutoff:
                leftover.unlink(missing_ok=True)
                removed += 1
        return removed

    def path(self, key: str) -> Path:
        path = self._blob(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        return path

    def thumbnail_path(self, key: str) -> Path:
        path = self._thumb(key)
        if not path.is_file():
            raise FileNotFoundError(key)
        return path

    def delete(self, key: str) -> None:
        self._blob(key).unlink(missing_ok=True)
        self._thumb(key).unlink(missing_ok=True)

    def keys(self) -> list[str]:
        return sorted(
            path.name
            for path in self.root.glob("??/*")
            if path.is_file() and _KEY.fullmatch(path.name)
        )

    def clear(self) -> None:
        """Remove every stored file (tests only)."""
        for child in self.root.glob("*"):
            if child.is_dir():
                shutil.rmtree(child)


def _excerpt(stream: BinaryIO, start: int, end: int, directory: Path) -> Path:
    """Bytes ``start`` to ``end`` of ``stream`` in a new temporary file in ``directory``."""
    descriptor, name = tempfile.mkstemp(dir=directory, prefix="cut-", suffix=".part")
    try:
        stream.seek(start)
        with os.fdopen(descriptor, "wb") as handle:
            remaining = end - start
            while remaining > 0 and (chunk := stream.read(min(CHUNK, remaining))):
                handle.write(chunk)
                remaining -= len(chunk)
    except BaseException:
        Path(name).unlink(missing_ok=True)
        raise
    return Path(name)


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


_BACKENDS = {"local": LocalStorage}


def get_storage() -> Storage:
    """The store this app is configured with (one per app and folder)."""
    config = current_app.config
    cache = current_app.extensions.setdefault("zheli_storage", {})
    backend = str(config.get("UPLOAD_STORAGE", "local"))
    root = str(config["UPLOAD_DIR"])
    if (backend, root) not in cache:
        cache[(backend, root)] = _BACKENDS[backend](root)
    return cache[(backend, root)]


def send_stored(
    path,
    *,
    file_type: FileType | None,
    name: str | None,
    attachment: bool,
    policy: str | None = None,
):
    """A stored file with the headers every download has (``nosniff``, private, no cache),
    served as its detected ``file_type`` and named with that type's extension (404 for a
    type no longer allowed). The library's files and Lesson Study's plan files leave through it."""
    if file_type is None:
        abort(404)
    response = send_file(
        path,
        mimetype=file_type.mime,
        as_attachment=attachment,
        download_name=download_name(name, file_type) if name else None,
        conditional=True,
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-cache"
    if policy:
        response.headers["Content-Security-Policy"] = policy
    return response
