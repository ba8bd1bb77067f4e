"""The directions (бағыттар) of a directors' league: a school's area of practice that other
schools adopt, and the league's target (seeds 001, 002: 20 directions spread to 100 schools in a
year)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import AuditAction
from ..core.db import utcnow
from ..extensions import db


class DirectionAction(AuditAction):
    """What the audit log records of directions and leagues."""

    CREATE = "direction.create", _l("Created a direction")
    EDIT = "direction.edit", _l("Edited a direction")
    SET_TARGET = "direction.set_target", _l("Set a league's target")
    ADOPT = "direction.adopt", _l("Recorded that a school took up a direction")
    UNADOPT = "direction.unadopt", _l("Removed a school's uptake of a direction")


class Direction(db.Model):
    """An area of practice («IT studio», «20 books») owned by one school of the league."""

    __tablename__ = "direction"
    __table_args__ = (UniqueConstraint("network_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="RESTRICT"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))

    network = relationship("Network", lazy="joined", innerjoin=True)
    school = relationship("School", lazy="joined", innerjoin=True)


class DirectionAdoption(db.Model):
    """A school that took up a direction's practice, and the day it did."""

    __tablename__ = "direction_adoption"
    __table_args__ = (UniqueConstraint("direction_id", "school_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    direction_id: Mapped[int] = mapped_column(ForeignKey("direction.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    adopted_on: Mapped[date]
    note: Mapped[str] = mapped_column(String(300), default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    direction = relationship("Direction", lazy="raise")
    school = relationship("School", lazy="joined", innerjoin=True)


class LeagueTarget(db.Model):
    """What a league aims for by a day: so many directions, adopted by so many schools."""

    __tablename__ = "league_target"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), unique=True
    )
    directions: Mapped[int] = mapped_column(default=20)
    schools: Mapped[int] = mapped_column(default=100)
    due_on: Mapped[date]
