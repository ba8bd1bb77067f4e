"""Dates without the database: Almaty time, terms between holidays, and a rule's occurrences.

Occurrences are always computed over the whole school year, then cut to the period asked for,
so generating term by term gives exactly the dates (and host schools) a whole-year run gives:

- weekly and every two weeks: the rule's weekday, on a grid that starts with the first such
  weekday of the school year; a date inside the holidays is skipped (the grid goes on).
- monthly, every two months, quarterly: the rule's weekday in the chosen week of the month
  (1st–4th or last), in every 1st, 2nd or 3rd month counting from the year's first month. A date
  inside the holidays moves to the nearest same weekday of that month outside them
  (a week later first, then a week earlier, ...); with none left, the month is skipped.
- host schools rotate in order over the year's occurrences.

The month view's grid is whole weeks, Monday first (``month_weeks``), headed by the weekdays'
names in the reader's language (``weekday_names``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from babel import Locale
from babel.dates import get_day_names

from ..core.i18n import LOCAL_ZONE


def to_utc(day: date, at: time) -> datetime:
    """A local (Almaty) date and time as a naive UTC datetime, as the columns store it."""
    local = datetime.combine(day, at, tzinfo=LOCAL_ZONE)
    return local.astimezone(UTC).replace(tzinfo=None)


def to_local(moment: datetime) -> datetime:
    """A stored naive UTC datetime in Almaty time (aware)."""
    return moment.replace(tzinfo=UTC).astimezone(LOCAL_ZONE)


@dataclass(frozen=True)
class Span:
    """A range of days, both ends included."""

    starts_on: date
    ends_on: date

    def __contains__(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def in_any(day: date, spans: list[Span]) -> bool:
    return any(day in span for span in spans)


def terms_between(year: Span, holidays: list[Span]) -> list[Span]:
    """The terms of a school year: the stretches of days outside the holidays."""
    terms = []
    start = year.starts_on
    for holiday in sorted(holidays, key=lambda span: span.starts_on):
        if holiday.starts_on > start:
            terms.append(Span(start, min(holiday.starts_on - timedelta(days=1), year.ends_on)))
        start = max(start, holiday.ends_on + timedelta(days=1))
    if start <= year.ends_on:
        terms.append(Span(start, year.ends_on))
    return terms


def _first_weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def month_weeks(first: date) -> list[list[date]]:
    """The weeks, Monday to Sunday, that hold the month of ``first``: the first and the last
    week are filled with days of the months around it."""
    day = first - timedelta(days=first.weekday())
    following = _add_months(first, 1)
    weeks = []
    while day < following:
        weeks.append([day + timedelta(days=n) for n in range(7)])
        day += timedelta(weeks=1)
    return weeks


def weekday_names(locale: Locale | str) -> list[str]:
    """The weekdays' full names as a calendar's column heads write them, Monday first."""
    names = get_day_names("wide", context="stand-alone", locale=locale)
    return [names[weekday] for weekday in range(7)]


def _add_months(day: date, months: int) -> date:
    index = day.month - 1 + months
    return date(day.year + index // 12, index % 12 + 1, 1)


def _weekday_in_month(first_of_month: date, weekday: int, week: int) -> date:
    first = _first_weekday_on_or_after(first_of_month, weekday)
    if week < 5:
        return first + timedelta(weeks=week - 1)
    last = first
    while (last + timedelta(weeks=1)).month == first_of_month.month:
        last += timedelta(weeks=1)
    return last


def _outside_holidays(candidate: date, year: Span, holidays: list[Span]) -> date | None:
    """``candidate``, or the nearest same weekday of its month outside the holidays."""
    for shift in (0, 1, -1, 2, -2, 3, -3, 4, -4):
        day = candidate + timedelta(weeks=shift)
        if day.month == candidate.month and day in year and not in_any(day, holidays):
            return day
    return None


def occurrences(
    *,
    months: int,
    weekday: int,
    week_of_month: int,
    year: Span,
    holidays: list[Span],
) -> list[date]:
    """Every date of one rule in ``year``; ``months`` is 0 for weekly (see ``weekly_step``)."""
    if months == 0:
        raise ValueError("use weekly_occurrences for the weekly rhythms")
    found = []
    month = date(year.starts_on.year, year.starts_on.month, 1)
    while month <= year.ends_on:
        candidate = _weekday_in_month(month, weekday, week_of_month)
        day = _outside_holidays(candidate, year, holidays)
        if day is not None:
            found.append(day)
        month = _add_months(month, months)
    return found


def weekly_occurrences(
    *, step_weeks: int, weekday: int, year: Span, holidays: list[Span]
) -> list[date]:
    found = []
    day = _first_weekday_on_or_after(year.starts_on, weekday)
    while day <= year.ends_on:
        if not in_any(day, holidays):
            found.append(day)
        day += timedelta(weeks=step_weeks)
    return found
