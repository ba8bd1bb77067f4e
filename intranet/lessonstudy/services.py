"""Lesson Study rules: the team, case pupils, research lessons, notes, the status flow.

Plain functions over model objects: they validate, change, ``flush()`` and write the audit
log; the view commits once. A refusal is a ``RuleError`` with a translated message. Reading the
whole cycle for the report lives in ``report.py``, the lists in ``listing.py``.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, timedelta

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_
from sqlalchemy.exc import IntegrityError

from ..accounts.models import AccountStatus, User
from ..core import audit
from ..core.db import utcnow
from ..core.markdown import render_markdown
from ..core.rules import RuleError
from ..extensions import db
from ..network.membership import networks_of
from ..network.models import Membership, Network, NetworkSchool
from ..notifications.models import NotificationKind
from ..notifications.services import notify
from .models import (
    MAX_PUPILS,
    MAX_STAGES,
    MIN_PUPILS,
    PUPIL_CODES,
    CasePupil,
    LessonStage,
    LessonStudy,
    Observation,
    Prediction,
    PupilInterview,
    ResearchLesson,
    StudyMember,
    StudyStatus,
)

#: Notifications about a study point at it under this target type.
TARGET = "lesson_study"

#: The status flow: after the analysis the team may teach the revised lesson again.
TRANSITIONS: dict[StudyStatus, frozenset[StudyStatus]] = {
    StudyStatus.PLANNING: frozenset({StudyStatus.RESEARCH}),
    StudyStatus.RESEARCH: frozenset({StudyStatus.ANALYSIS}),
    StudyStatus.ANALYSIS: frozenset({StudyStatus.RESEARCH, StudyStatus.COMPLETED}),
    StudyStatus.COMPLETED: frozenset(),
}

#: Statuses in which the team records notes, interviews and the discussion.
OBSERVING = frozenset({StudyStatus.RESEARCH, StudyStatus.ANALYSIS})

UUID_PATTERN = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
#: A note's own time stamp may run this far from the server's clock (a phone set wrong, or a
#: note queued offline for a day); outside it the server's time is used.
CLOCK_SLACK = timedelta(days=2)


def _lock(study: LessonStudy) -> None:
    """Hold the study's row until the commit, so that two people adding a pupil or a lesson at
    once get consecutive codes and numbers (``FOR UPDATE`` on PostgreSQL; on SQLite the
    writing request holds the database's write lock already)."""
    db.session.execute(
        db.select(LessonStudy.id).where(LessonStudy.id == study.id).with_for_update()
    )


def _open(study: LessonStudy) -> None:
    if study.status == StudyStatus.COMPLETED:
        raise RuleError(_l("The study is completed: its log can no longer change."))


# --- The study and its team -------------------------------------------------------------------


def eligible_networks(user) -> list[Network]:
    """The networks a study led by ``user`` may belong to (the lead's own)."""
    return networks_of(user)


def create_study(lead: User, *, network_id: int | None = None, **fields) -> LessonStudy:
    """A new study in ``lead``'s school, in planning, with ``lead`` on its team."""
    if lead.school_id is None:
        raise RuleError(_l("Only a teacher of a school can start a Lesson Study."))
    network = _network_for(lead, network_id)
    study = LessonStudy(
        school_id=lead.school_id,
        network_id=network.id if network else None,
        lead_id=lead.id,
        status=StudyStatus.PLANNING,
        members=[StudyMember(user_id=lead.id)],
        **_study_fields(fields),
    )
    db.session.add(study)
    db.session.flush()
    audit.record("lessonstudy.create", study, actor=lead, detail=study.title)
    return study


def update_study(study: LessonStudy, actor: User, *, network_id: int | None = None, **fields):
    _open(study)
    network = _network_for(study.lead or actor, network_id)
    study.network_id = network.id if network else None
    if study.network_id is None:
        study.shared = False
    for name, value in _study_fields(fields).items():
        setattr(study, name, value)
    db.session.flush()
    audit.record("lessonstudy.edit", study, actor=actor)
    return study


def _study_fields(fields: dict) -> dict:
    allowed = ("title", "subject", "grade", "focus", "research_question", "objective")
    values = {name: (fields.get(name) or "").strip() for name in allowed}
    starts_on, ends_on = fields.get("starts_on"), fields.get("ends_on")
    if starts_on is None:
        raise RuleError(_l("Say when the study starts."), "starts_on")
    if ends_on is not None and ends_on < starts_on:
        raise RuleError(_l("The study cannot end before it starts."), "ends_on")
    return {
        **values,
        "subject_key": values["subject"].casefold(),
        "starts_on": starts_on,
        "ends_on": ends_on,
    }


def _network_for(lead: User, network_id: int | None) -> Network | None:
    if not network_id:
        return None
    for network in networks_of(lead):
        if network.id == network_id:
            return network
    raise RuleError(_l("Choose one of your own networks."), "network")


def _may_join(study: LessonStudy, user: User) -> bool:
    """A colleague of the study's school or, for a network's study, of any of its schools (or a
    member of the network in their own right)."""
    if user.school_id == study.school_id:
        return True
    if study.network_id is None:
        return False
    in_school = db.select(NetworkSchool.id).where(
        NetworkSchool.network_id == study.network_id, NetworkSchool.school_id == user.school_id
    )
    own = db.select(Membership.id).where(
        Membership.network_id == study.network_id, Membership.user_id == user.id
    )
    return db.session.scalar(db.select(or_(in_school.exists(), own.exists()))) or False


def add_member(study: LessonStudy, actor: User, email: str) -> StudyMember:
    _open(study)
    person = db.session.scalar(
        db.select(User).where(func.lower(User.email) == (email or "").strip().lower())
    )
    if person is None or person.status != AccountStatus.ACTIVE:
        raise RuleError(_l("Nobody with an active account has this e-mail address."), "email")
    if study.has_member(person):
        raise RuleError(_l("This person is on the team already."), "email")
    if not _may_join(study, person):
        raise RuleError(
            _l("Only teachers of the study's school or of its network can join the team."), "email"
        )
    member = StudyMember(user_id=person.id)
    study.members.append(member)
    db.session.flush()
    audit.record("lessonstudy.add_member", study, actor=actor, detail=person.email)
    notify(
        {person.id: NotificationKind.LESSON_TEAM},
        actor=actor,
        target_type=TARGET,
        target_id=study.id,
        subject=study.title,
    )
    return member


def remove_member(study: LessonStudy, actor: User, user_id: int) -> None:
    _open(study)
    if user_id == study.lead_id:
        raise RuleError(_l("The lead stays on the team."))
    member = next((m for m in study.members if m.user_id == user_id), None)
    if member is None:
        raise RuleError(_l("This person is not on the team."))
    study.members.remove(member)
    db.session.flush()
    audit.record("lessonstudy.remove_member", study, actor=actor, detail=str(user_id))


# --- Case pupils ------------------------------------------------------------------------------


def pupils_of(study: LessonStudy) -> list[CasePupil]:
    return list(
        db.session.scalars(
            db.select(CasePupil).where(CasePupil.study_id == study.id).order_by(CasePupil.code)
        )
    )


def add_pupil(study: LessonStudy, actor: User, reason: str) -> CasePupil:
    """The next free code (A, B, C, D); pupils are chosen while the study is being planned."""
    if study.status != StudyStatus.PLANNING:
        raise RuleError(_l("Case pupils are chosen while the study is being planned."))
    _lock(study)
    taken = {pupil.code for pupil in pupils_of(study)}
    if len(taken) >= MAX_PUPILS:
        raise RuleError(_l("A study follows at most four case pupils."))
    code = next(letter for letter in PUPIL_CODES if letter not in taken)
    pupil = CasePupil(study_id=study.id, code=code, reason=(reason or "").strip())
    db.session.add(pupil)
    db.session.flush()
    audit.record("lessonstudy.add_pupil", study, actor=actor, detail=code)
    return pupil


def remove_pupil(study: LessonStudy, actor: User, pupil_id: int) -> None:
    if study.status != StudyStatus.PLANNING:
        raise RuleError(_l("Case pupils are chosen while the study is being planned."))
    pupil = db.session.get(CasePupil, pupil_id)
    if pupil is None or pupil.study_id != study.id:
        raise RuleError(_l("This pupil is not in the study."))
    db.session.delete(pupil)
    db.session.flush()
    audit.record("lessonstudy.remove_pupil", study, actor=actor, detail=pupil.code)


# --- Status and sharing -----------------------------------------------------------------------


def change_status(
    study: LessonStudy, actor: User, target: StudyStatus, reflection: str = ""
) -> None:
    """Move along the flow; research needs the case pupils and a lesson, completion the final
    reflection."""
    if target not in TRANSITIONS[study.status]:
        current = study.status
        raise RuleError(
            LazyString(
                lambda: (
                    _("A study cannot go from “%(current)s” to “%(target)s”.")
                    % {"current": current.label, "target": target.label}
                )
            )
        )
    if target == StudyStatus.RESEARCH:
        pupils = db.session.scalar(
            db.select(func.count(CasePupil.id)).where(CasePupil.study_id == study.id)
        )
        if (pupils or 0) < MIN_PUPILS:
            raise RuleError(_l("Choose at least two case pupils first."))
        if lesson_count(study) == 0:
            raise RuleError(_l("Plan the first research lesson first."))
    if target == StudyStatus.COMPLETED:
        reflection = (reflection or "").strip()
        if not reflection:
            raise RuleError(_l("Write the final reflection to complete the study."), "reflection")
        study.reflection = reflection
        study.reflection_html = render_markdown(reflection)
        study.completed_at = utcnow()
    previous = study.status
    study.status = target
    db.session.flush()
    audit.record("lessonstudy.status", study, actor=actor, detail=f"{previous} → {target}")


def set_shared(study: LessonStudy, actor: User, shared: bool) -> None:
    if shared and study.network_id is None:
        raise RuleError(_l("Choose the study's network first: it is shared with that network."))
    study.shared = shared
    db.session.flush()
    audit.record("lessonstudy.share" if shared else "lessonstudy.unshare", study, actor=actor)


# --- Research lessons -------------------------------------------------------------------------


def lesson_count(study: LessonStudy) -> int:
    return (
        db.session.scalar(
            db.select(func.count(ResearchLesson.id)).where(ResearchLesson.study_id == study.id)
        )
        or 0
    )


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
    _open(study)
    if not any(member.user_id == teacher_id for member in study.members):
        raise RuleError(_l("The lesson is taught by someone on the team."), "teacher")
    titles = parse_stages(stages)
    if not titles:
        raise RuleError(_l("Name the stages of the lesson, one per line."), "stages")
    if len(titles) > MAX_STAGES:
        raise RuleError(_l("A lesson has at most eight stages here."), "stages")
    _lock(study)
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
    audit.record("lessonstudy.add_lesson", lesson, actor=actor, detail=str(number))
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
    _open(study)
    if not any(member.user_id == teacher_id for member in study.members):
        raise RuleError(_l("The lesson is taught by someone on the team."), "teacher")
    lesson.taught_on = taught_on
    lesson.teacher_id = teacher_id
    lesson.class_name = class_name.strip()
    lesson.plan = plan or ""
    lesson.plan_html = render_markdown(lesson.plan)
    db.session.flush()
    audit.record("lessonstudy.edit_lesson", lesson, actor=actor, detail=str(lesson.number))
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
    _open(lesson.study)
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
    audit.record("lessonstudy.predictions", lesson, actor=actor)


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
    dropped connection) is returned as it is, so nothing is ever stored twice."""
    client_uuid = (client_uuid or "").strip().lower()
    if not UUID_PATTERN.match(client_uuid):
        raise RuleError(_l("This note has no valid identifier."))
    known = _note_by_uuid(client_uuid)
    if known is not None:
        return _own_note(known, lesson, observer), False
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
    audit.record("lessonstudy.observe", note, actor=observer, detail=pupil.code)
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
    _open(study)
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
    audit.record("lessonstudy.debrief", lesson, actor=actor)
