"""The test suite's one clock: every test starts at the same instant, whatever the day.

By default that instant is the moment the run began, so the suite checks the code against
today. ``ZHELI_TEST_NOW`` (an ISO time; UTC unless it says otherwise) moves the whole suite to
another instant, for example a school-year boundary or an hour when the UTC date and the Almaty
date differ::

    ZHELI_TEST_NOW=2027-08-31T23:30:00Z make test

``tests/conftest.py`` travels to :data:`START` before every test (time-machine, ticking on from
there), so a run that crosses midnight still gives every test the same "today". Tests build
their dates from :func:`now`, :func:`today` and :func:`local_iso`, never from literals that age.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

from intranet.core.i18n import LOCAL_ZONE


def _start() -> datetime:
    chosen = os.environ.get("ZHELI_TEST_NOW", "").strip()
    if not chosen:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(chosen.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


#: The instant every test starts at (aware, UTC).
START: datetime = _start()

#: Whether the suite runs at another instant than the real one: then the browser's clock is
#: moved there too (``tests/e2e/conftest.py``), as a phone would show that day.
SHIFTED: bool = bool(os.environ.get("ZHELI_TEST_NOW", "").strip())


def school_year_start(day: date) -> date:
    """1 September of the school year that ``day`` falls in."""
    return date(day.year if day.month >= 9 else day.year - 1, 9, 1)


#: The Almaty day of :data:`START`, and the first day of its school year: for data that a
#: module builds before any test runs (``today()`` is only the test's day inside a test).
START_DAY: date = START.astimezone(LOCAL_ZONE).date()
SCHOOL_YEAR: date = school_year_start(START_DAY)


def now() -> datetime:
    """The test's current time, naive UTC, as the timestamp columns store it."""
    return datetime.now(UTC).replace(tzinfo=None)


def today() -> date:
    """The test's calendar day in Almaty, the day the app calls today."""
    return datetime.now(LOCAL_ZONE).date()


def days(n: int) -> date:
    """The Almaty day ``n`` days from today (negative: in the past)."""
    return today() + timedelta(days=n)


def monday(weeks: int = 0) -> date:
    """The Monday of this week in Almaty, or of ``weeks`` weeks later."""
    day = today()
    return day - timedelta(days=day.weekday()) + timedelta(weeks=weeks)


def timestamp() -> float:
    """The test's current time as Unix seconds, for a browser's clock."""
    return datetime.now(UTC).timestamp()


def browser_time(moment: datetime | None = None) -> str:
    """A UTC instant as a browser's ``Date.toISOString()`` writes it."""
    moment = moment or now()
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
