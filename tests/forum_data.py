"""Forum test data: networks with their people, categories, and threads of many posts made by a
bulk insert (fast enough to build a 500-post thread in every test that needs one)."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for
from sqlalchemy import insert

from intranet.core.db import utcnow
from intranet.core.markdown import render_markdown
from intranet.extensions import db
from intranet.forum.models import Category, Post, Thread
from intranet.forum.services import shift_thread_count
from intranet.network.models import (
    GroupKind,
    Membership,
    Network,
    NetworkKind,
    NetworkSchool,
    NetworkSchoolRole,
    WorkingGroup,
)

#: Demo content in the network's own languages (DESIGN §7).
KAZAKH_BODY = "Сыни тұрғыдан ойлауды сабақта қалай дамытамыз? Екі апта сайын талқылаймыз."
RUSSIAN_BODY = "Как развивать критическое мышление на уроке? Обсуждаем каждые две недели."


def network_with_school(factory, name: str, kind=NetworkKind.COMMUNITY):
    """A network and one member school; returns (network, school)."""
    network = Network(name=name, kind=kind)
    school = factory.school()
    db.session.add(network)
    db.session.flush()
    db.session.add(
        NetworkSchool(network_id=network.id, school_id=school.id, role=NetworkSchoolRole.LEADING)
    )
    db.session.commit()
    return network, school


def working_group(network, name: str = "Бастауыш сынып тобы", members=()):
    group = WorkingGroup(network_id=network.id, name=name, kind=GroupKind.PRIMARY)
    db.session.add(group)
    db.session.flush()
    for user in members:
        db.session.add(Membership(user_id=user.id, network_id=network.id, group_id=group.id))
    db.session.commit()
    return group


def category(title: str = "Жалпы талқылау", network=None, group=None, **fields) -> Category:
    row = Category(
        title=title,
        network_id=network.id if network else (group.network_id if group else None),
        group_id=group.id if group else None,
        **fields,
    )
    db.session.add(row)
    db.session.commit()
    return row


def thread_with_posts(cat: Category, author, count: int, title: str = "Циклограмма") -> Thread:
    """A thread of ``count`` posts numbered 1..count, inserted in one statement."""
    start = utcnow() - timedelta(days=1)
    thread = Thread(category_id=cat.id, title=title, author_id=author.id, post_count=count)
    db.session.add(thread)
    db.session.flush()
    shift_thread_count(cat.id, 1)
    html = render_markdown(KAZAKH_BODY)
    rows = [
        {
            "thread_id": thread.id,
            "number": number,
            "author_id": author.id,
            "body": KAZAKH_BODY,
            "body_html": html,
            "created_at": start + timedelta(seconds=number),
            "hidden_reason": "",
        }
        for number in range(1, count + 1)
    ]
    if rows:
        db.session.execute(insert(Post), rows)
    thread.last_post_at = start + timedelta(seconds=count)
    thread.last_author_id = author.id
    db.session.commit()
    return thread


def post_number(thread: Thread, number: int) -> Post:
    return db.session.scalar(
        db.select(Post).where(Post.thread_id == thread.id, Post.number == number)
    )


def url(endpoint: str, **values) -> str:
    """``url_for`` outside a request (tests run inside an app context only)."""
    with current_app.test_request_context():
        return url_for(endpoint, **values)


def two_networks(factory, member_name: str | None = None) -> dict:
    """Two networks with a member each, a group member, and categories of every kind: site-wide,
    the first network's, its working group's, and the second network's ("other")."""
    shyn, shyn_school = network_with_school(factory, "«ШЫҢ» кәсіби қауымдастығы")
    league, league_school = network_with_school(factory, "«Серіктес директорлар» лигасы")
    member = factory.user(school=shyn_school, full_name=member_name)
    group_member = factory.user(school=shyn_school)
    outsider = factory.user(school=league_school)
    group = working_group(shyn, members=[group_member])
    return {
        "member": member,
        "group_member": group_member,
        "outsider": outsider,
        "site": category("Жалпы сұрақтар"),
        "network": category("ШЫҢ: сыни ойлау", network=shyn),
        "group": category("Бастауыш сынып", group=group),
        "other": category("Лига жобалары", network=league),
    }
