"""Research lessons of a Lesson Study: the plan and its stages, the predictions per case
pupil, the observers' notes during the lesson, and the interviews and debrief after it.

The same habits as ``services.py``: validate, change, ``flush()`` and write the audit log; the
view commits once; a refusal is a ``RuleError``. Notes come from phones that may be offline:
each carries a UUID made in the browser, so a note sent twice is stored once.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError

from ..accounts.models import User
from ..core import audit
from ..core.db import utcnow
from ..core.markdown import render_markdown
from ..core.rules import RuleError
from ..extensions import db
from .models import (
    MAX_STAGES,
    CasePupil,
    LessonStage,
    LessonStudy,
    LessonStudyAction,
    Observation,
    Prediction,
    PupilInterview,
    ResearchLesson,
    StudyStatus,
)
from .services import lock_study, pupils_of, refuse_if_completed

#: Statuses in which the team records notes, interviews and the discussion.
OBSERVING = frozenset({StudyStatus.RESEARCH, StudyStatus.ANALYSIS})

UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
#: A note's own time stamp may run this far from the server's clock (a phone set wrong, or a
#: note queued offline for a day); outside it the server's time is used.
CLOCK_SLACK = timedelta(days=2)


# --- Research lessons -------------------------------------------------------------------------


def lessons_of(study: LessonStudy) -> list[ResearchLesson]:
    return list(
        db.session.scalars(
            db.select(ResearchLesson)
            .where(ResearchLesson.study_id == study.id)
            .order_by(ResearchLesson.number)
        )
    )


def stages_of(lesson: ResearchLesson) -> list[LessonStage]:
    return list(
        db.session.scalars(
            db.select(LessonStage)
            .where(LessonStage.lesson_id == lesson.id)
            .order_by(LessonStage.position)
        )
    )


def parse_stages(text: str) -> list[str]:
    """One stage per line; blank lines dropped, list markers ("1.", "-") trimmed."""
    stages = []
    for line in (text or "").splitlines():
        title = re.sub(r"^\s*(?:[-*•]|\d+[.)])\s*", "", line).strip()
        if title:
            stages.append(title[:200])
    return stages


def create_lesson(
    study: LessonStudy,
    actor: User,
    *,
    taught_on: date,
    teacher_id: int,
    class_name: str,
    stages: str,
    plan: str = "",
) -> ResearchLesson:
    """The next research lesson of ``study``, numbered after the last, with its stages."""
    refuse_if_completed(study)
    if not any(member.user_id == teacher_id for member in study.members):
        raise RuleError(_l("The lesson is taught by someone on the team."), "teacher")
    titles = parse_stages(stages)
    if not titles:
        raise RuleError(_l("Name the stages of the lesson, one per line."), "stages")
    if len(titles) > MAX_STAGES:
        raise RuleError(_l("A lesson has at most eight stages here."), "stages")
    lock_study(study)
    number = (
        db.session.scalar(
            db.select(func.max(ResearchLesson.number)).where(ResearchLesson.study_id == study.id)
        )
        or 0
    ) + 1
    lesson = ResearchLesson(
        study_id=study.id,
        number=number,
        taught_on=taught_on,
        teacher_id=teacher_id,
        class_name=class_name.strip(),
        plan=plan or "",
        plan_html=render_markdown(plan or ""),
    )
    db.session.add(lesson)
    db.session.flush()
    db.session.add_all(
        LessonStage(lesson_id=lesson.id, position=position, title=title)
        for position, title in enumerate(titles, start=1)
    )
    db.session.flush()
    audit.record(LessonStudyAction.ADD_LESSON, lesson, actor=actor, detail=str(number))
    return lesson


def update_lesson(
    lesson: ResearchLesson,
    actor: User,
    *,
    taught_on: date,
    teacher_id: int,
    class_name: str,
    plan: str = "",
) -> ResearchLesson:
    """Change a lesson's date, teacher, class and plan; its stages stay (notes point at them)."""
    study = lesson.study
    refuse_if_completed(study)
    if not any(member.user_id == teacher_id for member in study.members):
        raise RuleError(_l("The lesson is taught by someone on the team."), "teacher")
    lesson.taught_on = taught_on
    lesson.teacher_id = teacher_id
    lesson.class_name = class_name.strip()
    lesson.plan = plan or ""
    lesson.plan_html = render_markdown(lesson.plan)
    db.session.flush()
    audit.record(LessonStudyAction.EDIT_LESSON, lesson, actor=actor, detail=str(lesson.number))
    return lesson


def predictions_of(lesson: ResearchLesson) -> dict[tuple[int, int], str]:
    """(stage id, pupil id) → the predicted response."""
    rows = db.session.execute(
        db.select(Prediction.stage_id, Prediction.pupil_id, Prediction.text)
        .join(LessonStage, LessonStage.id == Prediction.stage_id)
        .where(LessonStage.lesson_id == lesson.id)
    )
    return {(stage_id, pupil_id): text for stage_id, pupil_id, text in rows}


def save_predictions(
    lesson: ResearchLesson, actor: User, texts: dict[tuple[int, int], str]
) -> None:
    """Set every (stage, pupil) prediction; an empty text removes one."""
    refuse_if_completed(lesson.study)
    stage_ids = {stage.id for stage in stages_of(lesson)}
    pupil_ids = {pupil.id for pupil in pupils_of(lesson.study)}
    existing = {
        (row.stage_id, row.pupil_id): row
        for row in db.session.scalars(
            db.select(Prediction).where(Prediction.stage_id.in_(stage_ids or {0}))
        )
    }
    for (stage_id, pupil_id), text in texts.items():
        if stage_id not in stage_ids or pupil_id not in pupil_ids:
            continue
        text = (text or "").strip()
        row = existing.get((stage_id, pupil_id))
        if row is not None and not text:
            db.session.delete(row)
        elif row is not None:
            row.text = text
        elif text:
            db.session.add(Prediction(stage_id=stage_id, pupil_id=pupil_id, text=text))
    db.session.flush()
    audit.record(LessonStudyAction.PREDICTIONS, lesson, actor=actor)


# --- Observation ------------------------------------------------------------------------------


def new_note_uuid() -> str:
    return str(uuid.uuid4())


def _stamp(noted_at: datetime | None) -> datetime:
    now = utcnow()
    if noted_at is None or abs(noted_at - now) > CLOCK_SLACK:
        return now
    return noted_at


def record_observation(
    lesson: ResearchLesson,
    observer: User,
    *,
    client_uuid: str,
    pupil_id: int,
    stage_id: int,
    body: str,
    noted_at: datetime | None = None,
) -> tuple[Observation, bool]:
    """Store one note; ``(note, created)``. A note whose UUID is known already (a resend after a
    dropped connection, or the page without JavaScript sent again after Back) is returned as it
    is, so nothing is ever stored twice. The same UUID with another text, pupil or stage is the
    observer's next note written on a page sent again: it is stored under a UUID of its own."""
    client_uuid = (client_uuid or "").strip().lower()
    if not UUID_PATTERN.match(client_uuid):
        raise RuleError(_l("This note has no valid identifier."))
    known = _note_by_uuid(client_uuid)
    if known is not None:
        known = _own_note(known, lesson, observer)
        if (known.pupil_id, known.stage_id, known.body) == (
            pupil_id,
            stage_id,
            (body or "").strip(),
        ):
            return known, False
        client_uuid = new_note_uuid()
    if lesson.study.status not in OBSERVING:
        raise RuleError(_l("Notes are taken while the research lessons are under way."))
    pupil = db.session.get(CasePupil, pupil_id)
    stage = db.session.get(LessonStage, stage_id)
    if pupil is None or pupil.study_id != lesson.study_id:
        raise RuleError(_l("Choose one of the case pupils."), "pupil")
    if stage is None or stage.lesson_id != lesson.id:
        raise RuleError(_l("Choose a stage of this lesson."), "stage")
    body = (body or "").strip()
    if not body:
        raise RuleError(_l("Write what you saw."), "body")
    note = Observation(
        client_uuid=client_uuid,
        lesson_id=lesson.id,
        stage_id=stage.id,
        pupil_id=pupil.id,
        observer_id=observer.id,
        body=body,
        noted_at=_stamp(noted_at),
    )
    try:
        with db.session.begin_nested():
            db.session.add(note)
    except IntegrityError:
        # The same note arrived twice at the same moment (two tabs, or a retry racing the
        # first request): the other request stored it.
        known = _note_by_uuid(client_uuid)
        if known is None:
            raise
        return _own_note(known, lesson, observer), False
    audit.record(LessonStudyAction.OBSERVE, note, actor=observer, detail=pupil.code)
    return note, True


def _note_by_uuid(client_uuid: str) -> Observation | None:
    return db.session.scalar(db.select(Observation).where(Observation.client_uuid == client_uuid))


def _own_note(note: Observation, lesson: ResearchLesson, observer: User) -> Observation:
    if note.lesson_id != lesson.id or note.observer_id != observer.id:
        raise RuleError(_l("This note has no valid identifier."))
    return note


def notes_of(lesson: ResearchLesson, observer: User | None = None) -> list[Observation]:
    """A lesson's notes in the order they were taken (one observer's, when given)."""
    query = db.select(Observation).where(Observation.lesson_id == lesson.id)
    if observer is not None:
        query = query.where(Observation.observer_id == observer.id)
    return list(db.session.scalars(query.order_by(Observation.noted_at, Observation.id)))


# --- After the lesson -------------------------------------------------------------------------


def interviews_of(lesson: ResearchLesson) -> dict[int, PupilInterview]:
    rows = db.session.scalars(
        db.select(PupilInterview).where(PupilInterview.lesson_id == lesson.id)
    )
    return {row.pupil_id: row for row in rows}


def save_debrief(
    lesson: ResearchLesson,
    actor: User,
    *,
    interviews: dict[int, str],
    discussion: str,
    changes: str,
) -> None:
    """The pupils' interviews, the team's discussion and the changes for the next lesson."""
    study = lesson.study
    refuse_if_completed(study)
    if study.status not in OBSERVING:
        raise RuleError(_l("The lesson is discussed once the research lessons have begun."))
    pupil_ids = {pupil.id for pupil in pupils_of(study)}
    known = interviews_of(lesson)
    for pupil_id, text in interviews.items():
        if pupil_id not in pupil_ids:
            continue
        text = (text or "").strip()
        row = known.get(pupil_id)
        if row is not None and not text:
            db.session.delete(row)
        elif row is not None and row.body != text:
            row.body, row.body_html = text, render_markdown(text)
            row.author_id, row.updated_at = actor.id, utcnow()
        elif row is None and text:
            db.session.add(
                PupilInterview(
                    lesson_id=lesson.id,
                    pupil_id=pupil_id,
                    body=text,
                    body_html=render_markdown(text),
                    author_id=actor.id,
                )
            )
    lesson.discussion = (discussion or "").strip()
    lesson.discussion_html = render_markdown(lesson.discussion)
    lesson.changes = (changes or "").strip()
    lesson.changes_html = render_markdown(lesson.changes)
    db.session.flush()
    audit.record(LessonStudyAction.DEBRIEF, lesson, actor=actor)
