"""Small trend charts drawn on the server as inline SVG: no chart library, no JavaScript.

The geometry is computed here and the template ``_macros/_charts.html`` writes it out with SVG
presentation attributes (``x``, ``height``...) and CSS classes, never ``style`` attributes, which
the Content-Security-Policy forbids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from ..core.localformat import format_date, format_number

WIDTH = 240
HEIGHT = 110
#: Room at the bottom for the month numbers and at the top for the values.
BOTTOM = 16
TOP = 14
GAP = 2


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    value: int
    label: str
    title: str


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    width: int = WIDTH
    height: int = HEIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def peak(self) -> int:
        return max((bar.value for bar in self.bars), default=0)


def month_date(month: str) -> date:
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def month_label(month: str) -> str:
    """``2026-09`` as the reader's language writes the month and year."""
    return format_date(month_date(month), "month_year")


def bar_chart(title: str, months: Sequence[str], values: Sequence[int]) -> Chart:
    """One bar per month, scaled to the highest value; labels every month (or every third)."""
    count = max(len(months), 1)
    slot = WIDTH / max(count, 12)  # a short period keeps narrow bars, not one wide block
    peak = max(values, default=0) or 1
    room = HEIGHT - BOTTOM - TOP
    step = 1 if count <= 12 else 3
    bars = []
    for index, (month, value) in enumerate(zip(months, values, strict=True)):
        day = month_date(month)
        height = round(room * value / peak, 1)
        bars.append(
            Bar(
                x=round(index * slot + GAP / 2, 1),
                y=round(HEIGHT - BOTTOM - height, 1),
                width=round(slot - GAP, 1),
                height=height,
                value=value,
                label=str(day.month) if index % step == 0 else "",
                title=f"{month_label(month)}: {format_number(value)}",
            )
        )
    return Chart(title=title, bars=bars)
