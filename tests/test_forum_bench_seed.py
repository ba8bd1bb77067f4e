"""The benchmark's bulk forum generator (``intranet.demo.forum_scale``) at a tiny size: the rows it
writes directly must be as coherent as those the services write, or the benchmark would measure
pages that real data never produces."""

from __future__ import annotations

import pytest
from sqlalchemy import func

from intranet.accounts.models import Role
from intranet.core.search import SearchDocument
from intranet.demo.forum_scale import seed_forum_scale, thread_sizes
from intranet.extensions import db
from intranet.forum import services
from intranet.forum.models import Category, Post, Thread
from intranet.forum.search import KIND, search_posts
from tests.forum_data import network_with_school, url

POSTS, THREADS, BIG = 2_000, 50, 500
MAX_QUERIES = 12


@pytest.fixture
def seeded(factory):
    network, school = network_with_school(factory, "«ШЫҢ» кәсіби қауымдастығы")
    teacher = factory.user(Role.TEACHER, school=school)
    for _ in range(3):
        factory.user(Role.TEACHER, school=school)
    scale = seed_forum_scale(POSTS, THREADS, big_thread=BIG, reader=teacher)
    db.session.commit()
    return teacher, network, scale


def test_thread_sizes_add_up_and_leave_no_thread_empty():
    for posts, threads, big in ((POSTS, THREADS, BIG), (1_000_000, 50_000, 100_000), (7, 7, 3)):
        sizes = thread_sizes(posts, threads, big)
        assert len(sizes) == threads
        assert sum(sizes) == posts
        assert min(sizes) >= 1
    assert thread_sizes(POSTS, THREADS, BIG)[0] == BIG
    assert thread_sizes(7, 7, 3) == [1] * 7
    with pytest.raises(ValueError):
        thread_sizes(3, 4, 1)


def test_counts_categories_and_visibility(seeded):
    teacher, network, scale = seeded
    assert db.session.scalar(db.select(func.count(Post.id))) == POSTS
    assert db.session.scalar(db.select(func.count(Thread.id))) == THREADS
    assert list(scale.thread_ids) == sorted(db.session.scalars(db.select(Thread.id)))
    categories = db.session.scalars(db.select(Category)).all()
    assert {c.network_id for c in categories} == {None, network.id}
    assert scale.network_category_id in {c.id for c in categories}
    big = db.session.get(Thread, scale.big_thread_id)
    assert big.post_count == BIG
    assert big.category_id == scale.network_category_id
    assert db.session.get(Thread, scale.paged_thread_id).post_count > 20
    # Everything made is readable by the reader the benchmark signs in as.
    readable = {row[0].id for row in services.list_categories(teacher)}
    assert set(scale.category_ids) <= readable


def test_numbering_and_thread_summaries_are_consistent(seeded):
    per_thread = db.session.execute(
        db.select(
            Post.thread_id,
            func.count(Post.id),
            func.min(Post.number),
            func.max(Post.number),
            func.count(func.distinct(Post.number)),
        ).group_by(Post.thread_id)
    ).all()
    assert len(per_thread) == THREADS
    threads = {t.id: t for t in db.session.scalars(db.select(Thread))}
    for thread_id, count, lowest, highest, distinct in per_thread:
        assert (lowest, highest, distinct) == (1, count, count), thread_id
        assert threads[thread_id].post_count == count
    for thread in threads.values():
        first = db.session.get(Post, thread.first_post_id)
        last = db.session.get(Post, thread.last_post_id)
        assert (first.thread_id, first.number) == (thread.id, 1)
        assert (last.thread_id, last.number) == (thread.id, thread.post_count)
        assert thread.author_id == first.author_id
        assert thread.last_author_id == last.author_id
        assert thread.last_post_at == last.created_at
        assert thread.created_at == first.created_at
        assert first.body_html.startswith("<")


def test_every_post_is_searchable(seeded):
    teacher, _network, scale = seeded
    documents = db.session.execute(
        db.select(SearchDocument.ref_id, SearchDocument.title).where(SearchDocument.kind == KIND)
    ).all()
    assert sorted(ref_id for ref_id, _title in documents) == sorted(
        db.session.scalars(db.select(Post.id))
    )
    titled = {ref_id for ref_id, title in documents if title}
    assert titled == set(db.session.scalars(db.select(Thread.first_post_id)))
    for words in ("сыни сұрақ", "критерии", "research lesson", "рубрика"):
        _found, results = search_posts(teacher, words, 1)
        assert results, words
        assert "<mark>" in str(results[0].snippet) + str(results[0].title), words
    big = db.session.get(Thread, scale.big_thread_id)
    _found, results = search_posts(teacher, big.title, 1)
    assert big.first_post_id in {result.post.id for result in results}


def test_a_reply_after_the_bulk_rows_continues_ids_and_numbers(seeded):
    teacher, _network, scale = seeded
    thread = db.session.get(Thread, scale.paged_thread_id)
    before = thread.post_count
    post = services.reply(thread, teacher, "Жаңа жауап: жылыжай туралы рахмет!")
    db.session.commit()
    assert post.number == before + 1
    assert post.id > max(db.session.scalars(db.select(Post.id).where(Post.id != post.id)))
    assert thread.last_post_id == post.id
    # The index keeps following new posts (on SQLite the insert trigger was put back).
    _found, results = search_posts(teacher, "жылыжай", 1)
    assert [result.post.id for result in results] == [post.id]


def test_generated_thread_pages_render_within_the_query_budget(seeded, login_as, query_counter):
    teacher, _network, scale = seeded
    client = login_as(teacher)
    big = db.session.get(Thread, scale.big_thread_id)
    last_page = (big.post_count - 1) // 20 + 1
    for page, numbers in ((1, (1, 20)), (last_page, (BIG - 19, BIG))):
        with query_counter() as log:
            response = client.get(url("forum.view_thread", thread_id=big.id, page=page))
        assert response.status_code == 200
        html = response.get_data(as_text=True)
        assert f'id="p{numbers[0]}"' in html and f'id="p{numbers[1]}"' in html
        assert log.count <= MAX_QUERIES, log.statements
    response = client.get(url("forum.view_category", category_id=scale.network_category_id))
    assert response.status_code == 200
    assert big.title in response.get_data(as_text=True)
