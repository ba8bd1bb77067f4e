"""Monitoring reports: read-only figures per network and per school over a period.

Every report loads its schools in one query and every registered metric in one more
(``metrics.compute_all``), whatever the number of schools, people or posts; a network's row is
the sum of its schools. Lists are cut into pages here, after the figures are known, so that the
totals always cover every school.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..core.navigation import PageLinks
from ..extensions import db
from ..network.models import (
    MAX_PARTNER_SCHOOLS,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    School,
)
from . import metrics
from .charts import Chart, bar_chart
from .metrics import Metric, MetricResult
from .period import Period

#: Rows on one page of a monitoring table (schools of a network, networks).
PER_PAGE = 25


@dataclass
class Listing(PageLinks):
    """One page of rows, shaped for the ``_macros/_pager.html`` macro."""

    items: list
    page: int
    pages: int
    total: int

    @classmethod
    def of(cls, rows: Sequence, page: int, per_page: int = PER_PAGE) -> Listing:
        pages = max((len(rows) + per_page - 1) // per_page, 1)
        page = min(max(page, 1), pages)
        start = (page - 1) * per_page
        return cls(list(rows[start : start + per_page]), page, pages, len(rows))

    @classmethod
    def everything(cls, rows: Sequence) -> Listing:
        return cls(list(rows), 1, 1, len(rows))


@dataclass
class PartnerRule:
    """The 1:10 rule of a leading-school network: partners against one leading school."""

    leading: int
    partners: int
    limit: int = MAX_PARTNER_SCHOOLS

    @property
    def kept(self) -> bool:
        return self.leading == 1 and self.partners <= self.limit * self.leading


@dataclass
class Row:
    """A line of a table: a network or a school, and one figure per metric."""

    name: str
    ident: int
    figures: list[int]
    role: NetworkSchoolRole | None = None
    kind: NetworkKind | None = None
    schools: int = 0
    rule: PartnerRule | None = None


@dataclass
class Report:
    period: Period
    metrics: list[Metric]
    totals: list[int]
    charts: list[Chart]
    rows: Listing | None = None
    rule: PartnerRule | None = None
    months: list[tuple[str, list[int]]] = field(default_factory=list)


def _figures(results: dict[str, MetricResult], chosen, school_ids) -> list[int]:
    return [results[metric.key].total(school_ids) for metric in chosen]


def _charts(results, chosen, school_ids, period: Period) -> list[Chart]:
    return [
        bar_chart(
            str(metric.label), period.months, results[metric.key].series(school_ids, period.months)
        )
        for metric in chosen
        if metric.chart
    ]


def _partner_rule(links: Sequence[tuple[int, NetworkSchoolRole]]) -> PartnerRule:
    roles = [role for _school_id, role in links]
    return PartnerRule(
        leading=roles.count(NetworkSchoolRole.LEADING),
        partners=roles.count(NetworkSchoolRole.PARTNER),
    )


def networks_report(period: Period, page: int | None) -> Report:
    """Every open network: its schools, the 1:10 figure, and each metric summed over them.
    ``page=None`` keeps every row (the CSV export)."""
    networks = list(
        db.session.scalars(
            db.select(Network).where(Network.archived.is_(False)).order_by(Network.name)
        )
    )
    links: dict[int, list[tuple[int, NetworkSchoolRole]]] = defaultdict(list)
    for network_id, school_id, role in db.session.execute(
        db.select(NetworkSchool.network_id, NetworkSchool.school_id, NetworkSchool.role)
        .join(School, School.id == NetworkSchool.school_id)
        .where(School.archived.is_(False))
    ):
        links[network_id].append((school_id, role))
    all_ids = {school_id for rows in links.values() for school_id, _role in rows}
    chosen = metrics.registered()
    results = metrics.compute_all(sorted(all_ids), period)
    rows = []
    for network in networks:
        ids = [school_id for school_id, _role in links[network.id]]
        leading = network.kind == NetworkKind.LEADING_SCHOOL
        rows.append(
            Row(
                name=network.name,
                ident=network.id,
                figures=_figures(results, chosen, ids),
                kind=network.kind,
                schools=len(ids),
                rule=_partner_rule(links[network.id]) if leading else None,
            )
        )
    return Report(
        period=period,
        metrics=chosen,
        totals=_figures(results, chosen, all_ids),
        charts=_charts(results, chosen, all_ids, period),
        rows=Listing.of(rows, page) if page else Listing.everything(rows),
    )


def network_report(network: Network, period: Period, page: int | None) -> Report:
    """One network: totals, trends, and a row per school (leading school first). ``page=None``
    keeps every row (the CSV export)."""
    links = list(
        db.session.execute(
            db.select(School.id, School.name, NetworkSchool.role)
            .join(NetworkSchool, NetworkSchool.school_id == School.id)
            .where(NetworkSchool.network_id == network.id, School.archived.is_(False))
            .order_by(School.name, School.id)
        )
    )
    order = {
        NetworkSchoolRole.LEADING: 0,
        NetworkSchoolRole.PARTNER: 1,
        NetworkSchoolRole.MEMBER: 2,
    }
    links.sort(key=lambda link: order[link.role])
    ids = [link.id for link in links]
    chosen = metrics.registered()
    results = metrics.compute_all(ids, period)
    rows = [
        Row(
            name=link.name,
            ident=link.id,
            figures=_figures(results, chosen, [link.id]),
            role=link.role,
        )
        for link in links
    ]
    leading = network.kind == NetworkKind.LEADING_SCHOOL
    return Report(
        period=period,
        metrics=chosen,
        totals=_figures(results, chosen, ids),
        charts=_charts(results, chosen, ids, period),
        rows=Listing.of(rows, page) if page else Listing.everything(rows),
        rule=_partner_rule([(link.id, link.role) for link in links]) if leading else None,
    )


def school_report(school: School, period: Period) -> Report:
    """One school: totals, trends, and a line per month of the period."""
    chosen = metrics.registered()
    results = metrics.compute_all([school.id], period)
    ids = [school.id]
    series = {metric.key: results[metric.key].series(ids, period.months) for metric in chosen}
    months = [
        (month, [series[metric.key][index] for metric in chosen])
        for index, month in enumerate(period.months)
    ]
    return Report(
        period=period,
        metrics=chosen,
        totals=_figures(results, chosen, ids),
        charts=_charts(results, chosen, ids, period),
        months=months,
    )
