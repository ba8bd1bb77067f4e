"""Signed-in devices: one ``DeviceSession`` per browser that signed in, so that the server can end
a session (sign-out, "sign out everywhere", a password change or reset, a suspension, a role
change) and a replayed cookie stops working.

The session cookie and the remember-me cookie both carry the device's secret key; the loader in
``auth.py`` finds the person and their device in one query per request, the same one query it
always ran. Plain functions: no ``request``, no templates.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_timedelta
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam
from sqlalchemy.exc import OperationalError

from ..core import audit
from ..core.db import utcnow
from ..extensions import db
from .models import AccountAction, AccountStatus, DeviceSession, User

#: Last use is written at most this often per device: a write per page view would cost more
#: than the page (and, on SQLite, take the write lock on every read).
TOUCH_EVERY = timedelta(minutes=5)

#: Longest user agent kept; enough to name the browser and the system.
USER_AGENT_LENGTH = 255


def _hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def idle_limit(config: Mapping[str, object]) -> timedelta:
    """How long an unused device stays signed in: as long as a remember-me cookie lasts."""
    duration = config["REMEMBER_COOKIE_DURATION"]
    return duration if isinstance(duration, timedelta) else timedelta(seconds=int(duration))


def start_session(user: User, user_agent: str) -> DeviceSession:
    """Open a device session for ``user``, who is signing in; ``user.get_id()`` then names it."""
    key = secrets.token_urlsafe(32)
    device = DeviceSession(
        key_hash=_hash_key(key), user_id=user.id, user_agent=(user_agent or "")[:USER_AGENT_LENGTH]
    )
    db.session.add(device)
    db.session.flush()
    user.session_key = key
    user.session_device_id = device.id
    return device


#: Built once: every signed-in request runs it (the school comes joined, as ``User`` says).
_SIGNED_IN_USER = (
    db.select(User, DeviceSession.id, DeviceSession.last_used_at)
    .join(DeviceSession, DeviceSession.user_id == User.id)
    .where(
        DeviceSession.key_hash == bindparam("key_hash"),
        DeviceSession.last_used_at > bindparam("idle_since"),
        User.status == AccountStatus.ACTIVE,
    )
)


@dataclass(frozen=True)
class SignedIn:
    user: User
    last_used_at: datetime


def signed_in_user(key: str, *, idle: timedelta) -> SignedIn | None:
    """The active person whose device session ``key`` names, unless it was ended or unused for
    longer than ``idle``."""
    if not key or len(key) > 100:
        return None
    params = {"key_hash": _hash_key(key), "idle_since": utcnow() - idle}
    row = db.session.execute(_SIGNED_IN_USER, params).first()
    if row is None:
        return None
    user, device_id, last_used_at = row
    user.session_key = key
    user.session_device_id = device_id
    return SignedIn(user, last_used_at)


def record_use(signed_in: SignedIn) -> None:
    """Note that the device is in use, when the last note is older than ``TOUCH_EVERY``.

    Runs in a short transaction of its own, so a page that only reads never holds a write; call
    it only from requests that do not write (a POST's open SQLite transaction holds the lock
    this one would wait for). A busy database skips the note: the next page view writes it.
    """
    now = utcnow()
    if now - signed_in.last_used_at < TOUCH_EVERY:
        return
    statement = (
        db.update(DeviceSession)
        .where(DeviceSession.id == signed_in.user.session_device_id)
        .values(last_used_at=now)
    )
    try:
        with db.engine.begin() as connection:
            connection.execute(statement)
    except OperationalError:
        return


def end_session(user: User, device_id: int | None) -> bool:
    """Sign one of ``user``'s devices out; False when it was signed out already."""
    if device_id is None:
        return False
    result = db.session.execute(
        db.delete(DeviceSession).where(
            DeviceSession.id == device_id, DeviceSession.user_id == user.id
        )
    )
    return bool(result.rowcount)


def end_all_sessions(user: User) -> int:
    """Sign ``user`` out on every device, remember-me cookies included; how many there were."""
    result = db.session.execute(db.delete(DeviceSession).where(DeviceSession.user_id == user.id))
    return result.rowcount or 0


def sign_out_everywhere(user: User) -> int:
    """``user`` asked to end every session of theirs, this one too."""
    ended = end_all_sessions(user)
    audit.record(AccountAction.SIGNED_OUT_EVERYWHERE, user, actor=user, detail=f"devices={ended}")
    return ended


def purge_idle_sessions(idle: timedelta) -> int:
    """Delete device sessions unused for longer than ``idle``; the loader refuses them anyway."""
    cutoff = utcnow() - idle
    result = db.session.execute(db.delete(DeviceSession).where(DeviceSession.last_used_at < cutoff))
    return result.rowcount or 0


# --- The list on one's profile --------------------------------------------------------------


@dataclass(frozen=True)
class Device:
    """A signed-in device as the profile lists it."""

    id: int
    description: str
    last_used: str
    current: bool


def devices_of(user: User) -> list[Device]:
    """``user``'s signed-in devices, the one in use first, then by last use."""
    rows = db.session.scalars(
        db.select(DeviceSession)
        .where(DeviceSession.user_id == user.id)
        .order_by(DeviceSession.last_used_at.desc(), DeviceSession.id.desc())
    )
    now = utcnow()
    devices = [
        Device(
            id=row.id,
            description=describe_user_agent(row.user_agent),
            last_used=_last_use(row.last_used_at, now, current=row.id == user.session_device_id),
            current=row.id == user.session_device_id,
        )
        for row in rows
    ]
    return sorted(devices, key=lambda device: not device.current)


def _last_use(moment: datetime, now: datetime, *, current: bool) -> str:
    # Last use is written every few minutes only: anything more precise would be wrong.
    if current or now - moment < TOUCH_EVERY:
        return str(_l("In use now"))
    return str(_l("Last used %(when)s", when=format_timedelta(moment - now, add_direction=True)))


#: Browsers by a pattern in their user agent, the more specific first (Edge, Opera and Yandex
#: Browser also say "Chrome"; every browser on an iPhone also says "Safari").
_BROWSERS = tuple(
    (re.compile(pattern), name)
    for pattern, name in (
        (r"YaBrowser/", "Yandex Browser"),
        (r"SamsungBrowser/", "Samsung Internet"),
        (r"Edg(e|A|iOS)?/", "Edge"),
        (r"OPR/|Opera", "Opera"),
        (r"Firefox/|FxiOS/", "Firefox"),
        (r"Chrome/|CriOS/", "Chrome"),
        (r"Safari/", "Safari"),
    )
)
#: Systems by a word in the user agent; an iPhone also says "Mac OS X", Android "Linux".
_SYSTEMS = (
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("CrOS", "ChromeOS"),
    ("Macintosh", "macOS"),
    ("Linux", "Linux"),
)


def summarise_user_agent(user_agent: str) -> tuple[str | None, str | None]:
    """The browser and the system a user agent names, in plain words (None when unknown)."""
    browser = next((name for pattern, name in _BROWSERS if pattern.search(user_agent)), None)
    system = next((name for word, name in _SYSTEMS if word in user_agent), None)
    return browser, system


def describe_user_agent(user_agent: str) -> str:
    """A few words for a person to recognise their device by: "Chrome on Android"."""
    browser, system = summarise_user_agent(user_agent or "")
    if browser and system:
        return str(_l("%(browser)s on %(system)s", browser=browser, system=system))
    if system:
        return str(_l("A browser on %(system)s", system=system))
    return browser or str(_l("An unknown browser"))
