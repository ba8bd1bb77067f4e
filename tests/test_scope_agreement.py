"""Each feature's scope decides one object (``allows``) and filters a list (``clause``) from the
same facts: for every kind of person and every kind of object both answers agree, and agree
with ``can(person, "<feature>.view…", obj)``. People: staff (a coordinator, an admin), a teacher
of a network's school, a teacher with only a membership row, a network lead, a mentor, a member
of a working group only, an outsider (a teacher of another network's school), a teacher of an
archived network's school, a school leader and a moderator."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import false
from sqlalchemy.orm import selectinload

from intranet.accounts.models import Role, User
from intranet.accounts.permissions import can
from intranet.core.db import utcnow
from intranet.essays import access as essays_access
from intranet.essays import services as essays_services
from intranet.essays.models import CycleVisibility, Essay, EssayCycle
from intranet.events import access as events_access
from intranet.events.models import Event, EventKind
from intranet.extensions import db
from intranet.forum import access as forum_access
from intranet.forum.models import Category
from intranet.lessonstudy import access as lessonstudy_access
from intranet.lessonstudy.models import LessonStudy, StudyMember
from intranet.network import access as network_access
from intranet.network.models import Membership, MembershipRole, Network, NetworkKind, School
from intranet.resources import access as resources_access
from intranet.resources.models import (
    Resource,
    ResourceKind,
    ResourceLanguage,
    ResourceStatus,
    Subject,
)
from tests.essays_data import cycle, submitted
from tests.forum_data import category, network_with_school, working_group


@dataclass
class World:
    people: dict[str, User]
    live: Network
    other: Network
    archived: Network
    school: School


def _member(user, network, role=MembershipRole.MEMBER):
    db.session.add(Membership(user_id=user.id, network_id=network.id, role=role))
    db.session.commit()


@pytest.fixture
def world(factory) -> World:
    live, school = network_with_school(factory, "«ШЫҢ» кәсіби қауымдастығы")
    other, other_school = network_with_school(factory, "Қызылорда лигасы", kind=NetworkKind.LEAGUE)
    archived, archived_school = network_with_school(factory, "Ескі желі")
    lonely = factory.school(name="№278 мектеп-лицей")
    people = {
        "coordinator": factory.user(Role.COORDINATOR, school=lonely),
        "admin": factory.user(Role.ADMIN, school=lonely),
        "teacher": factory.user(Role.TEACHER, school=school),
        "colleague": factory.user(Role.TEACHER, school=school),
        "membership_only": factory.user(Role.TEACHER, school=lonely),
        "lead": factory.user(Role.TEACHER, school=lonely),
        "mentor": factory.user(Role.TEACHER, school=lonely),
        "group_only": factory.user(Role.TEACHER, school=lonely),
        "outsider": factory.user(Role.TEACHER, school=other_school),
        "archived_teacher": factory.user(Role.TEACHER, school=archived_school),
        "school_leader": factory.user(Role.SCHOOL_LEADER, school=school),
        "moderator": factory.user(Role.MODERATOR, school=lonely),
    }
    _member(people["membership_only"], live)
    _member(people["lead"], live, MembershipRole.LEAD)
    _member(people["mentor"], live, MembershipRole.MENTOR)
    archived.archived = True
    db.session.commit()
    return World(people, live, other, archived, school)


def _ids(model, clause) -> set[int]:
    return set(db.session.scalars(db.select(model.id).where(clause)))


def _check(world: World, model, objects, scope_for, action: str) -> None:
    """``scope.allows`` == row selected by ``scope.clause()`` == ``can(person, action, obj)``
    for every person and object; both answers must say yes and no somewhere."""
    answers = set()
    for name, person in world.people.items():
        scope = scope_for(person)
        selected = _ids(model, scope.clause())
        for obj in objects:
            allowed = scope.allows(obj)
            answers.add(allowed)
            assert allowed == (obj.id in selected), (name, model.__name__, obj.id)
            assert allowed == can(person, action, obj), (name, action, obj.id)
    assert answers == {True, False}, f"{action}: every answer is the same, the test proves nothing"


def test_forum_scope(world):
    group = working_group(world.live, members=[world.people["group_only"]])
    categories = [
        category("Барлығына"),
        category("Желі", network=world.live),
        category("Басқа желі", network=world.other),
        category("Топ", group=group),
        category("Мұрағат", network=world.archived),
    ]
    _check(world, Category, categories, forum_access.scope_for, "forum.view_category")


def test_event_scope(world):
    now = utcnow()
    events = []
    for network in (world.live, world.other, world.archived):
        event = Event(
            network_id=network.id,
            kind=next(iter(EventKind)),
            title=f"Кездесу {network.id}",
            starts_at=now + timedelta(days=3),
            ends_at=now + timedelta(days=3, hours=2),
        )
        db.session.add(event)
        events.append(event)
    db.session.commit()
    _check(world, Event, events, events_access.scope_for, "events.view")


def _study(lead: User, network: Network | None, shared: bool, team=()) -> LessonStudy:
    study = LessonStudy(
        title="Сыни ойлауды дамыту",
        subject="Математика",
        grade="6",
        focus="Оқушылар сұрақ қоя ала ма?",
        research_question="Топтық жұмыс әлсіз оқушыға қалай әсер етеді?",
        objective="Бөлшектерді салыстыру",
        school_id=lead.school_id,
        network_id=network.id if network else None,
        lead_id=lead.id,
        shared=shared,
        starts_on=date(2026, 11, 2),
    )
    db.session.add(study)
    db.session.flush()
    for person in (lead, *team):
        db.session.add(StudyMember(study_id=study.id, user_id=person.id))
    db.session.commit()
    return study


def test_study_scope(world):
    p = world.people
    studies = [
        _study(p["teacher"], world.live, shared=False),  # mine, not shared
        _study(p["colleague"], world.live, shared=True, team=[p["teacher"]]),  # shared
        _study(p["colleague"], world.live, shared=False),  # a colleague's, not shared
        _study(p["outsider"], world.other, shared=True),  # another network's
        _study(p["archived_teacher"], world.archived, shared=True),  # an archived network's
        _study(p["colleague"], None, shared=True),  # no network: only the team
    ]
    db.session.expire_all()
    studies = db.session.scalars(
        db.select(LessonStudy)
        .where(LessonStudy.id.in_([study.id for study in studies]))
        .options(selectinload(LessonStudy.members))
    ).all()
    _check(world, LessonStudy, studies, lessonstudy_access.scope_for, "lessonstudy.view")


def _resource(author: User, status: ResourceStatus) -> Resource:
    resource = Resource(
        title=f"Сабақ жоспары ({status.value})",
        subject=next(iter(Subject)),
        language=next(iter(ResourceLanguage)),
        kind=next(iter(ResourceKind)),
        author_id=author.id,
        school_id=author.school_id,
        status=status,
    )
    db.session.add(resource)
    db.session.commit()
    return resource


def test_resource_scope(world):
    p = world.people
    resources = [
        _resource(author, status)
        for author in (p["teacher"], p["outsider"])
        for status in ResourceStatus
    ]
    _check(world, Resource, resources, resources_access.scope_for, "resources.view")


def test_network_scope(world):
    networks = [world.live, world.other, world.archived]
    _check(world, Network, networks, network_access.scope_for, "network.view")


def _essays_world(world):
    p = world.people
    community = cycle(world.live, title="Ашық")
    reviewers_only = cycle(world.live, visibility=CycleVisibility.REVIEWERS, title="Жабық")
    other = cycle(world.other, title="Басқа желі")
    archived = cycle(world.archived, title="Мұрағат")
    essays = [
        submitted(community, p["teacher"]),
        submitted(community, p["membership_only"]),
        submitted(reviewers_only, p["teacher"]),
        submitted(other, p["outsider"]),
    ]
    essays.append(essays_services.save_draft(community, p["colleague"], "Нобай."))
    essays.append(essays_services.save_draft(reviewers_only, p["membership_only"], "Нобай."))
    db.session.commit()
    return [community, reviewers_only, other, archived], essays


def test_essay_scopes(world):
    cycles, essays = _essays_world(world)
    _check(world, EssayCycle, cycles, essays_access.cycle_scope_for, "essays.view_cycle")
    _check(world, Essay, essays, essays_access.essay_scope_for, "essays.view_essay")


def test_a_broken_clause_is_caught(world, monkeypatch):
    """The check above can fail: a scope whose list drops what it allows is reported."""
    networks = [world.live, world.other, world.archived]
    monkeypatch.setattr(network_access.NetworkScope, "clause", lambda self, model=Network: false())
    with pytest.raises(AssertionError):
        _check(world, Network, networks, network_access.scope_for, "network.view")
