"""Loading essay objects for a view with the visibility rule applied: what the signed-in person
may not read answers 404, exactly like what does not exist."""

from __future__ import annotations

from flask import abort
from flask_login import current_user
from sqlalchemy.orm import joinedload

from ..accounts.permissions import require
from ..extensions import db
from .models import Essay, EssayCycle


def cycle_or_404(cycle_id: int) -> EssayCycle:
    cycle = db.session.get(EssayCycle, cycle_id)  # its network comes in the same query
    if cycle is None:
        abort(404)
    require(current_user, "essays.view_cycle", cycle, hide=True)
    return cycle


def essay_or_404(essay_id: int) -> Essay:
    essay = db.session.scalar(
        db.select(Essay).where(Essay.id == essay_id).options(joinedload(Essay.author))
    )
    if essay is None:
        abort(404)
    require(current_user, "essays.view_essay", essay, hide=True)
    return essay
