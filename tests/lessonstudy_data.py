"""Building Lesson Study data for tests: a network of two schools, a team, a study with its case
pupils and lessons, and bulk notes (inserted in one statement, for the budget tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from intranet.accounts.models import Role
from intranet.core.db import utcnow
from intranet.extensions import db
from intranet.lessonstudy import lessons as research_lessons
from intranet.lessonstudy import services
from intranet.lessonstudy.models import LessonStudy, Observation, StudyStatus
from intranet.network.models import Network, NetworkKind, NetworkSchool, NetworkSchoolRole

STAGES = "Қызығушылықты ояту\nМағынаны ашу\nОй толғаныс"


@dataclass
class Team:
    network: Network
    school: object
    partner: object
    lead: object
    members: list
    outsider_in_network: object
    stranger: object


def team(factory, observers: int = 2) -> Team:
    """A «ШЫҢ»-like network of two schools; the lead and ``observers`` colleagues; a teacher of
    the network who is not on the team; a teacher of a school outside the network."""
    school = factory.school("Заречный орта мектебі")
    partner = factory.school("Затобол орта мектебі")
    network = Network(name=f"«ШЫҢ» {school.id}", kind=NetworkKind.COMMUNITY)
    db.session.add(network)
    db.session.flush()
    for each in (school, partner):
        db.session.add(
            NetworkSchool(network_id=network.id, school_id=each.id, role=NetworkSchoolRole.MEMBER)
        )
    db.session.commit()
    lead = factory.user(Role.TEACHER, school=school, full_name="Әсем Жұмабаева")
    members = [
        factory.user(Role.TEACHER, school=partner if n % 2 else school, full_name=f"Бақылаушы {n}")
        for n in range(observers)
    ]
    return Team(
        network=network,
        school=school,
        partner=partner,
        lead=lead,
        members=members,
        outsider_in_network=factory.user(Role.TEACHER, school=partner),
        stranger=factory.user(Role.TEACHER),
    )


def study(t: Team, *, pupils: int = 3, lessons: int = 1, status=StudyStatus.RESEARCH, shared=False):
    """A study led by ``t.lead`` with the whole team, ``pupils`` case pupils and ``lessons``
    research lessons, moved on to ``status``; committed."""
    s = services.create_study(
        t.lead,
        network_id=t.network.id,
        title="Сыни ойлауды дамыту",
        subject="Математика",
        grade="6",
        focus="Оқушылар сұрақ қоя ала ма?",
        research_question="Топтық жұмыс әлсіз оқушыға қалай әсер етеді?",
        objective="Бөлшектерді салыстыру",
        starts_on=date(2026, 11, 2),
    )
    db.session.commit()
    s = load(s.id)
    for member in t.members:
        services.add_member(s, t.lead, member.email)
    for n in range(pupils):
        services.add_pupil(s, t.lead, f"Себеп {n}")
    db.session.commit()
    s = load(s.id)
    for n in range(lessons):
        research_lessons.create_lesson(
            s,
            t.lead,
            taught_on=date(2026, 11, 10) + timedelta(days=7 * n),
            teacher_id=t.lead.id,
            class_name="6 «Ә»",
            stages=STAGES,
            plan=f"Сабақ жоспары {n + 1}: **топтық** жұмыс",
        )
    db.session.commit()
    s = load(s.id)
    if status != StudyStatus.PLANNING:
        services.change_status(s, t.lead, StudyStatus.RESEARCH)
    if status in (StudyStatus.ANALYSIS, StudyStatus.COMPLETED):
        services.change_status(s, t.lead, StudyStatus.ANALYSIS)
    if status == StudyStatus.COMPLETED:
        services.change_status(s, t.lead, StudyStatus.COMPLETED, "Біз көп нәрсе үйрендік.")
    if shared:
        services.set_shared(s, t.lead, True)
    db.session.commit()
    return load(s.id)


def load(study_id: int) -> LessonStudy:
    from sqlalchemy.orm import selectinload

    from intranet.lessonstudy.models import StudyMember

    db.session.expire_all()
    return db.session.scalar(
        db.select(LessonStudy)
        .where(LessonStudy.id == study_id)
        .options(selectinload(LessonStudy.members).joinedload(StudyMember.user))
    )


def bulk_notes(s: LessonStudy, observers: list, per_cell: int) -> int:
    """``per_cell`` notes by every observer on every pupil at the first stage of every lesson,
    in one INSERT; returns how many."""
    import uuid

    from sqlalchemy import insert

    rows = []
    now = utcnow()
    pupils = services.pupils_of(s)
    for lesson in research_lessons.lessons_of(s):
        stages = research_lessons.stages_of(lesson)
        for observer in observers:
            for pupil in pupils:
                for n in range(per_cell):
                    stage = stages[n % len(stages)]
                    rows.append(
                        {
                            "client_uuid": str(uuid.uuid4()),
                            "lesson_id": lesson.id,
                            "stage_id": stage.id,
                            "pupil_id": pupil.id,
                            "observer_id": observer.id,
                            "body": f"{pupil.code} оқушы {n}-ші рет қолын көтерді ({observer.id})",
                            "noted_at": now + timedelta(seconds=n),
                            "received_at": now,
                        }
                    )
    db.session.execute(insert(Observation), rows)
    db.session.commit()
    return len(rows)
