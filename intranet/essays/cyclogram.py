"""The monthly essay in the events cyclogram: its Generate action also opens the essay cycles.

A network writes the monthly essay when its cyclogram has the "monthly essay" row
(``events.cyclogram.add_essay_rule``: the cycles' title and prompt). For the period generated
(a term or the whole year) the generator opens, through ``create_monthly_series``, one cycle a
month of the school year (September to May) whose due date falls in the period:

- it opens on the month's 1st; it is due on the ``DUE_DAY`` (25th), or the month's last day;
- a due date inside the holidays moves to the last day before those holidays in the same
  month (25 March, in spring holidays that start on 19 March, becomes 18 March); when the
  holidays cover the month from its 1st to that date, it moves to the first day after them
  in the same month; a month with no such day is left out;
- a month whose (moved) due date is outside the period waits for the run of its own term, so
  term by term gives exactly the cycles of a whole-year run; after the year's end, none;
- the cut-off is ``GRACE_DAYS`` after the due date, holidays or not.

Running it twice creates nothing new: ``create_monthly_series`` skips a month that has a cycle
of the year's series already (one made by hand with "a year of cycles" included).
"""

from __future__ import annotations

from datetime import date, timedelta

from ..accounts.models import User
from ..events import cyclogram
from ..events.calendar import Span, in_any
from ..network.models import Network
from . import services

DUE_DAY = 25
GRACE_DAYS = 5


def due_date(nominal: date, period: Span, holidays: list[Span]) -> date | None:
    """The due date of the month of ``nominal`` (see the module's rule), None to skip it."""
    day = nominal
    while in_any(day, holidays) and day.month == nominal.month:
        day -= timedelta(days=1)
    if day.month != nominal.month:
        day = nominal
        while in_any(day, holidays) and day.month == nominal.month:
            day += timedelta(days=1)
        if day.month != nominal.month:
            return None
    return day if day in period else None


def first_year_of(period: Span) -> int:
    """The calendar year in which the school year of ``period`` began (in August or later)."""
    start = period.starts_on
    return start.year if start.month >= 8 else start.year - 1


def generate_cycles(
    network: Network, period: Span, holidays: list[Span], actor: User | None
) -> int:
    """The cyclogram generator: the monthly cycles of ``period``; the number created."""
    rule = cyclogram.essay_rule_of(network)
    if rule is None:
        return 0
    created = services.create_monthly_series(
        network,
        actor,
        first_year=first_year_of(period),
        title=rule.title,
        prompt=rule.purpose,
        due_day=DUE_DAY,
        grace_days=GRACE_DAYS,
        due_on_for=lambda nominal: due_date(nominal, period, holidays),
    )
    return len(created)


cyclogram.register_generator("essays", generate_cycles)
