"""Who may read and do what with essays: the feature's permissions, registered into the one
``can()`` (``accounts.permissions``); the scopes, the one decision behind ``essays.view_cycle`` and
``essays.view_essay`` (``allows``) and every list of cycles and essays (``clause``); and the
loaders: what the signed-in person may not read answers 404, exactly like what does not exist.

Both scopes are built from one set of facts (``members.facts_of``, one query a request): the
networks the person writes in and those they review in. Who is a member and who a reviewer is
written out in the docstring of ``services.py``.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, false, or_, true
from sqlalchemy.orm import joinedload

from ..accounts.models import Role, User
from ..accounts.permissions import is_staff, permission, visible_or_404
from ..extensions import db
from .members import (
    EssayFacts,
    facts_clause,
    facts_of,
    is_member,
    is_reviewer,
    leads,
    managed_networks,
)
from .models import CycleVisibility, Essay, EssayCycle, EssayStatus


def _in(column, ids: frozenset[int]):
    return column.in_(ids) if ids else false()


class CycleScope:
    """The cycles one person may open: those of the networks they write or review in (staff:
    all). ``allows`` reads the facts (one query a request); ``clause`` puts the facts' own
    statement in the list's query, so a list costs no query more than before."""

    def __init__(self, user):
        self.user = user

    def allows(self, cycle: EssayCycle) -> bool:
        facts = facts_of(self.user)
        return facts.staff or cycle.network_id in facts.member_of | facts.reviews_in

    def clause(self):
        """A WHERE clause on ``EssayCycle`` that keeps what ``allows`` allows."""
        if is_staff(self.user):
            return true()
        return facts_clause(EssayCycle.network_id, self.user)


@dataclass(frozen=True)
class EssayScope:
    """The essays one person may read: their own always; others only once submitted, for the
    reviewers of the cycle's network, and for its members when the cycle shares its essays with
    the community."""

    user_id: int
    facts: EssayFacts

    def reads_sent_essays_of(self, cycle: EssayCycle) -> bool:
        facts = self.facts
        if facts.staff or cycle.network_id in facts.reviews_in:
            return True
        return cycle.visibility == CycleVisibility.COMMUNITY and cycle.network_id in facts.member_of

    def allows(self, essay: Essay) -> bool:
        if essay.author_id == self.user_id:
            return True
        return essay.status == EssayStatus.SUBMITTED and self.reads_sent_essays_of(essay.cycle)

    def sent_cycles_clause(self):
        """A WHERE clause on ``EssayCycle``: the cycles whose sent essays the person reads."""
        facts = self.facts
        if facts.staff:
            return true()
        community = and_(
            EssayCycle.visibility == CycleVisibility.COMMUNITY,
            _in(EssayCycle.network_id, facts.member_of),
        )
        return or_(_in(EssayCycle.network_id, facts.reviews_in), community)

    def clause(self):
        """A WHERE clause on ``Essay`` that keeps what ``allows`` allows."""
        readable = db.select(EssayCycle.id).where(self.sent_cycles_clause())
        sent = and_(Essay.status == EssayStatus.SUBMITTED, Essay.cycle_id.in_(readable))
        return or_(Essay.author_id == self.user_id, sent)


def cycle_scope_for(user) -> CycleScope:
    return CycleScope(user)


def essay_scope_for(user) -> EssayScope:
    return EssayScope(user.id, facts_of(user))


# --- Permissions ------------------------------------------------------------------------------


@permission("essays.view_cycle")
def _view_essay_cycle(user: User, cycle) -> bool:
    """A cycle's page: its network's members and reviewers, and staff."""
    return cycle_scope_for(user).allows(cycle)


@permission("essays.create_cycle")
def _create_essay_cycle(user: User, network) -> bool:
    """Open cycles (one, or a monthly series): staff anywhere, a lead in their network; with no
    network, whether the person may open cycles in some network."""
    if network is None:
        return is_staff(user) or bool(managed_networks(user))
    return leads(user, network)


@permission("essays.write")
def _write_essay(user: User, cycle) -> bool:
    return is_member(user, cycle.network)


@permission("essays.view_essay")
def _view_essay(user: User, essay) -> bool:
    return essay_scope_for(user).allows(essay)


@permission("essays.withdraw")
def _withdraw_essay(user: User, essay) -> bool:
    return essay.author_id == user.id


@permission("essays.give_feedback")
def _give_essay_feedback(user: User, essay) -> bool:
    return (
        essay.status == EssayStatus.SUBMITTED
        and essay.author_id != user.id
        and is_reviewer(user, essay.cycle.network)
    )


@permission("essays.comment")
def _comment_on_essay(user: User, essay) -> bool:
    """Members comment on each other's essays when the cycle shares them with the community;
    the author may answer under their own."""
    if essay.status != EssayStatus.SUBMITTED or not _view_essay(user, essay):
        return False
    if essay.author_id == user.id:
        return True
    return essay.cycle.visibility == CycleVisibility.COMMUNITY and is_member(
        user, essay.cycle.network
    )


@permission("essays.track")
def _track_essay_cycle(user: User, cycle) -> bool:
    """Who sent theirs, per school and per member, and the CSV export: reviewers."""
    return is_reviewer(user, cycle.network)


@permission("essays.track_school")
def _track_school_in_cycle(user: User, cycle_and_school) -> bool:
    """One school's members in a cycle, ``(cycle, school_id)``: reviewers, and the school's own
    leader (director or deputy) for that school only."""
    cycle, school_id = cycle_and_school
    if _track_essay_cycle(user, cycle):
        return True
    return user.role == Role.SCHOOL_LEADER and school_id is not None and user.school_id == school_id


# --- Loaders ----------------------------------------------------------------------------------


def cycle_or_404(cycle_id: int) -> EssayCycle:
    cycle = db.session.get(EssayCycle, cycle_id)  # its network comes in the same query
    return visible_or_404(cycle, "essays.view_cycle")


def essay_or_404(essay_id: int) -> Essay:
    essay = db.session.scalar(
        db.select(Essay).where(Essay.id == essay_id).options(joinedload(Essay.author))
    )
    return visible_or_404(essay, "essays.view_essay")
