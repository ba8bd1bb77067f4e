"""Events of a network and the cyclogram that generates them (issue #7, parts 1–3).

Times are stored in UTC (naive, like every timestamp column) and entered and shown in
Asia/Almaty. A generated event remembers its cyclogram rule and the local date it was generated
for: the unique key on ``(rule_id, rule_date)`` makes a second generation create nothing new,
while the event itself stays editable. School years and their holidays are shared by every
network; terms are the stretches between the holidays.
"""

from __future__ import annotations

from datetime import date, datetime, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.audit import AuditAction
from ..core.db import str_enum, utcnow
from ..core.labels import LabelledEnum, LabelledIntEnum
from ..extensions import db

#: Events on one page of the upcoming list.
EVENTS_PER_PAGE = 20


class EventKind(LabelledEnum):
    ONLINE_DISCUSSION = "online_discussion", _l("Online discussion")
    SEMINAR = "seminar", _l("Seminar")
    WEBINAR = "webinar", _l("Webinar")
    MASTER_CLASS = "master_class", _l("Master class")
    COACHING = "coaching", _l("Coaching")
    ROUND_TABLE = "round_table", _l("Round table")
    MEETING = "meeting", _l("Face-to-face meeting")
    LEARNING_WALK = "learning_walk", _l("Learning walk")
    NETWORK_SESSION = "network_session", _l("Network session")
    CONFERENCE = "conference", _l("Conference")
    SURVEY = "survey", _l("Survey")
    #: A cyclogram row only, never an event: the network's monthly essay (essays feature).
    MONTHLY_ESSAY = "monthly_essay", _l("Monthly essay")


class Frequency(LabelledEnum):
    WEEKLY = "weekly", _l("Every week")
    BIWEEKLY = "biweekly", _l("Every two weeks")
    MONTHLY = "monthly", _l("Every month")
    BIMONTHLY = "bimonthly", _l("Every two months")
    QUARTERLY = "quarterly", _l("Every quarter")

    @property
    def months(self) -> int:
        """Months between occurrences (0 for the weekly rhythms)."""
        return {"monthly": 1, "bimonthly": 2, "quarterly": 3}.get(self.value, 0)


class Weekday(LabelledIntEnum):
    """A cyclogram rule's day of the week; Monday is 0, as in ``date.weekday()``."""

    MONDAY = 0, _l("Monday")
    TUESDAY = 1, _l("Tuesday")
    WEDNESDAY = 2, _l("Wednesday")
    THURSDAY = 3, _l("Thursday")
    FRIDAY = 4, _l("Friday")
    SATURDAY = 5, _l("Saturday")
    SUNDAY = 6, _l("Sunday")


class WeekOfMonth(LabelledIntEnum):
    """Which week of the month a monthly rhythm falls in; 5 means the last one."""

    FIRST = 1, _l("first week")
    SECOND = 2, _l("second week")
    THIRD = 3, _l("third week")
    FOURTH = 4, _l("fourth week")
    LAST = 5, _l("last week")


class PlannedActivity:
    """What an event and a cyclogram rule both say of the activity: the columns of a row of the
    network's plan (DESIGN's cyclogram columns), copied from the rule to each event it makes."""

    kind: Mapped[EventKind] = mapped_column(str_enum(EventKind, 24))
    title: Mapped[str] = mapped_column(String(200))
    purpose: Mapped[str] = mapped_column(Text, default="")
    expected_result: Mapped[str] = mapped_column(Text, default="")
    resources: Mapped[str] = mapped_column(Text, default="")
    responsible: Mapped[str] = mapped_column(String(300), default="")


class EventAction(AuditAction):
    """What the audit log records of events, school years and cyclograms."""

    CREATE = "event.create", _l("Planned an event")
    UPDATE = "event.update", _l("Edited an event")
    CANCEL = "event.cancel", _l("Cancelled an event")
    ATTENDANCE = "event.attendance", _l("Marked who attended an event")
    OUTCOME = "event.outcome", _l("Added an outcome of an event")
    FEED_ISSUE = "calendar_feed.issue", _l("Issued a calendar feed address")
    FEED_REVOKE = "calendar_feed.revoke", _l("Revoked a calendar feed address")
    YEAR_CREATE = "school_year.create", _l("Added a school year")
    YEAR_EDIT = "school_year.edit", _l("Changed the dates of a school year")
    HOLIDAY_CREATE = "holiday.create", _l("Added holidays")
    HOLIDAY_EDIT = "holiday.edit", _l("Changed holidays")
    HOLIDAY_REMOVE = "holiday.remove", _l("Removed holidays")
    ADD_RULE = "cyclogram.add_rule", _l("Added a row to a cyclogram")
    DELETE_RULE = "cyclogram.delete_rule", _l("Removed a row from a cyclogram")
    GENERATE = "cyclogram.generate", _l("Generated events from a cyclogram")


class Event(PlannedActivity, db.Model):
    __tablename__ = "event"
    __table_args__ = (
        UniqueConstraint("rule_id", "rule_date"),
        Index("ix_event_network_starts", "network_id", "starts_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(ForeignKey("network.id", ondelete="CASCADE"))
    host_school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    place: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime]
    organiser_id: Mapped[int | None] = mapped_column(
        ForeignKey("user.id", ondelete="SET NULL"), index=True
    )
    rule_id: Mapped[int | None] = mapped_column(
        ForeignKey("cyclogram_rule.id", ondelete="SET NULL")
    )
    #: The local date the rule generated this event for (kept when the event is moved).
    rule_date: Mapped[date | None]
    #: Set when the organiser calls it off; the row stays, so the cyclogram does not bring it
    #: back, and calendars that subscribed see it cancelled.
    cancelled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    network = relationship("Network", lazy="joined", innerjoin=True)
    host_school = relationship("School", lazy="joined")
    organiser = relationship("User", lazy="raise")
    rule = relationship("CyclogramRule", lazy="raise")


class EventResponse(db.Model):
    """One person and one event: their answer (going or not) and whether they came."""

    __tablename__ = "event_response"
    __table_args__ = (UniqueConstraint("event_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    #: True going, False not going, None: no answer (a row made only to mark attendance).
    going: Mapped[bool | None]
    attended: Mapped[bool] = mapped_column(default=False)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User", lazy="raise")


class OutcomeKind(LabelledEnum):
    RESOURCE = "resource", _l("Resource")
    THREAD = "thread", _l("Forum thread")
    NOTE = "note", _l("Note")


class EventOutcome(db.Model):
    """What came out of an event: a link to a resource or a forum thread, or a note."""

    __tablename__ = "event_outcome"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"), index=True)
    kind: Mapped[OutcomeKind] = mapped_column(str_enum(OutcomeKind))
    title: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(500), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    note_html: Mapped[str] = mapped_column(Text, default="")
    added_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SchoolYear(db.Model):
    """A school year (e.g. 2026–2027) with its holidays; the terms lie between them."""

    __tablename__ = "school_year"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    holidays = relationship(
        "Holiday",
        back_populates="year",
        order_by="Holiday.starts_on",
        cascade="all, delete-orphan",
        lazy="selectin",
    )


class Holiday(db.Model):
    """School holidays: a range of days, both ends included, with no generated events."""

    __tablename__ = "holiday"

    id: Mapped[int] = mapped_column(primary_key=True)
    year_id: Mapped[int] = mapped_column(
        ForeignKey("school_year.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    year = relationship("SchoolYear", back_populates="holidays", lazy="raise")


class CyclogramRule(PlannedActivity, db.Model):
    """One row of a network's rhythm: what kind of event, how often, when, and who hosts."""

    __tablename__ = "cyclogram_rule"

    id: Mapped[int] = mapped_column(primary_key=True)
    network_id: Mapped[int] = mapped_column(
        ForeignKey("network.id", ondelete="CASCADE"), index=True
    )
    frequency: Mapped[Frequency] = mapped_column(str_enum(Frequency))
    #: A ``Weekday``: Monday is 0, as in ``date.weekday()``.
    weekday: Mapped[int]
    #: A ``WeekOfMonth``, for the monthly rhythms: 1–4, or 5 for the last week of the month.
    week_of_month: Mapped[int] = mapped_column(default=1)
    #: Local time (Asia/Almaty).
    start_time: Mapped[time]
    duration_minutes: Mapped[int] = mapped_column(default=60)
    place: Mapped[str] = mapped_column(String(300), default="")
    online_link: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    hosts = relationship(
        "CyclogramHost",
        order_by="CyclogramHost.position",
        cascade="all, delete-orphan",
        lazy="selectin",
    )

    @property
    def weekday_label(self):
        return Weekday(self.weekday).label

    @property
    def week_of_month_label(self):
        return WeekOfMonth(self.week_of_month).label


class CyclogramHost(db.Model):
    """A school in a rule's rotation of hosts, in turn by ``position``."""

    __tablename__ = "cyclogram_host"
    __table_args__ = (UniqueConstraint("rule_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    rule_id: Mapped[int] = mapped_column(ForeignKey("cyclogram_rule.id", ondelete="CASCADE"))
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"))
    position: Mapped[int]

    school = relationship("School", lazy="joined")


class CalendarFeed(db.Model):
    """A person's private iCal feed: only the SHA-256 of the secret token is kept."""

    __tablename__ = "calendar_feed"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), unique=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User", lazy="joined", innerjoin=True)
