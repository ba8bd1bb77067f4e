"""The demo's people (DESIGN §7): the published demo accounts, colleagues in every network, a
few sign-ups waiting for the director, and who belongs to which network and working group. Two
steps of ``intranet.demo.DEMO_STEPS``; people are found by e-mail first."""

from __future__ import annotations

from dataclasses import dataclass

from ..accounts.models import AccountStatus, LevelCertificate, Role, User
from ..core.db import utcnow
from ..network.models import Membership, MembershipRole
from .seeding import Seeding

DEMO_DOMAIN = "demo.zheli.kz"

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
