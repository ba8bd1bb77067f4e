"""Dates, times and numbers as each interface language writes them (issue #17).

Templates and code never spell a date pattern such as ``d.MM.y``: the Kazakh, Russian and
English ways of writing a date differ in order, punctuation and words, and CLDR (through Babel)
knows them. They name a format instead:

- the four CLDR widths, ``short``, ``medium``, ``long`` and ``full``;
- a name from :data:`DATE_SKELETONS`: the fields wanted (month and day, weekday and day...), which
  each locale orders and punctuates its own way (CLDR "skeletons", matched as ICU does, the
  matched pattern taking the requested widths of month and weekday names).

Every value is shown in the request's locale and in Asia/Almaty (``BABEL_DEFAULT_TIMEZONE``); a
naive datetime is UTC. An unknown format name raises ``ValueError``, so a pattern cannot slip
back into a template. Whole numbers and shares go through Babel's ``format_decimal`` and
``format_percent`` («10 000» with a no-break space in Kazakh and Russian, «10,000» in English).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, tzinfo
from functools import lru_cache
from numbers import Number

from babel import Locale, dates, numbers
from flask_babel import get_locale, get_timezone

#: The CLDR widths every locale defines for dates, times and both together.
WIDTHS = ("short", "medium", "long", "full")

#: Named dates beyond the four widths: CLDR skeletons (fields, not a pattern).
DATE_SKELETONS = {
    "numeric": "yMd",  # 07.09.2026 · 9/7/2026
    "day_month": "MMMMd",  # 7 қыркүйек · 7 сентября · September 7
    "weekday_day_month": "MMMMEEEEd",  # 7 қыркүйек, дүйсенбі · понедельник, 7 сентября
    "brief_weekday_day_month": "MMMEd",  # 7 қыр., дс · пн, 7 сент. · Mon, Sep 7
    "month": "MMMM",  # the month's name alone: қыркүйек · сентябрь · September
    "month_year": "yMMMM",  # 2026 ж. қыркүйек · сентябрь 2026 г. · September 2026
}

#: The format of the two ends of a range of dates (``|date_range``).
RANGE_SKELETON = "yMMMd"

DATE_FORMATS = frozenset(WIDTHS) | frozenset(DATE_SKELETONS)

#: Fields whose width chooses between a number, an abbreviation and a whole word: a matched
#: skeleton pattern takes the requested width of these (ICU's adjustFieldTypes).
_WORD_FIELDS = {"M": "ML", "L": "ML", "E": "Eec", "c": "Eec", "e": "Eec"}


def _unknown(name: str, known) -> ValueError:
    return ValueError(f"unknown format {name!r}: use one of {sorted(known)}")


def _pattern_text(tokens: list[tuple[str, object]]) -> str:
    """Babel's tokens back into a pattern, literal letters quoted again."""
    parts = []
    for kind, value in tokens:
        if kind == "field":
            letter, count = value
            parts.append(letter * count)
        elif any(char.isalpha() or char == "'" for char in value):
            parts.append("'" + value.replace("'", "''") + "'")
        else:
            parts.append(value)
    return "".join(parts)


@lru_cache(maxsize=64)
def skeleton_pattern(skeleton: str, locale: Locale) -> str:
    """The locale's pattern for ``skeleton``: its closest CLDR skeleton, with month and weekday
    names as wide as asked (CLDR lists «d MMMM, E» for Kazakh month-day-weekday; asked for
    ``MMMMEEEEd`` it writes the weekday in full)."""
    available = locale.datetime_skeletons
    matched = dates.match_skeleton(skeleton, available)
    if matched is None:
        raise ValueError(f"no pattern for {skeleton!r} in {locale}")
    wanted = {run.group()[0]: len(run.group()) for run in re.finditer(r"(.)\1*", skeleton)}
    tokens = []
    for kind, value in dates.tokenize_pattern(available[matched].pattern):
        if kind == "field" and value[0] in _WORD_FIELDS:
            letter, count = value
            asked = max((wanted.get(other, 0) for other in _WORD_FIELDS[letter]), default=0)
            spelled = count >= 3 or letter == "E"  # not a number (M, L, c and e below 3 are)
            if asked >= 3 and spelled:
                value = (letter, asked)
        tokens.append((kind, value))
    return _pattern_text(tokens)


def _date_pattern(name: str, locale: Locale) -> str:
    """A named date format as Babel takes it: a width, or the pattern of a skeleton."""
    if name in WIDTHS:
        return name
    if name in DATE_SKELETONS:
        return skeleton_pattern(DATE_SKELETONS[name], locale)
    raise _unknown(name, DATE_FORMATS)


def _local(value: datetime, zone: tzinfo) -> datetime:
    """``value`` in ``zone``; a naive value is UTC (as the database stores it)."""
    return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(zone)


# Babel takes some 50 µs to format one value, and a thread page prints twenty timestamps that
# every reader of the page shares: the strings are remembered per value, format, locale and zone.
_REMEMBERED_VALUES = 8192


@lru_cache(maxsize=_REMEMBERED_VALUES)
def _formatted_date(value: date, name: str, locale: Locale) -> str:
    return dates.format_date(value, _date_pattern(name, locale), locale=locale)


@lru_cache(maxsize=_REMEMBERED_VALUES)
def _formatted_datetime(
    value: datetime, name: str, time_width: str | None, locale: Locale, zone: tzinfo
) -> str:
    if time_width is None and name in WIDTHS:
        return dates.format_datetime(value, name, tzinfo=zone, locale=locale)
    if time_width not in WIDTHS:
        raise _unknown(str(time_width), WIDTHS)
    moment = _local(value, zone)
    glue = dates.get_datetime_format(name if name in WIDTHS else "medium", locale=locale)
    return (
        str(glue)
        .replace("{1}", _formatted_date(moment.date(), name, locale))
        .replace("{0}", dates.format_time(moment, time_width, tzinfo=zone, locale=locale))
    )


def format_date(value: date | datetime, name: str = "medium") -> str:
    """A date in the request's language; a datetime is first moved to Asia/Almaty."""
    if isinstance(value, datetime):
        value = _local(value, get_timezone()).date()
    return _formatted_date(value, name, get_locale())


def format_datetime(value: datetime, name: str = "medium", time: str | None = None) -> str:
    """A moment in the request's language and in Asia/Almaty. ``name`` is a width (date and time
    both at that width, as Babel does) or any named date format; ``time`` is the time's width
    (``short``: hours and minutes), needed with a named date, e.g.
    ``format_datetime(starts_at, "full", time="short")``."""
    if name not in DATE_FORMATS:
        raise _unknown(name, DATE_FORMATS)
    if time is None and name not in WIDTHS:
        time = "short"
    return _formatted_datetime(value, name, time, get_locale(), get_timezone())


def datetime_formatter(name: str = "medium") -> Callable[[datetime], str]:
    """``format_datetime`` for many values: the locale and zone looked up once (some 4 µs each
    time, and a thread page prints twenty dates on every view)."""
    if name not in WIDTHS:
        raise _unknown(name, WIDTHS)
    locale, zone = get_locale(), get_timezone()
    return lambda value: _formatted_datetime(value, name, None, locale, zone)


def format_time(value: time | datetime, width: str = "short") -> str:
    """The time of day: a datetime's in Asia/Almaty, a ``time`` (a cyclogram's start) as it is."""
    if width not in WIDTHS:
        raise _unknown(width, WIDTHS)
    if isinstance(value, datetime):
        return dates.format_time(_local(value, get_timezone()), width, locale=get_locale())
    return dates.format_time(value, width, locale=get_locale())


def format_date_range(first: date, last: date) -> str:
    """Two dates as the locale writes a range: «2026 ж. 26 қаз. – 1 қар.», «26 окт. — 1 нояб.
    2026 г.», "Oct 26 – Nov 1, 2026" (the shared month or year written once)."""
    return dates.format_interval(first, last, RANGE_SKELETON, locale=get_locale())


def format_number(value: Number) -> str:
    """A figure grouped the locale's way: «10 000» (no-break space) in kk and ru."""
    return numbers.format_decimal(value, locale=get_locale())


def format_percent(share: Number) -> str:
    """A share (0.42) as a whole percentage the locale's way: «42%», «42 %»."""
    return numbers.format_percent(share, locale=get_locale())


def month_param(value: date) -> str:
    """A month as the URLs carry it, ``2026-09``: a machine format, never shown as text."""
    return value.isoformat()[:7]


def spreadsheet_moment(value: datetime) -> str:
    """A moment for a CSV file: Almaty wall-clock time, ``2026-09-07 14:30``, which every
    spreadsheet reads whatever its language (a machine format, not a display one)."""
    return _local(value, get_timezone()).replace(tzinfo=None).isoformat(" ", "minutes")
