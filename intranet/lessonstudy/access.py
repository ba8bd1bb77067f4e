"""Loading Lesson Study objects for a view with the policy applied: a study the signed-in
person may not read answers 404, exactly like one that does not exist."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.permissions import can, require
from ..extensions import db
from .models import LessonStudy, ResearchLesson, StudyMember


def _study_query(study_id: int):
    return (
        db.select(LessonStudy)
        .where(LessonStudy.id == study_id)
        .options(selectinload(LessonStudy.members).joinedload(StudyMember.user))
    )


def _require(study: LessonStudy | None, action: str) -> None:
    """404 unless the person may read ``study``, then 403 unless they may do ``action`` (a
    reader who may not write learns nothing new: the study's existence is no secret to them)."""
    if study is None:
        abort(404)
    require(current_user, "lessonstudy.view", study, hide=True)
    if action != "lessonstudy.view":
        require(current_user, action, study)


def study_or_404(study_id: int, action: str = "lessonstudy.view") -> LessonStudy:
    """The study with its team loaded, under the policy."""
    study = db.session.scalar(_study_query(study_id))
    _require(study, action)
    return study


def lesson_or_404(lesson_id: int, action: str = "lessonstudy.view") -> ResearchLesson:
    """A research lesson with its study and team, loaded in the lesson's query and held by
    ``lesson.study``, under the same rule as its study."""
    lesson = db.session.scalar(
        db.select(ResearchLesson)
        .where(ResearchLesson.id == lesson_id)
        .options(
            joinedload(ResearchLesson.study)
            .selectinload(LessonStudy.members)
            .joinedload(StudyMember.user)
        )
    )
    if lesson is None:
        abort(404)
    _require(lesson.study, action)
    return lesson


def may(action: str, study: LessonStudy) -> bool:
    return can(current_user, action, study)
