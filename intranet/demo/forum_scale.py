"""Bulk forum content for benchmarks: ``seed_forum_scale(posts=1_000_000, threads=50_000)``.

Issue #3 asks for 1M posts in 50k threads. Going through ``services.reply`` would take hours, so
this writes rows directly, in big batches, with everything precomputed in Python: ids (the next
free ones, so a thread knows its ``first_post_id``/``last_post_id`` before its posts exist),
numbers 1..N per thread, ``post_count``, ``last_post_at``/``last_author_id``, and ``body_html``
rendered once for a handful of Kazakh, Russian and English Markdown bodies and reused. SQLite gets
``executemany`` on the driver connection; PostgreSQL gets ``COPY``. Both run inside the session's
transaction, so the caller commits once.

Posts are searchable as soon as they exist: every post gets its ``search_document`` row (see
``forum/search.py``; the title goes with post number 1), stems included (computed once for each
reused body), written in bulk the same way, and the database keeps its own index (FTS5 triggers
on SQLite, the GIN expression index on PostgreSQL).

The content lands in site-wide categories plus one category of a network that ``reader`` belongs
to (so a teacher sees all of it), and one "big" thread holds ``big_thread`` posts so that the
first and the last page of a 100,000-post thread can be measured. Benchmark data only: nothing
calls this from ``make test`` except a test with a tiny size.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ..accounts.models import AccountStatus, User
from ..core.db import utcnow
from ..core.markdown import render_markdown
from ..core.search import FTS_TABLE, SQLITE_DDL, SearchDocument, document_values, plain_text
from ..extensions import db
from ..forum.models import Category, Post, Thread
from ..forum.search import KIND as SEARCH_KIND
from ..forum.services import recount_threads
from ..network.membership import networks_of

#: Rows per statement (SQLite) or per progress line (PostgreSQL COPY).
BATCH = 20_000
#: How many active people write the generated posts.
AUTHORS = 500

SITE_CATEGORIES = (
    ("Сабақ жоспарлау (жүктеме сынағы)", "Ортақ алаң: сабақ жоспарлары мен тапсырмалар."),
    ("Бағалау және кері байланыс (жүктеме сынағы)", "Критериалды бағалау, рубрикалар."),
    ("Методическая копилка (нагрузочный тест)", "Разработки уроков и материалы."),
    ("Lesson Study and action research (load test)", "Research lessons, case pupils, reflection."),
)
NETWORK_CATEGORY = ("Желі: онлайн сұхбаттар (жүктеме сынағы)", "Екі апта сайынғы талқылау.")

TITLES = (
    "Сыни ойлауға арналған сұрақтар, {n}-тәжірибе",
    "Оқу серуенінен кейінгі рефлексия №{n}",
    "Как провести урок-исследование: опыт №{n}",
    "Формативное оценивание в {n}-й теме",
    "Lesson Study cycle {n}: what the case pupils showed",
    "Peer coaching notes, week {n}",
)

BODIES = (
    "Әріптестер, **сыни сұрақ** қоюдың үш тәсілін сынап көрдім:\n\n"
    "1. «Неге?» деп сұрау;\n2. дәлел талап ету;\n3. балама шешім ұсыну.\n\nНәтижесі жақсы.",
    "> Оқушылар өз дәлелін айтуға үйренді.\n\nКеліспін, бізде де солай болды. Келесі бетпе-бет "
    "кездесуде кестені көрсетемін.",
    "На прошлой неделе провели *круглый стол* по формативному оцениванию. Главный вывод: "
    "критерии нужно обсуждать с учениками до задания, а не после.",
    "Делюсь чек-листом наблюдения за уроком:\n\n- вовлечённость учеников A, B, C;\n"
    "- вопросы высокого порядка;\n- время на рефлексию.",
    "We tried the *think–pair–share* routine in grade 6. Pupil B, usually silent, explained "
    "the answer to the whole class. Notes from the research lesson are in the library.",
    "Quick question for the group: how long do your reflection sessions take after a research "
    "lesson? Ours take about `40 minutes`, which feels too long.",
    "Рахмет! Мен де осы рубриканы қолданамын, бірақ бастауыш сыныпқа ықшамдап, үш деңгейге "
    "бөлдім. Файлды ресурс кітапханасына жүктедім.",
    "Спасибо, коллеги. Попробую на уроке истории: сначала факт, потом мнение, потом спор.",
)

#: Multipliers of the average thread size: threads of many sizes, one to several pages.
SIZE_PATTERN = (0.15, 0.4, 0.7, 1.0, 1.3, 1.6, 1.85)


@dataclass
class ForumScale:
    """What was made: ids the benchmark needs, and counts to print."""

    category_ids: list[int] = field(default_factory=list)
    network_category_id: int | None = None
    thread_ids: range = range(0)
    big_thread_id: int | None = None
    #: A thread of the usual kind with more than one page (for "thread, last page").
    paged_thread_id: int | None = None
    posts: int = 0


def thread_sizes(posts: int, threads: int, big_thread: int) -> list[int]:
    """Posts per thread: the big one first, then the rest around the average, summing to
    ``posts`` exactly, every thread with at least one post."""
    if threads < 1 or posts < threads:
        raise ValueError("every thread needs at least one post")
    big = min(big_thread, posts - (threads - 1)) if threads > 1 else posts
    rest, others = posts - big, threads - 1
    if not others:
        return [big]
    average = rest / others
    sizes = [max(1, round(average * SIZE_PATTERN[i % len(SIZE_PATTERN)])) for i in range(others)]
    difference = rest - sum(sizes)
    index = 0
    while difference:
        step = 1 if difference > 0 else -1
        if step > 0 or sizes[index] > 1:
            sizes[index] += step
            difference -= step
        index = (index + 1) % others
    return [big, *sizes]


def _next_id(model) -> int:
    return (db.session.scalar(db.select(db.func.max(model.id))) or 0) + 1


def _author_ids(reader: User | None) -> list[int]:
    ids = list(
        db.session.scalars(
            db.select(User.id)
            .where(User.status == AccountStatus.ACTIVE)
            .order_by(User.id)
            .limit(AUTHORS)
        )
    )
    if reader is not None and reader.id not in ids:
        ids.append(reader.id)
    if not ids:
        raise ValueError("the forum needs at least one active account to write its posts")
    return ids


def _categories(reader: User | None, result: ForumScale) -> None:
    network = next(iter(networks_of(reader)), None) if reader is not None else None
    seeds = [(title, text, None) for title, text in SITE_CATEGORIES]
    if network is not None:
        seeds.append((*NETWORK_CATEGORY, network.id))
    for position, (title, description, network_id) in enumerate(seeds, start=10):
        category = Category(
            title=title, description=description, network_id=network_id, position=position
        )
        db.session.add(category)
        db.session.flush()
        result.category_ids.append(category.id)
        if network_id is not None:
            result.network_category_id = category.id


THREAD_COLUMNS = (
    "id", "category_id", "title", "author_id", "created_at", "last_post_at", "post_count",
    "pinned", "locked", "first_post_id", "last_post_id", "last_author_id",
)  # fmt: skip
POST_COLUMNS = (
    "id", "thread_id", "number", "author_id", "body", "body_html", "created_at",
    "edited_at", "deleted_at", "hidden_at", "hidden_reason", "hidden_by_id",
)  # fmt: skip
SEARCH_COLUMNS = ("kind", "ref_id", "title", "body", "stems")


def _write(table: str, columns: tuple[str, ...], rows: Iterator[tuple], progress) -> int:
    """Write ``rows`` through the session's own connection, in its transaction."""
    connection = db.session.connection()
    raw = connection.connection.driver_connection
    written = 0
    if connection.dialect.name == "postgresql":
        names = ", ".join(columns)
        with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
                if written % (BATCH * 10) == 0:
                    progress(table, written)
        return written
    marks = ", ".join("?" for _ in columns)
    statement = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
    cursor = raw.cursor()
    batch: list[tuple] = []
    for row in rows:
        batch.append(tuple(_sqlite_value(value) for value in row))
        if len(batch) == BATCH:
            cursor.executemany(statement, batch)
            written += len(batch)
            batch.clear()
            if written % (BATCH * 10) == 0:
                progress(table, written)
    if batch:
        cursor.executemany(statement, batch)
        written += len(batch)
    cursor.close()
    return written


def _sqlite_value(value):
    """Values as SQLAlchemy stores them on SQLite (datetimes with microseconds, bools as 0/1)."""
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="microseconds")
    if isinstance(value, bool):
        return int(value)
    return value


def _quiet(_table: str, _count: int) -> None:
    """No progress lines."""


def seed_forum_scale(
    posts: int = 1_000_000,
    threads: int = 50_000,
    *,
    big_thread: int = 100_000,
    reader: User | None = None,
    progress: Callable[[str, int], None] = _quiet,
) -> ForumScale:
    """Add ``threads`` threads holding ``posts`` posts in all (the first thread ``big_thread``
    of them), in new categories that ``reader`` can read. Flushes; the caller commits."""
    sizes = thread_sizes(posts, threads, big_thread)
    result = ForumScale(posts=posts)
    _categories(reader, result)
    authors = _author_ids(reader)
    bodies = [(body, render_markdown(body)) for body in BODIES]
    texts = [plain_text(html) for _body, html in bodies]
    # Replies have no title, so each of the few bodies has one document, stemmed once.
    documents = {text: document_values("", text) for text in texts}
    first_thread, first_post = _next_id(Thread), _next_id(Post)
    result.thread_ids = range(first_thread, first_thread + len(sizes))
    result.big_thread_id = first_thread
    # The big thread lives in the network category (the costliest visibility check), the rest
    # go round the categories.
    categories = result.category_ids
    big_category = result.network_category_id or categories[0]
    now = utcnow()
    span = timedelta(days=700)
    gap, big_gap = timedelta(minutes=37), timedelta(minutes=3)

    def start_of(index: int) -> datetime:
        if index == 0:
            return now - big_gap * (sizes[0] + 100)
        return now - timedelta(days=730) + span * index / len(sizes)

    def post_author(index: int, number: int) -> int:
        return authors[(index * 31 + number * 7) % len(authors)]

    def thread_rows() -> Iterator[tuple]:
        post_id = first_post
        for index, size in enumerate(sizes):
            step = big_gap if index == 0 else gap
            start = start_of(index)
            category = big_category if index == 0 else categories[index % len(categories)]
            title = TITLES[index % len(TITLES)].format(n=index + 1)
            yield (
                first_thread + index, category, title, post_author(index, 1), start,
                start + step * (size - 1), size, False, False, post_id, post_id + size - 1,
                post_author(index, size),
            )  # fmt: skip
            post_id += size

    def post_rows() -> Iterator[tuple]:
        post_id = first_post
        for index, size in enumerate(sizes):
            step = big_gap if index == 0 else gap
            start = start_of(index)
            thread_id = first_thread + index
            for number in range(1, size + 1):
                body, html = bodies[(index + number) % len(bodies)]
                yield (
                    post_id, thread_id, number, post_author(index, number), body, html,
                    start + step * (number - 1), None, None, None, "", None,
                )  # fmt: skip
                post_id += 1

    def search_rows() -> Iterator[tuple]:
        post_id = first_post
        for index, size in enumerate(sizes):
            title = TITLES[index % len(TITLES)].format(n=index + 1)
            for number in range(1, size + 1):
                text = texts[(index + number) % len(texts)]
                document = documents[text] if number > 1 else document_values(title, text)
                yield (SEARCH_KIND, post_id, *(document[name] for name in SEARCH_COLUMNS[2:]))
                post_id += 1

    db.session.flush()
    _write(Thread.__tablename__, THREAD_COLUMNS, thread_rows(), progress)
    _write(Post.__tablename__, POST_COLUMNS, post_rows(), progress)
    _write_search_documents(search_rows(), progress)
    _after_explicit_ids()
    recount_threads()
    result.paged_thread_id = next(
        (first_thread + i for i, size in enumerate(sizes) if i and size > 20), first_thread
    )
    db.session.expire_all()
    return result


def _write_search_documents(rows: Iterator[tuple], progress) -> None:
    """On SQLite, an FTS5 ``rebuild`` after the load is several times faster than its insert
    trigger row by row: the trigger is set aside meanwhile and put back (same DDL, same
    transaction), so the index ends up exactly as the triggers would have left it."""
    table = SearchDocument.__tablename__
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        _write(table, SEARCH_COLUMNS, rows, progress)
        return
    insert_trigger = next(ddl for ddl in SQLITE_DDL if f"AFTER INSERT ON {table}" in ddl)
    name = insert_trigger.split("EXISTS ", 1)[1].split()[0]
    connection.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    _write(table, SEARCH_COLUMNS, rows, progress)
    connection.exec_driver_sql(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")
    connection.exec_driver_sql(insert_trigger)


def _after_explicit_ids() -> None:
    """PostgreSQL's sequences do not see ids written explicitly: move them past the new rows."""
    if db.session.connection().dialect.name != "postgresql":
        return
    for table in (Thread.__tablename__, Post.__tablename__):
        db.session.execute(
            db.text(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        )
