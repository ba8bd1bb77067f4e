"""Demo forum: site-wide and network categories with discussions in Kazakh, Russian and
English, drawn from the source documents (DESIGN §7). A step of ``intranet.demo.DEMO_STEPS``."""

from __future__ import annotations

from dataclasses import dataclass

from ..extensions import db
from ..forum.models import Category, Thread
from ..forum.services import create_thread, reply


@dataclass(frozen=True)
class CategorySeed:
    title: str
    description: str
    network: str | None = None
    position: int = 0


@dataclass(frozen=True)
class ThreadSeed:
    category: str
    title: str
    #: (author's demo login, Markdown body); the first one opens the thread.
    posts: tuple[tuple[str, str], ...]


CATEGORIES = (
    CategorySeed(
        "Жалпы талқылау",
        "Желінің барлық мұғалімдеріне арналған ортақ алаң. Общий форум для всех учителей сети.",
        position=0,
    ),
    CategorySeed(
        "«ШЫҢ»: сыни ойлауға үйрету",
        "Екі апта сайынғы онлайн сұхбат: сыни ойлауды сабақта дамыту.",
        network="shyn",
        position=1,
    ),
    CategorySeed(
        "Лига: 20 бағыт, 100 мектеп",
        "Директорлар өз жобаларын таныстырып, тәжірибені тарататын орын.",
        network="league",
        position=2,
    ),
)

THREADS = (
    ThreadSeed(
        "«ШЫҢ»: сыни ойлауға үйрету",
        "Қараша айының онлайн сұхбаты: сабақта сыни сұрақ қою",
        (
            (
                "yerlan.mukanov",
                "Әріптестер, қауымдастықтың жоспары бойынша екі аптада бір рет онлайн сұхбат "
                "өткіземіз. Бұл жолғы тақырып: **оқушыға сыни сұрақты қалай қоямыз?**\n\n"
                "- Қандай сұрақтар оқушыны ойлануға жетелейді?\n"
                "- «Неге?» және «Қалай дәлелдейсің?» сұрақтарын қай кезеңде қоясыздар?",
            ),
            (
                "gulzhan.abenova",
                "Математика сабағында есептің екі шешімін қатар көрсетіп, «Қайсысы дұрыс және "
                "неге?» деп сұраймын. Оқушылар өз дәлелін айтуға үйреніп келеді.",
            ),
            (
                "irina.kovalenko",
                "На уроках английского я прошу учеников найти в тексте факт и мнение. "
                "Это простой шаг к критическому мышлению, и он хорошо работает в 6 классе.",
            ),
            (
                "aizhan.baigali",
                "> Қайсысы дұрыс және неге?\n\nКеремет тәсіл! География сабағында картамен "
                "осылай жұмыс істеп көремін. Келесі бетпе-бет кездесуде нәтижесін айтамын.",
            ),
        ),
    ),
    ThreadSeed(
        "Лига: 20 бағыт, 100 мектеп",
        "№101 мектеп-лицейдің жылыжай кешені: тәжірибе алмасу",
        (
            (
                "asel.nurpeisova",
                "№101 мектеп-лицейдің жылыжай кешенінде бірнеше өнім өндіріледі, оқушылар "
                "қатты қалдықтарды кәдеге жаратып, биоотын әзірлеуге көшті. Жобаны өз "
                "мектебіне енгізгісі келетін әріптестерге жоспарымызды бөлісеміз.",
            ),
            (
                "director",
                "Бізге өте қызық. №278 мектепте ІТ студиясы бар, оқушылар жылыжайдың "
                "температурасын өлшейтін датчик жасай алар еді. Бірлескен жоба ұсынамын.",
            ),
        ),
    ),
    ThreadSeed(
        "Жалпы талқылау",
        "Желіге қош келдіңіздер! Welcome to Zheli",
        (
            (
                "coordinator",
                "Құрметті әріптестер! Бұл — желіміздің ішкі порталы. Мұнда форумда "
                "талқылаймыз, ай сайын эссе жібереміз, сабақ материалдарымен бөлісеміз.\n\n"
                "Colleagues who prefer English are welcome to write in English too.",
            ),
            (
                "teacher2",
                "Спасибо! Удобно, что можно писать на русском и казахском в одной ветке.",
            ),
        ),
    ),
)


def seed_forum(seeding) -> None:
    """Create the demo categories and threads that do not exist yet (found by title)."""
    categories = {}
    for seed in CATEGORIES:
        network = seeding.networks[seed.network] if seed.network else None
        categories[seed.title] = seeding.get_or_create(
            Category,
            {"title": seed.title},
            description=seed.description,
            network_id=network.id if network else None,
            position=seed.position,
        )
    for seed in THREADS:
        category = categories[seed.category]
        exists = db.session.scalar(
            db.select(Thread.id).where(
                Thread.category_id == category.id, Thread.title == seed.title
            )
        )
        if exists:
            continue
        (opener, body), *replies = seed.posts
        thread = create_thread(category, seeding.users[opener], seed.title, body)
        for login, text in replies:
            reply(thread, seeding.users[login], text)
        seeding.created["forum_thread"] += 1
        seeding.created["forum_post"] += len(seed.posts)
