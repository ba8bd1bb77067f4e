"""The registry of monitoring metrics: what the monitoring pages count, per school and per month.

A metric is a key, a translated label and a *source*: a function returning a ``select`` of
three labelled columns, one row per counted thing:

- ``school_id``: the school the thing is counted for (a person's school, an owning school),
- ``at``: when it happened (a naive UTC timestamp), which places it in a month of the period,
- ``item``: what is counted (a row id; with ``distinct=True`` each value counts once, so a
  person who posted twenty times is one active member).

The registry filters every source by the schools and the period asked for, groups it by school
and by Almaty month, and adds a total per school: ``Metric.compute`` answers one metric in ONE
query, and ``compute_all`` answers every registered metric together in ONE query (a
``UNION ALL``), so a page costs the same number of queries however many features register a
metric. Monitoring pages show whatever is registered, by ``position`` and then in registration
order; a network's row is the sum of its schools (each thing belongs to one school).

Adding a metric is a few lines in the feature's own package, e.g. essays on time::

    from intranet.monitoring.metrics import Metric, register

    def _essays_on_time():
        return (
            db.select(
                User.school_id.label("school_id"),
                Essay.submitted_at.label("at"),
                Essay.id.label("item"),
            )
            .join(User, User.id == Essay.author_id)
            .join(EssayCycle, EssayCycle.id == Essay.cycle_id)
            .where(Essay.submitted_at <= EssayCycle.due_at)
        )

    register(Metric("essays_on_time", _l("Essays on time"), _essays_on_time))

"Late" is the same with ``>``; "missing" selects each member × closed cycle without an essay
(``at`` = the cycle's deadline, ``item`` = the member's id). Import the module that registers
from the feature's ``__init__.py`` so the metric exists once the blueprint is loaded.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Select, case, func, literal_column, union_all

from ..extensions import db
from .period import Period

KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,31}$")


@dataclass
class MetricResult:
    """One metric's figures: a total per school and, per school, a count per month."""

    totals: dict[int, int] = field(default_factory=dict)
    months: dict[int, dict[str, int]] = field(default_factory=lambda: defaultdict(dict))

    def total(self, school_ids: Iterable[int]) -> int:
        return sum(self.totals.get(school_id, 0) for school_id in school_ids)

    def series(self, school_ids: Iterable[int], months: Sequence[str]) -> list[int]:
        """The counts per month of ``months``, summed over ``school_ids``."""
        values = dict.fromkeys(months, 0)
        for school_id in school_ids:
            for month, count in self.months.get(school_id, {}).items():
                if month in values:
                    values[month] += count
        return list(values.values())


@dataclass(frozen=True)
class Metric:
    key: str
    label: object
    source: Callable[[], Select]
    #: Count each ``item`` once per school (and once per month): people rather than actions.
    distinct: bool = False
    #: Draw a trend chart of it on the monitoring pages.
    chart: bool = True
    #: Lower comes first on the pages. The order in which features register depends on which
    #: package happens to be imported first, so a metric that must lead says so here.
    position: int = 100

    def compute(self, school_ids: Sequence[int], period: Period) -> MetricResult:
        """This metric alone for ``school_ids`` over ``period``, in one query."""
        return _run([self], school_ids, period)[self.key]


_REGISTRY: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if not KEY_PATTERN.match(metric.key):
        raise ValueError(f"metric key {metric.key!r} must match {KEY_PATTERN.pattern}")
    if metric.key in _REGISTRY:
        raise ValueError(f"metric {metric.key!r} is registered twice")
    _REGISTRY[metric.key] = metric
    return metric


def registered() -> list[Metric]:
    """Every metric, in the order the pages show them: by ``position``, then as registered."""
    return sorted(_REGISTRY.values(), key=lambda metric: metric.position)


def compute_all(school_ids: Sequence[int], period: Period) -> dict[str, MetricResult]:
    """Every registered metric for ``school_ids`` over ``period``, in one query."""
    return _run(registered(), school_ids, period)


def _month_of(column, period: Period):
    """The Almaty month of a stored UTC time as ``YYYY-MM``: a ``CASE`` over the month
    boundaries of the period, computed in Python with the time zone. Comparisons are far cheaper
    than SQLite's date functions, and the expression is the same on both databases."""
    bounds = period.month_bounds
    return case(
        *((column < ends_before, literal_column(f"'{month}'")) for month, ends_before in bounds),
        else_=literal_column("''"),
    )


def _legs(metric: Metric, school_ids: Sequence[int], period: Period) -> list[Select]:
    source = metric.source().subquery()
    counted = source.c.item.distinct() if metric.distinct else source.c.item
    key = literal_column(f"'{metric.key}'")
    month = _month_of(source.c.at, period).label("month")
    where = (
        source.c.school_id.in_(school_ids),
        source.c.at >= period.starts_at,
        source.c.at < period.ends_before,
    )
    monthly = (
        db.select(
            key.label("metric"),
            source.c.school_id,
            month,
            func.count(counted).label("n"),
        )
        .where(*where)
        .group_by(source.c.school_id, month)
    )
    totals = (
        db.select(
            key.label("metric"),
            source.c.school_id,
            literal_column("''").label("month"),
            func.count(counted).label("n"),
        )
        .where(*where)
        .group_by(source.c.school_id)
    )
    # A count of rows adds up over the months; only distinct counts need their own totals.
    return [monthly, totals] if metric.distinct else [monthly]


def _run(metrics: Sequence[Metric], school_ids: Sequence[int], period: Period):
    results = {metric.key: MetricResult() for metric in metrics}
    school_ids = sorted(set(school_ids))
    if not metrics or not school_ids:
        return results
    legs = [leg for metric in metrics for leg in _legs(metric, school_ids, period)]
    for key, school_id, month, count in db.session.execute(union_all(*legs)):
        result = results[key]
        if month:
            result.months[school_id][month] = count
        else:
            result.totals[school_id] = count
    for metric in metrics:
        if not metric.distinct:
            result = results[metric.key]
            result.totals = {
                school_id: sum(by_month.values()) for school_id, by_month in result.months.items()
            }
    return results
