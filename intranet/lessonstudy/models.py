"""Lesson Study tables (issue #6): a study and its team, case pupils, research lessons with
their stages and predictions, observation notes, pupil interviews.

Every observation note is its own row, keyed by a UUID the observer's browser generates: a
note sent twice (a retry after a dropped connection) is stored once, and several observers
writing at the same moment never touch each other's rows. Pupils appear only as codes.
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import AuditAction
from ..core.db import str_enum, utcnow
from ..core.labels import LabelledEnum
from ..extensions import db

#: Case pupils per study (issue #6: two to four, named A, B, C, D).
MIN_PUPILS = 2
MAX_PUPILS = 4
PUPIL_CODES = "ABCD"
#: Stages of one research lesson (the rows of its prediction grid).
MAX_STAGES = 8
#: Studies on one page of a list.
STUDIES_PER_PAGE = 20


class StudyStatus(LabelledEnum):
    PLANNING = "planning", _l("Planning")
    RESEARCH = "research", _l("Research lessons")
    ANALYSIS = "analysis", _l("Analysis")
    COMPLETED = "completed", _l("Completed")


class LessonStudyAction(AuditAction):
    """What the audit log records of Lesson Studies."""

    CREATE = "lessonstudy.create", _l("Started a Lesson Study")
    EDIT = "lessonstudy.edit", _l("Edited a Lesson Study")
    ADD_MEMBER = "lessonstudy.add_member", _l("Added a member to a Lesson Study team")
    REMOVE_MEMBER = "lessonstudy.remove_member", _l("Removed a member from a Lesson Study team")
    ADD_PUPIL = "lessonstudy.add_pupil", _l("Added a case pupil")
    REMOVE_PUPIL = "lessonstudy.remove_pupil", _l("Removed a case pupil")
    STATUS = "lessonstudy.status", _l("Changed the status of a Lesson Study")
    SHARE = "lessonstudy.share", _l("Shared a Lesson Study with the network")
    UNSHARE = "lessonstudy.unshare", _l("Stopped sharing a Lesson Study with the network")
    ADD_LESSON = "lessonstudy.add_lesson", _l("Added a research lesson")
    EDIT_LESSON = "lessonstudy.edit_lesson", _l("Edited a research lesson")
    PREDICTIONS = "lessonstudy.predictions", _l("Saved the predictions for a research lesson")
    OBSERVE = "lessonstudy.observe", _l("Wrote an observation note")
    DEBRIEF = (
        "lessonstudy.debrief",
        _l("Saved the interviews and discussion after a research lesson"),
    )
    ATTACH_PLAN = "lessonstudy.attach_plan", _l("Attached a lesson plan")
    REMOVE_PLAN = "lessonstudy.remove_plan", _l("Removed a lesson plan")
    PUBLISH = "lessonstudy.publish", _l("Published a Lesson Study in the resource library")


class LessonStudy(db.Model):
    __tablename__ = "lesson_study"
    __table_args__ = (Index("ix_lesson_study_school_status", "school_id", "status"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    subject: Mapped[str] = mapped_column(String(120))
    #: The subject case-folded in Python, for the list's filter (SQLite's ``lower()`` leaves
    #: Kazakh and Russian letters as they are).
    subject_key: Mapped[str] = mapped_column(String(120), default="", index=True)
    grade: Mapped[str] = mapped_column(String(20))
    focus: Mapped[str] = mapped_column(Text)
    research_question: Mapped[str] = mapped_column(Text)
    objective: Mapped[str] = mapped_column(Text)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"))
    #: The network whose members read the study once it is shared (and whose schools the
    #: team may come from); empty: a study of one school.
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="SET NULL"), index=True
    )
    lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    status: Mapped[StudyStatus] = mapped_column(str_enum(StudyStatus), default=StudyStatus.PLANNING)
    shared: Mapped[bool] = mapped_column(default=False)
    reflection: Mapped[str] = mapped_column(Text, default="")
    reflection_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    completed_at: Mapped[datetime | None]

    school = relationship("School", lazy="joined", innerjoin=True)
    network = relationship("Network", lazy="joined")
    lead = relationship("User", lazy="joined")
    members = relationship(
        "StudyMember", back_populates="study", cascade="all, delete-orphan", lazy="raise"
    )

    def has_member(self, user) -> bool:
        """True when ``user`` is on the team (needs ``members`` loaded)."""
        return any(member.user_id == user.id for member in self.members)


class StudyMember(db.Model):
    """A teacher on a study's team. The lead has a row too."""

    __tablename__ = "lesson_study_member"
    __table_args__ = (UniqueConstraint("study_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("lesson_study.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    study = relationship("LessonStudy", back_populates="members", lazy="raise")
    user = relationship("User", lazy="raise")


class CasePupil(db.Model):
    """A pupil the team follows, known only by a code and why they were chosen."""

    __tablename__ = "lesson_study_pupil"
    __table_args__ = (UniqueConstraint("study_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("lesson_study.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(1))
    reason: Mapped[str] = mapped_column(String(300))


class ResearchLesson(db.Model):
    """One taught lesson of the cycle, numbered 1..N in its study."""

    __tablename__ = "research_lesson"
    __table_args__ = (UniqueConstraint("study_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(ForeignKey("lesson_study.id", ondelete="CASCADE"))
    number: Mapped[int]
    taught_on: Mapped[date]
    teacher_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    class_name: Mapped[str] = mapped_column(String(40))
    plan: Mapped[str] = mapped_column(Text, default="")
    plan_html: Mapped[str] = mapped_column(Text, default="")
    discussion: Mapped[str] = mapped_column(Text, default="")
    discussion_html: Mapped[str] = mapped_column(Text, default="")
    changes: Mapped[str] = mapped_column(Text, default="")
    changes_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    study = relationship("LessonStudy", lazy="joined", innerjoin=True)
    teacher = relationship("User", lazy="joined")


class LessonStage(db.Model):
    """A stage of a research lesson (warm-up, new material, ...), in teaching order."""

    __tablename__ = "research_lesson_stage"
    __table_args__ = (UniqueConstraint("lesson_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("research_lesson.id", ondelete="CASCADE"))
    position: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))


class Prediction(db.Model):
    """What the team expects one case pupil to do at one stage of a lesson."""

    __tablename__ = "research_lesson_prediction"
    __table_args__ = (UniqueConstraint("stage_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    stage_id: Mapped[int] = mapped_column(
        ForeignKey("research_lesson_stage.id", ondelete="CASCADE")
    )
    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("lesson_study_pupil.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)


class Observation(db.Model):
    """One observer's note on one case pupil at one stage, time-stamped when it was started."""

    __tablename__ = "lesson_observation"
    __table_args__ = (Index("ix_lesson_observation_lesson", "lesson_id", "noted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Made by the observer's browser (or the server without JS): a resend is the same note.
    client_uuid: Mapped[str] = mapped_column(String(36), unique=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("research_lesson.id", ondelete="CASCADE"))
    stage_id: Mapped[int] = mapped_column(
        ForeignKey("research_lesson_stage.id", ondelete="CASCADE"), index=True
    )
    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("lesson_study_pupil.id", ondelete="CASCADE"), index=True
    )
    observer_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    #: When the observer tapped to start the note (the lesson's clock, not the upload's).
    noted_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    observer = relationship("User", lazy="joined")


class PupilInterview(db.Model):
    """Notes of the conversation with one case pupil after one lesson."""

    __tablename__ = "lesson_pupil_interview"
    __table_args__ = (UniqueConstraint("lesson_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("research_lesson.id", ondelete="CASCADE"))
    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("lesson_study_pupil.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class LessonPlanFile(db.Model):
    """The file attached to a research lesson's plan (one per lesson), kept in the resource
    library's store by content address; the bytes may be shared with library files."""

    __tablename__ = "research_lesson_plan_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(
        ForeignKey("research_lesson.id", ondelete="CASCADE"), unique=True
    )
    storage_key: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    file_type: Mapped[str] = mapped_column(String(8))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StudyPublication(db.Model):
    """The one library resource a completed study was published as (both sides unique, so a
    second "Publish" finds this row instead of making another resource)."""

    __tablename__ = "lesson_study_publication"

    id: Mapped[int] = mapped_column(primary_key=True)
    study_id: Mapped[int] = mapped_column(
        ForeignKey("lesson_study.id", ondelete="CASCADE"), unique=True
    )
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), unique=True
    )
    published_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    resource = relationship("Resource", lazy="joined", innerjoin=True)
