"""Budgets: SQL queries per page stay fixed however many posts and threads there are, and the
thread page fits in 14 KB of gzip."""

from __future__ import annotations

import pytest

from intranet.accounts.models import Role
from tests.forum_data import (
    category,
    network_with_school,
    thread_with_posts,
    url,
)
from tests.measure import page_weight

MAX_QUERIES = 12


@pytest.fixture
def network_setup(factory):
    """A teacher in a network, and the network's category (the costliest visibility check)."""
    network, school = network_with_school(factory, "«ШЫҢ» кәсіби қауымдастығы")
    teacher = factory.user(Role.TEACHER, school=school)
    return teacher, category("ШЫҢ: сыни ойлау", network=network)


def _count(client, query_counter, address):
    with query_counter() as log:
        response = client.get(address)
    assert response.status_code == 200
    return log.count


def test_thread_page_queries_do_not_grow_with_posts(
    login_as, query_counter, network_setup, factory
):
    teacher, cat = network_setup
    authors = [factory.user(school=teacher.school) for _ in range(3)]
    counts = {}
    for size in (20, 25, 500):
        thread = thread_with_posts(cat, authors[size % 3], size)
        client = login_as(teacher)
        for page in (1, size // 20):
            address = url("forum.view_thread", thread_id=thread.id, page=page)
            counts[(size, page)] = _count(client, query_counter, address)
    assert max(counts.values()) <= MAX_QUERIES, counts
    assert len(set(counts.values())) == 1, counts


def test_thread_page_fits_in_one_round_trip(login_as, network_setup):
    teacher, cat = network_setup
    thread = thread_with_posts(cat, teacher, 500)
    weight = page_weight(login_as(teacher), url("forum.view_thread", thread_id=thread.id, page=13))
    assert weight.html_gzip <= 14 * 1024, weight


def test_category_and_index_queries_do_not_grow_with_threads(
    login_as, query_counter, network_setup, factory
):
    teacher, cat = network_setup
    client = login_as(teacher)
    counts = []
    for extra in (2, 40):
        for n in range(extra):
            thread_with_posts(
                cat, factory.user(school=teacher.school) if n % 10 == 0 else teacher, 2
            )
        category(f"Бағыт {extra}")
        counts.append(
            (
                _count(client, query_counter, url("forum.index")),
                _count(client, query_counter, url("forum.view_category", category_id=cat.id)),
                _count(
                    client, query_counter, url("forum.view_category", category_id=cat.id, page=2)
                ),
            )
        )
    assert counts[0] == counts[1], counts
    assert max(max(row) for row in counts) <= MAX_QUERIES
    weight = page_weight(client, url("forum.view_category", category_id=cat.id))
    assert weight.html_gzip <= 14 * 1024
