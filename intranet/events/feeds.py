"""A private iCal feed per person, for phone calendars to subscribe to.

The URL carries a random secret; only its SHA-256 is stored, so a leaked database does not leak
working feed addresses. Making a new one replaces the old (which then answers 404); revoking
deletes it. The feed holds the person's visible events from 60 days back to a year ahead, in
UTC (``DTSTART:...Z``), which every calendar converts to the phone's own zone; each event also
says ``X-WR-TIMEZONE: Asia/Almaty``.

Beside the address the page offers two ways to subscribe in one tap (``subscribe_links``): the
same address as ``webcal://``, which phones and desktop calendars open as a subscription, and
Google Calendar's "add by URL" link, ``https://calendar.google.com/calendar/r?cid=`` with the
``webcal://`` address percent-encoded (Google refuses a bare ``https://`` address there).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, timedelta
from urllib.parse import quote, urlsplit, urlunsplit

from flask_babel import gettext as _
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from ..accounts.models import User
from ..config import TIMEZONE
from ..core import audit
from ..core.db import utcnow
from ..extensions import db
from .access import scope_for
from .models import CalendarFeed, Event, EventAction

#: At most this many events in one feed (a year of a busy network is far fewer).
FEED_LIMIT = 500
FEED_PAST = timedelta(days=60)
FEED_FUTURE = timedelta(days=366)
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r?cid="


@dataclass(frozen=True)
class SubscribeLinks:
    """The feed's address for calendar apps (``webcal``) and for Google Calendar (``google``)."""

    webcal: str
    google: str


def subscribe_links(feed_url: str) -> SubscribeLinks:
    """One-tap subscriptions to ``feed_url`` (an ``http(s)://`` address of the feed)."""
    webcal = urlunsplit(urlsplit(feed_url)._replace(scheme="webcal"))
    return SubscribeLinks(webcal, GOOGLE_SUBSCRIBE + quote(webcal, safe=""))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def feed_of(user: User) -> CalendarFeed | None:
    return db.session.scalar(db.select(CalendarFeed).where(CalendarFeed.user_id == user.id))


def issue_feed(user: User) -> str:
    """A new secret for ``user``'s feed (the old one stops working); returned once."""
    token = secrets.token_urlsafe(32)
    feed = feed_of(user)
    if feed is None:
        feed = CalendarFeed(user_id=user.id, token_hash=hash_token(token))
        db.session.add(feed)
    else:
        feed.token_hash = hash_token(token)
        feed.created_at = utcnow()
    db.session.flush()
    audit.record(EventAction.FEED_ISSUE, user, actor=user)
    return token


def revoke_feed(user: User) -> bool:
    feed = feed_of(user)
    if feed is None:
        return False
    db.session.delete(feed)
    db.session.flush()
    audit.record(EventAction.FEED_REVOKE, user, actor=user)
    return True


def owner_of(token: str) -> User | None:
    """The active person whose feed ``token`` opens, or None."""
    if not token or len(token) > 100:
        return None
    feed = db.session.scalar(
        db.select(CalendarFeed).where(CalendarFeed.token_hash == hash_token(token))
    )
    if feed is None or not feed.user.is_active:
        return None
    return feed.user


def feed_events(user: User) -> list[Event]:
    now = utcnow()
    return list(
        db.session.scalars(
            db.select(Event)
            .where(
                scope_for(user).clause(),
                Event.starts_at >= now - FEED_PAST,
                Event.starts_at <= now + FEED_FUTURE,
            )
            .order_by(Event.starts_at, Event.id)
            .limit(FEED_LIMIT)
        )
    )


def build_calendar(events: list[Event], event_url, domain: str) -> bytes:
    """The iCalendar text of ``events``; ``event_url(event)`` gives each one's page."""
    calendar = Calendar()
    calendar.add("prodid", "-//Zheli//events//KK")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", _("Zheli events"))
    calendar.add("x-wr-timezone", TIMEZONE)
    stamp = utcnow().replace(tzinfo=UTC)
    for event in events:
        entry = CalendarEvent()
        entry.add("uid", f"event-{event.id}@{domain}")
        entry.add("dtstamp", stamp)
        entry.add("dtstart", event.starts_at.replace(tzinfo=UTC))
        entry.add("dtend", event.ends_at.replace(tzinfo=UTC))
        entry.add("last-modified", event.updated_at.replace(tzinfo=UTC))
        entry.add("summary", event.title)
        entry.add("categories", [str(event.kind.label)])
        where = event.place or (event.host_school.name if event.host_school else "")
        if where:
            entry.add("location", where)
        lines = [event.network.name, event.purpose, event.online_link, event_url(event)]
        entry.add("description", "\n".join(line for line in lines if line))
        entry.add("url", event_url(event))
        entry.add("status", "CANCELLED" if event.cancelled_at else "CONFIRMED")
        calendar.add_component(entry)
    return calendar.to_ical()
