"""Demo resource library: a handful of approved materials of the demo networks, in Kazakh and
Russian (drawn from the source documents), with small generated PDFs and pictures, and one
resource waiting in the review queue. A step of ``intranet.demo.DEMO_STEPS``; resources are
found by title, so a second run adds nothing."""

from __future__ import annotations

import io
from dataclasses import dataclass

from ..extensions import db
from ..resources import services
from ..resources.models import Decision, Resource, ResourceKind, ResourceLanguage, Subject
from .samples import pdf_bytes, png_bytes


@dataclass(frozen=True)
class ResourceSeed:
    author: str
    title: str
    description: str
    subject: Subject
    kind: ResourceKind
    grades: tuple[int, int]
    language: ResourceLanguage = ResourceLanguage.KAZAKH
    network: str | None = None
    #: (file name, "pdf" or "png")
    files: tuple[tuple[str, str], ...] = (("material.pdf", "pdf"),)
    approved: bool = True
    downloads: int = 0


KK, RU = ResourceLanguage.KAZAKH, ResourceLanguage.RUSSIAN

RESOURCES = (
    ResourceSeed(
        "yerlan.mukanov",
        "Сыни ойлауға үйрету: сабақ жоспары",
        "«ШЫҢ» кәсіби қауымдастығының тақырыбы бойынша сабақ жоспары. Оқушылар **«Неге?»** және "
        "**«Қалай дәлелдейсің?»** сұрақтарына жауап іздейді.",
        Subject.PRIMARY,
        ResourceKind.LESSON_PLAN,
        (3, 4),
        network="shyn",
        files=(("сыни-ойлау-сабақ-жоспары.pdf", "pdf"),),
        downloads=14,
    ),
    ResourceSeed(
        "gulzhan.abenova",
        "Кәсіби қауымдастықтың циклограммасы",
        "Екі апта сайынғы онлайн сұхбат, ай сайынғы шағын эссе, екі айда бір рет бетпе-бет "
        "кездесу және тоқсан сайынғы бірлескен оқу серуені: жылдық жоспардың үлгісі.",
        Subject.MANAGEMENT,
        ResourceKind.ARTICLE,
        (1, 11),
        network="shyn",
        files=(("циклограмма.pdf", "pdf"), ("кездесу-кестесі.png", "png")),
        downloads=31,
    ),
    ResourceSeed(
        "saule.tulegenova",
        "«20 кітап» оқу жобасы: жұмыс парағы",
        "Лиганың оқу жобасы бойынша кітап оқығаннан кейінгі жұмыс парағы: кейіпкерді сипаттау, "
        "автормен пікірталас, өз өмірімен байланыстыру.",
        Subject.KAZAKH_LITERATURE,
        ResourceKind.WORKSHEET,
        (5, 9),
        network="league",
        files=(("20-кітап-жұмыс-парағы.pdf", "pdf"),),
        downloads=8,
    ),
    ResourceSeed(
        "asel.nurpeisova",
        "Эко-жылыжай: зерттеу жұмысының үлгісі",
        "Мектеп жылыжайында өсімдіктердің өсуін бақылау күнделігі: өлшеу кестесі мен қорытынды.",
        Subject.BIOLOGY,
        ResourceKind.ASSESSMENT,
        (6, 8),
        network="league",
        files=(("жылыжай-бақылау.png", "png"),),
        downloads=3,
    ),
    ResourceSeed(
        "natalya.orlova",
        "Совместный спецкурс школы и университета",
        "Программа спецкурса лицея №20 и Инновационного Евразийского университета: "
        "исследовательские работы учащихся, олимпиады, дни открытых дверей.",
        Subject.PHYSICS,
        ResourceKind.ARTICLE,
        (9, 11),
        language=RU,
        network="university",
        files=(("спецкурс-программа.pdf", "pdf"),),
        downloads=21,
    ),
    ResourceSeed(
        "teacher2",
        "Рабочий лист: анализ художественного текста",
        "Вопросы к тексту по приёмам критического мышления: «толстые» и «тонкие» вопросы, "
        "таблица «знаю — хочу узнать — узнал».",
        Subject.RUSSIAN,
        ResourceKind.WORKSHEET,
        (7, 9),
        language=RU,
        files=(("анализ-текста.pdf", "pdf"),),
        downloads=5,
    ),
    ResourceSeed(
        "teacher",
        "ІТ студия: робототехника сабағының үлгісі",
        "№278 мектеп-лицейдің ІТ студиясындағы сабақ: оқушылар топпен қарапайым робот құрастырады.",
        Subject.INFORMATICS,
        ResourceKind.PRESENTATION,
        (7, 9),
        network="leading",
        files=(("ит-студия-сабақ.pdf", "pdf"),),
        approved=False,
    ),
)


def _file(name: str, kind: str, salt: str) -> services.Upload:
    content = png_bytes(salt) if kind == "png" else pdf_bytes(salt, pages=2)
    return services.Upload(io.BytesIO(content), name)


def seed_resources(seeding) -> None:
    """Submit (and approve, through the review rules) the resources that do not exist yet."""
    reviewer = seeding.users["moderator"]
    for seed in RESOURCES:
        if db.session.scalar(db.select(Resource.id).where(Resource.title == seed.title)):
            continue
        network = seeding.networks.get(seed.network) if seed.network else None
        meta = services.Metadata(
            title=seed.title,
            description=seed.description,
            subject=seed.subject,
            grade_from=seed.grades[0],
            grade_to=seed.grades[1],
            language=seed.language,
            kind=seed.kind,
            network_id=network.id if network else None,
        )
        uploads = [_file(name, kind, seed.title + name) for name, kind in seed.files]
        resource = services.submit_resource(seeding.users[seed.author], meta, uploads).resource
        if seed.approved:
            services.decide(resource, reviewer, Decision.APPROVE, "")
            resource.download_count = seed.downloads
        seeding.created["resource"] += 1
    db.session.flush()
