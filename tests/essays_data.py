"""Essay test data: a «ШЫҢ»-like community with two schools, its lead, a mentor, a teacher of
another network and a coordinator; cycles around today; essays by the service functions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app, url_for

from intranet.accounts.models import Role, User
from intranet.core.i18n import local_today
from intranet.essays import services
from intranet.essays.models import CycleVisibility, EssayCycle
from intranet.extensions import db
from intranet.network.models import (
    Membership,
    MembershipRole,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    School,
)

#: Real reflections in the spirit of seed 003 (the community's monthly ten-sentence essay).
KAZAKH_ESSAY = (
    "Осы айда сабақта сыни сұрақтарды жиі қойдым. Оқушылар алғашында үндемеді. "
    "Кейін «Неге?» деген сұраққа өз дәлелін айта бастады. Мен күту уақытын ұзарттым."
)
RUSSIAN_ESSAY = (
    "В этом месяце я чаще давала ученикам время подумать. Сначала они молчали. "
    "Потом стали спорить и приводить доводы. Я поняла, что тишина тоже работает."
)


@dataclass
class Community:
    network: Network
    school: School
    other_school: School
    teacher: User
    colleague: User
    far_teacher: User
    lead: User
    mentor: User
    outsider: User
    coordinator: User


def community(factory) -> Community:
    """The network, its two schools and one person of every kind the rules tell apart."""
    network = Network(name="«ШЫҢ» кәсіби қауымдастығы", kind=NetworkKind.COMMUNITY)
    db.session.add(network)
    db.session.flush()
    school = factory.school(name="Заречный орта мектебі")
    other_school = factory.school(name="Мичурин орта мектебі")
    outside_school = factory.school(name="№278 ІТ мектеп-лицей")
    for member_school in (school, other_school):
        db.session.add(
            NetworkSchool(
                network_id=network.id, school_id=member_school.id, role=NetworkSchoolRole.MEMBER
            )
        )
    db.session.commit()
    teacher = factory.user(Role.TEACHER, school=school, full_name="Ерлан Мұқанов")
    colleague = factory.user(Role.TEACHER, school=school, full_name="Гүлжан Әбенова")
    far_teacher = factory.user(Role.TEACHER, school=other_school, full_name="Ирина Коваленко")
    lead = factory.user(Role.SCHOOL_LEADER, school=other_school, full_name="Бақыт Сейітқали")
    mentor = factory.user(Role.TEACHER, school=outside_school, full_name="Айжан Байғали")
    outsider = factory.user(Role.TEACHER, school=outside_school, full_name="Нұржан Омаров")
    coordinator = factory.user(Role.COORDINATOR, school=outside_school, full_name="Гүлнар Ж.")
    db.session.add_all(
        [
            Membership(user_id=lead.id, network_id=network.id, role=MembershipRole.LEAD),
            Membership(user_id=mentor.id, network_id=network.id, role=MembershipRole.MENTOR),
        ]
    )
    db.session.commit()
    return Community(
        network, school, other_school, teacher, colleague, far_teacher, lead, mentor, outsider,
        coordinator,
    )  # fmt: skip


def cycle(
    network,
    *,
    opens: int = -10,
    due: int = 5,
    cutoff: int = 10,
    visibility=CycleVisibility.COMMUNITY,
    title: str = "Қараша: менің өзгерісім",
) -> EssayCycle:
    """A cycle whose dates are ``opens``/``due``/``cutoff`` days from today (Almaty)."""
    day = local_today()
    row = services.create_cycle(
        network,
        None,
        title=title,
        prompt="Осы айда сабағыңызда не өзгерді? **10 сөйлем** жазыңыз.",
        opens_on=day + timedelta(days=opens),
        due_on=day + timedelta(days=due),
        cutoff_on=day + timedelta(days=cutoff),
        visibility=visibility,
    )
    db.session.commit()
    return row


def submitted(cycle_row, author, body: str = KAZAKH_ESSAY, day: date | None = None):
    essay = services.save_draft(cycle_row, author, body, day=day)
    services.submit_essay(essay, author, own_work=True, day=day)
    db.session.commit()
    return essay


def url(endpoint: str, **values) -> str:
    """``url_for`` outside a request (tests run inside an app context only)."""
    with current_app.test_request_context():
        return url_for(endpoint, **values)
