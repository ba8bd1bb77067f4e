"""Demo Lesson Study (DESIGN §7): a study in progress at Затобол school of the «ШЫҢ» community,
on teaching critical thinking (seed 003), with case pupils A, B and C, one research lesson
observed by three colleagues, and a few notes in Kazakh and Russian. A step of
``intranet.demo.DEMO_STEPS``: it finds the study by its title and school before creating it."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from sqlalchemy.orm import selectinload

from ..extensions import db
from ..lessonstudy import lessons, services
from ..lessonstudy.models import LessonStudy, StudyStatus

TITLE = "Сыни ойлауға үйрету: 6-сыныпта «Неге?» сұрағы"
LEAD = "gulzhan.abenova"
TEAM = ("yerlan.mukanov", "irina.kovalenko", "aizhan.baigali")
PUPILS = (
    "Жоғары үлгерім, сабақта көп сөйлейді",
    "Орташа үлгерім, топта үндемейді",
    "Төмен үлгерім, мәтінді оқуға қиналады",
)
STAGES = """Қызығушылықты ояту: «Неге күз келгенде құстар ұшып кетеді?»
Мағынаны ажырату: мәтінмен жұптық жұмыс
Ой толғаныс: өз дәлелін айту"""
PLAN = """**Оқу мақсаты:** мәтіннен дәлел тауып, өз пікірін «себебі...» деп негіздеу.

1. Қызығушылықты ояту — сұрақ тақтада, 5 минут ойлану.
2. Мағынаны ажырату — жұпта мәтін оқып, екі дәлел белгілеу.
3. Ой толғаныс — әр жұп бір дәлелін айтады, басқалары «Қалай дәлелдейсің?» деп сұрайды."""
PREDICTIONS = {
    "A": ("Бірден жауап береді, бірақ дәлелсіз.", "Жұбының орнына өзі оқиды.", "Екі дәлел айтады."),
    "B": (
        "Үндемейді, көршісіне қарайды.",
        "Жұбымен сыбырлап сөйлеседі.",
        "Мұғалім сұраса ғана айтады.",
    ),
    "C": (
        "Сұрақты түсінбеуі мүмкін.",
        "Мәтіннің бір сөйлемін ғана табады.",
        "Суретке сүйеніп жауап береді.",
    ),
}
NOTES = (
    (
        "yerlan.mukanov",
        "A",
        0,
        2,
        "Бірінші болып қол көтерді: «Суық болғандықтан». Дәлел сұралмай-ақ айтты.",
    ),
    (
        "irina.kovalenko",
        "B",
        0,
        4,
        "Молчит, смотрит в тетрадь соседа; на вопрос учителя пожал плечами.",
    ),
    (
        "aizhan.baigali",
        "C",
        1,
        12,
        "Мәтіннен «жем азаяды» деген сөйлемді тауып, саусағымен көрсетті.",
    ),
    (
        "irina.kovalenko",
        "B",
        1,
        15,
        "В паре заговорила первой и подчеркнула два предложения — этого мы не ждали.",
    ),
    ("yerlan.mukanov", "A", 1, 16, "Жұбына сөз бермей, мәтінді өзі оқып шықты."),
    (
        "aizhan.baigali",
        "C",
        2,
        31,
        "«Себебі суретте құстар тізіліп ұшып барады» — сурет арқылы дәлелдеді.",
    ),
)


def _with_team(study_id: int) -> LessonStudy:
    """The study with its team loaded (the services read ``members``)."""
    return db.session.scalar(
        db.select(LessonStudy)
        .where(LessonStudy.id == study_id)
        .options(selectinload(LessonStudy.members))
        .execution_options(populate_existing=True)
    )


def seed_lesson_study(seeding) -> None:
    school = seeding.schools["kst-zatobol"]
    exists = db.session.scalar(
        db.select(LessonStudy.id).where(
            LessonStudy.title == TITLE, LessonStudy.school_id == school.id
        )
    )
    if exists is not None:
        return
    lead = seeding.users[LEAD]
    started = date.today() - timedelta(days=21)
    study = services.create_study(
        lead,
        network_id=seeding.networks["shyn"].id,
        title=TITLE,
        subject="Қазақ тілі",
        grade="6",
        focus="Оқушылар өз пікірін мәтіннен алынған дәлелмен негіздей ала ма?",
        research_question="«Неге?» және «Қалай дәлелдейсің?» сұрақтары үндемейтін оқушыны "
        "талқылауға тарта ма?",
        objective="Мәтіннен дәлел тауып, өз пікірін «себебі...» деп негіздеу.",
        starts_on=started,
        ends_on=started + timedelta(days=60),
    )
    study = _with_team(study.id)
    for login in TEAM:
        services.add_member(study, lead, seeding.users[login].email)
    study = _with_team(study.id)
    pupils = {reason: services.add_pupil(study, lead, reason) for reason in PUPILS}
    lesson = lessons.create_lesson(
        study,
        lead,
        taught_on=started + timedelta(days=14),
        teacher_id=lead.id,
        class_name="6 «Ә»",
        stages=STAGES,
        plan=PLAN,
    )
    stages = lessons.stages_of(lesson)
    by_code = {pupil.code: pupil for pupil in pupils.values()}
    lessons.save_predictions(
        lesson,
        lead,
        {
            (stages[n].id, by_code[code].id): texts[n]
            for code, texts in PREDICTIONS.items()
            for n in range(len(stages))
        },
    )
    services.change_status(study, lead, StudyStatus.RESEARCH)
    start = datetime.combine(lesson.taught_on, datetime.min.time()) + timedelta(hours=4)
    for login, code, stage, minute, body in NOTES:
        note, _created = lessons.record_observation(
            lesson,
            seeding.users[login],
            client_uuid=str(uuid.uuid4()),
            pupil_id=by_code[code].id,
            stage_id=stages[stage].id,
            body=body,
        )
        note.noted_at = start + timedelta(minutes=minute)
    services.set_shared(study, lead, True)
    db.session.flush()
    seeding.created["lesson_study"] += 1


PLAN_FILE = "6-сынып, 1-зерттеу сабағының жоспары.pdf"


def seed_lesson_plan_file(seeding) -> None:
    """The demo study's first lesson gets its plan as a PDF (through the library's upload
    path), so the lesson page and the report show a file; skipped when it has one."""
    import io

    from ..lessonstudy.attachments import attach_plan_file, plan_file_of
    from ..resources.services import Upload
    from .samples import pdf_bytes

    study_id = db.session.scalar(db.select(LessonStudy.id).where(LessonStudy.title == TITLE))
    if study_id is None:
        return
    planned = lessons.lessons_of(_with_team(study_id))
    if not planned or plan_file_of(planned[0]) is not None:
        return
    content = pdf_bytes("Сыни ойлауға үйрету: «Неге?» сұрағы / Обучение критическому мышлению")
    attach_plan_file(planned[0], seeding.users[LEAD], Upload(io.BytesIO(content), PLAN_FILE))
    seeding.created["lesson_plan_file"] += 1
