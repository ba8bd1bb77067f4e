"""The forum part of ``make bench`` (issue #3): seed 1M posts in 50k threads on top of the demo,
then time the forum pages in-process (server time, p50/p95, through Flask's test client) and
hand the thread pages to the gunicorn load run.

Search is measured when the app has a ``forum.search`` route; the generator writes the search
documents with the posts, and the database fills its own index from them.
"""

from __future__ import annotations

import gzip
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from flask import url_for

from intranet import create_app
from intranet.accounts.models import User
from intranet.config import normalise_database_url
from intranet.demo.forum_scale import ForumScale, seed_forum_scale
from intranet.extensions import db
from intranet.forum.models import POSTS_PER_PAGE, THREADS_PER_PAGE, Thread

from .load import LoadResult
from .pages import BENCH_ACCOUNT, Page

#: Searched for: Kazakh, Russian, English words, and a Kazakh word without its case ending
#: (the bodies say «рубриканы»).
SEARCH_TERMS = ("сыни сұрақ", "критерии", "research lesson", "рубрика")

THREAD_PAGE_EXPECT = 'id="posts"'
#: As browsers ask: the server time includes compressing the page.
GZIP = {"Accept-Encoding": "gzip"}
#: Requests timed per page at the least, however slow it is.
MIN_REQUESTS = 20


@dataclass(frozen=True)
class ForumTarget:
    name: str
    path: str
    expect: str = ""


@dataclass
class ForumSetup:
    seconds: float
    analyse_seconds: float
    scale: ForumScale
    targets: list[ForumTarget]


def _app(url: str):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": normalise_database_url(url),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": False,
        }
    )


def _analyse() -> None:
    """What follows a bulk load in practice: statistics for the planner, WAL folded in."""
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            connection.exec_driver_sql("VACUUM ANALYZE")
    else:
        # Outside any transaction (the engine would open one with BEGIN IMMEDIATE).
        db.session.remove()
        raw = db.engine.raw_connection()
        try:
            raw.driver_connection.execute("ANALYZE")
            raw.driver_connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()


def _pages(count: int, per_page: int) -> int:
    return max(1, (count + per_page - 1) // per_page)


def seed(url: str, posts: int, threads: int, log: Callable[[str], None]) -> ForumSetup:
    """Add the forum content to the demo database at ``url``; return what to measure."""
    app = _app(url)
    with app.app_context():
        reader = db.session.scalar(db.select(User).where(User.email == BENCH_ACCOUNT))
        began = time.perf_counter()

        def progress(table: str, written: int) -> None:
            log(f"  {table}: {written:,} rows, {time.perf_counter() - began:.0f} s")

        scale = seed_forum_scale(
            posts, threads, big_thread=min(100_000, posts // 10), reader=reader, progress=progress
        )
        db.session.commit()
        seconds = time.perf_counter() - began
        began = time.perf_counter()
        _analyse()
        analyse_seconds = time.perf_counter() - began
        targets = _targets(app, scale)
        db.session.remove()
        db.engine.dispose()
    return ForumSetup(seconds, analyse_seconds, scale, targets)


def _targets(app, scale: ForumScale) -> list[ForumTarget]:
    category_id = scale.network_category_id or scale.category_ids[0]
    thread_count = db.session.scalar(
        db.select(db.func.count(Thread.id)).where(Thread.category_id == category_id)
    )
    big = db.session.get(Thread, scale.big_thread_id)
    paged = db.session.get(Thread, scale.paged_thread_id)
    big_pages, paged_pages = (_pages(t.post_count, POSTS_PER_PAGE) for t in (big, paged))
    with app.test_request_context():
        targets = [
            ForumTarget("forum index (categories)", url_for("forum.index"), "<h1"),
            ForumTarget(
                f"category list, page 1 ({thread_count:,} threads)",
                url_for("forum.view_category", category_id=category_id),
                "<h1",
            ),
            ForumTarget(
                "category list, last page",
                url_for(
                    "forum.view_category",
                    category_id=category_id,
                    page=_pages(thread_count, THREADS_PER_PAGE),
                ),
                "<h1",
            ),
            ForumTarget(
                f"thread, first page ({paged.post_count} posts)",
                url_for("forum.view_thread", thread_id=paged.id),
                THREAD_PAGE_EXPECT,
            ),
            ForumTarget(
                "thread, last page",
                url_for("forum.view_thread", thread_id=paged.id, page=paged_pages),
                THREAD_PAGE_EXPECT,
            ),
            ForumTarget(
                f"big thread, first page ({big.post_count:,} posts)",
                url_for("forum.view_thread", thread_id=big.id),
                THREAD_PAGE_EXPECT,
            ),
            ForumTarget(
                "big thread, last page",
                url_for("forum.view_thread", thread_id=big.id, page=big_pages),
                THREAD_PAGE_EXPECT,
            ),
        ]
        if "forum.search" in app.view_functions:
            targets += [
                ForumTarget(f"search «{term}»", url_for("forum.search", q=term), "<mark>")
                for term in SEARCH_TERMS
            ]
    return targets


def search_available(setup: ForumSetup) -> bool:
    return any(target.name.startswith("search") for target in setup.targets)


def measure(
    url: str, setup: ForumSetup, password: str, requests: int, seconds: float
) -> Iterator[tuple[str, LoadResult]]:
    """Time ``requests`` GETs of every target in-process, signed in as the bench account, and
    yield each target's result as it is done. A slow page stops after ``seconds`` (with at least
    ``MIN_REQUESTS`` timed), so the whole run keeps to its time."""
    app = _app(url)
    client = app.test_client()
    response = client.post("/login", data={"email": BENCH_ACCOUNT, "password": password})
    if response.status_code != 302:
        raise RuntimeError(f"signing in as {BENCH_ACCOUNT} answered {response.status_code}")
    for target in setup.targets:
        for _ in range(5):  # warm-up: caches, compiled statements, the template
            client.get(target.path)
        result = LoadResult(seconds=0.0)
        began_all = time.perf_counter()
        for done in range(requests):
            began = time.perf_counter()
            if done >= MIN_REQUESTS and began - began_all > seconds:
                break
            response = client.get(target.path, headers=GZIP)
            elapsed = (time.perf_counter() - began) * 1000
            body = response.get_data()
            if response.headers.get("Content-Encoding") == "gzip":
                body = gzip.decompress(body)
            if response.status_code == 200 and target.expect.encode() in body:
                result.latencies_ms.append(elapsed)
            else:
                result.errors += 1
        result.seconds = time.perf_counter() - began_all
        yield target.name, result
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def load_pages(setup: ForumSetup) -> list[Page]:
    """The pages the gunicorn run loads: the thread page, and the last page of the big thread."""
    by_name = {target.name.split(" (")[0]: target for target in setup.targets}
    chosen = (
        (
            f"forum thread page, {setup.scale.posts:,} posts in the database",
            by_name["thread, first page"],
        ),
        ("forum big thread, last page", by_name["big thread, last page"]),
    )
    return [Page(name, target.path, True, target.expect) for name, target in chosen]
