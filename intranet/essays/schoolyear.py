"""The calendar of monthly essay cycles: the school year's months, a month's dates, and which
school year a coordinator plans on a given day."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

#: The months of a school year, September to May.
SCHOOL_YEAR_MONTHS = (9, 10, 11, 12, 1, 2, 3, 4, 5)

#: From this month on, the school year being planned is the coming one.
PLANNING_STARTS_IN = 6


def planned_school_year(day: date) -> int:
    """The first calendar year of the school year planned on ``day`` (an Almaty date): from
    June on, schools prepare the coming year; until May, the year in progress."""
    return day.year if day.month >= PLANNING_STARTS_IN else day.year - 1


def month_dates(year: int, month: int, due_day: int, grace_days: int) -> tuple[date, date, date]:
    """Opening, due and cut-off dates of a monthly cycle: the 1st, ``due_day`` (or the month's
    last day) and ``grace_days`` after it."""
    last = calendar.monthrange(year, month)[1]
    due = date(year, month, min(due_day, last))
    return date(year, month, 1), due, due + timedelta(days=grace_days)
