"""The whole cycle of one study, read in a fixed number of queries, for the report page and
for handing the report over (``report_document``: a title, Markdown and sanitised HTML, which
``attachments.publish_study`` sends to the resource library)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..core.localformat import format_date, format_time
from ..core.markdown import render_markdown
from ..extensions import db
from .models import (
    CasePupil,
    LessonPlanFile,
    LessonStage,
    LessonStudy,
    Observation,
    Prediction,
    PupilInterview,
    ResearchLesson,
)


@dataclass
class PupilAtStage:
    pupil: CasePupil
    prediction: str
    notes: list[Observation] = field(default_factory=list)


@dataclass
class StageReport:
    stage: LessonStage
    pupils: list[PupilAtStage]


@dataclass
class LessonReport:
    lesson: ResearchLesson
    stages: list[StageReport]
    interviews: list[tuple[CasePupil, PupilInterview | None]]
    plan_file: LessonPlanFile | None = None

    @property
    def note_count(self) -> int:
        return sum(len(row.notes) for stage in self.stages for row in stage.pupils)


@dataclass
class StudyReport:
    study: LessonStudy
    team: list
    pupils: list[CasePupil]
    lessons: list[LessonReport]


def build_report(study: LessonStudy) -> StudyReport:
    """Everything recorded in ``study`` (its team loaded already), the lessons' plan files
    included: seven queries whatever the size."""
    pupils = list(
        db.session.scalars(
            db.select(CasePupil).where(CasePupil.study_id == study.id).order_by(CasePupil.code)
        )
    )
    lessons = list(
        db.session.scalars(
            db.select(ResearchLesson)
            .where(ResearchLesson.study_id == study.id)
            .order_by(ResearchLesson.number)
        )
    )
    lesson_ids = [lesson.id for lesson in lessons] or [0]
    stages = list(
        db.session.scalars(
            db.select(LessonStage)
            .where(LessonStage.lesson_id.in_(lesson_ids))
            .order_by(LessonStage.lesson_id, LessonStage.position)
        )
    )
    predictions = {
        (row.stage_id, row.pupil_id): row.text
        for row in db.session.scalars(
            db.select(Prediction)
            .join(LessonStage, LessonStage.id == Prediction.stage_id)
            .where(LessonStage.lesson_id.in_(lesson_ids))
        )
    }
    notes: dict[tuple[int, int], list[Observation]] = {}
    for note in db.session.scalars(
        db.select(Observation)
        .where(Observation.lesson_id.in_(lesson_ids))
        .order_by(Observation.noted_at, Observation.id)
    ):
        notes.setdefault((note.stage_id, note.pupil_id), []).append(note)
    interviews = {
        (row.lesson_id, row.pupil_id): row
        for row in db.session.scalars(
            db.select(PupilInterview).where(PupilInterview.lesson_id.in_(lesson_ids))
        )
    }
    plan_files = {
        row.lesson_id: row
        for row in db.session.scalars(
            db.select(LessonPlanFile).where(LessonPlanFile.lesson_id.in_(lesson_ids))
        )
    }
    by_lesson: dict[int, list[StageReport]] = {lesson.id: [] for lesson in lessons}
    for stage in stages:
        rows = [
            PupilAtStage(
                pupil,
                predictions.get((stage.id, pupil.id), ""),
                notes.get((stage.id, pupil.id), []),
            )
            for pupil in pupils
        ]
        by_lesson[stage.lesson_id].append(StageReport(stage, rows))
    team = sorted(
        (member.user for member in study.members),
        key=lambda user: (user.id != study.lead_id, user.full_name),
    )
    return StudyReport(
        study=study,
        team=team,
        pupils=pupils,
        lessons=[
            LessonReport(
                lesson,
                by_lesson[lesson.id],
                [(pupil, interviews.get((lesson.id, pupil.id))) for pupil in pupils],
                plan_files.get(lesson.id),
            )
            for lesson in lessons
        ],
    )


@dataclass(frozen=True)
class ReportDocument:
    title: str
    markdown: str
    html: str


def report_document(study: LessonStudy) -> ReportDocument:
    """The report as one Markdown document (and its sanitised HTML), in the current language."""
    report = build_report(study)
    lines = [f"# {study.title}", ""]
    facts = [
        (_("Subject"), study.subject),
        (_("Grade"), study.grade),
        (_("School"), study.school.name),
        (_("Team"), ", ".join(user.full_name for user in report.team)),
        (_("Research focus"), study.focus),
        (_("Research question"), study.research_question),
        (_("Learning objective"), study.objective),
    ]
    lines += [f"- **{label}:** {_one_line(value)}" for label, value in facts]
    lines += ["", f"## {_('Case pupils')}", ""]
    lines += [f"- **{pupil.code}**: {_one_line(pupil.reason)}" for pupil in report.pupils]
    for item in report.lessons:
        lesson = item.lesson
        lines += [
            "",
            "## "
            + _("Research lesson %(number)d", number=lesson.number)
            + f" · {format_date(lesson.taught_on)} · {lesson.class_name}",
            "",
            lesson.plan,
        ]
        if item.plan_file is not None:
            lines += ["", f"- {_('Lesson plan file')}: {item.plan_file.filename}"]
        for stage in item.stages:
            lines += ["", f"### {stage.stage.position}. {stage.stage.title}", ""]
            for row in stage.pupils:
                lines.append(
                    f"- **{row.pupil.code}** · {_('Predicted')}: {_one_line(row.prediction) or '—'}"
                )
                lines += [
                    f"  - {format_time(note.noted_at, 'short')} "
                    f"({note.observer.full_name if note.observer else '—'}): "
                    f"{_one_line(note.body)}"
                    for note in row.notes
                ]
        lines += ["", f"### {_('Pupil interviews')}", ""]
        lines += [
            f"- **{pupil.code}**: {_one_line(interview.body) if interview else '—'}"
            for pupil, interview in item.interviews
        ]
        lines += ["", f"### {_('Team discussion')}", "", lesson.discussion or "—"]
        lines += ["", f"### {_('Changes for the next lesson')}", "", lesson.changes or "—"]
    lines += ["", f"## {_('Final reflection')}", "", study.reflection or "—", ""]
    markdown = "\n".join(lines)
    return ReportDocument(study.title, markdown, render_markdown(markdown))


def _one_line(text: str) -> str:
    return " ".join((text or "").split())
