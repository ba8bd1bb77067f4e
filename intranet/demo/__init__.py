"""Demo data (DESIGN §7): ``flask --app wsgi seed-demo [--scale N] [--if-empty]``.

``seed_demo`` builds the network that the source documents describe: the Kyzylorda directors'
league, the «ШЫҢ» learning community of Kostanay district's rural schools, Pavlodar lyceum №20
with its university, and a leading school with its partner schools; working groups; people of
every role, including the demo accounts and a few sign-ups waiting for the director.

Every step looks its rows up by natural key (an e-mail, a name within its parent) before it
creates them, so a second run adds nothing. ``DEMO_STEPS`` and ``SCALE_STEPS`` are the seams
for later features: a feature appends a function that takes the ``Seeding`` context and follows
the same rule. ``--scale N`` adds N units of generated districts, schools, networks and about
100 people each with bulk inserts, so that ``--scale 100`` (10,000 people) takes seconds.

This is demo data only: the accounts share one published password and must never reach a
production database. The console lines are for the operator and stay in English.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import insert
from werkzeug.security import generate_password_hash

from ..accounts.models import AccountStatus, LevelCertificate, Role, User, new_session_token
from ..core.db import utcnow
from ..core.markdown import render_markdown
from ..extensions import db
from ..network.models import (
    District,
    GroupKind,
    InstructionLanguage,
    Membership,
    MembershipRole,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    Region,
    School,
    University,
    WorkingGroup,
)
from ..network.services import school_search_key
from .directions import seed_directions
from .essays import seed_essays
from .events import seed_events
from .forum import seed_forum
from .lessonstudy import seed_lesson_plan_file, seed_lesson_study
from .resources import seed_resources

DEMO_DOMAIN = "demo.zheli.kz"
SCALE_DOMAIN = "scale.zheli.kz"

# --- The places ---------------------------------------------------------------------------------

#: District key → (region, district).
PLACES = {
    "kyzylorda": ("Қызылорда облысы", "Қызылорда қаласы"),
    "kostanay": ("Қостанай облысы", "Қостанай ауданы"),
    "pavlodar": ("Павлодар облысы", "Павлодар қаласы"),
}


@dataclass(frozen=True)
class SchoolSeed:
    key: str
    place: str
    number: str
    name: str
    rural: bool = False
    language: InstructionLanguage = InstructionLanguage.KAZAKH


KK, RU, MIXED = InstructionLanguage.KAZAKH, InstructionLanguage.RUSSIAN, InstructionLanguage.MIXED

SCHOOLS = (
    # The «Серіктес директорлар» league of Kyzylorda (seeds 001, 002).
    SchoolSeed("kzo-3", "kyzylorda", "3", "№3 ІТ мектеп-лицейі", language=MIXED),
    SchoolSeed("kzo-101", "kyzylorda", "101", "Ә.Мүслімов атындағы №101 мектеп-лицей"),
    SchoolSeed("kzo-140", "kyzylorda", "140", "№140 орта мектеп"),
    SchoolSeed("kzo-153", "kyzylorda", "153", "Ш.Есенов атындағы №153 мектеп-лицей"),
    SchoolSeed("kzo-176", "kyzylorda", "176", "№176 орта мектеп"),
    SchoolSeed("kzo-257", "kyzylorda", "257", "№257 орта мектеп", language=MIXED),
    SchoolSeed("kzo-261", "kyzylorda", "261", "С.Лапин атындағы №261 орта мектеп"),
    SchoolSeed("kzo-278", "kyzylorda", "278", "Байзақ Момынбаев атындағы №278 ІТ мектеп-лицей"),
    # The «ШЫҢ» community of Kostanay district's rural schools (seed 003).
    SchoolSeed(
        "kst-zarechny", "kostanay", "", "Мемлекеттік тілде оқытатын Заречный орта мектебі", True
    ),
    SchoolSeed(
        "kst-zatobol", "kostanay", "", "Н.Наушабаев атындағы Затобол орта мектебі", True, MIXED
    ),
    SchoolSeed("kst-michurin", "kostanay", "", "Мичурин орта мектебі", True, RU),
    SchoolSeed("kst-sovkhozny", "kostanay", "", "Совхозный орта мектебі", True, MIXED),
    # The school–university partnership of Pavlodar (seed 000).
    SchoolSeed("pvl-20", "pavlodar", "20", "№20 лицей-мектеп", language=MIXED),
)

UNIVERSITY = ("Инновациялық Еуразия университеті", "pavlodar")

# --- The networks -------------------------------------------------------------------------------

LEAGUE_DESCRIPTION = """\
Қызылорда облысы Білім басқармасының «Серіктес директорлар» лигасы: қала мен ауыл мектептерінен \
30-ға жуық директор бірігіп, түрлі бағыт бойынша жаңа жобаларды жүзеге асырады. Мақсат — \
жаңартылған білім беру мазмұнын енгізу тәжірибесіндегі ерекшеліктер мен қалыптасқан дағдыларды \
кеңінен тарату.

Бүгінде **20 бағыт** айқындалған: әр мектеп өзіндік жобасын дамытып, үздік тәжірибені өзге \
мектептерге таратады. Осылайша бір жыл ішінде **20 мектеп өз жобасын 100 мектепке** енгізеді.

- №101 мектеп-лицей — жылыжай кешені, қатты қалдықтарды кәдеге жарату, «101-ге 101 кітап» акциясы;
- №261 орта мектеп — қолөнер жәрмеңкесі, «Әкелер академиясы», «Әжелер академиясы»;
- №278 ІТ мектеп-лицей — «Жас маман. Озат тәжірибе», «Кәсіпкерлік мектеп» пилоттық жобасы;
- №3 ІТ мектеп-лицей — «ІТ Digital» студиясы, SMM және мобилография курстары;
- №140 орта мектеп — «Метеорология» тәжірибелік-зерттеу алаңы;
- №176 орта мектеп — кітап оқудың жаңа кейстері;
- №153 мектеп-лицей — «Оқуға ұсынылатын 20 кітап» жобасы;
- №257 орта мектеп — инклюзивті білім беруді дамыту жоспары.
"""

COMMUNITY_DESCRIPTION = """\
Қостанай ауданының ауыл мектептері мұғалімдерінің кәсіби қауымдастығы.

**Жоспардың тақырыбы:** «Сыни ойлауға үйрету оқытудағы тиімді әрекет».

**Басымдылығы:** сыни ой айтуға үйретудің оқыту мен оқудағы тиімділігі және ол функционалдық \
сауаттылыққа бастайтын жол.

### Мақсаты

- Іс-әрекеттер негізінде тәжірибемен алмасу, табысқа қолдау көрсету және оқытуда ынтымақтасу.
- Кәсіби тақырыпта формальды және формальды емес қарым-қатынасты ұйымдастыру арқылы \
серіктестерді көбейту.
- Жаңа педагогикалық бастамалар жасау.

### Қауымдастықтың ережесі

- Әрбір мүше шынайы көзқараста болады, сенімді, әділ қарым-қатынас жасайды.
- Әрбір адамның пікірін бағалап, сыйластықпен қабылдаймыз.
- Уақытты тиімді пайдаланамыз; қарым-қатынаста жоғары мәдениеттілікті сақтаймыз.

### Циклограмма

- Қажет болған жағдайда — әлеуметтік желідегі сұхбат.
- Екі аптада бір рет — онлайн сұхбат.
- Айына бір рет — өз өзгерісіміз туралы 10 сөйлемнен тұратын эссе.
- 2 айда 1 рет — белгіленген мектепте бетпе-бет кездесу (модельдер, нұсқаулықтар, зерттеулер).
- Тоқсанына бір рет — бірлескен оқу серуені.
- Тиімді тәжірибені басылымдарда жариялау.
"""

UNIVERSITY_DESCRIPTION = """\
«Мектеп–ЖОМ»: Павлодар қаласының №20 лицей-мектебі жоғары және орта білім беру жүйесінің \
үздіксіздігі мен мирасқорлығы тұжырымдамасын іске асыра отырып, 2013 жылдан бері Инновациялық \
Еуразия университетімен бірге жұмыс істейді.

- Оқу бағдарламасының вариативті бөлігінде мектеп мұғалімдері мен университет ұстаздары арнайы \
курстар өткізеді: математика, физика, қазақ, орыс, ағылшын, француз, қытай және араб тілдері, тарих.
- Оқушылардың ғылыми-зерттеу жұмыстары ғылыми конференцияларда, зияткерлік сайыстар мен \
фестивальдарда ұсынылады.
- Университеттік пән олимпиадасы, ашық есік күндері, кафедраларға саяхат, түлектердің мамандық \
таңдауы бойынша кеңес.
"""

LEADING_SCHOOL_DESCRIPTION = """\
Жетекші мектеп кәсіби желіні ұйымдастырады және кәсіби желілік қоғамдастық құруда көшбасшылық \
функцияларды іске асырады: бір жетекші мектепке 10 серіктес мектепке дейін.

Жетекші мектеп ішінде бастауыш мектеп тобы, пәндік, проблемалық және зерттеу топтары жұмыс \
істейді. Желілік іс-шаралар: семинарлар, іс-әрекеттегі зерттеу, Lesson Study, шеберлік сабақтары, \
конференциялар.

Серіктес мектептер жетекші мектептің іс-шараларына қатысады, оның тәжірибесін белсенді зерттейді \
және ресурс базасын (медиатека, портал, ресурс кітапханасы) қалыптастыруға көмектеседі.
"""


@dataclass(frozen=True)
class NetworkSeed:
    key: str
    name: str
    kind: NetworkKind
    place: str
    description: str
    schools: tuple[tuple[str, NetworkSchoolRole], ...]
    groups: tuple[tuple[str, GroupKind], ...] = ()
    university: str | None = None


MEMBER, LEADING, PARTNER = (
    NetworkSchoolRole.MEMBER,
    NetworkSchoolRole.LEADING,
    NetworkSchoolRole.PARTNER,
)

NETWORKS = (
    NetworkSeed(
        "league",
        "«Серіктес директорлар» лигасы",
        NetworkKind.LEAGUE,
        "kyzylorda",
        LEAGUE_DESCRIPTION,
        tuple((school.key, MEMBER) for school in SCHOOLS if school.place == "kyzylorda"),
        (("Кітап оқу жобалары", GroupKind.PROBLEM),),
    ),
    NetworkSeed(
        "shyn",
        "«ШЫҢ» кәсіби қауымдастығы",
        NetworkKind.COMMUNITY,
        "kostanay",
        COMMUNITY_DESCRIPTION,
        tuple((school.key, MEMBER) for school in SCHOOLS if school.place == "kostanay"),
        (
            ("Сыни ойлауға үйрету", GroupKind.RESEARCH),
            ("Бастауыш сынып мұғалімдері", GroupKind.PRIMARY),
        ),
    ),
    NetworkSeed(
        "university",
        "«Мектеп–ЖОМ»: №20 лицей-мектеп және Инновациялық Еуразия университеті",
        NetworkKind.UNIVERSITY_PARTNERSHIP,
        "pavlodar",
        UNIVERSITY_DESCRIPTION,
        (("pvl-20", MEMBER),),
        (("Оқушылардың ғылыми жобалары", GroupKind.RESEARCH),),
        university=UNIVERSITY[0],
    ),
    NetworkSeed(
        "leading",
        "№278 ІТ мектеп-лицейінің желісі",
        NetworkKind.LEADING_SCHOOL,
        "kyzylorda",
        LEADING_SCHOOL_DESCRIPTION,
        (
            ("kzo-278", LEADING),
            ("kzo-3", PARTNER),
            ("kzo-140", PARTNER),
            ("kzo-176", PARTNER),
            ("kzo-257", PARTNER),
        ),
        (
            ("Бастауыш мектеп тобы", GroupKind.PRIMARY),
            ("Информатика және математика пән тобы", GroupKind.SUBJECT),
            ("Инклюзивті білім беру проблемалық тобы", GroupKind.PROBLEM),
            ("Lesson Study зерттеу тобы", GroupKind.RESEARCH),
        ),
    ),
)

# --- The people ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSeed:
    login: str
    full_name: str
    role: Role
    school: str | None
    locale: str
    subject: str = ""
    level: LevelCertificate = LevelCertificate.NONE
    status: AccountStatus = AccountStatus.ACTIVE

    @property
    def email(self) -> str:
        return f"{self.login}@{DEMO_DOMAIN}"


T, SL, ACTIVE, PENDING = (
    Role.TEACHER,
    Role.SCHOOL_LEADER,
    AccountStatus.ACTIVE,
    AccountStatus.PENDING,
)
FIRST, SECOND, THIRD = LevelCertificate.FIRST, LevelCertificate.SECOND, LevelCertificate.THIRD

#: The accounts DESIGN §7 publishes; the director and both teachers share school №278.
DEMO_ACCOUNTS = (
    PersonSeed("admin", "Дәурен Әбілқасымов", Role.ADMIN, None, "kk"),
    PersonSeed("coordinator", "Гүлнар Жұмабекова", Role.COORDINATOR, None, "kk", "", FIRST),
    PersonSeed("moderator", "Ольга Ким", Role.MODERATOR, "kzo-101", "ru", "Химия", FIRST),
    PersonSeed("director", "Айгерім Сапарова", SL, "kzo-278", "kk", "Физика", FIRST),
    PersonSeed("teacher", "Нұржан Омаров", T, "kzo-278", "kk", "Информатика", SECOND),
    PersonSeed("teacher2", "Елена Смирнова", T, "kzo-278", "ru", "Орыс тілі мен әдебиеті", THIRD),
)

OTHER_PEOPLE = (
    PersonSeed("zhanar.ermekova", "Жанар Ермекова", T, "kzo-278", "kk", "Бастауыш сынып", THIRD),
    PersonSeed("asel.nurpeisova", "Әсел Нұрпейісова", T, "kzo-101", "kk", "Биология", SECOND),
    PersonSeed("marat.iskakov", "Марат Исқақов", T, "kzo-261", "kk", "Технология"),
    PersonSeed("saule.tulegenova", "Сәуле Төлегенова", T, "kzo-153", "kk", "Қазақ әдебиеті"),
    PersonSeed("dmitry.volkov", "Дмитрий Волков", T, "kzo-257", "ru", "Дефектология", SECOND),
    PersonSeed("bakhyt.seitkali", "Бақыт Сейітқали", SL, "kst-zatobol", "kk", "Тарих", FIRST),
    PersonSeed("gulzhan.abenova", "Гүлжан Әбенова", T, "kst-zatobol", "kk", "Математика", SECOND),
    PersonSeed("yerlan.mukanov", "Ерлан Мұқанов", T, "kst-zarechny", "kk", "Бастауыш сынып"),
    PersonSeed("irina.kovalenko", "Ирина Коваленко", T, "kst-michurin", "ru", "Ағылшын тілі"),
    PersonSeed("aizhan.baigali", "Айжан Байғали", T, "kst-sovkhozny", "kk", "География", THIRD),
    PersonSeed("natalya.orlova", "Наталья Орлова", SL, "pvl-20", "ru", "Физика", FIRST),
    PersonSeed("daniyar.sarsenov", "Данияр Сәрсенов", T, "pvl-20", "kk", "Математика", SECOND),
    # A lecturer of the university: in the partnership by membership, not through a school.
    PersonSeed("alexey.petrov", "Алексей Петров", T, None, "ru", "Физика"),
)

#: Sign-ups at the director's school, so that the approval queue has something to show.
PENDING_SIGNUPS = (
    PersonSeed("dana.kairatkyzy", "Дана Қайратқызы", T, "kzo-278", "kk", "Химия", status=PENDING),
    PersonSeed(
        "timur.akhmetov", "Тимур Ахметов", T, "kzo-278", "ru", "Физкультура", status=PENDING
    ),
    PersonSeed("madina.serik", "Мәдина Серік", T, "kzo-278", "kk", "Ағылшын тілі", status=PENDING),
)

LEAD, MEMBER_ROLE = MembershipRole.LEAD, MembershipRole.MEMBER

#: (login, network key, working group name or None for the whole network, role).
MEMBERSHIPS = (
    ("coordinator", "league", None, LEAD),
    ("coordinator", "leading", None, LEAD),
    ("coordinator", "shyn", None, MEMBER_ROLE),
    ("bakhyt.seitkali", "shyn", None, LEAD),
    ("gulzhan.abenova", "shyn", "Сыни ойлауға үйрету", LEAD),
    ("irina.kovalenko", "shyn", "Сыни ойлауға үйрету", MEMBER_ROLE),
    ("yerlan.mukanov", "shyn", "Бастауыш сынып мұғалімдері", MEMBER_ROLE),
    ("natalya.orlova", "university", None, LEAD),
    ("alexey.petrov", "university", None, MEMBER_ROLE),
    ("alexey.petrov", "university", "Оқушылардың ғылыми жобалары", LEAD),
    ("daniyar.sarsenov", "university", "Оқушылардың ғылыми жобалары", MEMBER_ROLE),
    ("director", "leading", "Инклюзивті білім беру проблемалық тобы", LEAD),
    ("teacher", "leading", "Lesson Study зерттеу тобы", LEAD),
    ("teacher", "leading", "Информатика және математика пән тобы", MEMBER_ROLE),
    ("teacher2", "leading", "Lesson Study зерттеу тобы", MEMBER_ROLE),
    ("zhanar.ermekova", "leading", "Бастауыш мектеп тобы", LEAD),
    ("dmitry.volkov", "leading", "Инклюзивті білім беру проблемалық тобы", MEMBER_ROLE),
    ("saule.tulegenova", "league", "Кітап оқу жобалары", LEAD),
    ("moderator", "league", None, MEMBER_ROLE),
)

# --- The seeding context ------------------------------------------------------------------------


@dataclass
class Seeding:
    """What the steps share: the one password hash, the rows by key, and what was added."""

    password_hash: str
    created: Counter = field(default_factory=Counter)
    regions: dict[str, Region] = field(default_factory=dict)
    districts: dict[str, District] = field(default_factory=dict)
    schools: dict[str, School] = field(default_factory=dict)
    universities: dict[str, University] = field(default_factory=dict)
    networks: dict[str, Network] = field(default_factory=dict)
    groups: dict[tuple[str, str], WorkingGroup] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)

    def get_or_create(self, model, lookup: dict[str, object], **values):
        """The row of ``model`` matching ``lookup``, created with ``values`` when missing."""
        row = db.session.scalar(db.select(model).filter_by(**lookup))
        if row is None:
            row = model(**lookup, **values)
            db.session.add(row)
            db.session.flush()
            self.created[model.__tablename__] += 1
        return row

    def bulk_insert(self, model, rows: list[dict[str, object]]) -> None:
        """Insert many rows in a few statements (ORM bulk INSERT, no objects)."""
        if rows:
            db.session.execute(insert(model), rows)
            self.created[model.__tablename__] += len(rows)


def seed_places(seeding: Seeding) -> None:
    for key, (region_name, district_name) in PLACES.items():
        region = seeding.get_or_create(Region, {"name": region_name})
        seeding.regions[key] = region
        seeding.districts[key] = seeding.get_or_create(
            District, {"region_id": region.id, "name": district_name}, region=region
        )
    for seed in SCHOOLS:
        district = seeding.districts[seed.place]
        school = seeding.get_or_create(
            School,
            {"district_id": district.id, "name": seed.name},
            district=district,
            number=seed.number,
            is_rural=seed.rural,
            instruction_language=seed.language,
        )
        school.search_key = school_search_key(school)
        seeding.schools[seed.key] = school
    name, place = UNIVERSITY
    seeding.universities[name] = seeding.get_or_create(
        University, {"name": name}, region_id=seeding.regions[place].id
    )


def seed_networks(seeding: Seeding) -> None:
    for seed in NETWORKS:
        university = seeding.universities.get(seed.university) if seed.university else None
        network = seeding.get_or_create(
            Network,
            {"name": seed.name},
            kind=seed.kind,
            description=seed.description,
            description_html=render_markdown(seed.description),
            region_id=seeding.regions[seed.place].id,
            university_id=university.id if university else None,
        )
        seeding.networks[seed.key] = network
        for school_key, role in seed.schools:
            seeding.get_or_create(
                NetworkSchool,
                {"network_id": network.id, "school_id": seeding.schools[school_key].id},
                role=role,
            )
        for group_name, kind in seed.groups:
            seeding.groups[seed.key, group_name] = seeding.get_or_create(
                WorkingGroup, {"network_id": network.id, "name": group_name}, kind=kind
            )


def seed_people(seeding: Seeding) -> None:
    for seed in (*DEMO_ACCOUNTS, *OTHER_PEOPLE, *PENDING_SIGNUPS):
        school = seeding.schools[seed.school] if seed.school else None
        seeding.users[seed.login] = seeding.get_or_create(
            User,
            {"email": seed.email},
            password_hash=seeding.password_hash,
            full_name=seed.full_name,
            school_id=school.id if school else None,
            subject=seed.subject,
            level_certificate=seed.level,
            locale=seed.locale,
            role=seed.role,
            status=seed.status,
            rules_accepted_at=utcnow(),
        )


def seed_memberships(seeding: Seeding) -> None:
    for login, network_key, group_name, role in MEMBERSHIPS:
        group = seeding.groups[network_key, group_name] if group_name else None
        seeding.get_or_create(
            Membership,
            {
                "user_id": seeding.users[login].id,
                "network_id": seeding.networks[network_key].id,
                "group_id": group.id if group else None,
            },
            role=role,
        )


#: The demo, step by step, in order. A later feature appends its own step (forum threads,
#: essays, resources, a Lesson Study): a function of the ``Seeding`` that finds its rows by
#: natural key before it creates them.
DEMO_STEPS: list[Callable[[Seeding], None]] = [
    seed_places,
    seed_networks,
    seed_people,
    seed_memberships,
    seed_forum,
    seed_lesson_study,
    seed_directions,
    seed_resources,
    seed_essays,
    seed_events,
    seed_lesson_plan_file,
]

# --- Scale: generated districts, schools, networks and people for benchmarks --------------------

SCHOOLS_PER_DISTRICT = 10
PEOPLE_PER_UNIT = 100

FIRST_NAMES = (
    ("Айгүл", "kk"), ("Ерлан", "kk"), ("Динара", "kk"), ("Нұрлан", "kk"), ("Жанар", "kk"),
    ("Бауыржан", "kk"), ("Салтанат", "kk"), ("Асқар", "kk"), ("Анна", "ru"), ("Сергей", "ru"),
    ("Татьяна", "ru"), ("Андрей", "ru"),
)  # fmt: skip
LAST_NAMES = (
    "Әлімова", "Серікбаев", "Жақыпова", "Тоқтаров", "Қасымова", "Иванов", "Ким", "Оспанова",
    "Мұратов", "Попова", "Бекова", "Нұрланов", "Сидоренко",
)  # fmt: skip
SUBJECTS = (
    "Математика", "Қазақ тілі", "Орыс тілі", "Ағылшын тілі", "Физика", "Химия", "Биология",
    "Тарих", "Информатика", "Бастауыш сынып", "География",
)  # fmt: skip


def generated_district_name(unit: int) -> str:
    return f"Демо ауданы {unit}"


def generated_school_name(number: int) -> str:
    return f"№{number} жалпы білім беретін мектеп"


def generated_network_name(region_name: str, unit: int) -> str:
    return f"{region_name}, {generated_district_name(unit)}: жетекші мектеп желісі"


@dataclass
class ScalePlan:
    """Ids of the generated rows, filled in step by step: (place, unit[, number]) → id."""

    scale: int
    districts: dict[tuple[str, int], int] = field(default_factory=dict)
    schools: dict[tuple[str, int, int], int] = field(default_factory=dict)

    @property
    def units(self) -> range:
        return range(1, self.scale + 1)


def _ids_by(statement) -> dict[tuple, int]:
    return {tuple(row[:-1]): row[-1] for row in db.session.execute(statement)}


def scale_districts(seeding: Seeding, plan: ScalePlan) -> None:
    region_ids = {place: seeding.regions[place].id for place in PLACES}
    existing = _ids_by(
        db.select(District.region_id, District.name, District.id).where(
            District.region_id.in_(region_ids.values())
        )
    )
    missing = [
        {"region_id": region_id, "name": generated_district_name(unit)}
        for unit in plan.units
        for region_id in region_ids.values()
        if (region_id, generated_district_name(unit)) not in existing
    ]
    seeding.bulk_insert(District, missing)
    if missing:
        existing = _ids_by(
            db.select(District.region_id, District.name, District.id).where(
                District.region_id.in_(region_ids.values())
            )
        )
    for place, region_id in region_ids.items():
        for unit in plan.units:
            plan.districts[place, unit] = existing[region_id, generated_district_name(unit)]


def _generated_schools_by_key(district_ids: Iterable[int]) -> dict[tuple, int]:
    return _ids_by(
        db.select(School.district_id, School.name, School.id).where(
            School.district_id.in_(list(district_ids))
        )
    )


def scale_schools(seeding: Seeding, plan: ScalePlan) -> None:
    existing = _generated_schools_by_key(plan.districts.values())
    missing = []
    for (_place, unit), district_id in plan.districts.items():
        district = SimpleNamespace(name=generated_district_name(unit))
        for number in range(1, SCHOOLS_PER_DISTRICT + 1):
            name = generated_school_name(number)
            if (district_id, name) in existing:
                continue
            key = school_search_key(
                SimpleNamespace(number=str(number), name=name, district=district)
            )
            missing.append(
                {
                    "district_id": district_id,
                    "number": str(number),
                    "name": name,
                    "is_rural": number > SCHOOLS_PER_DISTRICT // 2,
                    "instruction_language": KK if number % 3 else MIXED,
                    "search_key": key,
                    "archived": False,
                }
            )
    seeding.bulk_insert(School, missing)
    if missing:
        existing = _generated_schools_by_key(plan.districts.values())
    for (place, unit), district_id in plan.districts.items():
        for number in range(1, SCHOOLS_PER_DISTRICT + 1):
            plan.schools[place, unit, number] = existing[district_id, generated_school_name(number)]


def scale_networks(seeding: Seeding, plan: ScalePlan) -> None:
    """One leading school and nine partners (the 1:10 rule) in every generated district."""
    names = {
        (place, unit): generated_network_name(seeding.regions[place].name, unit)
        for place, unit in plan.districts
    }
    lookup = db.select(Network.name, Network.id).where(Network.name.in_(list(names.values())))
    existing = _ids_by(lookup)
    now = utcnow()
    seeding.bulk_insert(
        Network,
        [
            {
                "name": name,
                "kind": NetworkKind.LEADING_SCHOOL,
                "description": "",
                "description_html": "",
                "region_id": seeding.regions[place].id,
                "university_id": None,
                "created_at": now,
                "archived": False,
            }
            for (place, _unit), name in names.items()
            if (name,) not in existing
        ],
    )
    network_ids = {key: id_ for (key,), id_ in _ids_by(lookup).items()}
    pairs = {
        (network_id, school_id)
        for network_id, school_id in db.session.execute(
            db.select(NetworkSchool.network_id, NetworkSchool.school_id).where(
                NetworkSchool.network_id.in_(list(network_ids.values()))
            )
        )
    }
    rows = []
    for (place, unit), name in names.items():
        network_id = network_ids[name]
        for number in range(1, SCHOOLS_PER_DISTRICT + 1):
            school_id = plan.schools[place, unit, number]
            if (network_id, school_id) not in pairs:
                role = LEADING if number == 1 else PARTNER
                rows.append(
                    {
                        "network_id": network_id,
                        "school_id": school_id,
                        "role": role,
                        "joined_at": now,
                    }
                )
    seeding.bulk_insert(NetworkSchool, rows)


def scale_people(seeding: Seeding, plan: ScalePlan) -> None:
    """``PEOPLE_PER_UNIT`` people over the unit's schools: one director each, then teachers,
    every tenth teacher still waiting for approval. E-mails are deterministic."""
    existing = set(
        db.session.scalars(db.select(User.email).where(User.email.like(f"%@{SCALE_DOMAIN}")))
    )
    places = list(PLACES)
    schools_per_unit = len(places) * SCHOOLS_PER_DISTRICT
    now = utcnow()
    rows = []
    for unit in plan.units:
        for n in range(PEOPLE_PER_UNIT):
            place = places[(n % schools_per_unit) // SCHOOLS_PER_DISTRICT]
            number = n % SCHOOLS_PER_DISTRICT + 1
            code = f"{unit}-{place}-{number}"
            leader = n < schools_per_unit
            email = (
                f"director.s{code}@{SCALE_DOMAIN}"
                if leader
                else f"teacher.s{code}.{n}@{SCALE_DOMAIN}"
            )
            if email in existing:
                continue
            first, locale = FIRST_NAMES[(unit + n) % len(FIRST_NAMES)]
            last = LAST_NAMES[(unit * 7 + n) % len(LAST_NAMES)]
            rows.append(
                {
                    "email": email,
                    "password_hash": seeding.password_hash,
                    "full_name": f"{first} {last}",
                    "school_id": plan.schools[place, unit, number],
                    "subject": SUBJECTS[n % len(SUBJECTS)],
                    "level_certificate": LevelCertificate.NONE,
                    "locale": locale,
                    "role": SL if leader else T,
                    "status": PENDING if not leader and n % 10 == 9 else ACTIVE,
                    "rules_accepted_at": now,
                    "created_at": now,
                    "rejection_reason": "",
                    "session_token": new_session_token(),
                }
            )
    seeding.bulk_insert(User, rows)


#: Generated data for ``--scale N``, in order; each step skips what exists already.
SCALE_STEPS: list[Callable[[Seeding, ScalePlan], None]] = [
    scale_districts,
    scale_schools,
    scale_networks,
    scale_people,
]

# --- The command --------------------------------------------------------------------------------


def seed_demo(scale: int = 1, only_if_empty: bool = False) -> list[str]:
    """Build (or complete) the demo network, commit, and return the lines to print."""
    if only_if_empty and db.session.scalar(db.select(User.id).limit(1)) is not None:
        return ["The database has accounts already: seed-demo --if-empty added nothing."]
    password = current_app.config["DEMO_PASSWORD"]
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    seeding = Seeding(password_hash=generate_password_hash(password, method=method))
    for step in DEMO_STEPS:
        step(seeding)
    if scale > 1:
        plan = ScalePlan(scale)
        for scale_step in SCALE_STEPS:
            scale_step(seeding, plan)
    db.session.commit()
    return _report(seeding, password, scale)


def _report(seeding: Seeding, password: str, scale: int) -> list[str]:
    if seeding.created:
        added = ", ".join(f"{table} {count}" for table, count in seeding.created.items())
        lines = [f"Demo data added (rows per table): {added}."]
    else:
        lines = ["Demo data is complete already: nothing added."]
    if scale > 1:
        lines.append(
            f"Generated for --scale {scale}: {scale * len(PLACES)} districts, "
            f"{scale * len(PLACES) * SCHOOLS_PER_DISTRICT} schools, "
            f"{scale * PEOPLE_PER_UNIT} people (@{SCALE_DOMAIN})."
        )
    lines.append(f"Demo accounts (demo data only, never in production), password: {password}")
    lines.extend(f"  {seed.email:<28} {seed.role.value}" for seed in DEMO_ACCOUNTS)
    return lines
