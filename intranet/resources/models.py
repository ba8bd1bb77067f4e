"""Resource library tables: resources, their numbered versions with files, review decisions.

A resource keeps its current metadata and status; each submission (the first and every
revision) is a ``ResourceVersion`` with its own files, so the history stays when a teacher
revises. Files point at the store by content address (``storage_key``); one stored file may
serve several rows. Lists stay constant-time: the library filters and sorts on columns of
``resource`` alone (indexed), and the resource carries its ``download_count``.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext as _lp
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import AuditAction
from ..core.db import str_enum, utcnow
from ..core.labels import LabelledEnum
from ..extensions import db


class ResourceStatus(LabelledEnum):
    PENDING = "pending", _l("Pending review")
    APPROVED = "approved", _l("Approved")
    REJECTED = "rejected", _l("Rejected")
    CHANGES = "changes", _l("Changes requested")


class ResourceKind(LabelledEnum):
    LESSON_PLAN = "lesson_plan", _l("Lesson plan")
    PRESENTATION = "presentation", _l("Presentation")
    WORKSHEET = "worksheet", _l("Worksheet")
    ASSESSMENT = "assessment", _l("Assessment")
    VIDEO = "video", _l("Video")
    ARTICLE = "article", _l("Article")
    OTHER = "other", _lp("resource kind", "Other")


class Subject(LabelledEnum):
    KAZAKH = "kazakh", _l("Kazakh language")
    KAZAKH_LITERATURE = "kazakh_lit", _l("Kazakh literature")
    RUSSIAN = "russian", _l("Russian language and literature")
    ENGLISH = "english", _l("English language")
    MATHEMATICS = "mathematics", _l("Mathematics")
    PHYSICS = "physics", _l("Physics")
    CHEMISTRY = "chemistry", _l("Chemistry")
    BIOLOGY = "biology", _l("Biology")
    GEOGRAPHY = "geography", _l("Geography")
    HISTORY = "history", _l("History")
    INFORMATICS = "informatics", _l("Computer science")
    PRIMARY = "primary", _l("Primary school")
    ARTS = "arts", _l("Arts and music")
    MANAGEMENT = "management", _l("School management")
    OTHER = "other", _l("Other subject")


class ResourceLanguage(LabelledEnum):
    KAZAKH = "kk", _l("Kazakh")
    RUSSIAN = "ru", _l("Russian")
    ENGLISH = "en", _l("English")


class Licence(LabelledEnum):
    CC_BY = "cc_by_4", _l("CC BY 4.0 (others may share and adapt it, naming the author)")
    ALL_RIGHTS = "all_rights", _l("All rights reserved")


class Decision(LabelledEnum):
    APPROVE = "approve", _l("Approved")
    REJECT = "reject", _l("Rejected")
    CHANGES = "changes", _l("Changes requested")


class ResourceAction(AuditAction):
    """What the audit log records of the resource library."""

    SUBMIT = "resources.submit", _l("Submitted a resource for review")
    REVISE = "resources.revise", _l("Sent a revised resource for review")
    APPROVE = "resources.approve", _l("Approved a resource")
    REJECT = "resources.reject", _l("Rejected a resource")
    CHANGES = "resources.changes", _l("Asked for changes to a resource")


class Resource(db.Model):
    """One teaching material, with its current version's metadata and its review status."""

    __tablename__ = "resource"
    __table_args__ = (
        Index("ix_resource_listing", "status", "published_at"),
        Index("ix_resource_popular", "status", "download_count"),
        Index("ix_resource_queue", "status", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    subject: Mapped[Subject] = mapped_column(str_enum(Subject))
    grade_from: Mapped[int] = mapped_column(default=1)
    grade_to: Mapped[int] = mapped_column(default=11)
    language: Mapped[ResourceLanguage] = mapped_column(str_enum(ResourceLanguage))
    kind: Mapped[ResourceKind] = mapped_column(str_enum(ResourceKind))
    licence: Mapped[Licence] = mapped_column(str_enum(Licence), default=Licence.CC_BY)
    network_id: Mapped[int | None] = mapped_column(
        ForeignKey("network.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    #: The author's school when they submitted (a teacher may move later).
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    status: Mapped[ResourceStatus] = mapped_column(
        str_enum(ResourceStatus), default=ResourceStatus.PENDING
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    published_at: Mapped[datetime | None]
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    download_count: Mapped[int] = mapped_column(default=0)
    #: The publication certificate's verification code, given on first approval.
    certificate_code: Mapped[str | None] = mapped_column(String(24), unique=True)

    author = relationship("User", foreign_keys=[author_id], lazy="raise")
    reviewer = relationship("User", foreign_keys=[reviewer_id], lazy="raise")
    school = relationship("School", lazy="raise")
    network = relationship("Network", lazy="raise")

    @property
    def grades_label(self) -> str:
        if self.grade_from == self.grade_to:
            return str(self.grade_from)
        return f"{self.grade_from}–{self.grade_to}"


class ResourceVersion(db.Model):
    """One submission of a resource: number 1 is the first upload, then each revision."""

    __tablename__ = "resource_version"
    __table_args__ = (UniqueConstraint("resource_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(ForeignKey("resource.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class ResourceFile(db.Model):
    """A file of one version; ``storage_key`` addresses the stored bytes."""

    __tablename__ = "resource_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[int] = mapped_column(
        ForeignKey("resource_version.id", ondelete="CASCADE"), index=True
    )
    storage_key: Mapped[str] = mapped_column(String(64), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    file_type: Mapped[str] = mapped_column(String(8))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    has_thumbnail: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(default=0)


class ResourceDecision(db.Model):
    """A moderator's decision on one version, with its reason or comment."""

    __tablename__ = "resource_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    resource_id: Mapped[int] = mapped_column(
        ForeignKey("resource.id", ondelete="CASCADE"), index=True
    )
    version_number: Mapped[int]
    decision: Mapped[Decision] = mapped_column(str_enum(Decision))
    comment: Mapped[str] = mapped_column(Text, default="")
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reviewer = relationship("User", foreign_keys=[reviewer_id], lazy="raise")
