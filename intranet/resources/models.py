"""Resource library tables: resources, their numbered versions with files, review decisions.

A resource keeps its current metadata and status; each submission (the first and every
revision) is a ``ResourceVersion`` with its own files, so the history stays when a teacher
revises. Files point at the store by content address (``storage_key``); one stored file may
serve several rows. Lists stay constant-time: the library filters and sorts on columns of
``resource`` alone (indexed), and the resource carries its ``download_count``.
"""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.db import str_enum, utcnow
from ..extensions import db


class _Labelled(enum.StrEnum):
    @property
    def label(self) -> str:
        return str(LABELS[self])


class ResourceStatus(_Labelled):
    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    CHANGES = "changes"


class ResourceKind(_Labelled):
    LESSON_PLAN = "lesson_plan"
    PRESENTATION = "presentation"
    WORKSHEET = "worksheet"
    ASSESSMENT = "assessment"
    VIDEO = "video"
    ARTICLE = "article"
    OTHER = "other"


class Subject(_Labelled):
    KAZAKH = "kazakh"
    KAZAKH_LITERATURE = "kazakh_lit"
    RUSSIAN = "russian"
    ENGLISH = "english"
    MATHEMATICS = "mathematics"
    PHYSICS = "physics"
    CHEMISTRY = "chemistry"
    BIOLOGY = "biology"
    GEOGRAPHY = "geography"
    HISTORY = "history"
    INFORMATICS = "informatics"
    PRIMARY = "primary"
    ARTS = "arts"
    MANAGEMENT = "management"
    OTHER = "other"


class ResourceLanguage(_Labelled):
    KAZAKH = "kk"
    RUSSIAN = "ru"
    ENGLISH = "en"


class Licence(_Labelled):
    CC_BY = "cc_by_4"
    ALL_RIGHTS = "all_rights"


class Decision(_Labelled):
    APPROVE = "approve"
    REJECT = "reject"
    CHANGES = "changes"


LABELS = {
    ResourceStatus.PENDING: _l("Pending review"),
    ResourceStatus.APPROVED: _l("Approved"),
    ResourceStatus.REJECTED: _l("Rejected"),
    ResourceStatus.CHANGES: _l("Changes requested"),
    ResourceKind.LESSON_PLAN: _l("Lesson plan"),
    ResourceKind.PRESENTATION: _l("Presentation"),
    ResourceKind.WORKSHEET: _l("Worksheet"),
    ResourceKind.ASSESSMENT: _l("Assessment"),
    ResourceKind.VIDEO: _l("Video"),
    ResourceKind.ARTICLE: _l("Article"),
    ResourceKind.OTHER: _l("Other"),
    Subject.KAZAKH: _l("Kazakh language"),
    Subject.KAZAKH_LITERATURE: _l("Kazakh literature"),
    Subject.RUSSIAN: _l("Russian language and literature"),
    Subject.ENGLISH: _l("English language"),
    Subject.MATHEMATICS: _l("Mathematics"),
    Subject.PHYSICS: _l("Physics"),
    Subject.CHEMISTRY: _l("Chemistry"),
    Subject.BIOLOGY: _l("Biology"),
    Subject.GEOGRAPHY: _l("Geography"),
    Subject.HISTORY: _l("History"),
    Subject.INFORMATICS: _l("Computer science"),
    Subject.PRIMARY: _l("Primary school"),
    Subject.ARTS: _l("Arts and music"),
    Subject.MANAGEMENT: _l("School management"),
    Subject.OTHER: _l("Other subject"),
    ResourceLanguage.KAZAKH: _l("Kazakh"),
    ResourceLanguage.RUSSIAN: _l("Russian"),
    ResourceLanguage.ENGLISH: _l("English"),
    Licence.CC_BY: _l("CC BY 4.0 (others may share and adapt it, naming the author)"),
    Licence.ALL_RIGHTS: _l("All rights reserved"),
    Decision.APPROVE: _l("Approved"),
    Decision.REJECT: _l("Rejected"),
    Decision.CHANGES: _l("Changes requested"),
}


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
