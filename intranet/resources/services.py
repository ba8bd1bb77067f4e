"""The rules of the resource library: submitting, revising, reviewing, downloading, counting.

Plain functions over model objects (no request, no templates): they validate, change,
``flush()``, write the audit log and notify; the view commits once. ``submit_resource`` is the
seam other features use to send a document for review (Lesson Study publishes its reports
through it). Monitoring reads the library's figures from ``resources.metrics``.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from ..accounts.permissions import can
from ..core import audit
from ..core.db import utcnow
from ..core.markdown import render_markdown
from ..extensions import db
from ..notifications.models import NotificationKind
from ..notifications.services import notify
from . import authorship
from . import search as resource_search
from .access import scope_for
from .filetypes import download_name
from .models import (
    Decision,
    Licence,
    Resource,
    ResourceAction,
    ResourceDecision,
    ResourceFile,
    ResourceKind,
    ResourceLanguage,
    ResourceStatus,
    ResourceVersion,
    Subject,
)
from .rules import ResourceError, UploadRefused
from .storage import MAX_FILES_PER_UPLOAD, StoredFile, get_storage

MAX_FILENAME = 200
#: Characters that may not appear in a file name: controls (NUL included), the Unicode
#: direction overrides and isolates that make "exe.pdf" read as "fdp.exe", and separators.
_BAD_NAME = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069/\\]")

BAD_NAME = _l(
    "The file name contains characters that are not allowed (slashes, controls or direction marks)."
)
LONG_NAME = _l("The file name is too long: at most 200 characters.")
NO_FILES = _l("Attach at least one file.")
TOO_MANY_FILES = _l("Attach at most 5 files.")
BAD_GRADES = _l("The first grade must not be after the last one.")
NEEDS_REASON = _l("Say why, so that the author knows what to do.")
NOT_PENDING = _l("This resource is not waiting for review any more.")
CANNOT_REVISE = _l("Only a resource that was sent back or rejected can be revised.")
OWN_WORK = _l("You are an author of this resource: another moderator decides on it.")


@dataclass(frozen=True)
class Upload:
    """A file to submit: a readable stream (a Werkzeug ``FileStorage`` will do) and its name."""

    stream: BinaryIO
    filename: str


@dataclass(frozen=True)
class Metadata:
    title: str
    description: str
    subject: Subject
    grade_from: int
    grade_to: int
    language: ResourceLanguage
    kind: ResourceKind
    licence: Licence = Licence.CC_BY
    network_id: int | None = None


@dataclass
class Submitted:
    """What ``submit_resource`` did: the resource, and the names of files whose content the
    library has already in a resource the uploader may read (kept once). Content that only
    others' unpublished work holds is stored the same way and not mentioned."""

    resource: Resource
    known_files: list[str]


def clean_filename(name: str | None) -> str:
    """The name as the uploader gave it, normalised (NFC); refused when it could mislead."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name or _BAD_NAME.search(name) or name in (".", "..") or ".." in name:
        raise UploadRefused(BAD_NAME)
    if len(name) > MAX_FILENAME:
        raise UploadRefused(LONG_NAME)
    return name


def _check_metadata(meta: Metadata) -> None:
    if not 1 <= meta.grade_from <= 11 or not 1 <= meta.grade_to <= 11:
        raise ResourceError(BAD_GRADES, "grade_from")
    if meta.grade_from > meta.grade_to:
        raise ResourceError(BAD_GRADES, "grade_from")


def store_files(
    uploads: Sequence[Upload], reader=None
) -> tuple[list[tuple[Upload, str, StoredFile]], list[str]]:
    """Check every name, then store every file; on any refusal remove what this call stored
    new, so that a refused upload leaves no file behind. The one upload path of the site:
    Lesson Study stores its lesson plan files through it too.

    Each file is named with the extension of its detected type (``filetypes.download_name``).
    The second value lists the files whose content is already in a library resource that
    ``reader`` may read (none without a reader)."""
    if not uploads:
        raise UploadRefused(NO_FILES)
    if len(uploads) > MAX_FILES_PER_UPLOAD:
        raise UploadRefused(TOO_MANY_FILES)
    names = [clean_filename(upload.filename) for upload in uploads]
    storage = get_storage()
    stored: list[tuple[Upload, str, StoredFile]] = []
    try:
        for upload, name in zip(uploads, names, strict=True):
            item = storage.save(upload.stream)
            stored.append((upload, download_name(name, item.file_type), item))
    except BaseException:
        for _upload, _name, item in stored:
            if item.created:
                storage.delete(item.key)
        raise
    return stored, _known_to(reader, stored)


def _known_to(reader, stored: list[tuple[Upload, str, StoredFile]]) -> list[str]:
    """Names of stored files whose content a resource ``reader`` may read holds already
    (``resources.view``): telling more would reveal others' pending or rejected work."""
    keys = {item.key for _upload, _name, item in stored if not item.created}
    if reader is None or not keys:
        return []
    rows = db.session.execute(
        db.select(ResourceFile.storage_key, Resource)
        .join(Resource, Resource.id == ResourceFile.resource_id)
        .where(ResourceFile.storage_key.in_(keys))
    ).all()
    readable = {key for key, resource in rows if can(reader, "resources.view", resource)}
    return [name for _upload, name, item in stored if item.key in readable]


def _add_version(resource: Resource, number: int, stored, note: str) -> ResourceVersion:
    version = ResourceVersion(
        resource_id=resource.id, number=number, title=resource.title, note=note.strip()
    )
    db.session.add(version)
    db.session.flush()
    for position, (_upload, name, item) in enumerate(stored):
        db.session.add(
            ResourceFile(
                resource_id=resource.id,
                version_id=version.id,
                storage_key=item.key,
                filename=name,
                file_type=item.file_type.name,
                mime_type=item.file_type.mime,
                size=item.size,
                has_thumbnail=item.has_thumbnail,
                position=position,
            )
        )
    return version


def _apply_metadata(resource: Resource, meta: Metadata) -> None:
    resource.title = meta.title.strip()
    resource.description = meta.description or ""
    resource.description_html = render_markdown(meta.description or "")
    resource.subject = meta.subject
    resource.grade_from = meta.grade_from
    resource.grade_to = meta.grade_to
    resource.language = meta.language
    resource.kind = meta.kind
    resource.licence = meta.licence
    resource.network_id = meta.network_id


def submit_resource(author, meta: Metadata, uploads: Sequence[Upload]) -> Submitted:
    """Send a new resource for review: pending, seen by its author and moderators only.

    Files are checked and stored first; if any is refused, ``UploadRefused`` is raised and
    nothing is kept (no file, no row).
    """
    _check_metadata(meta)
    stored, known = store_files(uploads, reader=author)
    resource = Resource(author_id=author.id, school_id=author.school_id)
    _apply_metadata(resource, meta)
    db.session.add(resource)
    db.session.flush()
    _add_version(resource, 1, stored, "")
    audit.record(ResourceAction.SUBMIT, resource, actor=author, detail=resource.title)
    return Submitted(resource, known)


def _keep_files(resource: Resource, number: int, version: ResourceVersion) -> None:
    """Give ``version`` the files of version ``number`` (rows only: the bytes are shared)."""
    files = db.session.scalars(
        db.select(ResourceFile)
        .join(ResourceVersion, ResourceVersion.id == ResourceFile.version_id)
        .where(ResourceVersion.resource_id == resource.id, ResourceVersion.number == number)
        .order_by(ResourceFile.position)
    )
    for file in list(files):
        db.session.add(
            ResourceFile(
                resource_id=resource.id,
                version_id=version.id,
                storage_key=file.storage_key,
                filename=file.filename,
                file_type=file.file_type,
                mime_type=file.mime_type,
                size=file.size,
                has_thumbnail=file.has_thumbnail,
                position=file.position,
            )
        )


def revise_resource(resource: Resource, author, meta: Metadata, uploads, note: str) -> Submitted:
    """A new version of a sent-back or rejected resource, back to the queue. Without new
    uploads the new version keeps the files of the one before."""
    if resource.status not in (ResourceStatus.CHANGES, ResourceStatus.REJECTED):
        raise ResourceError(CANNOT_REVISE)
    _check_metadata(meta)
    stored, known = store_files(uploads, reader=author) if uploads else ([], [])
    previous = resource.version
    _apply_metadata(resource, meta)
    resource.version = previous + 1
    resource.status = ResourceStatus.PENDING
    resource.submitted_at = utcnow()
    version = _add_version(resource, resource.version, stored, note)
    if not uploads:
        _keep_files(resource, previous, version)
    audit.record(ResourceAction.REVISE, resource, actor=author, detail=f"v{resource.version}")
    db.session.flush()
    return Submitted(resource, known)


# --- Review -----------------------------------------------------------------------------------

_NOTIFY_KINDS = {
    Decision.APPROVE: NotificationKind.RES_APPROVED,
    Decision.REJECT: NotificationKind.RES_REJECTED,
    Decision.CHANGES: NotificationKind.RES_CHANGES,
}
_STATUS_AFTER = {
    Decision.APPROVE: ResourceStatus.APPROVED,
    Decision.REJECT: ResourceStatus.REJECTED,
    Decision.CHANGES: ResourceStatus.CHANGES,
}
_AUDIT_ACTIONS = {
    Decision.APPROVE: ResourceAction.APPROVE,
    Decision.REJECT: ResourceAction.REJECT,
    Decision.CHANGES: ResourceAction.CHANGES,
}


def new_certificate_code() -> str:
    """Twelve random characters in three groups (60 bits), easy to read aloud and type."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"ZH-{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def decide(resource: Resource, reviewer, decision: Decision, comment: str) -> ResourceDecision:
    """Approve, reject (with a reason) or send back (with a comment) the pending version; never
    by one of its authors (``resources.decide``, four eyes)."""
    comment = (comment or "").strip()
    if resource.status != ResourceStatus.PENDING:
        raise ResourceError(NOT_PENDING)
    if not can(reviewer, "resources.decide", resource):
        raise ResourceError(OWN_WORK)
    if decision != Decision.APPROVE and not comment:
        raise ResourceError(NEEDS_REASON, "comment")
    row = ResourceDecision(
        resource_id=resource.id,
        version_number=resource.version,
        decision=decision,
        comment=comment,
        reviewer_id=reviewer.id,
    )
    db.session.add(row)
    resource.status = _STATUS_AFTER[decision]
    resource.reviewer_id = reviewer.id
    if decision == Decision.APPROVE:
        resource.published_at = utcnow()
        if resource.certificate_code is None:
            resource.certificate_code = new_certificate_code()
        resource_search.index(resource)
    else:
        resource_search.unindex(resource)
    audit.record(_AUDIT_ACTIONS[decision], resource, actor=reviewer, reason=comment)
    if resource.author_id:
        notify(
            {resource.author_id: _NOTIFY_KINDS[decision]},
            actor=reviewer,
            target_type="resource",
            target_id=resource.id,
            subject=resource.title,
            detail=comment,
            once=False,
        )
    db.session.flush()
    return row


def review_queue(network_id: int | None, subject: Subject | None, page: int, per_page: int = 10):
    """Pending resources, the longest-waiting first, with authors and schools (one query)."""
    query = (
        db.select(Resource)
        .where(Resource.status == ResourceStatus.PENDING)
        .options(joinedload(Resource.author), joinedload(Resource.school))
        .order_by(Resource.submitted_at, Resource.id)
    )
    if network_id:
        query = query.where(Resource.network_id == network_id)
    if subject:
        query = query.where(Resource.subject == subject)
    rows = list(db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)))
    authorship.authors_of(rows[:per_page])  # one query per co-author source, for each row's check
    return rows[:per_page], len(rows) > per_page


def current_files(resources: Sequence[Resource]) -> dict[int, list[ResourceFile]]:
    """The current version's files of each resource, in one query."""
    if not resources:
        return {}
    wanted = {(resource.id, resource.version) for resource in resources}
    rows = db.session.execute(
        db.select(ResourceFile, ResourceVersion.number)
        .join(ResourceVersion, ResourceVersion.id == ResourceFile.version_id)
        .where(ResourceFile.resource_id.in_([resource.id for resource in resources]))
        .order_by(ResourceFile.resource_id, ResourceFile.position)
    ).all()
    files: dict[int, list[ResourceFile]] = {resource.id: [] for resource in resources}
    for file, number in rows:
        if (file.resource_id, number) in wanted:
            files[file.resource_id].append(file)
    return files


def history_of(resource: Resource) -> tuple[list[ResourceVersion], list[ResourceDecision]]:
    versions = list(
        db.session.scalars(
            db.select(ResourceVersion)
            .where(ResourceVersion.resource_id == resource.id)
            .order_by(ResourceVersion.number.desc())
        )
    )
    decisions = list(
        db.session.scalars(
            db.select(ResourceDecision)
            .where(ResourceDecision.resource_id == resource.id)
            .options(joinedload(ResourceDecision.reviewer))
            .order_by(ResourceDecision.id.desc())
        )
    )
    return versions, decisions


def count_download(file: ResourceFile) -> None:
    """One more download of an approved resource (an UPDATE, so parallel downloads add up)."""
    db.session.execute(
        db.update(Resource)
        .where(Resource.id == file.resource_id, Resource.status == ResourceStatus.APPROVED)
        .values(download_count=Resource.download_count + 1)
    )


def own_resources(user, page: int, per_page: int = 20):
    query = (
        db.select(Resource)
        .where(scope_for(user).clause(), Resource.author_id == user.id)
        .order_by(Resource.submitted_at.desc(), Resource.id.desc())
    )
    rows = list(db.session.scalars(query.limit(per_page + 1).offset((page - 1) * per_page)))
    return rows[:per_page], len(rows) > per_page


def verify_code(code: str) -> bool:
    """Whether ``code`` is the certificate code of a resource that is published now."""
    code = (code or "").strip().upper()
    if not re.fullmatch(r"ZH-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}", code):
        return False
    found = db.session.scalar(
        db.select(Resource.id).where(
            Resource.certificate_code == code, Resource.status == ResourceStatus.APPROVED
        )
    )
    return found is not None
