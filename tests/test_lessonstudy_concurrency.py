"""Three observers write notes on the same lesson at the same moment, each note sent twice (a
retry racing the first request): every note is kept exactly once, none overwrites another."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from threading import Barrier

from intranet.extensions import db
from intranet.lessonstudy import lessons, services
from intranet.lessonstudy.models import Observation
from tests import clock
from tests import lessonstudy_data as data
from tests.forum_data import url

OBSERVERS = 3
NOTES_EACH = 10


def test_three_observers_at_once_lose_nothing_and_store_nothing_twice(app, factory, login_as):
    with app.test_request_context():
        t = data.team(factory, observers=OBSERVERS - 1)
        s = data.study(t)
        lesson = lessons.lessons_of(s)[0]
        pupils = services.pupils_of(s)
        stages = lessons.stages_of(lesson)
        address = url("lessonstudy.record_observation", lesson_id=lesson.id)
    observers = [t.lead, *t.members]
    clients = [login_as(person) for person in observers]
    notes = [
        {
            "client_uuid": str(uuid.uuid4()),
            "pupil": pupils[n % len(pupils)].id,
            "stage": stages[n % len(stages)].id,
            "body": f"Бақылаушы {o}, жазба {n}",
            "noted_at": clock.browser_time(clock.now() - timedelta(minutes=n, seconds=o)),
        }
        for o in range(OBSERVERS)
        for n in range(NOTES_EACH)
    ]
    jobs = [(i // NOTES_EACH, note) for i, note in enumerate(notes)] * 2  # every note twice
    db.session.commit()  # the test's own session holds no transaction while the threads write
    start = Barrier(len(jobs))

    def send(job) -> int:
        observer, note = job
        start.wait()
        response = clients[observer].post(
            address,
            data={**note, "form_token": note["client_uuid"]},
            headers={"HX-Request": "true"},
        )
        return response.status_code

    with ThreadPoolExecutor(len(jobs)) as pool:
        statuses = list(pool.map(send, jobs))

    assert statuses == [200] * len(jobs)
    db.session.expire_all()
    rows = db.session.execute(
        db.select(Observation.client_uuid, Observation.observer_id, Observation.body)
    ).all()
    assert len(rows) == OBSERVERS * NOTES_EACH
    assert {row.client_uuid for row in rows} == {note["client_uuid"] for note in notes}
    assert {(row.observer_id, row.body) for row in rows} == {
        (observers[o].id, f"Бақылаушы {o}, жазба {n}")
        for o in range(OBSERVERS)
        for n in range(NOTES_EACH)
    }


def test_lessons_planned_at_the_same_moment_get_consecutive_numbers(app, factory, login_as):
    from intranet.lessonstudy.models import ResearchLesson, StudyStatus

    with app.test_request_context():
        t = data.team(factory, observers=3)
        s = data.study(t, lessons=0, status=StudyStatus.PLANNING)
        address = url("lessonstudy.create_lesson", study_id=s.id)
    people = [t.lead, *t.members]
    clients = [login_as(person) for person in people]
    teacher_ids = [person.id for person in people]
    db.session.commit()
    start = Barrier(len(people))

    def plan(n: int) -> int:
        start.wait()
        return (
            clients[n]
            .post(
                address,
                data={
                    "taught_on": "2026-11-16",
                    "teacher": teacher_ids[n],
                    "class_name": f"6 «{n}»",
                    "stages": "Кіріспе\nҚорытынды",
                    "form_token": f"concurrent-lesson-{n:04d}",
                },
            )
            .status_code
        )

    with ThreadPoolExecutor(len(people)) as pool:
        statuses = list(pool.map(plan, range(len(people))))
    assert statuses == [302] * len(people)
    db.session.expire_all()
    numbers = db.session.scalars(
        db.select(ResearchLesson.number).where(ResearchLesson.study_id == s.id)
    ).all()
    assert sorted(numbers) == list(range(1, len(people) + 1))
