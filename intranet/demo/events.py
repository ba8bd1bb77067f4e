"""Demo events: the «ШЫҢ» community's cyclogram from seed 003 (an online discussion every two
weeks, a face-to-face meeting every two months at a rotating host school, quarterly learning
walks) generating the current school year, plus one-off events from the seed's plan table and
a master class of the leading school's network. A step of ``intranet.demo.DEMO_STEPS``.

The dates below are written for the 2026–2027 school year, as the seed's plan has them, and
moved to the same days of the school year the demo fills
(``essays.schoolyear.planned_school_year``), so a demo seeded in any year shows a year in
progress.

Rows are found by natural key before they are created (the year by name, holidays by name,
rules and one-off events by title within their network); generation is idempotent itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta

from ..core.i18n import local_today
from ..essays.schoolyear import planned_school_year
from ..events import cyclogram
from ..events.calendar import to_utc
from ..events.models import CyclogramRule, Event, EventKind, EventResponse, Frequency, SchoolYear
from ..extensions import db

#: The school year the dates of this module are written in.
WRITTEN_FOR = 2026
YEAR = (date(2026, 9, 1), date(2027, 5, 25))
HOLIDAYS = (
    ("Күзгі демалыс", date(2026, 10, 26), date(2026, 11, 1)),
    ("Қысқы демалыс", date(2026, 12, 30), date(2027, 1, 8)),
    ("Көктемгі демалыс", date(2027, 3, 19), date(2027, 3, 29)),
)
SHYN_SCHOOLS = ("kst-zarechny", "kst-zatobol", "kst-michurin", "kst-sovkhozny")
RESPONSIBLE = "«ШЫҢ» КҚ, аудан мектептері"

RULES = (
    cyclogram.RuleFields(
        kind=EventKind.ONLINE_DISCUSSION,
        title="Онлайн сұхбат: сыни ойлауға үйрету",
        frequency=Frequency.BIWEEKLY,
        weekday=2,
        start_time=time(16, 0),
        duration_minutes=60,
        purpose="Әлеуметтік желідегі сұхбат арқылы пайда болған проблемаларды ортаға салу.",
        expected_result="Оқыту мен оқудағы жаңа тәсілдерді меңгереді.",
        resources="Кәсіби қауымдастық сайты",
        responsible=RESPONSIBLE,
        place="Онлайн",
    ),
    cyclogram.RuleFields(
        kind=EventKind.MEETING,
        title="Бетпе-бет кездесу: қауымдастықтың игі ықпалының дәлелдері",
        frequency=Frequency.BIMONTHLY,
        weekday=4,
        week_of_month=5,
        start_time=time(10, 0),
        duration_minutes=180,
        purpose=(
            "Қауымдастықтың игі ықпалын, әсіресе балаларға тигізіп жатқан оң әсерінің "
            "дәлелдерін көру үшін нәтижені ортаға салу."
        ),
        expected_result="Модельдер құрылады, нұсқаулық беріледі, зерттеу нәтижелері ұсынылады.",
        resources="Интерактивті тақта, канц. жабдықтар",
        responsible=RESPONSIBLE,
    ),
    cyclogram.RuleFields(
        kind=EventKind.LEARNING_WALK,
        title="Бірлескен оқу серуені",
        frequency=Frequency.QUARTERLY,
        weekday=3,
        week_of_month=2,
        start_time=time(11, 0),
        duration_minutes=120,
        purpose=(
            "Жұмыстағы проблемаларды шешу, бақылау емес, ықпал ету арқылы әрекет ету тиімді "
            "ресурстарымен танысу."
        ),
        expected_result="Бір-бірінің сабағына барып, тиімді тәжірибені өз сабағында қолданады.",
        responsible=RESPONSIBLE,
    ),
)


@dataclass(frozen=True)
class EventSeed:
    network: str
    kind: EventKind
    title: str
    day: date
    start: time
    minutes: int
    purpose: str
    expected_result: str = ""
    resources: str = ""
    responsible: str = RESPONSIBLE
    host: str | None = None


#: Rows of the plan table in seed 003, and events of the other networks.
EVENTS = (
    EventSeed(
        "shyn", EventKind.ROUND_TABLE,
        "Практик реформатор ретінде бөлінген көшбасшылыққа жұмыс жасау",
        date(2026, 9, 17), time(15, 0), 90,
        "МДЖ жоспарлау, жетілдіру, дамыту.",
        "МДЖ және кәсіби қауымдастық жоспары жасалады.",
        "Интерактивті тақта, канц. жабдықтар",
    ),
    EventSeed(
        "shyn", EventKind.SURVEY, "«Мен кіммін?» сауалнамасы",
        date(2026, 10, 8), time(14, 0), 45,
        "Мұғалімдердің ынтымақтастықтағы өзін-өзі реттеу деңгейін анықтау.",
        "Мұғалімдердің ынтымақтастықтағы өзін-өзі реттеу деңгейі анықталады.",
        "Сауалнама парағы",
    ),
    EventSeed(
        "shyn", EventKind.SEMINAR, "Мектептердің даму жоспарының басымдылығын талқылау",
        date(2026, 11, 19), time(15, 0), 120,
        "Мектептің стратегиялық даму жоспарына өзгеріс енгізуге кәсіби қауымдастықтың "
        "ықпалын арттыру.",
        "Іс-шаралар түрлі сараптамалар арқылы айқындалады.",
        "Кәсіби қауымдастық сайты",
        host="kst-zatobol",
    ),
    EventSeed(
        "shyn", EventKind.COACHING, "Коучинг: «Сын тұрғысынан ойлауға үйрету деген не?»",
        date(2026, 12, 3), time(15, 0), 90,
        "«Барлық оқушыны» оқыту дағдыларын қалыптастыру.",
        "Интербелсенділікке дағдыландыру жұмыстарын үйренеді.",
        "Интерактивті сабақ",
        host="kst-zarechny",
    ),
    EventSeed(
        "shyn", EventKind.WEBINAR,
        "Вебинар «Сын тұрғысынан ойлауға үйретудің тиімді әдіс-тәсілдері»",
        date(2027, 1, 21), time(16, 0), 60,
        "Сын тұрғысынан ойлауға үйретудегі тиімді әдіс-тәсілдер дағдысымен бөлісу.",
        "Онлайн тәжірибе алмасу.",
        "Мұғалімдер, әдістемелік әдебиет, ғаламтор",
        "«ШЫҢ» КҚ, Мичурин ОМ",
    ),
    EventSeed(
        "shyn", EventKind.ONLINE_DISCUSSION, "Онлайн-беседа: итоги анкеты «Кто я?»",
        date(2027, 2, 11), time(16, 30), 60,
        "Обсудить результаты анкеты и договориться о следующих шагах сообщества.",
        "Учителя видят уровень своего сотрудничества и выбирают цели на четверть.",
        "Сайт сообщества, результаты анкеты",
        "«ШЫҢ» КҚ, Мичуринская СШ",
    ),
    EventSeed(
        "shyn", EventKind.NETWORK_SESSION,
        "Кәсіби даму жолдары: коучинг, тәлімгерлік және Lesson Study тәжірибесі",
        date(2027, 2, 25), time(15, 0), 120,
        "Кәсіби қауымдастық арқылы оқыту мен оқу тәжірибесімен бөлісу.",
        "Мұғалімдер іс-тәжірибелерін бөлісу арқылы өз ойларын ортаға салады.",
        "ШЫҢ сайты",
        "Мемлекеттік тілде оқытатын Заречный орта мектебі",
        host="kst-zarechny",
    ),
    EventSeed(
        "shyn", EventKind.CONFERENCE,
        "Network: «Сын тұрғысынан ойлауға үйрету модулі бойынша біздің жетістігіміз»",
        date(2027, 5, 13), time(10, 0), 240,
        "Сын тұрғысынан ойлауға үйретудегі тиімді әдіс-тәсілдер пайдалану дағдысын "
        "қалыптастыру.",
        "Сын тұрғысынан ойлауға үйретуге арналған стратегиялар түрін үйренеді.",
        "Мұғалімдер, интерактивті тақта, канц. жабдықтар",
        host="kst-zarechny",
    ),
    EventSeed(
        "leading", EventKind.MASTER_CLASS,
        "Шеберлік сыныбы: зерттеу сабағын бірлесіп жоспарлау (Lesson Study)",
        date(2026, 12, 10), time(15, 0), 90,
        "Серіктес мектептердің мұғалімдерімен зерттеу сабағының жоспарын бірге құру.",
        "Әр мектеп бір зерттеу сабағын өткізуге дайын болады.",
        "Интерактивті тақта, сабақ жоспарының үлгісі",
        "№278 ІТ мектеп-лицейі",
        host="kzo-278",
    ),
)  # fmt: skip


def _moved(day: date) -> date:
    """``day`` of the 2026–2027 plan on the same day of the school year the demo fills."""
    return day.replace(year=day.year + planned_school_year(local_today()) - WRITTEN_FOR)


def _year() -> SchoolYear:
    first, last = (_moved(day) for day in YEAR)
    name = f"{first.year}–{last.year}"
    year = db.session.scalar(db.select(SchoolYear).where(SchoolYear.name == name))
    if year is None:
        year = cyclogram.create_year(name, first, last)
    known = {holiday.name for holiday in year.holidays}
    for holiday_name, start, end in HOLIDAYS:
        if holiday_name not in known:
            cyclogram.add_holiday(year, holiday_name, _moved(start), _moved(end))
    return year


#: The cyclogram's monthly essay row (seed 003: "ай сайын 10 сөйлемнен тұратын эссе").
ESSAY_TITLE = "Ай сайынғы эссе: менің сабағымдағы өзгеріс"
ESSAY_PROMPT = (
    "Осы айда сабағыңызда не өзгерді? Оқушылардың сыни ойлауы қалай көрінді? "
    "Шамамен он сөйлеммен жазыңыз."
)


def seed_events(seeding) -> None:
    year = _year()
    shyn = seeding.networks["shyn"]
    lead = seeding.users["bakhyt.seitkali"]
    titles = set(
        db.session.scalars(
            db.select(CyclogramRule.title).where(CyclogramRule.network_id == shyn.id)
        )
    )
    for fields in RULES:
        if fields.title in titles:
            continue
        if fields.kind == EventKind.MEETING:
            fields.host_school_ids = [seeding.schools[key].id for key in SHYN_SCHOOLS]
        cyclogram.add_rule(shyn, fields, lead)
        seeding.created["cyclogram_rule"] += 1
    if cyclogram.essay_rule_of(shyn) is None:  # the essays step made this year's cycles already
        cyclogram.add_essay_rule(shyn, ESSAY_TITLE, ESSAY_PROMPT, lead)
        seeding.created["cyclogram_rule"] += 1
    generated = cyclogram.generate(shyn, year, None, lead, include_past=True)
    if generated.events:
        seeding.created["event"] += len(generated.events)
    for seed in EVENTS:
        network = seeding.networks[seed.network]
        found = db.session.scalar(
            db.select(Event.id).where(Event.network_id == network.id, Event.title == seed.title)
        )
        if found is not None:
            continue
        starts_at = to_utc(_moved(seed.day), seed.start)
        db.session.add(
            Event(
                network_id=network.id,
                kind=seed.kind,
                title=seed.title,
                purpose=seed.purpose,
                expected_result=seed.expected_result,
                resources=seed.resources,
                responsible=seed.responsible,
                host_school_id=seeding.schools[seed.host].id if seed.host else None,
                starts_at=starts_at,
                ends_at=starts_at + timedelta(minutes=seed.minutes),
                organiser_id=lead.id if seed.network == "shyn" else seeding.users["director"].id,
            )
        )
        seeding.created["event"] += 1
    db.session.flush()
    _seed_answers(seeding, shyn)


def _seed_answers(seeding, shyn) -> None:
    """The first face-to-face meeting: who said they would come, and who came."""
    meeting = db.session.scalar(
        db.select(Event)
        .where(Event.network_id == shyn.id, Event.kind == EventKind.MEETING)
        .order_by(Event.starts_at)
        .limit(1)
    )
    if meeting is None:
        return
    answered = set(
        db.session.scalars(
            db.select(EventResponse.user_id).where(EventResponse.event_id == meeting.id)
        )
    )
    people = (
        ("bakhyt.seitkali", True, True),
        ("gulzhan.abenova", True, True),
        ("yerlan.mukanov", True, False),
        ("irina.kovalenko", False, False),
    )
    for login, going, attended in people:
        user = seeding.users[login]
        if user.id in answered:
            continue
        db.session.add(
            EventResponse(event_id=meeting.id, user_id=user.id, going=going, attended=attended)
        )
        seeding.created["event_response"] += 1
