"""One essay per member per cycle: the same teacher submits from eight tabs at the same moment
(and, first, saves from them at once); one essay and one submitted version come out. The
unique constraint on (cycle, author) is the backstop the service relies on."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest
from sqlalchemy.exc import IntegrityError

from intranet.essays.models import Essay, EssayStatus, EssayVersion
from intranet.extensions import db
from tests.essays_data import KAZAKH_ESSAY, community, cycle, url

TABS = 8


def _at_once(clients, send):
    start = Barrier(len(clients))

    def run(n: int):
        start.wait()
        return send(clients[n], n)

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(run, range(len(clients))))


def test_concurrent_double_submission_makes_one_essay_and_one_version(app, factory, login_as):
    c = community(factory)
    row = cycle(c.network)
    address = url("essays.write_essay", cycle_id=row.id)
    clients = [login_as(c.teacher) for _ in range(TABS)]
    db.session.commit()  # the test's own session holds no transaction while the threads write

    def submit(client, n):
        response = client.post(
            address,
            data={
                "body": KAZAKH_ESSAY,
                "own_work": "y",
                "submit": "1",
                "form_token": f"concurrent-essay-{n:04d}",
            },
        )
        return response.status_code, response.get_data(as_text=True)

    results = _at_once(clients, submit)
    assert all(status in (200, 302) for status, _ in results), [s for s, _ in results]
    refused = [body for status, body in results if status == 200]
    assert all("submitted already" in body for body in refused)
    db.session.expire_all()
    essays = db.session.scalars(db.select(Essay).where(Essay.cycle_id == row.id)).all()
    assert len(essays) == 1
    assert (essays[0].status, essays[0].version_count) == (EssayStatus.SUBMITTED, 1)
    versions = db.session.scalar(
        db.select(db.func.count(EssayVersion.id)).where(EssayVersion.essay_id == essays[0].id)
    )
    assert versions == 1


def test_concurrent_first_autosaves_make_one_draft(app, factory, login_as):
    c = community(factory)
    row = cycle(c.network)
    address = url("essays.save_draft", cycle_id=row.id)
    clients = [login_as(c.teacher) for _ in range(TABS)]
    db.session.commit()

    def save(client, n):
        return client.post(
            address,
            data={"body": f"Нобай {n}.", "form_token": "autosave-token-0000"},
            headers={"HX-Request": "true"},
        ).status_code

    assert _at_once(clients, save) == [200] * TABS
    db.session.expire_all()
    drafts = db.session.scalars(db.select(Essay).where(Essay.cycle_id == row.id)).all()
    assert len(drafts) == 1 and drafts[0].body.startswith("Нобай ")


def test_the_database_refuses_a_second_essay_for_the_same_member(app, factory):
    c = community(factory)
    row = cycle(c.network)
    db.session.add(Essay(cycle_id=row.id, author_id=c.teacher.id, body="Бірінші"))
    db.session.commit()
    db.session.add(Essay(cycle_id=row.id, author_id=c.teacher.id, body="Екінші"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
