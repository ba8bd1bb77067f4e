"""Essay tables: cycles (one monthly reflection of a network), one essay per member per cycle,
every submitted version of it, and the feedback and comments it receives.

An essay is one row per ``(cycle_id, author_id)``: the unique constraint is what makes a double
submission from two tabs or a slow phone create one essay. Each submission adds an
``EssayVersion``; withdrawing turns the essay back into a draft and keeps the versions.
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

#: About ten sentences, as the «ШЫҢ» cyclogram asks (seed 003).
DEFAULT_EXPECTED_SENTENCES = 10
#: Essays shown on one page of a cycle; schools on one page of the tracking table.
ESSAYS_PER_PAGE = 25
SCHOOLS_PER_PAGE = 25
#: The longest essay accepted (characters); ten sentences are about a thousand.
MAX_ESSAY_LENGTH = 20_000


class CycleVisibility(LabelledEnum):
    """Who reads the submitted essays of a cycle besides their authors."""

    COMMUNITY = "community", _l("The whole community")
    REVIEWERS = "reviewers", _l("Only reviewers and the author")


class EssayStatus(LabelledEnum):
    DRAFT = "draft", _l("Draft")
    SUBMITTED = "submitted", _l("Submitted")


class EssayLanguage(LabelledEnum):
    """The language an essay is written in, guessed from its letters when it is saved."""

    KAZAKH = "kk", _l("Kazakh")
    RUSSIAN = "ru", _l("Russian")
    ENGLISH = "en", _l("English")


class Standing(LabelledEnum):
    """Where a member stands in a cycle, for tracking and filters."""

    ON_TIME = "on_time", _l("On time")
    LATE = "late", _l("Late")
    DRAFT = "draft", _l("Draft only")
    MISSING = "missing", _l("Missing")


class EssayAction(AuditAction):
    """What the audit log records of essays."""

    CREATE_CYCLE = "essays.create_cycle", _l("Opened an essay cycle")
    SUBMIT = "essays.submit", _l("Submitted an essay")
    WITHDRAW = "essays.withdraw", _l("Withdrew an essay")
    FEEDBACK = "essays.feedback", _l("Gave feedback on an essay")
    COMMENT = "essays.comment", _l("Commented on an essay")


class EssayCycle(db.Model):
    """One round of essays in a network: the prompt and its three dates.

    Submissions are on time up to and including ``due_on``, late up to and including
    ``cutoff_on`` and refused after it (dates in the network's time zone, Asia/Almaty).
    """

    __tablename__ = "essay_cycle"
    __table_args__ = (Index("ix_essay_cycle_network_due", "network_id", "due_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    title: Mapped[str] = mapped_column(String(200))
    prompt: Mapped[str] = mapped_column(Text, default="")
    prompt_html: Mapped[str] = mapped_column(Text, default="")
    opens_on: Mapped[date]
    due_on: Mapped[date]
    cutoff_on: Mapped[date]
    expected_sentences: Mapped[int] = mapped_column(default=DEFAULT_EXPECTED_SENTENCES)
    visibility: Mapped[CycleVisibility] = mapped_column(
        str_enum(CycleVisibility), default=CycleVisibility.COMMUNITY
    )
    #: Cycles made together by ``create_monthly_series`` share a key (e.g. "2026-2027").
    series: Mapped[str] = mapped_column(String(32), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    network = relationship("Network", lazy="joined", innerjoin=True)


class Essay(db.Model):
    """A member's essay in a cycle: the current text (draft or submitted) and its state."""

    __tablename__ = "essay"
    __table_args__ = (
        UniqueConstraint("cycle_id", "author_id"),
        Index("ix_essay_author", "author_id", "cycle_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cycle_id: Mapped[int] = mapped_column(ForeignKey("essay_cycle.id", ondelete="CASCADE"))
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"))
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[EssayLanguage] = mapped_column(
        str_enum(EssayLanguage), default=EssayLanguage.KAZAKH
    )
    status: Mapped[EssayStatus] = mapped_column(
        str_enum(EssayStatus), default=EssayStatus.DRAFT, index=True
    )
    sentence_count: Mapped[int] = mapped_column(default=0)
    word_count: Mapped[int] = mapped_column(default=0)
    saved_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    late: Mapped[bool] = mapped_column(default=False)
    #: How many versions were submitted (withdrawn ones included).
    version_count: Mapped[int] = mapped_column(default=0)

    cycle = relationship("EssayCycle", lazy="joined", innerjoin=True)
    author = relationship("User", lazy="raise")

    @property
    def standing(self) -> Standing:
        if self.status == EssayStatus.SUBMITTED:
            return Standing.LATE if self.late else Standing.ON_TIME
        return Standing.DRAFT


class EssayVersion(db.Model):
    """The text of one submission, kept when the essay is withdrawn and submitted again."""

    __tablename__ = "essay_version"
    __table_args__ = (UniqueConstraint("essay_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    essay_id: Mapped[int] = mapped_column(ForeignKey("essay.id", ondelete="CASCADE"))
    number: Mapped[int]
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    sentence_count: Mapped[int] = mapped_column(default=0)
    word_count: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    late: Mapped[bool] = mapped_column(default=False)
    withdrawn_at: Mapped[datetime | None]


class ResponseKind(LabelledEnum):
    FEEDBACK = "feedback", _l("Feedback")
    COMMENT = "comment", _l("Comment")


class EssayResponse(db.Model):
    """Written feedback from a reviewer, or a colleague's comment, on a submitted essay."""

    __tablename__ = "essay_response"
    __table_args__ = (Index("ix_essay_response_essay", "essay_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    essay_id: Mapped[int] = mapped_column(ForeignKey("essay.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    kind: Mapped[ResponseKind] = mapped_column(str_enum(ResponseKind))
    body: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author = relationship("User", lazy="raise")
