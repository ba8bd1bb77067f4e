"""Demo directions of the Kyzylorda directors' league (seeds 001, 002), a few adoptions and the
league's target: 20 directions spread to 100 schools in a year. A step of
``intranet.demo.DEMO_STEPS``: rows are found by natural key first, so a second run adds nothing."""

from __future__ import annotations

from datetime import date

from ..core.markdown import render_markdown
from ..directions.models import Direction, DirectionAdoption, LeagueTarget

#: (owning school's key, title, description in Kazakh with a Russian summary).
DIRECTIONS = (
    (
        "kzo-101",
        "Жылыжай кешені және қалдықтарды кәдеге жарату",
        "Мектеп-лицейдің жылыжай кешенінде бірнеше өнім өндіріледі. Оқушылар қатты қалдықтарды "
        "кәдеге жаратып, биоотын әзірлейді, энергия мен судың тұтыну деңгейін зерттейді.\n\n"
        "*Тепличный комплекс: ученики выращивают продукцию, перерабатывают твёрдые отходы и "
        "изучают расход энергии и воды.*",
    ),
    (
        "kzo-261",
        "«Әкелер академиясы»",
        "Мектепте «Әкелер академиясы» мен «Әжелер академиясы» ашылған; оқушылар қолөнер "
        "жәрмеңкесін ұйымдастырып, түскен қаржыға қайырымдылық шарасын өткізеді.\n\n"
        "*«Академия отцов» и «Академия бабушек», ярмарка ремёсел: вырученные деньги идут на "
        "благотворительность.*",
    ),
    (
        "kzo-3",
        "«ІТ Digital» студиясы",
        "Балалар телевидениесі арқылы жаңалық тарату, SMM және мобилография курстары, 3D принтер "
        "арқылы футболкалар мен кружкаларды таңбалау.\n\n"
        "*Детское телевидение, бесплатные курсы SMM и мобилографии, подарки на 3D-принтере.*",
    ),
    (
        "kzo-140",
        "«Метеорология» тәжірибелік-зерттеу алаңы",
        "Балалар ерте кезден ғылымға енеді: оқушылар ғалымдармен тікелей бірге жұмыс істейді.\n\n"
        "*Опытно-исследовательская площадка: ученики работают вместе с учёными.*",
    ),
    (
        "kzo-176",
        "Кітап оқудың жаңа кейстері",
        "Мектеп кітап оқудың жаңа кейстерін дамытып, әдістемелік марафон өткізеді.\n\n"
        "*Новые кейсы чтения и методический марафон для педагогов школ-партнёров.*",
    ),
    (
        "kzo-153",
        "«Оқуға ұсынылатын 20 кітап»",
        "Жобаның негізгі идеясы — балалардың кітап оқу дағдысын қалыптастыру. kitap.kz "
        "сайтындағы шетел әдебиеті классиктерінің шығармалары тізімге қосылды.\n\n"
        "*Проект «20 книг для чтения»: классика мировой литературы с сайта kitap.kz.*",
    ),
    (
        "kzo-257",
        "Инклюзивті білім беруді дамыту",
        "Мүмкіндігі шектеулі 43 оқушыға кедергісіз қолжетімді орта, жеке білім траекториясы, "
        "ата-аналардың «Сүйіспеншілікке толы жүрекпен» клубы және «Үміт алақаны» бағдарламасы.\n\n"
        "*Безбарьерная среда для 43 учеников с особыми образовательными потребностями, "
        "индивидуальные траектории и клуб родителей.*",
    ),
    (
        "kzo-278",
        "«Кәсіпкерлік мектеп» пилоттық жобасы",
        "Жоғары сынып оқушылары жалпы орта біліммен қатар белгілі бір мамандықты игеріп шығады; "
        "«Жас маман. Озат тәжірибе» шеберлік сағаттары.\n\n"
        "*Пилотный проект «Школа предпринимательства»: старшеклассники осваивают профессию.*",
    ),
)

#: (direction title, adopting school's key, day).
ADOPTIONS = (
    ("«ІТ Digital» студиясы", "kzo-278", date(2026, 10, 12)),
    ("«ІТ Digital» студиясы", "kzo-261", date(2026, 11, 5)),
    ("«Оқуға ұсынылатын 20 кітап»", "kzo-101", date(2026, 10, 1)),
    ("«Оқуға ұсынылатын 20 кітап»", "kst-zatobol", date(2026, 11, 16)),
    ("Инклюзивті білім беруді дамыту", "kzo-278", date(2026, 11, 20)),
    ("Жылыжай кешені және қалдықтарды кәдеге жарату", "kst-sovkhozny", date(2026, 10, 20)),
)


def seed_directions(seeding) -> None:
    league = seeding.networks["league"]
    found = {}
    for school_key, title, description in DIRECTIONS:
        found[title] = seeding.get_or_create(
            Direction,
            {"network_id": league.id, "title": title},
            school_id=seeding.schools[school_key].id,
            description=description,
            description_html=render_markdown(description),
        )
    for title, school_key, day in ADOPTIONS:
        seeding.get_or_create(
            DirectionAdoption,
            {"direction_id": found[title].id, "school_id": seeding.schools[school_key].id},
            adopted_on=day,
        )
    seeding.get_or_create(
        LeagueTarget,
        {"network_id": league.id},
        directions=20,
        schools=100,
        due_on=date(2027, 8, 31),
    )
