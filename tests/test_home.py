"""The signed-in home page: what waits for the member (essays to write, the next events, their
Lesson Studies, the review queue for reviewers), only from what they may see, within budget."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from intranet.accounts.models import Role
from intranet.core.db import utcnow
from intranet.core.i18n import local_today
from intranet.essays.models import Essay, EssayCycle, EssayStatus
from intranet.events.models import Event, EventKind, EventResponse
from intranet.extensions import db
from intranet.home import panels
from intranet.lessonstudy.models import LessonStudy, StudyMember, StudyStatus
from intranet.network.models import Membership, MembershipRole
from intranet.resources.models import (
    Resource,
    ResourceKind,
    ResourceLanguage,
    ResourceStatus,
    Subject,
)
from tests.forum_data import network_with_school, url
from tests.measure import gzip_size


def _cycle(network, title, opens, due, cutoff):
    cycle = EssayCycle(
        network_id=network.id, title=title, opens_on=opens, due_on=due, cutoff_on=cutoff
    )
    db.session.add(cycle)
    return cycle


def _event(network, title, starts_in_hours, **fields):
    starts = utcnow() + timedelta(hours=starts_in_hours)
    event = Event(
        network_id=network.id,
        kind=EventKind.SEMINAR,
        title=title,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        **fields,
    )
    db.session.add(event)
    return event


def _study(member, title, status):
    study = LessonStudy(
        title=title,
        subject="Қазақ тілі",
        grade="6",
        focus="Сыни ойлау",
        research_question="Неге?",
        objective="Дәлел табу",
        school_id=member.school_id,
        lead_id=member.id,
        starts_on=date(2026, 11, 1),
        status=status,
    )
    study.members = [StudyMember(user_id=member.id)]
    db.session.add(study)
    return study


@pytest.fixture
def teacher_world(factory):
    network, school = network_with_school(factory, "«ШЫҢ» кәсіби қауымдастығы")
    other, _other_school = network_with_school(factory, "Басқа желі")
    teacher = factory.user(Role.TEACHER, school=school)
    day = local_today()
    written = _cycle(network, "Қараша эссесі", day - timedelta(days=10), day, day + timedelta(3))
    _cycle(network, "Желтоқсан эссесі", day, day + timedelta(days=20), day + timedelta(days=25))
    _cycle(network, "Қазан эссесі", day - timedelta(40), day - timedelta(10), day - timedelta(5))
    _cycle(other, "Бөтен эссе", day - timedelta(days=1), day + timedelta(5), day + timedelta(9))
    db.session.flush()
    db.session.add(Essay(cycle_id=written.id, author_id=teacher.id, status=EssayStatus.SUBMITTED))
    soon = _event(network, "Онлайн сұхбат", 24)
    _event(network, "Бетпе-бет кездесу", 72)
    _event(network, "Өткен семинар", -48)
    _event(network, "Болмайтын вебинар", 30, cancelled_at=utcnow())
    _event(other, "Бөтен желінің семинары", 2)
    db.session.flush()
    db.session.add(EventResponse(event_id=soon.id, user_id=teacher.id, going=True))
    _study(teacher, "6-сыныптағы «Неге?» сұрағы", StudyStatus.RESEARCH)
    _study(teacher, "Аяқталған зерттеу", StudyStatus.COMPLETED)
    db.session.commit()
    return teacher


def test_the_panels_show_only_what_waits_for_the_member(app, teacher_world):
    teacher = teacher_world
    essays = panels.open_essays(teacher, local_today())
    assert [(item.cycle.title, item.submitted) for item in essays] == [
        ("Қараша эссесі", True),
        ("Желтоқсан эссесі", False),
    ]
    events = panels.next_events(teacher)
    assert [(item.event.title, item.going) for item in events] == [
        ("Онлайн сұхбат", True),
        ("Бетпе-бет кездесу", None),
    ]
    assert [study.title for study in panels.active_studies(teacher)] == [
        "6-сыныптағы «Неге?» сұрағы"
    ]
    assert panels.resources_waiting(teacher) == 0


def test_the_page_lists_them_with_links(app, teacher_world, login_as):
    client = login_as(teacher_world)
    page = client.get(url("home.home")).get_data(as_text=True)
    for shown in ("Қараша эссесі", "Желтоқсан эссесі", "Онлайн сұхбат", "«Неге?» сұрағы"):
        assert shown in page
    for hidden in ("Қазан эссесі", "Бөтен", "Өткен семинар", "Болмайтын", "Аяқталған зерттеу"):
        assert hidden not in page
    assert "Going" in page and "Submitted" in page


def test_reviewers_see_how_many_resources_wait(app, factory, login_as):
    author = factory.user(Role.TEACHER)
    for number in range(2):
        db.session.add(
            Resource(
                author_id=author.id,
                school_id=author.school_id,
                title=f"Сабақ жоспары {number}",
                subject=Subject.KAZAKH,
                language=ResourceLanguage.KAZAKH,
                kind=ResourceKind.LESSON_PLAN,
                status=ResourceStatus.PENDING,
            )
        )
    db.session.commit()
    moderator = login_as(Role.MODERATOR)
    assert "2 resources wait for review" in moderator.get(url("home.home")).get_data(as_text=True)
    teacher = login_as(Role.TEACHER)
    assert "wait for review" not in teacher.get(url("home.home")).get_data(as_text=True)


def test_my_networks_say_the_part_the_member_plays(app, teacher_world, factory):
    teacher = teacher_world
    own_network, _school = network_with_school(factory, "Жетекші мектептің желісі")
    db.session.add(
        Membership(user_id=teacher.id, network_id=own_network.id, role=MembershipRole.MENTOR)
    )
    db.session.commit()
    mine = panels.my_networks(teacher)
    assert [(network.name, network.role_label) for network in mine] == [
        ("«ШЫҢ» кәсіби қауымдастығы", "Leading school"),  # the teacher's school leads it
        ("Жетекші мектептің желісі", "Mentor"),  # their own membership, not the school's
    ]


def test_the_page_names_each_network_once(app, teacher_world, login_as):
    page = login_as(teacher_world).get(url("home.home")).get_data(as_text=True)
    assert page.count("«ШЫҢ» кәсіби қауымдастығы") == 1
    assert "Professional learning community" not in page


def test_staff_are_not_asked_to_write_essays(app, teacher_world, factory):
    coordinator = factory.user(Role.COORDINATOR)
    assert panels.open_essays(coordinator, local_today()) == []
    assert len(panels.next_events(coordinator)) == 3  # every network's events


def test_the_page_stays_within_its_budgets(app, teacher_world, login_as, query_counter):
    client = login_as(teacher_world)
    client.get(url("home.home"))
    with query_counter() as log:
        response = client.get(url("home.home"))
    assert response.status_code == 200
    print(f"home page, signed in: {log.count} queries, {gzip_size(response.get_data())} bytes gzip")
    assert log.count <= 12, log.statements
    assert gzip_size(response.get_data()) <= 14 * 1024
