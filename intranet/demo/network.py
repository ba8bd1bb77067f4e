"""The demo's places and networks (DESIGN §7): the Kyzylorda directors' league, the «ШЫҢ»
learning community of Kostanay district's rural schools, Pavlodar lyceum №20 with its university,
and a leading school with its partner schools, with their working groups. Two steps of
``intranet.demo.DEMO_STEPS``; rows are found by natural key first."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.markdown import render_markdown
from ..network.models import (
    District,
    GroupKind,
    InstructionLanguage,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    Region,
    School,
    University,
    WorkingGroup,
)
from ..network.schools import school_search_key
from .seeding import Seeding

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
