"""Loading Lesson Study objects for a view with the policy applied: a study the signed-in
person may not read answers 404, exactly like one that does not exist."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import selectinload

from ..accounts.permissions import can, require
from ..extensions import db
from .models import LessonStudy, ResearchLesson, StudyMember


def _study_query(study_id: int):
    return (
        db.select(LessonStudy)
        .where(LessonStudy.id == study_id)
        .options(selectinload(LessonStudy.members).joinedload(StudyMember.user))
    )


def study_or_404(study_id: int, action: str = "lessonstudy.view") -> LessonStudy:
    """The study with its team loaded; 404 unless the person may read it, then ``action``
    (a reader who may not write gets 403: the study's existence is no secret to them)."""
    study = db.session.scalar(_study_query(study_id))
    if study is None:
        abort(404)
    require(current_user, "lessonstudy.view", study, hide=True)
    if action != "lessonstudy.view":
        require(current_user, action, study)
    return study


def lesson_or_404(lesson_id: int, action: str = "lessonstudy.view") -> ResearchLesson:
    """A research lesson (its study and team loaded), under the same rule as its study."""
    lesson = db.session.get(ResearchLesson, lesson_id)
    if lesson is None:
        abort(404)
    study_or_404(lesson.study_id, action)
    return lesson


def may(action: str, study: LessonStudy) -> bool:
    return can(current_user, action, study)
