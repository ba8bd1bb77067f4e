"""The period a monitoring page covers: whole days in Asia/Almaty, by default this school year.

Timestamps are stored in naive UTC. A ``Period`` turns its first and last day into UTC bounds
for ``WHERE`` clauses, lists the calendar months it spans (``"2026-09"``), which label the
per-month series of every metric, and the UTC moment each month ends, with which the database
puts a row into its Almaty month.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ..core.i18n import LOCAL_ZONE, local_today

#: A school year in Kazakhstan runs from 1 September to 31 August.
SCHOOL_YEAR_FIRST_MONTH = 9
#: The longest period a page shows, in months (the charts stay readable on a phone).
MAX_MONTHS = 36


def school_year_of(day: date) -> tuple[date, date]:
    """The first and last day of the school year that ``day`` falls in."""
    start_year = day.year if day.month >= SCHOOL_YEAR_FIRST_MONTH else day.year - 1
    return date(start_year, SCHOOL_YEAR_FIRST_MONTH, 1), date(start_year + 1, 8, 31)


@dataclass(frozen=True)
class Period:
    """From ``first`` to ``last``, both days included, in Almaty."""

    first: date
    last: date

    @classmethod
    def school_year(cls, today: date | None = None) -> Period:
        return cls(*school_year_of(today or local_today()))

    @property
    def starts_at(self) -> datetime:
        """The first moment, as naive UTC."""
        return _to_utc(self.first)

    @property
    def ends_before(self) -> datetime:
        """The moment after the last day, as naive UTC (an exclusive bound)."""
        return _to_utc(self.last + timedelta(days=1))

    @property
    def months(self) -> list[str]:
        """Every month of the period as ``YYYY-MM``, in order."""
        months, year, month = [], self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            months.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return months

    @property
    def month_bounds(self) -> list[tuple[str, datetime]]:
        """Each month of the period with the moment after it (naive UTC), the last one cut at
        the end of the period."""
        bounds = []
        for month in self.months:
            year, number = int(month[:4]), int(month[5:])
            following = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
            bounds.append((month, min(_to_utc(following), self.ends_before)))
        return bounds


def _to_utc(day: date) -> datetime:
    local = datetime.combine(day, time.min, tzinfo=LOCAL_ZONE)
    return local.astimezone(UTC).replace(tzinfo=None)
