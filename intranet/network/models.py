"""The map of the network (DESIGN §1): regions, districts, schools, universities, networks of
four kinds, the schools in each network, working groups and the people in them."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.db import str_enum, utcnow
from ..extensions import db

#: One leading school for at most ten partner schools (the support-school regulation, seed 004).
MAX_PARTNER_SCHOOLS = 10


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


class InstructionLanguage(enum.StrEnum):
    KAZAKH = "kk"
    RUSSIAN = "ru"
    MIXED = "mixed"
    ENGLISH = "en"

    @property
    def label(self) -> str:
        return str(INSTRUCTION_LANGUAGE_LABELS[self])


INSTRUCTION_LANGUAGE_LABELS = {
    InstructionLanguage.KAZAKH: _l("Kazakh"),
    InstructionLanguage.RUSSIAN: _l("Russian"),
    InstructionLanguage.MIXED: _l("Kazakh and Russian"),
    InstructionLanguage.ENGLISH: _l("English"),
}


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


class NetworkKind(enum.StrEnum):
    LEADING_SCHOOL = "leading_school"
    COMMUNITY = "community"
    LEAGUE = "league"
    UNIVERSITY_PARTNERSHIP = "university"

    @property
    def label(self) -> str:
        return str(NETWORK_KIND_LABELS[self])


NETWORK_KIND_LABELS = {
    NetworkKind.LEADING_SCHOOL: _l("Leading school and partner schools"),
    NetworkKind.COMMUNITY: _l("Professional learning community"),
    NetworkKind.LEAGUE: _l("Directors' league"),
    NetworkKind.UNIVERSITY_PARTNERSHIP: _l("School–university partnership"),
}


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


class NetworkSchoolRole(enum.StrEnum):
    LEADING = "leading"
    PARTNER = "partner"
    MEMBER = "member"

    @property
    def label(self) -> str:
        return str(NETWORK_SCHOOL_ROLE_LABELS[self])


NETWORK_SCHOOL_ROLE_LABELS = {
    NetworkSchoolRole.LEADING: _l("Leading school"),
    NetworkSchoolRole.PARTNER: _l("Partner school"),
    NetworkSchoolRole.MEMBER: _l("Member school"),
}


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


class GroupKind(enum.StrEnum):
    PRIMARY = "primary"
    SUBJECT = "subject"
    PROBLEM = "problem"
    RESEARCH = "research"

    @property
    def label(self) -> str:
        return str(GROUP_KIND_LABELS[self])


GROUP_KIND_LABELS = {
    GroupKind.PRIMARY: _l("Primary school group"),
    GroupKind.SUBJECT: _l("Subject group"),
    GroupKind.PROBLEM: _l("Problem group"),
    GroupKind.RESEARCH: _l("Research group"),
}


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


class MembershipRole(enum.StrEnum):
    MEMBER = "member"
    LEAD = "lead"
    MENTOR = "mentor"

    @property
    def label(self) -> str:
        return str(MEMBERSHIP_ROLE_LABELS[self])


MEMBERSHIP_ROLE_LABELS = {
    MembershipRole.MEMBER: _l("Member"),
    MembershipRole.LEAD: _l("Lead"),
    MembershipRole.MENTOR: _l("Mentor"),
}


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
