"""The resource library on the monitoring pages: resources submitted and resources approved.

A resource counts for its author's school when it was submitted (``Resource.school_id``, kept
even when the teacher moves later): once in the month it was first sent, and once in the month
a moderator approved it (a resource is approved at most once: only a sent-back or rejected one
can be revised). The monitoring registry does the grouping (``monitoring.metrics``).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select

from ..extensions import db
from ..monitoring.metrics import Metric, register
from .models import Decision, Resource, ResourceDecision


def _resources_submitted() -> Select:
    return db.select(
        Resource.school_id.label("school_id"),
        Resource.created_at.label("at"),
        Resource.id.label("item"),
    ).where(Resource.school_id.is_not(None))


def _resources_approved() -> Select:
    return (
        db.select(
            Resource.school_id.label("school_id"),
            ResourceDecision.created_at.label("at"),
            Resource.id.label("item"),
        )
        .join(ResourceDecision, ResourceDecision.resource_id == Resource.id)
        .where(Resource.school_id.is_not(None), ResourceDecision.decision == Decision.APPROVE)
    )


RESOURCES_SUBMITTED = register(
    Metric("resources_submitted", _l("Resources submitted"), _resources_submitted, chart=False)
)
RESOURCES_APPROVED = register(
    Metric(
        "resources_approved",
        _l("Resources approved"),
        _resources_approved,
        distinct=True,
        chart=False,
    )
)
