"""Who may read and write which Lesson Study: the feature's permissions, registered into the one
``can()`` (``accounts.permissions``); ``StudyScope``, the one decision behind ``lessonstudy.view``
(``allows``) and the lists of studies (``clause``); and the loaders: a study the signed-in
person may not read answers 404, exactly like one that does not exist.

A study is read by its team, by the coordination centre, and, once shared, by the members of
the study's network (through their school or a membership row, ``network.membership``).
"""

from __future__ import annotations

from flask_login import current_user
from sqlalchemy import false, or_, true
from sqlalchemy.orm import joinedload, selectinload

from ..accounts.models import User
from ..accounts.permissions import can, is_staff, permission, require, visible_or_404
from ..extensions import db
from ..network.membership import member_network_ids
from .models import LessonStudy, ResearchLesson, StudyMember, StudyStatus


class StudyScope:
    """The studies one person may read. The networks they belong to are looked up only when a
    decision needs them, once per request (``member_network_ids``)."""

    def __init__(self, user):
        self.user = user
        self.everything = is_staff(user)

    @property
    def network_ids(self) -> frozenset[int]:
        return member_network_ids(self.user)

    def allows(self, study: LessonStudy) -> bool:
        """Needs the study's ``members`` loaded (the loaders below load them)."""
        if study.has_member(self.user) or self.everything:
            return True
        if not study.shared or study.network_id is None:
            return False
        return study.network_id in self.network_ids

    def team_clause(self):
        """A WHERE clause on ``LessonStudy``: the studies whose team the person is on."""
        team = db.select(StudyMember.study_id).where(StudyMember.user_id == self.user.id)
        return LessonStudy.id.in_(team)

    def clause(self):
        """A WHERE clause on ``LessonStudy`` that keeps what ``allows`` allows."""
        if self.everything:
            return true()
        ids = self.network_ids
        shared = LessonStudy.shared.is_(True) & (
            LessonStudy.network_id.in_(ids) if ids else false()
        )
        return or_(shared, self.team_clause())


def scope_for(user) -> StudyScope:
    return StudyScope(user)


# --- Permissions ------------------------------------------------------------------------------


@permission("lessonstudy.create")
def _create_lesson_study(user: User, _obj) -> bool:
    """Anyone who works in a school keeps Lesson Study logs (the study belongs to that school)."""
    return user.school_id is not None


@permission("lessonstudy.view")
def _view_lesson_study(user: User, study) -> bool:
    """The team; once shared, the members of the study's network; the coordination centre."""
    return scope_for(user).allows(study)


@permission("lessonstudy.write")
def _write_lesson_study(user: User, study) -> bool:
    """Only the team writes: lessons, predictions, notes, interviews, discussion."""
    return study.has_member(user)


@permission("lessonstudy.lead")
def _lead_lesson_study(user: User, study) -> bool:
    """The team's lead changes the team, the status and whether the network may read it."""
    return study.lead_id == user.id and study.has_member(user)


@permission("lessonstudy.publish")
def _publish_lesson_study(user: User, study) -> bool:
    """The lead sends a completed study's report to the library's review."""
    return _lead_lesson_study(user, study) and study.status == StudyStatus.COMPLETED


# --- Loaders ----------------------------------------------------------------------------------


def _study_query(study_id: int):
    return (
        db.select(LessonStudy)
        .where(LessonStudy.id == study_id)
        .options(selectinload(LessonStudy.members).joinedload(StudyMember.user))
    )


def _require(study: LessonStudy | None, action: str) -> None:
    """404 unless the person may read ``study``, then 403 unless they may do ``action`` (a
    reader who may not write learns nothing new: the study's existence is no secret to them)."""
    visible_or_404(study, "lessonstudy.view")
    if action != "lessonstudy.view":
        require(current_user, action, study)


def study_or_404(study_id: int, action: str = "lessonstudy.view") -> LessonStudy:
    """The study with its team loaded, under the policy."""
    study = db.session.scalar(_study_query(study_id))
    _require(study, action)
    return study


def lesson_or_404(lesson_id: int, action: str = "lessonstudy.view") -> ResearchLesson:
    """A research lesson with its study and team, loaded in the lesson's query and held by
    ``lesson.study``, under the same permission as its study."""
    lesson = db.session.scalar(
        db.select(ResearchLesson)
        .where(ResearchLesson.id == lesson_id)
        .options(
            joinedload(ResearchLesson.study)
            .selectinload(LessonStudy.members)
            .joinedload(StudyMember.user)
        )
    )
    _require(lesson.study if lesson is not None else None, action)
    return lesson


def may(action: str, study: LessonStudy) -> bool:
    return can(current_user, action, study)
