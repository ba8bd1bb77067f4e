"""The map of the network (DESIGN §1): regions, districts, schools, universities, networks of
four kinds, the schools in each network, working groups and the people in them."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import AuditAction
from ..core.db import str_enum, utcnow
from ..core.labels import LabelledEnum
from ..extensions import db

#: One leading school for at most ten partner schools (the support-school regulation, seed 004).
MAX_PARTNER_SCHOOLS = 10


class NetworkAction(AuditAction):
    """What the audit log records of the network map."""

    REGION_CREATED = "network.region_created", _l("Added a region")
    REGION_RENAMED = "network.region_renamed", _l("Renamed a region")
    DISTRICT_ADDED = "network.district_added", _l("Added a district")
    DISTRICT_RENAMED = "network.district_renamed", _l("Renamed a district")
    UNIVERSITY_CREATED = "network.university_created", _l("Added a university")
    UNIVERSITY_UPDATED = "network.university_updated", _l("Edited a university")
    SCHOOL_CREATED = "network.school_created", _l("Added a school")
    SCHOOL_UPDATED = "network.school_updated", _l("Edited a school")
    SCHOOL_ARCHIVED = "network.school_archived", _l("Archived a school")
    SCHOOL_UNARCHIVED = "network.school_unarchived", _l("Brought a school back from the archive")
    CREATED = "network.created", _l("Created a network")
    UPDATED = "network.updated", _l("Edited a network")
    ARCHIVED = "network.archived", _l("Archived a network")
    UNARCHIVED = "network.unarchived", _l("Brought a network back from the archive")
    SCHOOL_ADDED = "network.school_added", _l("Added a school to a network")
    SCHOOL_REMOVED = "network.school_removed", _l("Removed a school from a network")
    GROUP_CREATED = "network.group_created", _l("Created a working group")
    GROUP_UPDATED = "network.group_updated", _l("Edited a working group")
    GROUP_ARCHIVED = "network.group_archived", _l("Archived a working group")
    GROUP_UNARCHIVED = (
        "network.group_unarchived",
        _l("Brought a working group back from the archive"),
    )
    MEMBER_ADDED = "network.member_added", _l("Added a person to a network")
    MEMBER_REMOVED = "network.member_removed", _l("Removed a person from a network")


class Region(db.Model):
    """An oblast (or a city of republican significance)."""

    __tablename__ = "region"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)

    #: Not loaded with every region (each school, network and person joins its region):
    #: pages that list districts ask for them with ``selectinload``.
    districts = relationship(
        "District", back_populates="region", order_by="District.name", lazy="raise"
    )


class District(db.Model):
    """An audan, or a city inside a region."""

    __tablename__ = "district"
    __table_args__ = (UniqueConstraint("region_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("region.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(120))

    region = relationship("Region", back_populates="districts", lazy="joined")


class InstructionLanguage(LabelledEnum):
    KAZAKH = "kk", _l("Kazakh")
    RUSSIAN = "ru", _l("Russian")
    MIXED = "mixed", _l("Kazakh and Russian")
    ENGLISH = "en", _l("English")


class School(db.Model):
    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(16), default="")
    name: Mapped[str] = mapped_column(String(200))
    district_id: Mapped[int] = mapped_column(
        ForeignKey("district.id", ondelete="RESTRICT"), index=True
    )
    is_rural: Mapped[bool] = mapped_column(default=False)
    instruction_language: Mapped[InstructionLanguage] = mapped_column(
        str_enum(InstructionLanguage), default=InstructionLanguage.KAZAKH
    )
    #: Lower-cased "number name" for the school picker's search.
    search_key: Mapped[str] = mapped_column(String(240), default="", index=True)
    archived: Mapped[bool] = mapped_column(default=False)

    district = relationship("District", lazy="joined")

    @property
    def display_name(self) -> str:
        return self.name


class University(db.Model):
    """A higher-education partner of a school (the «Мектеп–ЖОМ» model, seed 000)."""

    __tablename__ = "university"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id", ondelete="SET NULL"))

    region = relationship("Region", lazy="joined")


class NetworkKind(LabelledEnum):
    LEADING_SCHOOL = "leading_school", _l("Leading school and partner schools")
    COMMUNITY = "community", _l("Professional learning community")
    LEAGUE = "league", _l("Directors' league")
    UNIVERSITY_PARTNERSHIP = "university", _l("School–university partnership")


class Network(db.Model):
    __tablename__ = "network"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[NetworkKind] = mapped_column(str_enum(NetworkKind, 24))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    region_id: Mapped[int | None] = mapped_column(ForeignKey("region.id", ondelete="SET NULL"))
    university_id: Mapped[int | None] = mapped_column(
        ForeignKey("university.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived: Mapped[bool] = mapped_column(default=False)

    region = relationship("Region", lazy="joined")
    university = relationship("University", lazy="joined")
    schools = relationship(
        "NetworkSchool", back_populates="network", cascade="all, delete-orphan", lazy="raise"
    )
    groups = relationship(
        "WorkingGroup", back_populates="network", cascade="all, delete-orphan", lazy="raise"
    )


class NetworkSchoolRole(LabelledEnum):
    LEADING = "leading", _l("Leading school")
    PARTNER = "partner", _l("Partner school")
    MEMBER = "member", _l("Member school")


class NetworkSchool(db.Model):
    """A school's place in a network: the leading school, a partner, or a member."""

    __tablename__ = "network_school"
    __table_args__ = (UniqueConstraint("network_id", "school_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    role: Mapped[NetworkSchoolRole] = mapped_column(str_enum(NetworkSchoolRole))
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    network = relationship("Network", back_populates="schools", lazy="joined")
    school = relationship("School", lazy="joined")


class GroupKind(LabelledEnum):
    PRIMARY = "primary", _l("Primary school group")
    SUBJECT = "subject", _l("Subject group")
    PROBLEM = "problem", _l("Problem group")
    RESEARCH = "research", _l("Research group")


class WorkingGroup(db.Model):
    """A working group inside a network (seed 004: primary, subject, problem, research)."""

    __tablename__ = "working_group"
    __table_args__ = (UniqueConstraint("network_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[GroupKind] = mapped_column(str_enum(GroupKind))
    archived: Mapped[bool] = mapped_column(default=False)

    network = relationship("Network", back_populates="groups", lazy="joined")


class MembershipRole(LabelledEnum):
    MEMBER = "member", _l("Member")
    LEAD = "lead", _l("Lead")
    MENTOR = "mentor", _l("Mentor")


class Membership(db.Model):
    """A person in a network (``group_id`` empty) or in one of its working groups.

    Teachers belong to the networks of their school without a row here; a row adds people from
    outside those schools (trainers, university staff) and marks leads.
    """

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("user_id", "network_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    group_id: Mapped[int | None] = mapped_column(
        ForeignKey("working_group.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[MembershipRole] = mapped_column(
        str_enum(MembershipRole), default=MembershipRole.MEMBER
    )
    joined_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User", lazy="joined")
    network = relationship("Network", lazy="joined")
    group = relationship("WorkingGroup", lazy="joined")
