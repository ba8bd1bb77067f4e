"""Lesson Study rules: the study, its team, case pupils, the status flow and sharing.

Plain functions over model objects: they validate, change, ``flush()`` and write the audit
log; the view commits once. A refusal is a ``RuleError`` with a translated message. Reading the
whole cycle for the report lives in ``report.py``, the lists in ``listing.py``, the research
lessons and what is recorded in them in ``lessons.py``.
"""

from __future__ import annotations

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_

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
    MIN_PUPILS,
    PUPIL_CODES,
    CasePupil,
    LessonStudy,
    LessonStudyAction,
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


def lock_study(study: LessonStudy) -> None:
    """Hold the study's row until the commit, so that two people adding a pupil or a lesson at
    once get consecutive codes and numbers (``FOR UPDATE`` on PostgreSQL; on SQLite the
    writing request holds the database's write lock already)."""
    db.session.execute(
        db.select(LessonStudy.id).where(LessonStudy.id == study.id).with_for_update()
    )


def refuse_if_completed(study: LessonStudy) -> None:
    """A completed study's log no longer changes."""
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
    audit.record(LessonStudyAction.CREATE, study, actor=lead, detail=study.title)
    return study


def update_study(study: LessonStudy, actor: User, *, network_id: int | None = None, **fields):
    refuse_if_completed(study)
    network = _network_for(study.lead or actor, network_id)
    study.network_id = network.id if network else None
    if study.network_id is None:
        study.shared = False
    for name, value in _study_fields(fields).items():
        setattr(study, name, value)
    db.session.flush()
    audit.record(LessonStudyAction.EDIT, study, actor=actor)
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
    refuse_if_completed(study)
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
    audit.record(LessonStudyAction.ADD_MEMBER, study, actor=actor, detail=person.email)
    notify(
        {person.id: NotificationKind.LESSON_TEAM},
        actor=actor,
        target_type=TARGET,
        target_id=study.id,
        subject=study.title,
    )
    return member


def remove_member(study: LessonStudy, actor: User, user_id: int) -> None:
    refuse_if_completed(study)
    if user_id == study.lead_id:
        raise RuleError(_l("The lead stays on the team."))
    member = next((m for m in study.members if m.user_id == user_id), None)
    if member is None:
        raise RuleError(_l("This person is not on the team."))
    study.members.remove(member)
    db.session.flush()
    audit.record(LessonStudyAction.REMOVE_MEMBER, study, actor=actor, detail=str(user_id))


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
    lock_study(study)
    taken = {pupil.code for pupil in pupils_of(study)}
    if len(taken) >= MAX_PUPILS:
        raise RuleError(_l("A study follows at most four case pupils."))
    code = next(letter for letter in PUPIL_CODES if letter not in taken)
    pupil = CasePupil(study_id=study.id, code=code, reason=(reason or "").strip())
    db.session.add(pupil)
    db.session.flush()
    audit.record(LessonStudyAction.ADD_PUPIL, study, actor=actor, detail=code)
    return pupil


def remove_pupil(study: LessonStudy, actor: User, pupil_id: int) -> None:
    if study.status != StudyStatus.PLANNING:
        raise RuleError(_l("Case pupils are chosen while the study is being planned."))
    pupil = db.session.get(CasePupil, pupil_id)
    if pupil is None or pupil.study_id != study.id:
        raise RuleError(_l("This pupil is not in the study."))
    db.session.delete(pupil)
    db.session.flush()
    audit.record(LessonStudyAction.REMOVE_PUPIL, study, actor=actor, detail=pupil.code)


def lesson_count(study: LessonStudy) -> int:
    return (
        db.session.scalar(
            db.select(func.count(ResearchLesson.id)).where(ResearchLesson.study_id == study.id)
        )
        or 0
    )


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
    audit.record(LessonStudyAction.STATUS, study, actor=actor, detail=f"{previous} → {target}")


def set_shared(study: LessonStudy, actor: User, shared: bool) -> None:
    if shared and study.network_id is None:
        raise RuleError(_l("Choose the study's network first: it is shared with that network."))
    study.shared = shared
    db.session.flush()
    audit.record(
        LessonStudyAction.SHARE if shared else LessonStudyAction.UNSHARE, study, actor=actor
    )
