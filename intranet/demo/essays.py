"""Demo essays (DESIGN §7): a monthly series of the «ШЫҢ» community for the current school
year, reflections in Kazakh and Russian in the spirit of its cyclogram (seed 003), a trainer's
feedback and a colleague's comment. A step of ``intranet.demo.DEMO_STEPS``; a second run adds
nothing (the series skips its months, an author's essay is looked up before it is written)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from flask_babel import force_locale

from ..core.i18n import local_today
from ..essays import services
from ..essays.models import CycleVisibility, EssayCycle, ResponseKind
from ..essays.schoolyear import month_dates, planned_school_year
from ..extensions import db

SERIES_TITLE = "Менің өзгерісім"
SERIES_PROMPT = """\
Айына бір рет өз өзгерістерімізді және арнайы білімдерге қол жеткізудегі өзгерісті **10 \
сөйлемнен** тұратын эссе арқылы қауымдастыққа жібереміз.

- Осы айда сабағыңызда не өзгерді?
- Сыни ойлауға үйретудің қандай тәсілін байқап көрдіңіз, нәтижесі қандай?
- Келесі айда нені өзгертпексіз?
"""


@dataclass(frozen=True)
class EssaySeed:
    author: str
    #: "previous": the last cycle that closed; "current": the one open now.
    cycle: str
    body: str
    #: Days after the due date it was sent (negative: before); None: a draft.
    sent: int | None = -2


ESSAYS = (
    EssaySeed(
        "gulzhan.abenova",
        "previous",
        "Осы айда математика сабағында есептің екі шешімін қатар көрсетуді әдетке айналдырдым. "
        "Бұрын мен дұрыс жауапты бірден айтатынмын, енді оқушылардан «Қайсысы дұрыс және неге?» "
        "деп сұраймын. Алғашқы аптада сынып үндемей отырды. Екінші аптада бірнеше оқушы өз "
        "дәлелін айта бастады. Мен күту уақытын ұзартуды үйрендім: сұрақтан кейін бес секунд "
        "үндемеймін. Әлсіз оқушылар жұппен талқылағанда батылырақ сөйлейтінін байқадым. "
        "Онлайн сұхбатта әріптестерім сұрақтарды деңгейлерге бөлуді ұсынды. Бұл тәсіл маған "
        "бағалау критерийлерін нақтылауға көмектесті. Мен әлі де уақытты дұрыс бөлуді "
        "үйренуім керек. Келесі айда оқушылардың өз сұрақтарын құрастыруына көңіл бөлемін.",
    ),
    EssaySeed(
        "irina.kovalenko",
        "previous",
        "В этом месяце я впервые попросила учеников шестого класса отличать в тексте факт от "
        "мнения. Сначала задание показалось им слишком простым. Потом оказалось, что многие "
        "принимают мнение автора за факт. Мы составили вместе таблицу с примерами из газет. "
        "Я заметила, что ученики стали чаще спрашивать «А откуда это известно?». На онлайн-"
        "беседе коллеги из Затобола посоветовали давать короткие тексты на казахском и "
        "английском. Это помогло связать мой урок с уроками других учителей. Мне пока трудно "
        "оценивать такие ответы без ясных критериев. В следующем месяце я разработаю критерии "
        "вместе с учениками. Думаю, это и есть начало критического мышления.",
        1,
    ),
    EssaySeed(
        "yerlan.mukanov",
        "previous",
        "Бастауыш сыныпта сыни ойлауды ертегі арқылы дамытуға тырыстым. Оқушылар кейіпкердің "
        "шешімін бағалап, басқа жол ұсынды. Олар «Мен болсам…» деп бастап, өз ойын айтуды "
        "ұнатты. Мен сұрақтарымды алдын ала жазып қоюды үйрендім.",
    ),
    EssaySeed(
        "aizhan.baigali",
        "current",
        "География сабағында картамен жұмыс істегенде оқушыларға «Неге қала өзеннің жағасында "
        "орналасқан?» деп сұрадым. Оқушылар бірнеше болжам айтты.",
        None,
    ),
)

FEEDBACK = (
    (
        "gulzhan.abenova",
        "coordinator",
        ResponseKind.FEEDBACK,
        "Гүлжан Әбенқызы, күту уақытын саналы түрде ұзарту — өте маңызды қадам. Келесі эссеңізде "
        "оқушылардың өз сұрақтарынан бір-екі мысал келтіріңізші: бетпе-бет кездесуде тәжірибе "
        "ретінде ұсынуға болады.",
    ),
    (
        "gulzhan.abenova",
        "irina.kovalenko",
        ResponseKind.COMMENT,
        "Спасибо за идею с двумя решениями! Попробую её на уроках английского.",
    ),
    (
        "irina.kovalenko",
        "bakhyt.seitkali",
        ResponseKind.FEEDBACK,
        "Ирина Викторовна, таблица «факт или мнение» — готовый материал для нашего сборника. "
        "Принесите её на очную встречу в Затоболе.",
    ),
)


LEADING_TITLE = "Lesson Study: осы айда не үйрендім?"
LEADING_PROMPT = (
    "Зерттеу сабағынан кейін өз тәжірибеңіз туралы шамамен **10 сөйлем** жазыңыз: не "
    "байқадыңыз, оқушылар қалай өзгерді, келесі сабақта нені өзгертесіз?"
)
LEADING_ESSAY = (
    "В этом месяце наша группа Lesson Study провела первый исследовательский урок. Я "
    "наблюдала за тремя учениками для наблюдения (A, B и C). Ученик B почти не говорил в "
    "группе, но хорошо объяснял решение в паре. Я поняла, что мои вопросы были слишком "
    "общими. На обсуждении коллеги предложили давать задания с выбором ролей. Следующий урок "
    "мы планируем вместе, и я попробую короткие вопросы."
)


def seed_essays(seeding) -> None:
    """The «ШЫҢ» series for this school year, essays in its last two opened months, feedback."""
    network = seeding.networks["shyn"]
    lead = seeding.users["bakhyt.seitkali"]
    day = local_today()
    with force_locale("kk"):
        created = services.create_monthly_series(
            network,
            lead,
            first_year=planned_school_year(day),
            title=SERIES_TITLE,
            prompt=SERIES_PROMPT,
            visibility=CycleVisibility.COMMUNITY,
        )
    if created:
        seeding.created["essay_cycle"] += len(created)
    opened = list(
        db.session.scalars(
            db.select(EssayCycle)
            .where(EssayCycle.network_id == network.id, EssayCycle.opens_on <= day)
            .order_by(EssayCycle.opens_on)
        )
    )
    _seed_leading_school_cycle(seeding, day)
    if len(opened) < 2:
        return
    cycles = {"previous": opened[-2], "current": opened[-1]}
    written = {}
    for seed in ESSAYS:
        cycle = cycles[seed.cycle]
        author = seeding.users[seed.author]
        if services.own_essay(cycle, author) is not None:
            continue
        when = cycle.due_on + timedelta(days=seed.sent or 0) if seed.sent is not None else day
        essay = services.save_draft(cycle, author, seed.body, day=when)
        if seed.sent is not None:
            services.submit_essay(essay, author, own_work=True, day=when)
        written[seed.author] = essay
        seeding.created["essay"] += 1
    for author, reviewer, kind, body in FEEDBACK:
        if author in written:
            services.add_response(written[author], seeding.users[reviewer], kind, body)
            seeding.created["essay_response"] += 1


def _seed_leading_school_cycle(seeding, day) -> None:
    """A cycle open now in №278's network, where the demo teachers work: teacher2 has sent a
    Russian essay, teacher@ may try the editor, the coordinator (its lead) sees the tracking."""
    network = seeding.networks["leading"]
    exists = db.session.scalar(
        db.select(EssayCycle.id).where(
            EssayCycle.network_id == network.id, EssayCycle.title == LEADING_TITLE
        )
    )
    if exists:
        return
    opens_on, due_on, cutoff_on = month_dates(day.year, day.month, 25, 5)
    cycle = services.create_cycle(
        network,
        seeding.users["coordinator"],
        title=LEADING_TITLE,
        prompt=LEADING_PROMPT,
        opens_on=opens_on,
        due_on=due_on,
        cutoff_on=cutoff_on,
    )
    seeding.created["essay_cycle"] += 1
    author = seeding.users["teacher2"]
    essay = services.save_draft(cycle, author, LEADING_ESSAY, day=opens_on)
    services.submit_essay(essay, author, own_work=True, day=opens_on)
    seeding.created["essay"] += 1
