"""Twenty people reply to one thread at the same moment: every reply is kept, numbered 1..N
without gaps or repeats (SQLite: BEGIN IMMEDIATE; PostgreSQL: the thread row is locked)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from intranet.accounts.models import Role
from intranet.extensions import db
from intranet.forum.models import Post, Thread
from tests.forum_data import (
    category,
    thread_with_posts,
    url,
)

REPLIERS = 20


def test_concurrent_replies_get_consecutive_numbers(app, factory, login_as):
    cat = category("Циклограмма талқылауы")
    thread = thread_with_posts(cat, factory.user(Role.TEACHER), 1)
    thread_id = thread.id
    address = url("forum.reply", thread_id=thread_id)
    clients = [login_as(Role.TEACHER) for _ in range(REPLIERS)]
    db.session.commit()  # the test's own session holds no transaction while the threads write
    start = Barrier(REPLIERS)

    def post(n: int) -> int:
        start.wait()
        response = clients[n].post(
            address, data={"body": f"Жауап {n}", "form_token": f"concurrent-reply-{n:04d}"}
        )
        return response.status_code

    with ThreadPoolExecutor(REPLIERS) as pool:
        statuses = list(pool.map(post, range(REPLIERS)))

    assert statuses == [302] * REPLIERS
    db.session.expire_all()
    rows = db.session.execute(
        db.select(Post.number, Post.body).where(Post.thread_id == thread_id).order_by(Post.number)
    ).all()
    assert [number for number, _ in rows] == list(range(1, REPLIERS + 2))
    assert {body for _, body in rows[1:]} == {f"Жауап {n}" for n in range(REPLIERS)}
    refreshed = db.session.get(Thread, thread_id)
    assert refreshed.post_count == REPLIERS + 1
    last = db.session.scalar(
        db.select(Post.id).where(Post.thread_id == thread_id, Post.number == REPLIERS + 1)
    )
    assert refreshed.last_post_id == last
