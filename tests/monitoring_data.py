"""Monitoring test data: a network of many schools with a year of activity, bulk-inserted
(people, sign-ins, threads and posts) so that budget tests and ``make bench`` build 100 schools
in seconds. Every figure is predictable from the arguments, so tests can check the pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import insert

from intranet.accounts.models import AccountStatus, Role, User
from intranet.extensions import db
from intranet.forum.models import Category, Post, Thread
from intranet.network.models import (
    District,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    Region,
    School,
)
from tests import clock

BODY = "Бүгінгі сабақта оқушылар екі шешімді салыстырды. Сегодня ученики сравнили два решения."
#: The school year the data fills: the current one, 1 September to 31 August (Almaty).
YEAR_START = clock.SCHOOL_YEAR
MONTHS = 12


@dataclass
class YearOfActivity:
    network: Network
    school_ids: list[int]
    people_per_school: int
    posts_per_person_per_month: int

    @property
    def posts_per_school(self) -> int:
        return self.people_per_school * self.posts_per_person_per_month * MONTHS


def _month_start(index: int) -> datetime:
    year, month = (
        YEAR_START.year + (YEAR_START.month - 1 + index) // 12,
        (YEAR_START.month - 1 + index) % 12 + 1,
    )
    # Noon in Almaty is 07:00 UTC: safely inside the month in both zones.
    return datetime(year, month, 1, 7, 0)


def year_of_activity(
    name: str = "Жетекші мектептер желісі",
    *,
    schools: int = 100,
    people_per_school: int = 5,
    posts_per_person_per_month: int = 2,
    kind: NetworkKind = NetworkKind.COMMUNITY,
) -> YearOfActivity:
    """A network of ``schools`` schools whose people sign in and post every month of the year."""
    region = Region(name=f"{name} облысы")
    db.session.add(region)
    db.session.flush()
    district = District(region_id=region.id, name=f"{name} ауданы")
    network = Network(name=name, kind=kind)
    db.session.add_all([district, network])
    db.session.flush()
    db.session.execute(
        insert(School),
        [
            {
                "name": f"№{n} орта мектеп ({name})",
                "number": str(n),
                "district_id": district.id,
                "search_key": f"{n} орта мектеп",
            }
            for n in range(1, schools + 1)
        ],
    )
    school_ids = list(
        db.session.scalars(
            db.select(School.id).where(School.district_id == district.id).order_by(School.id)
        )
    )
    db.session.execute(
        insert(NetworkSchool),
        [
            {"network_id": network.id, "school_id": school_id, "role": NetworkSchoolRole.MEMBER}
            for school_id in school_ids
        ],
    )
    last_login = _month_start(MONTHS - 1)
    db.session.execute(
        insert(User),
        [
            {
                "email": f"m{school_id}-{k}@{network.id}.monitoring.kz",
                "password_hash": "-",
                "full_name": f"Мұғалім {school_id}-{k}",
                "school_id": school_id,
                "role": Role.TEACHER,
                "status": AccountStatus.ACTIVE,
                "last_login_at": last_login,
                "session_token": f"mon-{network.id}-{school_id}-{k}",
            }
            for school_id in school_ids
            for k in range(people_per_school)
        ],
    )
    people = db.session.execute(
        db.select(User.id, User.school_id).where(User.school_id.in_(school_ids))
    ).all()
    category = Category(title=f"{name}: талқылау", network_id=network.id)
    db.session.add(category)
    db.session.flush()
    first_author = {}
    for user_id, school_id in people:
        first_author.setdefault(school_id, user_id)
    db.session.execute(
        insert(Thread),
        [
            {
                "category_id": category.id,
                "title": f"Мектеп {school_id}: ай сайынғы есеп",
                "author_id": user_id,
                "created_at": _month_start(0),
                "last_post_at": _month_start(MONTHS - 1),
                "post_count": 0,
            }
            for school_id, user_id in first_author.items()
        ],
    )
    thread_of = dict(
        db.session.execute(
            db.select(Thread.author_id, Thread.id).where(Thread.category_id == category.id)
        ).all()
    )
    numbers: dict[int, int] = {}
    rows = []
    for user_id, school_id in people:
        thread_id = thread_of[first_author[school_id]]
        for month in range(MONTHS):
            for k in range(posts_per_person_per_month):
                numbers[thread_id] = numbers.get(thread_id, 0) + 1
                rows.append(
                    {
                        "thread_id": thread_id,
                        "number": numbers[thread_id],
                        "author_id": user_id,
                        "body": BODY,
                        "body_html": f"<p>{BODY}</p>",
                        "created_at": _month_start(month) + timedelta(hours=k),
                        "hidden_reason": "",
                    }
                )
    db.session.execute(insert(Post), rows)
    for thread_id, count in numbers.items():
        db.session.execute(db.update(Thread).where(Thread.id == thread_id).values(post_count=count))
    db.session.commit()
    return YearOfActivity(network, school_ids, people_per_school, posts_per_person_per_month)
