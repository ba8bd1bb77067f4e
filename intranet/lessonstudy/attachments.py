"""Lesson Study joined to the resource library: a file attached to a research lesson's plan,
and publishing a completed study's report to the library.

A plan file goes through the library's one upload path (``resources.services.store_files``:
streamed, sniffed, content-addressed, size-capped, the same refusals), so a refused file leaves
no bytes and no row. Publishing hands the report to ``resources.services.submit_resource`` as a
pending resource: the description is the report in Markdown (``report.report_document``) and
its files are the lessons' plan files (the first five, in lesson order; a study needs at least
one). ``StudyPublication`` links the two, unique on both sides, so a second click creates
nothing. Plain functions: they validate, change, flush and audit; the view commits once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ..core import audit
from ..core.rules import RuleError
from ..extensions import db
from ..resources import services as library
from ..resources.models import ResourceFile, ResourceKind, ResourceLanguage, Subject
from ..resources.storage import MAX_FILES_PER_UPLOAD, get_storage
from .models import (
    LessonPlanFile,
    LessonStudy,
    LessonStudyAction,
    ResearchLesson,
    StudyPublication,
    StudyStatus,
)
from .report import report_document

NOT_COMPLETED = _l("Only a completed study can be published to the resource library.")
NO_PLAN_FILES = _l(
    "Attach a lesson plan file to at least one research lesson before publishing the study."
)
NO_FILE = _l("Choose a file to attach.")
#: The kinds a study may be published as.
PUBLISH_KINDS = (ResourceKind.ARTICLE, ResourceKind.LESSON_PLAN)


def plan_file_of(lesson: ResearchLesson) -> LessonPlanFile | None:
    return db.session.scalar(db.select(LessonPlanFile).where(LessonPlanFile.lesson_id == lesson.id))


def plan_files_of(lessons: Sequence[ResearchLesson]) -> dict[int, LessonPlanFile]:
    """Lesson id → its plan file, for many lessons in one query."""
    if not lessons:
        return {}
    rows = db.session.scalars(
        db.select(LessonPlanFile).where(
            LessonPlanFile.lesson_id.in_([lesson.id for lesson in lessons])
        )
    )
    return {row.lesson_id: row for row in rows}


def _release(key: str) -> None:
    """Remove stored bytes that no plan file and no library file points at any more."""
    in_use = db.session.scalar(
        db.select(LessonPlanFile.id).where(LessonPlanFile.storage_key == key).limit(1)
    ) or db.session.scalar(
        db.select(ResourceFile.id).where(ResourceFile.storage_key == key).limit(1)
    )
    if in_use is None:
        get_storage().delete(key)


def attach_plan_file(lesson: ResearchLesson, user, upload: library.Upload | None) -> LessonPlanFile:
    """Attach (or replace) the plan file of ``lesson``; ``UploadRefused`` keeps nothing."""
    if upload is None or not upload.filename:
        raise library.UploadRefused(NO_FILE, "file")
    try:
        stored, _known = library.store_files([upload])
    except library.UploadRefused as refused:
        raise library.UploadRefused(refused.message, "file") from refused
    _upload, name, item = stored[0]
    previous = plan_file_of(lesson)
    old_key = previous.storage_key if previous else None
    if previous is not None:
        db.session.delete(previous)
        db.session.flush()
    row = LessonPlanFile(
        lesson_id=lesson.id,
        storage_key=item.key,
        filename=name,
        file_type=item.file_type.name,
        mime_type=item.file_type.mime,
        size=item.size,
        uploaded_by_id=user.id,
    )
    db.session.add(row)
    db.session.flush()
    if old_key and old_key != item.key:
        _release(old_key)
    audit.record(LessonStudyAction.ATTACH_PLAN, lesson.study, actor=user, detail=name)
    return row


def remove_plan_file(lesson: ResearchLesson, user) -> None:
    row = plan_file_of(lesson)
    if row is None:
        return
    key, name = row.storage_key, row.filename
    db.session.delete(row)
    db.session.flush()
    _release(key)
    audit.record(LessonStudyAction.REMOVE_PLAN, lesson.study, actor=user, detail=name)


def publication_of(study: LessonStudy) -> StudyPublication | None:
    """The study's library resource (joined), or None: one query."""
    return db.session.scalar(
        db.select(StudyPublication).where(StudyPublication.study_id == study.id)
    )


@dataclass(frozen=True)
class PublishChoices:
    """What the lead says about the resource: the library's vocabulary, not the study's."""

    subject: Subject
    kind: ResourceKind
    language: ResourceLanguage
    grade_from: int
    grade_to: int


def guess_choices(study: LessonStudy, language: str) -> PublishChoices:
    """Defaults for the publish form from the study's free-text subject and grade."""
    wanted = study.subject.casefold().strip()
    subject = next(
        (item for item in Subject if str(item.label).casefold() == wanted), Subject.OTHER
    )
    grades = [int(n) for n in re.findall(r"\d+", study.grade) if 1 <= int(n) <= 11]
    languages = {item.value for item in ResourceLanguage}
    return PublishChoices(
        subject=subject,
        kind=ResourceKind.ARTICLE,
        language=ResourceLanguage(language if language in languages else "kk"),
        grade_from=min(grades) if grades else 1,
        grade_to=max(grades) if grades else 11,
    )


def publish_study(study: LessonStudy, user, choices: PublishChoices) -> StudyPublication:
    """Send the completed study's report to the library's review queue, once. A study that
    has a publication already answers it unchanged."""
    existing = publication_of(study)
    if existing is not None:
        return existing
    if study.status != StudyStatus.COMPLETED:
        raise RuleError(NOT_COMPLETED)
    lessons = list(
        db.session.scalars(
            db.select(ResearchLesson)
            .where(ResearchLesson.study_id == study.id)
            .order_by(ResearchLesson.number)
        )
    )
    files = plan_files_of(lessons)
    chosen = [files[lesson.id] for lesson in lessons if lesson.id in files][:MAX_FILES_PER_UPLOAD]
    if not chosen:
        raise RuleError(NO_PLAN_FILES)
    document = report_document(study)
    meta = library.Metadata(
        title=document.title,
        description=document.markdown,
        subject=choices.subject,
        grade_from=choices.grade_from,
        grade_to=choices.grade_to,
        language=choices.language,
        kind=choices.kind,
        network_id=study.network_id,
    )
    storage = get_storage()
    with ExitStack() as stack:
        uploads = [
            library.Upload(
                stack.enter_context(storage.path(row.storage_key).open("rb")), row.filename
            )
            for row in chosen
        ]
        resource = library.submit_resource(user, meta, uploads).resource
    publication = StudyPublication(
        study_id=study.id, resource_id=resource.id, published_by_id=user.id
    )
    db.session.add(publication)
    db.session.flush()
    audit.record(LessonStudyAction.PUBLISH, study, actor=user, detail=str(resource.id))
    return publication
