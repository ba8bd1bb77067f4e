"""Budgets (DESIGN §5) at the size issue #4 names: a cycle of 100 schools × 20 teachers. The
tracking page, a school's page, the cycle's list, an essay and the editor keep to 12 queries
whatever the size, and the pages to 14 KB of gzip; the export stays one query for its rows."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import insert

from intranet.accounts.models import AccountStatus, Role, User
from intranet.core.db import utcnow
from intranet.essays.models import Essay, EssayLanguage, EssayStatus
from intranet.extensions import db
from intranet.network.models import NetworkSchool, NetworkSchoolRole, School
from tests.essays_data import KAZAKH_ESSAY, community, cycle, submitted, url
from tests.measure import gzip_size, page_weight

MAX_QUERIES = 12
HTML_BUDGET = 14 * 1024


def grow(c, cycle_row, schools: int, teachers: int) -> None:
    """Add ``schools`` member schools of ``teachers`` teachers each, in bulk; of every school's
    teachers a quarter on time, a quarter late, a quarter with a draft, the rest missing."""
    district_id = c.school.district_id
    first = db.session.scalar(db.select(db.func.count(School.id)))
    db.session.execute(
        insert(School),
        [
            {"name": f"№{first + n} ауыл мектебі", "number": str(first + n),
             "district_id": district_id, "search_key": f"{first + n}"}
            for n in range(schools)
        ],
    )  # fmt: skip
    ids = db.session.scalars(
        db.select(School.id).where(School.name.like("%ауыл мектебі")).order_by(School.id)
    ).all()[-schools:]
    db.session.execute(
        insert(NetworkSchool),
        [{"network_id": c.network.id, "school_id": i, "role": NetworkSchoolRole.MEMBER}
         for i in ids],
    )  # fmt: skip
    stamp = utcnow().strftime("%H%M%S%f")
    db.session.execute(
        insert(User),
        [
            {"email": f"t{stamp}-{school}-{n}@example.kz", "password_hash": "x",
             "full_name": f"Мұғалім {school}-{n}", "school_id": school, "role": Role.TEACHER,
             "status": AccountStatus.ACTIVE, "session_token": f"s{stamp}-{school}-{n}"}
            for school in ids for n in range(teachers)
        ],
    )  # fmt: skip
    people = db.session.scalars(
        db.select(User.id).where(User.school_id.in_(ids)).order_by(User.id)
    ).all()
    now = utcnow()
    rows = []
    for index, user_id in enumerate(people):
        kind = index % 4
        if kind == 3:
            continue
        rows.append(
            {"cycle_id": cycle_row.id, "author_id": user_id, "body": KAZAKH_ESSAY,
             "body_html": f"<p>{KAZAKH_ESSAY}</p>", "language": EssayLanguage.KAZAKH,
             "status": EssayStatus.DRAFT if kind == 2 else EssayStatus.SUBMITTED,
             "sentence_count": 4, "word_count": 22, "saved_at": now,
             "submitted_at": None if kind == 2 else now, "late": kind == 1,
             "version_count": 0 if kind == 2 else 1}
        )  # fmt: skip
    db.session.execute(insert(Essay), rows)
    db.session.commit()


@pytest.fixture
def world(factory):
    c = community(factory)
    row = cycle(c.network, opens=-10, due=-1, cutoff=5)
    essay = submitted(row, c.teacher, day=row.due_on - timedelta(days=1))
    return c, row, essay


def _queries(client, query_counter, address):
    with query_counter() as log:
        response = client.get(address)
    assert response.status_code == 200, address
    return log.count


def _pages(c, row, essay):
    return {
        "tracking": url("essays.track_cycle", cycle_id=row.id),
        "tracking-page-3": url("essays.track_cycle", cycle_id=row.id, page=3),
        "school": url("essays.track_school", cycle_id=row.id, school=c.school.id),
        "list": url("essays.view_cycle", cycle_id=row.id),
        "list-late": url("essays.view_cycle", cycle_id=row.id, status="late", language="kk"),
        "essay": url("essays.view_essay", essay_id=essay.id),
        "index": url("essays.index"),
    }


def test_pages_keep_to_twelve_queries_whatever_the_size(world, login_as, query_counter):
    c, row, essay = world
    client = login_as(c.lead)
    small = {name: _queries(client, query_counter, a) for name, a in _pages(c, row, essay).items()}
    grow(c, row, schools=100, teachers=20)
    large = {name: _queries(client, query_counter, a) for name, a in _pages(c, row, essay).items()}
    assert max(large.values()) <= MAX_QUERIES, large
    assert small == large
    writer = login_as(c.colleague)
    editor = _queries(writer, query_counter, url("essays.write_essay", cycle_id=row.id))
    history = _queries(writer, query_counter, url("essays.my_history"))
    assert editor <= MAX_QUERIES and history <= MAX_QUERIES


def test_tracking_of_100_schools_by_20_teachers_fits_one_round_trip(world, login_as):
    c, row, essay = world
    grow(c, row, schools=100, teachers=20)
    client = login_as(c.coordinator)
    page = client.get(url("essays.track_cycle", cycle_id=row.id)).get_data(as_text=True)
    assert "2,004 members" in page  # 100 × 20 teachers and the four of the first two schools
    for name, address in _pages(c, row, essay).items():
        weight = page_weight(client, address)
        assert weight.html_gzip <= HTML_BUDGET, (name, weight)
    assert page.count('class="figures"') == 25  # 25 schools per page
    export = client.get(url("essays.export_cycle", cycle_id=row.id))
    assert export.get_data().count(b"\n") == 2005  # header + every member
    assert gzip_size(export.get_data()) < 200 * 1024
