"""Budgets: the report of a full cycle (3 lessons × 4 observers × 3 pupils × 10 notes) in at most
12 SQL queries, the same count for an empty study; lists and lesson pages stay constant as data
grows; pages fit 14 KB of gzip, a saved note's fragment 3 KB."""

from __future__ import annotations

import uuid

import pytest

from intranet.lessonstudy import lessons, services
from intranet.lessonstudy.models import StudyStatus
from tests import lessonstudy_data as data
from tests.forum_data import url
from tests.measure import gzip_size

MAX_QUERIES = 12
PAGE_GZIP = 14 * 1024
FRAGMENT_GZIP = 3 * 1024


@pytest.fixture(autouse=True)
def _request(app):
    with app.test_request_context():
        yield


def _get(client, query_counter, address):
    with query_counter() as log:
        response = client.get(address)
    assert response.status_code == 200, address
    return log.count, response.get_data()


def test_report_of_a_full_cycle_fits_the_query_budget(factory, login_as, query_counter, capsys):
    t = data.team(factory, observers=3)
    empty = data.study(t, lessons=1)
    full = data.study(t, lessons=3)
    observers = [t.lead, *t.members]
    assert data.bulk_notes(full, observers, per_cell=10) == 3 * 4 * 3 * 10
    client = login_as(t.members[0])
    small_count, _html = _get(
        client, query_counter, url("lessonstudy.view_report", study_id=empty.id)
    )
    count, html = _get(client, query_counter, url("lessonstudy.view_report", study_id=full.id))
    assert count <= MAX_QUERIES
    assert count == small_count
    text = html.decode()
    assert text.count("<li><time>") == 360
    with capsys.disabled():
        print(
            f"\nLesson Study report, 360 notes: {count} queries, "
            f"{len(html)} bytes of HTML, {gzip_size(html)} bytes gzip"
        )


def test_study_lesson_and_observe_pages_are_constant_and_small(factory, login_as, query_counter):
    t = data.team(factory, observers=3)
    small = data.study(t, lessons=1)
    big = data.study(t, lessons=3, pupils=4)
    data.bulk_notes(big, [t.lead, *t.members], per_cell=10)
    client = login_as(t.lead)
    for endpoint, key in (
        ("lessonstudy.view_study", "study_id"),
        ("lessonstudy.view_lesson", "lesson_id"),
        ("lessonstudy.observe_lesson", "lesson_id"),
        ("lessonstudy.edit_predictions", "lesson_id"),
        ("lessonstudy.edit_debrief", "lesson_id"),
        ("lessonstudy.edit_lesson", "lesson_id"),
        ("lessonstudy.view_report", "study_id"),
    ):
        counts = []
        for s in (small, big):
            ident = s.id if key == "study_id" else lessons.lessons_of(s)[0].id
            # The observe page's address carries the next note's UUID (else it redirects).
            note = {"note": str(uuid.uuid4())} if endpoint == "lessonstudy.observe_lesson" else {}
            count, html = _get(client, query_counter, url(endpoint, **{key: ident}, **note))
            assert gzip_size(html) <= PAGE_GZIP, endpoint
            counts.append(count)
        assert max(counts) <= MAX_QUERIES, (endpoint, counts)
        assert counts[0] == counts[1], (endpoint, counts)


def test_lists_are_constant_as_studies_grow(factory, login_as, query_counter):
    t = data.team(factory, observers=1)
    reader = login_as(t.outsider_in_network)
    lead = login_as(t.lead)
    counts = {}
    created = 0
    for size in (1, 25):
        for _ in range(size - created):
            data.study(t, shared=True, status=StudyStatus.PLANNING, lessons=0, pupils=0)
        created = size
        for name, client, endpoint in (
            ("mine", lead, "lessonstudy.list_studies_mine"),
            ("network", reader, "lessonstudy.list_studies_network"),
        ):
            count, html = _get(client, query_counter, url(endpoint, status="planning"))
            assert gzip_size(html) <= PAGE_GZIP
            assert html.decode().count('class="badge badge-ls-planning"') == min(size, 20)
            counts[(name, size)] = count
    assert max(counts.values()) <= MAX_QUERIES, counts
    assert counts[("mine", 1)] == counts[("mine", 25)], counts
    assert counts[("network", 1)] == counts[("network", 25)], counts


def test_a_saved_note_fragment_is_small(factory, login_as):
    t = data.team(factory)
    s = data.study(t)
    lesson = lessons.lessons_of(s)[0]
    note_uuid = str(uuid.uuid4())
    response = login_as(t.lead).post(
        url("lessonstudy.record_observation", lesson_id=lesson.id),
        data={
            "client_uuid": note_uuid,
            "form_token": note_uuid,
            "pupil": services.pupils_of(s)[0].id,
            "stage": lessons.stages_of(lesson)[0].id,
            "body": "Оқушы A топта алғаш рет сұрақ қойды. " * 10,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.get_data(as_text=True)
    assert gzip_size(response.get_data()) <= FRAGMENT_GZIP


def test_the_observe_page_first_visit_fits_30_kb(factory, login_as):
    from tests.measure import page_weight

    t = data.team(factory)
    s = data.study(t)
    lesson = lessons.lessons_of(s)[0]
    address = url("lessonstudy.observe_lesson", lesson_id=lesson.id, note=str(uuid.uuid4()))
    weight = page_weight(login_as(t.lead), address)
    assert "/static/js/lessonstudy.js" in weight.assets_gzip
    assert weight.first_visit_gzip <= 30 * 1024, weight
