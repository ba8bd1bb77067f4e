"""Lesson Study on the monitoring pages: studies begun and studies completed, per school.

A study counts for its school (the lead's school when it was created) in the month it began and
in the month it was completed; the monitoring registry does the grouping (``monitoring.metrics``).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select

from ..extensions import db
from ..monitoring.metrics import Metric, register
from .models import LessonStudy


def _studies_started() -> Select:
    return db.select(
        LessonStudy.school_id.label("school_id"),
        LessonStudy.created_at.label("at"),
        LessonStudy.id.label("item"),
    )


def _studies_completed() -> Select:
    return db.select(
        LessonStudy.school_id.label("school_id"),
        LessonStudy.completed_at.label("at"),
        LessonStudy.id.label("item"),
    ).where(LessonStudy.completed_at.is_not(None))


STUDIES_STARTED = register(
    Metric("lesson_studies_started", _l("Lesson Studies begun"), _studies_started, chart=False)
)
STUDIES_COMPLETED = register(
    Metric(
        "lesson_studies_completed", _l("Lesson Studies completed"), _studies_completed, chart=False
    )
)
