"""Essays on the monitoring pages: essays on time, late and missing, per author's school, in the
month their cycle is due.

- ``essays_on_time`` / ``essays_late``: submitted essays (a withdrawn one is a draft again and
  does not count), by whether they came by the due date.
- ``essays_missing``: for every cycle whose cut-off has passed (Almaty days), each of its
  members (``members.member_clause``, the members of today) without a submitted essay; a draft
  that was never sent is missing.

``at`` is the cycle's due date: a date column, which both databases compare as midnight UTC,
i.e. 05:00 of the same day in Almaty, so the month is the due date's own.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_

from ..accounts.models import User
from ..core.i18n import local_today
from ..extensions import db
from ..monitoring.metrics import Metric, register
from .members import member_clause
from .models import Essay, EssayCycle, EssayStatus


def _submitted(late: bool) -> Select:
    return (
        db.select(
            User.school_id.label("school_id"),
            EssayCycle.due_on.label("at"),
            Essay.id.label("item"),
        )
        .select_from(Essay)
        .join(EssayCycle, EssayCycle.id == Essay.cycle_id)
        .join(User, User.id == Essay.author_id)
        .where(
            Essay.status == EssayStatus.SUBMITTED,
            Essay.late.is_(late),
            User.school_id.is_not(None),
        )
    )


def _on_time() -> Select:
    return _submitted(False)


def _late() -> Select:
    return _submitted(True)


def _missing() -> Select:
    return (
        db.select(
            User.school_id.label("school_id"),
            EssayCycle.due_on.label("at"),
            User.id.label("item"),
        )
        .select_from(EssayCycle)
        .join(User, member_clause(EssayCycle.network_id))
        .outerjoin(
            Essay,
            and_(
                Essay.cycle_id == EssayCycle.id,
                Essay.author_id == User.id,
                Essay.status == EssayStatus.SUBMITTED,
            ),
        )
        .where(
            EssayCycle.cutoff_on < local_today(),
            Essay.id.is_(None),
            User.school_id.is_not(None),
        )
    )


ESSAYS_ON_TIME = register(Metric("essays_on_time", _l("Essays on time"), _on_time))
ESSAYS_LATE = register(Metric("essays_late", _l("Essays sent late"), _late, chart=False))
ESSAYS_MISSING = register(Metric("essays_missing", _l("Essays missing"), _missing, chart=False))
