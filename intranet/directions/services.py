"""Rules of the league's directions: who owns a direction, which schools adopted it and when,
and how far the league is from its target.

Plain functions over model objects: they validate, change, flush and write the audit log; the
view commits. A refusal is a ``RuleError`` with a translated message and its form field.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from ..core import audit
from ..core.i18n import local_today
from ..core.markdown import render_markdown
from ..core.rules import RuleError
from ..extensions import db
from ..monitoring.period import school_year_of
from ..network.models import Network, NetworkKind, NetworkSchool, School
from .models import Direction, DirectionAction, DirectionAdoption, LeagueTarget

#: A target the league has not set yet: the league's own words (seed 001).
DEFAULT_DIRECTIONS = 20
DEFAULT_SCHOOLS = 100


@dataclass(frozen=True)
class Progress:
    """Where a league stands: its directions and the schools that adopted one."""

    directions: int
    schools: int
    adoptions: int
    target: LeagueTarget


# --- Reading ------------------------------------------------------------------------------------


def leagues() -> list[Network]:
    return list(
        db.session.scalars(
            db.select(Network)
            .where(Network.kind == NetworkKind.LEAGUE, Network.archived.is_(False))
            .order_by(Network.name)
        )
    )


def target_of(league: Network) -> LeagueTarget:
    """The league's target, or the default one (not saved) when none is set."""
    target = db.session.scalar(db.select(LeagueTarget).where(LeagueTarget.network_id == league.id))
    if target is None:
        target = LeagueTarget(
            network_id=league.id,
            directions=DEFAULT_DIRECTIONS,
            schools=DEFAULT_SCHOOLS,
            due_on=school_year_of(local_today())[1],
        )
    return target


def progress_of(league: Network) -> Progress:
    """Directions, distinct schools reached and adoptions, in one query, plus the target."""
    directions, schools, adoptions = db.session.execute(
        db.select(
            func.count(Direction.id.distinct()),
            func.count(DirectionAdoption.school_id.distinct()),
            func.count(DirectionAdoption.id),
        )
        .select_from(Direction)
        .outerjoin(DirectionAdoption, DirectionAdoption.direction_id == Direction.id)
        .where(Direction.network_id == league.id)
    ).one()
    return Progress(directions, schools, adoptions, target_of(league))


def directions_of(league: Network) -> list[tuple[Direction, int]]:
    """The league's directions by title, each with its number of adopting schools."""
    counts = (
        db.select(DirectionAdoption.direction_id, func.count().label("n"))
        .group_by(DirectionAdoption.direction_id)
        .subquery()
    )
    query = (
        db.select(Direction, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.direction_id == Direction.id)
        .where(Direction.network_id == league.id)
        .order_by(Direction.title, Direction.id)
    )
    return [tuple(row) for row in db.session.execute(query)]


def adoptions_of(direction: Direction) -> list[DirectionAdoption]:
    return list(
        db.session.scalars(
            db.select(DirectionAdoption)
            .where(DirectionAdoption.direction_id == direction.id)
            .order_by(DirectionAdoption.adopted_on, DirectionAdoption.id)
        )
    )


def league_schools(league: Network) -> list[School]:
    return list(
        db.session.scalars(
            db.select(School)
            .join(NetworkSchool, NetworkSchool.school_id == School.id)
            .where(NetworkSchool.network_id == league.id, School.archived.is_(False))
            .order_by(School.name)
        )
    )


# --- Directions ---------------------------------------------------------------------------------


def _check_direction(league: Network, school_id: int, title: str, direction=None) -> str:
    title = (title or "").strip()
    if not title:
        raise RuleError(_l("Give the direction a title."), "title")
    in_league = db.session.scalar(
        db.select(NetworkSchool.id).where(
            NetworkSchool.network_id == league.id, NetworkSchool.school_id == school_id
        )
    )
    if in_league is None:
        raise RuleError(_l("The owning school must be a school of the league."), "school_id")
    # Compared in Python: SQLite's lower() leaves Kazakh and Russian letters as they are.
    others = db.session.execute(
        db.select(Direction.id, Direction.title).where(Direction.network_id == league.id)
    )
    taken = next(
        (
            ident
            for ident, other in others
            if other.casefold() == title.casefold() and (direction is None or ident != direction.id)
        ),
        None,
    )
    if taken is not None:
        raise RuleError(_l("The league has a direction with this title already."), "title")
    return title


def create_direction(
    league: Network, school_id: int, title: str, description: str, actor
) -> Direction:
    if league.kind != NetworkKind.LEAGUE:
        raise RuleError(_l("Only a directors' league has directions."))
    title = _check_direction(league, school_id, title)
    direction = Direction(
        network_id=league.id,
        school_id=school_id,
        title=title,
        description=description or "",
        description_html=render_markdown(description or ""),
        created_by_id=actor.id,
    )
    db.session.add(direction)
    db.session.flush()
    audit.record(DirectionAction.CREATE, direction, actor=actor, detail=title)
    return direction


def edit_direction(direction: Direction, school_id: int, title: str, description: str, actor):
    title = _check_direction(direction.network, school_id, title, direction)
    direction.title = title
    direction.school_id = school_id
    direction.description = description or ""
    direction.description_html = render_markdown(description or "")
    db.session.flush()
    db.session.expire(direction, ["school"])
    audit.record(DirectionAction.EDIT, direction, actor=actor, detail=title)
    return direction


def set_target(league: Network, directions: int, schools: int, due_on: date, actor):
    if directions < 1 or directions > 1000:
        raise RuleError(_l("Choose between 1 and 1000 directions."), "directions")
    if schools < 1 or schools > 100_000:
        raise RuleError(_l("Choose between 1 and 100000 schools."), "schools")
    target = db.session.scalar(db.select(LeagueTarget).where(LeagueTarget.network_id == league.id))
    if target is None:
        target = LeagueTarget(network_id=league.id, due_on=due_on)
        db.session.add(target)
    target.directions, target.schools, target.due_on = directions, schools, due_on
    db.session.flush()
    audit.record(
        DirectionAction.SET_TARGET,
        league,
        actor=actor,
        detail=f"{directions} / {schools} / {due_on}",
    )
    return target


# --- Adoptions ----------------------------------------------------------------------------------


def record_adoption(
    direction: Direction, school_id: int | None, adopted_on: date, note: str, actor
) -> DirectionAdoption:
    """``school_id`` took up ``direction`` on ``adopted_on`` (not in the future)."""
    school = db.session.get(School, school_id) if school_id else None
    if school is None or school.archived:
        raise RuleError(_l("Choose the school that adopted the practice."), "school_id")
    if school.id == direction.school_id:
        raise RuleError(_l("The owning school cannot adopt its own direction."), "school_id")
    if adopted_on > local_today():
        raise RuleError(_l("The day of adoption cannot be in the future."), "adopted_on")
    adoption = DirectionAdoption(
        direction_id=direction.id,
        school_id=school.id,
        adopted_on=adopted_on,
        note=(note or "").strip(),
        recorded_by_id=actor.id,
    )
    try:
        with db.session.begin_nested():
            db.session.add(adoption)
    except IntegrityError:
        raise RuleError(_l("This school has adopted the direction already."), "school_id") from None
    audit.record(DirectionAction.ADOPT, direction, actor=actor, detail=school.name)
    return adoption


def remove_adoption(adoption: DirectionAdoption, actor) -> None:
    audit.record(DirectionAction.UNADOPT, adoption, actor=actor, detail=adoption.school.name)
    db.session.delete(adoption)
    db.session.flush()
