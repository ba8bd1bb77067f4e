"""Who has sent theirs: per-school tallies (on time, late, draft only, missing) for a cycle:
a cycle's tracking page, its members with their essays, and a member's history.

The monitoring pages count essays through ``metrics.py``. Every list here is a fixed number of
queries whatever the size.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import and_, case, func, or_
from sqlalchemy.orm import lazyload

from ..accounts.models import User
from ..core.i18n import local_today
from ..core.navigation import PageLinks
from ..extensions import db
from ..network.models import School
from .access import cycle_scope_for
from .members import member_clause
from .models import Essay, EssayCycle, EssayStatus, Standing

# --- Tracking ---------------------------------------------------------------------------------


@dataclass
class Tally:
    """Members of one school (or of a whole cycle) by where they stand."""

    members: int = 0
    on_time: int = 0
    late: int = 0
    draft: int = 0
    school_id: int | None = None
    school_name: str = ""
    cycle_id: int | None = None

    @property
    def missing(self) -> int:
        return self.members - self.on_time - self.late - self.draft

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    def share(self, value: int) -> float:
        """``value`` as a share of the members, 0 to 1 (0 when there are none)."""
        return value / self.members if self.members else 0

    def add(self, other: Tally) -> None:
        self.members += other.members
        self.on_time += other.on_time
        self.late += other.late
        self.draft += other.draft


def _submitted(late: bool):
    return case((and_(Essay.status == EssayStatus.SUBMITTED, Essay.late.is_(late)), 1), else_=0)


def _tally_columns():
    return (
        func.count(User.id),
        func.coalesce(func.sum(_submitted(False)), 0),
        func.coalesce(func.sum(_submitted(True)), 0),
        func.coalesce(func.sum(case((Essay.status == EssayStatus.DRAFT, 1), else_=0)), 0),
    )


def _members_with_essays(cycle_id, network_id):
    """FROM user LEFT JOIN essay (of the cycle): one row per member of the cycle."""
    return (
        db.select()
        .select_from(User)
        .outerjoin(Essay, and_(Essay.author_id == User.id, Essay.cycle_id == cycle_id))
        .where(member_clause(network_id))
    )


@dataclass
class TrackingPage(PageLinks):
    total: Tally
    rows: list[Tally] = field(default_factory=list)
    page: int = 1
    pages: int = 1


def track_cycle(cycle: EssayCycle, page: int, per_page: int) -> TrackingPage:
    """The cycle's totals and one page of schools (by name), in three queries."""
    base = _members_with_essays(cycle.id, cycle.network_id)
    members, on_time, late, draft = db.session.execute(base.add_columns(*_tally_columns())).one()
    total = Tally(members, on_time, late, draft)
    school_count = db.session.scalar(
        db.select(func.count(func.distinct(func.coalesce(User.school_id, 0)))).where(
            member_clause(cycle.network_id)
        )
    )
    pages = max(1, -(-(school_count or 0) // per_page))
    page = min(max(page, 1), pages)
    statement = (
        base.add_columns(User.school_id, School.name, *_tally_columns())
        .outerjoin(School, School.id == User.school_id)
        .group_by(User.school_id, School.name)
        .order_by(School.name.is_(None), School.name, User.school_id)
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = [
        Tally(members, on_time, late, draft, school_id=school_id, school_name=name or "")
        for school_id, name, members, on_time, late, draft in db.session.execute(statement)
    ]
    return TrackingPage(total=total, rows=rows, page=page, pages=pages)


@dataclass
class MemberRow:
    user: User
    essay: Essay | None
    cycle: EssayCycle | None = None

    @property
    def standing(self) -> Standing:
        return self.essay.standing if self.essay else Standing.MISSING


def tally_of(rows: list[MemberRow]) -> Tally:
    """The counts of a list of members (one school's page)."""
    standings = [row.standing for row in rows]
    return Tally(
        members=len(rows),
        on_time=standings.count(Standing.ON_TIME),
        late=standings.count(Standing.LATE),
        draft=standings.count(Standing.DRAFT),
    )


def member_rows(cycle: EssayCycle, school_id: int | None = None, *, everyone: bool = False):
    """Members of the cycle (of one school, or without a school when ``school_id`` is None,
    or all of them with ``everyone``) with their essay or None, by school and name."""
    statement = (
        db.select(User, Essay)
        .outerjoin(Essay, and_(Essay.author_id == User.id, Essay.cycle_id == cycle.id))
        .where(member_clause(cycle.network_id))
        .options(lazyload(Essay.cycle))  # the cycle is known; an inner join would drop rows
        .order_by(User.full_name, User.id)
    )
    if not everyone:
        statement = statement.where(
            User.school_id == school_id if school_id else User.school_id.is_(None)
        )
    return [MemberRow(user, essay) for user, essay in db.session.execute(statement)]


def member_history(user) -> list[MemberRow]:
    """``user``'s place in every cycle of their networks that has opened, latest first."""
    statement = (
        db.select(EssayCycle, Essay)
        .outerjoin(Essay, and_(Essay.cycle_id == EssayCycle.id, Essay.author_id == user.id))
        .where(
            or_(
                cycle_scope_for(user).clause(),
                Essay.id.is_not(None),
            ),
            EssayCycle.opens_on <= local_today(),
        )
        .options(lazyload(Essay.cycle))  # the row's own cycle; an inner join would drop rows
        .order_by(EssayCycle.due_on.desc(), EssayCycle.id.desc())
        .limit(60)
    )
    rows = []
    for cycle, essay in db.session.execute(statement):
        rows.append(MemberRow(user, essay, cycle))
    return rows
