"""Event rules: creating and editing events, RSVP, attendance, outcomes, and the lists.

Plain functions over model objects: they validate, change, ``flush()`` and write the audit log;
the view commits once. A refusal raises ``EventError`` with a translated message.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..core import audit
from ..core.db import utcnow
from ..core.markdown import render_markdown
from ..core.navigation import PageLinks
from ..core.rules import RuleError
from ..extensions import db
from ..network.models import Network, NetworkSchool, School
from . import notify
from .access import member_clause, scope_for
from .calendar import month_weeks, to_local, to_utc
from .models import (
    EVENTS_PER_PAGE,
    Event,
    EventAction,
    EventKind,
    EventOutcome,
    EventResponse,
    OutcomeKind,
)


class EventError(RuleError):
    """An event rule refused the change."""


@dataclass
class EventFields:
    """What a person enters for an event; dates and times are local (Asia/Almaty)."""

    kind: EventKind
    title: str
    day: date
    start: time
    end: time
    purpose: str = ""
    expected_result: str = ""
    resources: str = ""
    responsible: str = ""
    host_school_id: int | None = None
    place: str = ""
    online_link: str = ""


def _check(network: Network, fields: EventFields) -> tuple[datetime, datetime]:
    if not fields.title.strip():
        raise EventError(_("Give the event a title."), "title")
    if fields.end <= fields.start:
        raise EventError(_("The event must end after it starts."), "end")
    if fields.online_link and not fields.online_link.startswith(("https://", "http://")):
        raise EventError(_("An online link starts with https://."), "online_link")
    if fields.host_school_id is not None:
        in_network = db.session.scalar(
            db.select(NetworkSchool.id).where(
                NetworkSchool.network_id == network.id,
                NetworkSchool.school_id == fields.host_school_id,
            )
        )
        if in_network is None:
            raise EventError(_("The host school must be a school of the network."), "host_school")
    return to_utc(fields.day, fields.start), to_utc(fields.day, fields.end)


def _apply(event: Event, fields: EventFields, starts_at: datetime, ends_at: datetime) -> None:
    event.kind = fields.kind
    event.title = fields.title.strip()
    event.purpose = fields.purpose.strip()
    event.expected_result = fields.expected_result.strip()
    event.resources = fields.resources.strip()
    event.responsible = fields.responsible.strip()
    event.host_school_id = fields.host_school_id
    event.place = fields.place.strip()
    event.online_link = fields.online_link.strip()
    event.starts_at = starts_at
    event.ends_at = ends_at
    event.updated_at = utcnow()


def create_event(network: Network, organiser: User, fields: EventFields) -> Event:
    if network.archived:
        raise EventError(_("This network is archived."))
    starts_at, ends_at = _check(network, fields)
    event = Event(network_id=network.id, organiser_id=organiser.id)
    _apply(event, fields, starts_at, ends_at)
    db.session.add(event)
    db.session.flush()
    audit.record(EventAction.CREATE, event, actor=organiser, detail=event.title)
    notify.new_event(event, organiser)
    return event


def update_event(event: Event, editor: User, fields: EventFields) -> None:
    """Change an event; the people going hear about a new time or place."""
    starts_at, ends_at = _check(event.network, fields)
    before = (event.starts_at, event.ends_at, event.place, event.online_link, event.host_school_id)
    _apply(event, fields, starts_at, ends_at)
    db.session.flush()
    audit.record(EventAction.UPDATE, event, actor=editor, detail=event.title)
    after = (event.starts_at, event.ends_at, event.place, event.online_link, event.host_school_id)
    if after != before:
        notify.event_changed(event, editor)


def cancel_event(event: Event, actor: User) -> bool:
    """Call an event off (the people going are told); False when it was cancelled already."""
    if event.cancelled_at is not None:
        return False
    event.cancelled_at = utcnow()
    event.updated_at = event.cancelled_at
    db.session.flush()
    audit.record(EventAction.CANCEL, event, actor=actor, detail=event.title)
    notify.event_changed(event, actor)
    return True


def fields_of(event: Event) -> EventFields:
    """An event's values as a person edits them (local date and times)."""
    local_start = to_local(event.starts_at)
    local_end = to_local(event.ends_at)
    return EventFields(
        kind=event.kind,
        title=event.title,
        day=local_start.date(),
        start=local_start.time().replace(tzinfo=None),
        end=local_end.time().replace(tzinfo=None),
        purpose=event.purpose,
        expected_result=event.expected_result,
        resources=event.resources,
        responsible=event.responsible,
        host_school_id=event.host_school_id,
        place=event.place,
        online_link=event.online_link,
    )


# --- RSVP and attendance ----------------------------------------------------------------------


def has_ended(event: Event, now: datetime | None = None) -> bool:
    return event.ends_at <= (now or utcnow())


def has_started(event: Event, now: datetime | None = None) -> bool:
    return event.starts_at <= (now or utcnow())


def response_of(user: User, event: Event) -> EventResponse | None:
    return db.session.scalar(
        db.select(EventResponse).where(
            EventResponse.event_id == event.id, EventResponse.user_id == user.id
        )
    )


def answer(event: Event, user: User, going: bool, now: datetime | None = None) -> EventResponse:
    """Say going or not going; the answer may change until the event ends."""
    if event.cancelled_at is not None:
        raise EventError(_("This event is cancelled."))
    if has_ended(event, now):
        raise EventError(_("This event is over: answers are closed."))
    response = response_of(user, event) or _first_response(event, user)
    response.going = going
    response.updated_at = utcnow()
    db.session.flush()
    return response


def _first_response(event: Event, user: User) -> EventResponse:
    """A new answer row; when another tab of the same person wrote it first (the unique key on
    event and person), theirs is the row to update: the savepoint keeps the transaction usable."""
    try:
        with db.session.begin_nested():
            response = EventResponse(event_id=event.id, user_id=user.id)
            db.session.add(response)
    except IntegrityError:
        response = response_of(user, event)
    return response


def invited_people(event: Event) -> list[User]:
    """The network's members, and anyone else who answered, by name: the attendance list."""
    answered = db.select(EventResponse.user_id).where(EventResponse.event_id == event.id)
    return list(
        db.session.scalars(
            db.select(User)
            .where(member_clause(event.network_id) | User.id.in_(answered))
            .order_by(User.full_name, User.id)
        )
    )


def mark_attendance(
    event: Event, marker: User, attended_ids: set[int], now: datetime | None = None
) -> int:
    """Set who came, from the checklist; returns how many came.

    Only once the event has started, and only for people invited to it (or who answered).
    """
    if event.cancelled_at is not None:
        raise EventError(_("This event is cancelled."))
    if not has_started(event, now):
        raise EventError(_("Attendance is marked once the event has started."))
    allowed = {person.id for person in invited_people(event)}
    strangers = attended_ids - allowed
    if strangers:
        raise EventError(_("Only people invited to the event can be marked as present."))
    responses = {
        response.user_id: response
        for response in db.session.scalars(
            db.select(EventResponse).where(EventResponse.event_id == event.id)
        )
    }
    for user_id in attended_ids - responses.keys():
        responses[user_id] = EventResponse(event_id=event.id, user_id=user_id, going=None)
        db.session.add(responses[user_id])
    for user_id, response in responses.items():
        response.attended = user_id in attended_ids
    db.session.flush()
    audit.record(EventAction.ATTENDANCE, event, actor=marker, detail=str(len(attended_ids)))
    return len(attended_ids)


@dataclass
class Counts:
    going: int = 0
    not_going: int = 0
    attended: int = 0


def counts_of(event: Event) -> Counts:
    row = db.session.execute(
        db.select(
            func.count().filter(EventResponse.going.is_(True)),
            func.count().filter(EventResponse.going.is_(False)),
            func.count().filter(EventResponse.attended.is_(True)),
        ).where(EventResponse.event_id == event.id)
    ).one()
    return Counts(*row)


def attendees(event: Event) -> list[User]:
    return list(
        db.session.scalars(
            db.select(User)
            .join(EventResponse, EventResponse.user_id == User.id)
            .where(EventResponse.event_id == event.id, EventResponse.attended.is_(True))
            .order_by(User.full_name)
        )
    )


# --- Outcomes ---------------------------------------------------------------------------------


def add_outcome(
    event: Event, user: User, kind: OutcomeKind, title: str, url: str = "", note: str = ""
) -> EventOutcome:
    title, url, note = title.strip(), url.strip(), note.strip()
    if not title:
        raise EventError(_("Give the outcome a title."), "title")
    if kind == OutcomeKind.NOTE:
        if not note:
            raise EventError(_("Write the note."), "note")
    elif not url:
        raise EventError(_("Give the link."), "url")
    if url and not (url.startswith(("https://", "http://")) or url.startswith("/")):
        raise EventError(_("A link starts with https:// or with / for a page of this site."), "url")
    if url.startswith("//"):
        raise EventError(_("A link starts with https:// or with / for a page of this site."), "url")
    outcome = EventOutcome(
        event_id=event.id,
        kind=kind,
        title=title,
        url=url,
        note=note,
        note_html=render_markdown(note) if note else "",
        added_by_id=user.id,
    )
    db.session.add(outcome)
    db.session.flush()
    audit.record(EventAction.OUTCOME, event, actor=user, detail=title)
    return outcome


def outcomes_of(event: Event) -> list[EventOutcome]:
    return list(
        db.session.scalars(
            db.select(EventOutcome)
            .where(EventOutcome.event_id == event.id)
            .order_by(EventOutcome.created_at, EventOutcome.id)
        )
    )


# --- Lists ------------------------------------------------------------------------------------


@dataclass
class Listing(PageLinks):
    items: list[Event]
    page: int
    pages: int
    total: int
    answers: dict[int, bool | None]


def _answers(user: User, events: list[Event]) -> dict[int, bool | None]:
    if not events:
        return {}
    rows = db.session.execute(
        db.select(EventResponse.event_id, EventResponse.going).where(
            EventResponse.user_id == user.id,
            EventResponse.event_id.in_([event.id for event in events]),
        )
    )
    return {event_id: going for event_id, going in rows}


def upcoming(
    user: User, page: int = 1, network_id: int | None = None, now: datetime | None = None
) -> Listing:
    """Events that have not ended, soonest first, one page: three queries."""
    query = db.select(Event).where(scope_for(user).clause(), Event.ends_at > (now or utcnow()))
    if network_id is not None:
        query = query.where(Event.network_id == network_id)
    total = db.session.scalar(query.with_only_columns(func.count(Event.id)))
    pages = max(1, (total + EVENTS_PER_PAGE - 1) // EVENTS_PER_PAGE)
    page = min(max(page, 1), pages)
    items = list(
        db.session.scalars(
            query.order_by(Event.starts_at, Event.id)
            .limit(EVENTS_PER_PAGE)
            .offset((page - 1) * EVENTS_PER_PAGE)
        )
    )
    return Listing(items, page, pages, total, _answers(user, items))


def in_month(user: User, year: int, month: int) -> tuple[list[Event], dict[int, bool | None]]:
    """The visible events of a local calendar month, in order."""
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    start, end = to_utc(first, time()), to_utc(following, time())
    events = list(
        db.session.scalars(
            db.select(Event)
            .where(scope_for(user).clause(), Event.starts_at >= start, Event.starts_at < end)
            .order_by(Event.starts_at, Event.id)
        )
    )
    return events, _answers(user, events)


def network_plan(network: Network, starts_on: date, ends_on: date) -> list[Event]:
    """A network's events between two local dates, for the plan table."""
    start = to_utc(starts_on, time())
    end = to_utc(ends_on + timedelta(days=1), time())
    return list(
        db.session.scalars(
            db.select(Event)
            .where(Event.network_id == network.id, Event.starts_at >= start, Event.starts_at < end)
            .order_by(Event.starts_at, Event.id)
        )
    )


def month_openers(events: list[Event]) -> dict[int, date]:
    """The first event of each local month (events in order), by id, with the month's first
    day: where the plan's month headings go, and the months its links jump to."""
    openers: dict[int, date] = {}
    month = None
    for event in events:
        starts = to_local(event.starts_at).date().replace(day=1)
        if starts != month:
            openers[event.id], month = starts, starts
    return openers


def network_schools(network: Network) -> list[School]:
    return list(
        db.session.scalars(
            db.select(School)
            .join(NetworkSchool, NetworkSchool.school_id == School.id)
            .where(NetworkSchool.network_id == network.id)
            .order_by(School.name)
        )
    )


def group_by_day(events: list[Event]) -> list[tuple[date, list[Event]]]:
    """Events in local days, in order."""
    days: dict[date, list[Event]] = {}
    for event in events:
        days.setdefault(to_local(event.starts_at).date(), []).append(event)
    return list(days.items())


#: A day of the month grid shows this many events, and "+N more" for the rest (the rule
#: ``.cal-day li:nth-child(n + 4)`` in app.css hides them at desktop width).
EVENTS_IN_DAY_CELL = 3


@dataclass(frozen=True)
class CalendarDay:
    """One cell of the month grid: a day, its events, and whether it is in the month shown."""

    day: date
    events: list[Event]
    in_month: bool

    @property
    def more(self) -> int:
        """How many events the cell keeps behind "+N more" at desktop width."""
        return max(0, len(self.events) - EVENTS_IN_DAY_CELL)


def month_grid(first: date, events: list[Event]) -> list[list[CalendarDay]]:
    """The month of ``first`` in whole weeks, Monday first, each day with its ``events``
    (those of the month, in order); the days of the months around it have none."""
    by_day = dict(group_by_day(events))
    return [
        [CalendarDay(day, by_day.get(day, []), day.month == first.month) for day in week]
        for week in month_weeks(first)
    ]
